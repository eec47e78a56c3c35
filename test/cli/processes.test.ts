/**
 * The `archsim` command as a process: a closed pipe ends it quietly, its launcher (bin/archsim.js
 * re-running itself on the project's Node 22) forwards signals and takes its child with it, and a
 * read-only run database gets one clear line. These spawn real processes, unlike the in-memory
 * CLI tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnableOrFailInCi } from '../support/chromium.ts';
import { repositoryRoot } from '../support/spigo.ts';
import { smallDocument, workspace } from './support.ts';

const space = workspace('archsim-processes-');
const archsim = path.join(repositoryRoot, 'bin', 'archsim.js');
const netflixoss = path.join(repositoryRoot, 'resources', 'examples', 'netflixoss.json');

/** Processes a test started, ended after the file if a test failed half-way. */
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('a closed pipe', () => {
  it('ends `archsim expand big.json | head` quietly, at once', async () => {
    const child = spawn(
      process.execPath,
      [archsim, 'expand', netflixoss, '--format', 'graph', '--scale', '50000'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    started.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk, then close the pipe, as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

describe('the archsim launcher', () => {
  /** Starts a long run through the launcher (forced to re-run itself on Node 22). */
  async function longRun(): Promise<{ launcher: ChildProcess; child: number }> {
    const launcher = spawn(
      process.execPath,
      [archsim, 'run', netflixoss, '--duration', '24h', '--rate', '1000', '--quiet'],
      { stdio: 'ignore', env: { ...process.env, ARCHSIM_REEXEC: '1' } },
    );
    started.push(launcher);
    const pid = launcher.pid as number;
    expect(await waitFor(() => childrenOf(pid).length > 0, 20_000)).toBe(true);
    const [child] = childrenOf(pid);
    // Let the child get into its simulation.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(isAlive(child as number)).toBe(true);
    return { launcher, child: child as number };
  }

  it('forwards SIGTERM to its child and ends as the child did', async () => {
    const { launcher, child } = await longRun();
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      launcher.on('exit', (_code, signal) => resolve(signal)),
    );
    launcher.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect(await waitFor(() => !isAlive(child), 5000)).toBe(true);
  }, 60_000);

  it('takes its child with it even when killed with SIGKILL, which cannot be forwarded', async () => {
    const { launcher, child } = await longRun();
    launcher.kill('SIGKILL');
    expect(await waitFor(() => !isAlive(child), 5000)).toBe(true);
  }, 60_000);

  it('exits with its child’s status', () => {
    const result = spawnSync(process.execPath, [archsim, 'validate', '/no/such/file.json'], {
      encoding: 'utf8',
      env: { ...process.env, ARCHSIM_REEXEC: '1' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('/no/such/file.json: cannot read file: no such file\n');
  }, 60_000);
});

/**
 * Runs the CLI as a user whose permissions are enforced: root ignores a file's mode, so as root
 * the command runs without the capabilities that let it (setpriv, util-linux).
 */
function unprivileged(argv: string[]) {
  const isRoot = process.getuid?.() === 0;
  const command = isRoot ? 'setpriv' : process.execPath;
  const args = isRoot
    ? ['--bounding-set=-dac_override,-dac_read_search', process.execPath, archsim, ...argv]
    : [archsim, ...argv];
  return spawnSync(command, args, { encoding: 'utf8', cwd: space.folder });
}

const canDropPrivileges = runnableOrFailInCi(
  process.getuid?.() !== 0 || spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0,
  'running as root, the read-only database tests need setpriv (util-linux) to drop privileges',
);

describe.runIf(canDropPrivileges)('a read-only run database', () => {
  const documentFile = space.file('small.json', smallDocument());
  const folder = space.path('history');

  it('refuses to store a run, in one line, before simulating, leaving no -wal or -shm behind', () => {
    const database = path.join(folder, 'runs.sqlite');
    const stored = spawnSync(
      process.execPath,
      [archsim, 'run', documentFile, '--quiet', '--duration', '1s', '--db', database],
      {
        encoding: 'utf8',
      },
    );
    expect(stored.status).toBe(0);
    chmodSync(database, 0o444);
    const before = readdirSync(folder);
    const result = unprivileged(['run', documentFile, '--quiet', '--duration', '1s', '--db', database]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^[^\n]*warning|^[^\n]*runs\.sqlite is read-only/m);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toContain(`the run database ${database} is read-only`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(folder)).toEqual(before);
  }, 60_000);

  it('can still be listed, shown and exported, also in a read-only folder', () => {
    const database = path.join(folder, 'runs.sqlite');
    chmodSync(folder, 0o555);
    try {
      const listed = unprivileged(['runs', 'list', '--db', database]);
      expect(listed.stderr).toBe('');
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/^ID\s+STATUS/);
      expect(listed.stdout).toMatch(/\n\s*1\s+done\s/);
      const shown = unprivileged(['runs', 'show', '1', '--db', database, '--json']);
      expect(shown.status).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ arch: 'small' });
      expect(readdirSync(folder)).toEqual(['runs.sqlite']);
    } finally {
      chmodSync(folder, 0o755);
    }
  }, 60_000);

  it('in a read-only folder cannot take a new database: one line says so', () => {
    const locked = space.path('locked');
    spawnSync('mkdir', [locked]);
    chmodSync(locked, 0o555);
    try {
      const result = unprivileged([
        'run',
        documentFile,
        '--quiet',
        '--duration',
        '1s',
        '--db',
        path.join(locked, 'runs.sqlite'),
      ]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('its folder is read-only (permission denied)');
      expect(existsSync(path.join(locked, 'runs.sqlite'))).toBe(false);
    } finally {
      chmodSync(locked, 0o755);
    }
  }, 60_000);

  it('an unwritable --out folder is one line too, before the run', () => {
    const locked = space.path('locked-out');
    spawnSync('mkdir', [locked]);
    chmodSync(locked, 0o555);
    writeFileSync(space.path('marker'), '');
    try {
      const result = unprivileged([
        'run',
        documentFile,
        '--quiet',
        '--out',
        path.join(locked, 'result.json'),
      ]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('result.json: cannot write file: permission denied');
    } finally {
      chmodSync(locked, 0o755);
    }
  }, 60_000);
});
