/**
 * A user's first path through the studio, in Debian's Chromium over the web host: `npm run web`
 * (scripts/start.js --web, which builds out/ when it is stale) prints a URL; opening it shows
 * archsim, the examples, an example's services on the canvas, a run of it (progress, cancel,
 * history), and the problems of a broken document and of broken text in the JSON editor.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, startWebHost, studioPage } from '../support/web-host.ts';
import { canvas, canvasDependencies, canvasServices, serviceNode, setEditorText } from '../support/studio.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results');

/** spigo's testMissingDep file plus an unknown package: two errors, with lines and columns. */
const BROKEN = `{
  "arch": "broken",
  "description": "An architecture with mistakes in it",
  "version": "arch-0.0",
  "services": [
    { "name": "mysql", "package": "store", "regions": 1, "count": 2, "dependencies": [] },
    { "name": "homepage-node", "package": "karyon", "regions": 1, "count": 9, "dependencies": ["mysql"] },
    { "name": "signup-node", "package": "kayron", "regions": 1, "count": 3, "dependencies": ["mysql"] },
    { "name": "www-proxy", "package": "zuul", "regions": 1, "count": 3, "dependencies": ["signup-node", "homepage-node", "missing"] },
    { "name": "www-elb", "package": "elb", "regions": 1, "count": 0, "dependencies": ["www-proxy"] },
    { "name": "www", "package": "denominator", "regions": 0, "count": 0, "dependencies": ["www-elb"] }
  ]
}
`;

let workspace: string;
let webHost: ChildProcess | undefined;
let output: () => string = () => '';
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

