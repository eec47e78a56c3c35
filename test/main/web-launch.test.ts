/**
 * The web host started from its documented command line (`node scripts/start.js --web …`) runs or
 * says why not — also where the system's Node is older than the run store needs: the script then
 * runs itself again on the project's Node 22 (forced here with ARCHSIM_REEXEC=1, since the tests
 * already run on Node 22), and the two end together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataDirectory } from '@main/web.ts';
import { repositoryRoot } from '../support/spigo.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'archsim-web-launch-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

function launch(args: string[]) {
  const child = spawn(
    process.execPath,
    [path.join(repositoryRoot, 'scripts', 'start.js'), '--web', '--no-open', ...args],
    {
      cwd: repositoryRoot,
      env: { ...process.env, ARCHSIM_REEXEC: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the web host’s launcher', () => {
  it('runs the web host on Node 22 and takes it along when it is stopped', async () => {
    const { child, exited, output } = launch(['--port', '0', '--data', path.join(folder, 'data')]);
    const deadline = Date.now() + 240_000;
    while (!/Open the studio at: http:\/\/127\.0\.0\.1:\d+\//.test(output()) && Date.now() < deadline) {
      expect(child.exitCode, output()).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output()).toMatch(/Open the studio at: http:\/\/127\.0\.0\.1:\d+\//);
    const host = Number(
      readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0],
    );
    expect(isAlive(host)).toBe(true);
    child.kill('SIGTERM');
    const end = await exited;
    expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(isAlive(host)).toBe(false);
  }, 300_000);

  it('says that --data names a file, not a folder', async () => {
    const file = path.join(folder, 'history.txt');
    writeFileSync(file, 'not a folder');
    const { exited, output } = launch(['--data', file]);
    expect((await exited).code).toBe(1);
    expect(output()).toContain(`archsim: --data ${file}: that is a file, not a folder`);
    expect(output()).not.toMatch(/\n\s+at /);
  }, 300_000);
});

describe('the web host’s data folder', () => {
  it('says so when --data names a file, or a folder it cannot create', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'archsim-data-'));
    try {
      const file = path.join(folder, 'runs.txt');
      writeFileSync(file, 'not a folder');
      expect(() => prepareDataDirectory(file)).toThrow(
        `--data ${file}: that is a file, not a folder; give a folder for the run history and autosave (it is created when missing)`,
      );
      expect(() => prepareDataDirectory(path.join(file, 'below'))).toThrow(
        `--data ${path.join(file, 'below')}: cannot create the data folder (a folder on its path is a file)`,
      );
      prepareDataDirectory(path.join(folder, 'new', 'data'));
      expect(statSync(path.join(folder, 'new', 'data')).isDirectory()).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
