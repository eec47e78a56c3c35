/**
 * Starts the studio's web host the way a user does (`node scripts/start.js --web …`, which builds
 * out/ when it is stale) and resolves with the URL it prints, for the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import path from 'node:path';
import { describe } from 'vitest';
import { chromiumMissingMessage, findChromium, isContinuousIntegration } from './chromium.ts';
import { repositoryRoot } from './spigo.ts';

export interface StartedWebHost {
  /** The URL with its per-launch token. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the web host printed so far. */
  output(): string;
}

export function startWebHost(extraArguments: readonly string[]): Promise<StartedWebHost> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(
      process.execPath,
      [path.join(repositoryRoot, 'scripts', 'start.js'), '--web', '--no-open', ...extraArguments],
      { cwd: repositoryRoot, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open the studio at: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`the web host exited (${code}) before printing its URL:\n${output}`)),
    );
  });
}

/** The browser of this machine (./chromium.ts), found once for every spec in the file. */
const chromiumExecutable = findChromium();

/**
 * `describe` for specs that drive the studio in Chromium. Where there is no browser they are
 * skipped (and the summary line says why), except under CI=true, where the spec file fails as it
 * is collected, saying how to install Chromium: a CI run must never pass without testing the
 * studio. NOTE: hooks at a file's top level do not run when all of its tests are skipped, nor when
 * the file fails to load, so no web host is started for nothing.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (chromiumExecutable !== null) describe(name, body);
  else if (isContinuousIntegration()) throw new Error(`CI=true: ${chromiumMissingMessage()}`);
  else describe.skip(name, body);
}

/**
 * Chromium, headless, with the flags this machine needs (DESIGN.md §6: no sandbox as root, and
 * no background networking on a closed network). Throws, saying how to get one, when there is
 * no browser (see ./chromium.ts for where it looks).
 */
export function launchChromium(): Promise<Browser> {
  if (chromiumExecutable === null) return Promise.reject(new Error(chromiumMissingMessage()));
  return chromium.launch({
    executablePath: chromiumExecutable,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