/** Starts the web host with this test's files. */
async function launch(examples: string): Promise<string> {
  const host = await startWebHost(['--examples', examples, '--data', path.join(workspace, 'data')]);
  webHost = host.child;
  output = host.output;
  return host.url;
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archsim-e2e-'));
  const examples = path.join(workspace, 'examples');
  mkdirSync(examples);
  // The bundled examples as they are, plus one with problems.
  const bundled = path.join(root, 'resources', 'examples');
  for (const file of readdirSync(bundled).filter((name) => name.endsWith('.json'))) {
    copyFileSync(path.join(bundled, file), path.join(examples, file));
  }
  writeFileSync(path.join(examples, 'broken.json'), BROKEN);

  url = await launch(examples);
  browser = await launchChromium();
  page = await studioPage(browser, consoleErrors);
  const origin = new URL(url).origin;
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  webHost?.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

async function problemRows(): Promise<string[]> {
  return page.locator('ul.problems > li').allTextContents();
}

describeInChromium('studio shell in the web host', () => {
  it('prints a loopback URL with a token', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(output()).toContain('127.0.0.1 only');
  });

  it("shows archsim, the examples and an example's services", async () => {
    await page.goto(url);
    await page.locator('.wordmark', { hasText: 'archsim' }).waitFor();
    await page.getByText('web host', { exact: true }).waitFor();
    // The token left the address bar (it stays in sessionStorage; the cookie holds a key for the assets only).
    expect(page.url()).not.toContain('token=');

    const examples = page.getByRole('navigation', { name: 'Examples' });
    for (const id of ['broken', 'lamp', 'netflixoss', 'riak', 'storage']) {
      await examples.getByText(`${id}.json`, { exact: true }).waitFor();
    }

    await examples.getByRole('button', { name: /netflixoss\.json/ }).click();
    await page.getByRole('heading', { level: 1, name: 'netflixoss' }).waitFor();
    await serviceNode(page, 'www').waitFor();
    expect(await canvasServices(page)).toEqual([
      'cassSubscriber',
      'evcacheSubscriber',
      'subscriber',
      'login',
      'homepage',
      'wwwproxy',
      'www-elb',
      'www',
    ]);
    expect(await serviceNode(page, 'homepage').textContent()).toMatch(/homepage.*karyon.*24 × 1/);
    expect(await serviceNode(page, 'wwwproxy').textContent()).toMatch(/wwwproxy.*zuul.*6 × 1/);
    expect(await canvasDependencies(page)).toEqual(
      expect.arrayContaining([
        'homepage depends on subscriber',
        'wwwproxy depends on login',
        'wwwproxy depends on homepage',
        'cassSubscriber depends on cassSubscriber',
      ]),
    );
    await page.getByText('0 errors').waitFor();
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'studio-shell-netflixoss.png') });
  });

  it('runs the example: progress and live numbers, then the run in the history', async () => {
    const panel = page.getByRole('region', { name: 'Run' });
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('No runs yet.').waitFor();
    // Long enough to be seen running: 1.5 M requests, several seconds even on a fast machine
    // (a 30 s run could finish between two progress messages and never show its numbers).
    await panel.getByLabel('Duration').fill('300');
    await panel.getByLabel('Rate').fill('5000');
    await panel.getByLabel('Seed').fill('7');
    await panel.getByRole('button', { name: 'Run', exact: true }).click();

    // While it runs: a progress bar and live numbers, streamed over the WebSocket.
    const live = panel.getByRole('group', { name: 'Run 1 in progress' });
    await live.getByText(/^[1-9][\d,]* requests$/).waitFor();
    await live.getByText(/^[1-9][\d.]* of 300 s simulated$/).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'studio-run-progress.png') });

    const first = history.getByRole('row', { name: /#1/ });
    await first.getByText('done').waitFor({ timeout: 60_000 });
    await live.waitFor({ state: 'detached' });
    const cells = await first.getByRole('cell').allTextContents();
    expect(cells[3]).toBe('netflixoss');
    expect(Number(cells[8]?.replaceAll(',', ''))).toBeGreaterThan(100_000);
    expect(cells[9]).toMatch(/^[\d,]+$/);
    expect(Number(cells[10])).toBeGreaterThan(0);

    // A long run, cancelled from its progress box.
    await panel.getByLabel('Duration').fill('3600');
    await panel.getByRole('button', { name: 'Run', exact: true }).click();
    const second = panel.getByRole('group', { name: 'Run 2 in progress' });
    await second.getByText(/s simulated/).waitFor();
    await second.getByRole('button', { name: 'Cancel' }).click();
    await history.getByRole('row', { name: /#2/ }).getByText('cancelled').waitFor();
    await second.waitFor({ state: 'detached' });
    expect(await history.getByRole('row').count()).toBe(3);
    await page.screenshot({ path: path.join(screenshots, 'studio-run-history.png') });
  }, 120_000);

  it('shows the problems of an example with mistakes, with JSON paths and lines', async () => {
    await page.getByRole('button', { name: /broken\.json/ }).click();
    await page.getByRole('heading', { level: 1, name: 'broken' }).waitFor();
    await page.getByRole('region', { name: 'Problems' }).getByText('2 errors').waitFor();
    const problems = await problemRows();
    expect(problems).toEqual([
      expect.stringMatching(/^error\$\.services\[2\]\.package8:\d+unknown package "kayron"/),
      expect.stringMatching(/^error\$\.services\[3\]\.dependencies\[2\]9:\d+unknown dependency "missing"/),
    ]);
    expect(await canvasServices(page)).toEqual([
      'mysql',
      'homepage-node',
      'signup-node',
      'www-proxy',
      'www-elb',
      'www',
    ]);
    await page.screenshot({ path: path.join(screenshots, 'studio-shell.png') });
  });

  it('validates text in the editor, keeping the last services that parsed', async () => {
    await setEditorText(page, '{ "services": [ { "name": "a", "package": "karyon" ');
    await page.getByText(/^malformed JSON at line 1, column \d+/).waitFor();
    await canvas(page)
      .getByText(/The JSON does not parse/)
      .waitFor();
    expect((await canvasServices(page)).length).toBe(6);

    await setEditorText(
      page,
      '{ "services": [ { "name": "a", "package": "karyon", "dependencies": ["b"] } ] }',
    );
    await page.getByText('unknown dependency "b" (no service has that name)').waitFor();
    await expect.poll(() => canvasServices(page)).toEqual(['a']);
    expect(await serviceNode(page, 'a').textContent()).toMatch(/karyon.*0 × 0/);
  });

  it('refuses API calls without the token, even from the page itself', async () => {
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/app.info', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '[]',
      });
      return response.status;
    });
    expect(status).toBe(403);
  });

  it('survives a reload, loads nothing from elsewhere and logs no errors', async () => {
    await page.reload();
    await page.getByRole('button', { name: /lamp\.json/ }).click();
    await page.getByRole('heading', { level: 1, name: 'lamp' }).waitFor();
    await serviceNode(page, 'www').waitFor();
    expect((await canvasServices(page)).length).toBe(5);
    expect(foreignRequests).toEqual([]);
    // The one expected error: the 403 of the previous test's deliberate token-less fetch.
    expect(consoleErrors.filter((message) => !/status of 403/.test(message))).toEqual([]);
  });
});
