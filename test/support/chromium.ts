/**
 * Finding the browser the end-to-end tests drive (DESIGN.md §6: Debian's Chromium, never a
 * downloaded one). Looked for in order:
 *
 * 1. `ARCHSIM_CHROMIUM` (a path to a Chromium or Chrome binary; `none` for no browser at all,
 *    which skips the end-to-end tests outside CI);
 * 2. `/usr/bin/chromium` (Debian's `apt-get install -y chromium`);
 * 3. `chromium-browser`, then `google-chrome`, on the PATH;
 * 4. Playwright's own cache (`~/.cache/ms-playwright/chromium-*` / `chrome-linux/chrome`), for
 *    machines where someone ran `npx playwright install` before.
 *
 * Shared by the specs (test/support/web-host.ts) and the summary reporter, which says why the
 * end-to-end tests were skipped.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How to get a browser, for messages. */
export const CHROMIUM_INSTALL_HINT =
  'install it with `apt-get install -y chromium` (Debian/Ubuntu), or set ARCHSIM_CHROMIUM to a Chromium or Chrome binary';

/** What the search looked at, in order, for messages. */
export const CHROMIUM_SEARCH_ORDER =
  'ARCHSIM_CHROMIUM, /usr/bin/chromium, chromium-browser and google-chrome on the PATH, Playwright’s cache';

export interface ChromiumSearchOptions {
  readonly environment?: NodeJS.ProcessEnv;
  readonly home?: string;
  /** Whether a path is an executable file (default: the file system says so). */
  readonly isExecutable?: (file: string) => boolean;
  /** A folder's entries (default: the file system's; none for a missing folder). */
  readonly list?: (folder: string) => string[];
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** The first browser found (see the order above), or null. */
export function findChromium(options: ChromiumSearchOptions = {}): string | null {
  const environment = options.environment ?? process.env;
  const isExecutable = options.isExecutable ?? executable;
  const list = options.list ?? entries;
  const home = options.home ?? os.homedir();

  const given = environment['ARCHSIM_CHROMIUM'];
  if (given === 'none') return null;
  if (given !== undefined && given !== '' && isExecutable(given)) return given;
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const searchPath = (environment['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  for (const name of ['chromium-browser', 'google-chrome']) {
    for (const folder of searchPath) {
      const candidate = path.join(folder, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  const caches = [environment['PLAYWRIGHT_BROWSERS_PATH'], path.join(home, '.cache', 'ms-playwright')].filter(
    (folder): folder is string => folder !== undefined && folder !== '' && folder !== '0',
  );
  for (const cache of caches) {
    // Newest first: chromium-1200 before chromium-1100.
    const builds = list(cache)
      .filter((name) => /^chromium-\d+$/.test(name))
      .sort((left, right) => Number(right.slice(9)) - Number(left.slice(9)));
    for (const build of builds) {
      for (const binary of ['chrome-linux/chrome', 'chrome-linux64/chrome']) {
        const candidate = path.join(cache, build, binary);
        if (isExecutable(candidate)) return candidate;
      }
    }
  }
  return null;
}

/** Whether this is a CI run (`CI=true`, or `1`), where a missing browser fails the run. */
export function isContinuousIntegration(environment: NodeJS.ProcessEnv = process.env): boolean {
  const value = (environment['CI'] ?? '').toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * For tests that skip themselves where the machine cannot run them: `condition` where it holds;
 * under CI=true, a condition that does not hold throws (the spec file fails as it is collected,
 * saying what is missing) — a CI run never passes with such tests skipped. Elsewhere they are
 * skipped, and the closing line counts them.
 */
export function runnableOrFailInCi(
  condition: boolean,
  missing: string,
  environment: NodeJS.ProcessEnv = process.env,
): boolean {
  if (!condition && isContinuousIntegration(environment)) throw new Error(`CI=true: ${missing}`);
  return condition;
}

/** Why the end-to-end tests cannot run here. */
export function chromiumMissingMessage(): string {
  return `no Chromium found for the end-to-end tests (looked for ${CHROMIUM_SEARCH_ORDER}); ${CHROMIUM_INSTALL_HINT}`;
}

/** The flags Chromium needs here (DESIGN.md §6: no sandbox as root, no background networking). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Playwright's launch options for the browser at `executablePath`, headless. */
export function chromiumLaunchOptions(executablePath: string): {
  executablePath: string;
  headless: true;
  args: string[];
} {
  return { executablePath, headless: true, args: [...CHROMIUM_ARGS] };
}
