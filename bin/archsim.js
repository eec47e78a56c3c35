#!/usr/bin/env node
// The `archsim` command. Runs the TypeScript CLI through tsx so that `npm install` is the only
// set-up step; see src/cli/main.ts.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
