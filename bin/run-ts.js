#!/usr/bin/env node
// Runs a TypeScript entry point of this repository (path aliases from tsconfig.json included)
// through tsx, so scripts need no separate build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error('usage: run-ts.js FILE.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import(pathToFileURL(path.resolve(entry)).href);
