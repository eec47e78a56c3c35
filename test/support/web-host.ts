/**
 * What the end-to-end specs need to drive the studio: its web host, started as a user starts it,
 * and Chromium — or, where there is no Chromium, the rule that skips them (or fails, under CI).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, inject } from 'vitest';
import {
  chromiumLaunchOptions,
  chromiumMissingMessage,
  findChromium,
  runnableOrFailInCi,
} from './chromium.ts';

export { startWebHost, type StartedWebHost } from './start-web-host.ts';

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
  if (runnableOrFailInCi(chromiumExecutable !== null, chromiumMissingMessage())) describe(name, body);
  else describe.skip(name, body);
}

/**
 * Chromium, headless, with the flags this machine needs (./chromium.ts). NOTE: one browser serves
 * every spec of a run — test/support/browser-server.ts starts it once and each spec connects to
 * it (a context of its own per spec) — so the suite starts Chromium once, not once per file.
 * Outside such a run (a spec run alone with another config) a browser of its own is launched.
 * Throws, saying how to get one, when there is no browser.
 */
export function launchChromium(): Promise<Browser> {
  if (chromiumExecutable === null) return Promise.reject(new Error(chromiumMissingMessage()));
  const endpoint = inject('chromiumEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch(chromiumLaunchOptions(chromiumExecutable));
}

/**
 * A page of the studio's size (1440×900) in a fresh context of `browser`, whose console errors and
 * uncaught page errors are collected in `errors` (every spec ends by checking there are none).
 */
export async function studioPage(
  browser: Browser,
  errors: string[],
  options: { readonly acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: options.acceptDownloads === true,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}
