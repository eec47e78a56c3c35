#!/usr/bin/env node
// `npm start`: builds out/ when it is missing or older than the sources, then starts the Electron
// app, or, where Electron's binary is not available (it cannot be downloaded on every machine,
// DESIGN.md §6), the web host. `npm run web` (`--web`) always starts the web host.
//
//   node scripts/start.js [--web] [--port N] [--examples DIR] [--data DIR] [--no-open] [FILE.json]
//
// FILE.json opens in the studio (relative to where `npm start -- FILE` was typed).
//
// Under a Node older than 22 (the system's; the run store's SQLite binding segfaults there), the
// script runs again on the project's own Node 22, as a child that lives and dies with it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { needsNode22, runOnNode22, watchLauncher } from '../bin/node22.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** What the build writes; all must exist and be newer than every input. */
const OUTPUTS = [
  'out/main/index.js',
  'out/main/web.js',
  'out/main/engine-worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
/** What the build reads (besides node_modules). */
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.json'];

function newestModification(target) {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  return newest;
}

function isBuildCurrent() {
  const outputs = OUTPUTS.map((file) => path.join(root, file));
  if (!outputs.every((file) => existsSync(file))) return false;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestInput = Math.max(
    ...INPUTS.map((input) => path.join(root, input))
      .filter((input) => existsSync(input))
      .map(newestModification),
  );
  return newestInput <= oldestOutput;
}

/** Held while a build runs, so two starts at once (tests run in parallel) do not both build. */
const BUILD_LOCK = path.join(root, 'out', '.build-lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60 * 1000;

function sleep(milliseconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Builds out/ unless it is current, waiting for a build another start is running. */
function buildIfNeeded() {
  for (;;) {
    if (isBuildCurrent()) {
      console.log('archsim: out/ is up to date.');
      return;
    }
    mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      else sleep(250);
      continue;
    }
    let status;
    try {
      status = build();
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
    if (status !== 0) {
      console.error('archsim: the build failed.');
      process.exit(status ?? 1);
    }
    return;
  }
}

function build() {
  console.log('archsim: building out/ (electron-vite build)…');
  const electronVite = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  return spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' }).status;
}

/**
 * The path of Electron's executable, or null when it was never downloaded. NOTE: this reads what
 * `require('electron')` reads (path.txt, dist/) instead of calling it, because electron's
 * index.js starts a download when the binary is missing — which hangs or fails on machines
 * without access to GitHub.
 */
function findElectronBinary() {
  let packageDirectory;
  try {
    packageDirectory = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDirectory, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override
    ? path.join(override, relative || 'electron')
    : path.join(packageDirectory, 'dist', relative);
  return relative !== '' && existsSync(binary) ? binary : null;
}

function startElectron(binary, files) {
  console.log('archsim: starting Electron…');
  const child = spawn(binary, [root, ...files], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function startWebHost(args) {
  const { runWebHost } = await import(pathToFileURL(path.join(root, 'out', 'main', 'web.js')).href);
  await runWebHost(args);
}

if (needsNode22()) {
  runOnNode22(fileURLToPath(import.meta.url), process.argv.slice(2), 'archsim');
} else {
  await watchLauncher();
  start(process.argv.slice(2));
}

function start(args) {
  const webOnly = args.includes('--web');
  const webArgs = args.filter((argument) => argument !== '--web');

  buildIfNeeded();

  const electron = webOnly ? null : findElectronBinary();
  if (electron) {
    // The app opens the .json files on its command line (src/main/open-files.ts).
    const workingDirectory = process.env['INIT_CWD'] || process.cwd();
    const files = webArgs
      .filter((argument) => !argument.startsWith('-') && /\.json$/i.test(argument))
      .map((file) => path.resolve(workingDirectory, file));
    startElectron(electron, files);
  } else {
    if (!webOnly) {
      console.log(
        "archsim: Electron's binary is not available on this machine; starting the web host instead.",
      );
    }
    startWebHost(webArgs).catch((error) => {
      console.error(`archsim: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  }
}
