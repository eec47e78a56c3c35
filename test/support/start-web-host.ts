/**
 * Starts the studio's web host the way a user does (`node scripts/start.js --web …`, which builds
 * out/ when it is stale) and resolves with the URL it prints: for the end-to-end specs and the
 * studio benchmark (which is why this module does not import vitest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
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
