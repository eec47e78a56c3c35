/**
 * vitest's global setup: one Chromium for the whole run. The end-to-end specs connect to it
 * (test/support/web-host.ts's launchChromium), each with a context of its own, instead of each
 * starting a browser. Where there is no browser, nothing is started (the specs skip or fail, as
 * describeInChromium says).
 */
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumLaunchOptions, findChromium } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared browser's WebSocket endpoint; '' when there is none. */
    chromiumEndpoint: string;
  }
}

let server: BrowserServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executable = findChromium();
  if (executable !== null) {
    server = await chromium.launchServer(chromiumLaunchOptions(executable));
    project.provide('chromiumEndpoint', server.wsEndpoint());
  } else {
    project.provide('chromiumEndpoint', '');
  }
  return async () => {
    await server?.close();
  };
}
