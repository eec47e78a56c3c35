/**
 * The `app.info` service: product name and version, read once from package.json.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AppInfo, Shell } from '@shared/ipc/contract.ts';

const packageJsonSchema = z.looseObject({ name: z.string().min(1), version: z.string().min(1) });

/** Reads name and version from the package.json at `packageJsonPath`. */
export function readAppInfo(packageJsonPath: string, shell: Shell): AppInfo {
  const packageJson = packageJsonSchema.parse(JSON.parse(readFileSync(packageJsonPath, 'utf8')));
  return { name: packageJson.name, version: packageJson.version, shell };
}
