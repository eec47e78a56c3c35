#!/usr/bin/env node
// The `archsim` command. Runs the TypeScript CLI through tsx so that `npm install` is the only
// set-up step; see src/cli/main.ts. The run store's SQLite binding needs Node 22 or newer: under
// an older Node (the system's), this script runs again on the Node 22 the project installs, as a
// child that lives and dies with it (./node22.js).
import { fileURLToPath } from 'node:url';
import { needsNode22, runOnNode22, watchLauncher } from './node22.js';

if (needsNode22()) {
  runOnNode22(fileURLToPath(import.meta.url), process.argv.slice(2), 'archsim');
} else {
  await watchLauncher();
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
