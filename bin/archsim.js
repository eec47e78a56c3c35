#!/usr/bin/env node
// The `archsim` command. Runs the TypeScript CLI through tsx so that `npm install` is the only
// set-up step; see src/cli/main.ts. The run store's SQLite binding needs Node 22 or newer: under
// an older Node (the system's), re-run this script with the Node 22 the project installs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    console.error(`archsim needs Node.js 22 or newer (this is ${process.version}); run "npm install" first`);
    process.exit(2);
  }
  const child = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
