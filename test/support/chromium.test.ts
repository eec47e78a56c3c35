/**
 * The end-to-end tests never pass silently without a browser: Chromium is looked for in the
 * documented order; without one they are skipped and the closing line counts them (the line
 * before it says why), and under CI=true the run fails, saying how to install Chromium.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, runnableOrFailInCi } from './chromium.ts';
import { repositoryRoot } from './spigo.ts';

describe('finding Chromium', () => {
  const search = (
    executables: string[],
    environment: NodeJS.ProcessEnv,
    caches: Record<string, string[]> = {},
  ) =>
    findChromium({
      environment,
      home: '/home/tester',
      isExecutable: (file) => executables.includes(file),
      list: (folder) => caches[folder] ?? [],
    });
  const everything = [
    '/opt/custom/chrome',
    '/usr/bin/chromium',
    '/usr/local/bin/chromium-browser',
    '/usr/local/bin/google-chrome',
    '/home/tester/.cache/ms-playwright/chromium-1200/chrome-linux/chrome',
  ];
  const caches = { '/home/tester/.cache/ms-playwright': ['chromium-1100', 'chromium-1200', 'ffmpeg-1010'] };
  const PATH = '/usr/local/bin:/usr/bin';

  it('looks in order: ARCHSIM_CHROMIUM, /usr/bin/chromium, chromium-browser, google-chrome, Playwright’s cache', () => {
    expect(search(everything, { ARCHSIM_CHROMIUM: '/opt/custom/chrome', PATH }, caches)).toBe(
      '/opt/custom/chrome',
    );
    expect(search(everything, { PATH }, caches)).toBe('/usr/bin/chromium');
    expect(search(everything.slice(2), { PATH }, caches)).toBe('/usr/local/bin/chromium-browser');
    expect(search(everything.slice(3), { PATH }, caches)).toBe('/usr/local/bin/google-chrome');
    expect(search(everything.slice(4), { PATH }, caches)).toBe(
      '/home/tester/.cache/ms-playwright/chromium-1200/chrome-linux/chrome',
    );
    expect(search([], { PATH }, caches)).toBeNull();
  });

  it('passes over an ARCHSIM_CHROMIUM that is not there, and takes "none" for no browser', () => {
    expect(search(everything, { ARCHSIM_CHROMIUM: '/nowhere/chrome', PATH }, caches)).toBe(
      '/usr/bin/chromium',
    );
    expect(search(everything, { ARCHSIM_CHROMIUM: 'none', PATH }, caches)).toBeNull();
  });
});

/** Runs the end-to-end specs in a vitest of their own, without a browser. */
function endToEndWithoutBrowser(ci: boolean) {
  const environment: NodeJS.ProcessEnv = { ...process.env, ARCHSIM_CHROMIUM: 'none' };
  delete environment['CI'];
  delete environment['VITEST'];
  delete environment['VITEST_WORKER_ID'];
  delete environment['VITEST_POOL_ID'];
  if (ci) environment['CI'] = 'true';
  const result = spawnSync(
    process.execPath,
    [path.join(repositoryRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/e2e'],
    { cwd: repositoryRoot, env: environment, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

describe('tests that cannot run on a machine', () => {
  it('run where they can, are skipped elsewhere, and fail the collection under CI=true', () => {
    expect(runnableOrFailInCi(true, 'x', { CI: 'true' })).toBe(true);
    expect(runnableOrFailInCi(false, 'setpriv is missing', {})).toBe(false);
    expect(() => runnableOrFailInCi(false, 'setpriv is missing', { CI: 'true' })).toThrow(
      'CI=true: setpriv is missing',
    );
  });
});

describe('end-to-end tests without a browser', () => {
  it('are skipped outside CI, counted on the closing line, with the reason on the line before it', () => {
    const { status, stdout } = endToEndWithoutBrowser(false);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const closing = lines.at(-1) as string;
    expect(closing).toMatch(/^tests: 0 passed, 0 failed, (\d+) skipped$/);
    const skipped = Number(/(\d+) skipped$/.exec(closing)?.[1]);
    expect(skipped).toBeGreaterThan(5);
    expect(lines.at(-2)).toBe(
      `${skipped} end-to-end tests skipped: no Chromium found to drive the studio in; install it with ` +
        '`apt-get install -y chromium` (Debian/Ubuntu), or set ARCHSIM_CHROMIUM to a Chromium or Chrome binary',
    );
  }, 120_000);

  it('fail the run under CI=true, naming Chromium and how to install it', () => {
    const { status, stdout, output } = endToEndWithoutBrowser(true);
    expect(status).not.toBe(0);
    expect(output).toContain('no Chromium found for the end-to-end tests');
    expect(output).toContain('apt-get install -y chromium');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^tests: 0 passed, [1-9]\d* failed/);
  }, 120_000);
});
