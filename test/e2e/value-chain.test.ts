/**
 * The value chain in the studio, in Chromium over the web host: the canvas switches to the map
 * (entry points at the top, the deepest store at the bottom), a service dragged to the Commodity
 * stage gets that evolution in the JSON, Alt+drag draws an evolve arrow, Create variant opens the
 * evolved document beside the original, both are run, and Compare names what the evolution
 * changed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, startWebHost, studioPage } from '../support/web-host.ts';
import { editorText, menu } from '../support/studio.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results');

let workspace: string;
let webHost: ChildProcess | undefined;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archsim-e2e-value-chain-'));
  const host = await startWebHost(['--data', path.join(workspace, 'data')]);
  webHost = host.child;
  url = host.url;
  browser = await launchChromium();
  page = await studioPage(browser, consoleErrors);
  mkdirSync(screenshots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  webHost?.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const map = () => page.getByRole('region', { name: 'Value chain' });
const mapNode = (name: string) => map().locator(`.react-flow__node:has([data-service="${name}"])`);
const runRegion = () => page.getByRole('region', { name: 'Run' });

interface Service {
  name: string;
  package: string;
  evolution?: number | string;
  evolve?: { evolution?: number | string };
}
async function services(): Promise<Service[]> {
  return (JSON.parse(await editorText(page)) as { services: Service[] }).services;
}
async function service(name: string): Promise<Service> {
  const found = (await services()).find((item) => item.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a map node horizontally to `x` (page coordinates), with Alt held if asked. */
async function dragTo(name: string, x: number, options: { alt?: boolean } = {}): Promise<void> {
  const from = await centre(mapNode(name).locator('.map-node-point'));
  if (options.alt) await page.keyboard.down('Alt');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + x) / 2, from.y, { steps: 6 });
  await page.mouse.move(x, from.y, { steps: 6 });
  await page.mouse.up();
  if (options.alt) await page.keyboard.up('Alt');
}

async function run(runNumber: number): Promise<void> {
  const panel = runRegion();
  await panel.getByLabel('Duration').fill('20');
  await panel.getByLabel('Rate').fill('200');
  await panel.getByLabel('Scenario').selectOption({ label: 'No failures' });
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await panel.getByRole('group', { name: `Run ${runNumber} done` }).waitFor({ timeout: 60_000 });
}

describeInChromium('the value chain in the studio', () => {
  it('switches the canvas to the map: entry points on top, the deepest store at the bottom', async () => {
    await page.goto(url);
    await page
      .getByRole('navigation', { name: 'Examples' })
      .getByRole('button', { name: /netflixoss-evolve\.json/ })
      .click();
    await page.locator('.react-flow__node [data-service="www"]').waitFor();
    const button = page.getByRole('button', { name: 'Value chain', exact: true });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    await map().waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    for (const stage of ['Genesis', 'Custom-built', 'Product', 'Commodity']) {
      await map().getByText(stage, { exact: false }).first().waitFor();
    }
    await page.waitForTimeout(600); // the switch animates the nodes for 450 ms
    const www = await centre(mapNode('www'));
    const proxy = await centre(mapNode('wwwproxy'));
    const cassandra = await centre(mapNode('cassSubscriber'));
    expect(www.y).toBeLessThan(proxy.y);
    expect(proxy.y).toBeLessThan(cassandra.y);
    // Stores are products, business logic is custom-built: cassandra is right of homepage.
    expect((await centre(mapNode('homepage'))).x).toBeLessThan(cassandra.x);
    await page.screenshot({ path: path.join(screenshots, 'value-chain.png') });
  }, 120_000);

  it('drags a service to Commodity and Alt+drags an evolve arrow', async () => {
    const commodity = await centre(map().locator('.value-chain-stage', { hasText: 'Commodity' }));
    expect((await service('homepage')).evolution).toBeUndefined();
    await dragTo('homepage', commodity.x);
    await expect.poll(async () => Number((await service('homepage')).evolution)).toBeGreaterThan(0.7);
    // Alt+drag leaves the service where it is and draws where it will be.
    const before = (await service('login')).evolution;
    await dragTo('login', commodity.x, { alt: true });
    await expect.poll(async () => (await service('login')).evolve?.evolution).toBeGreaterThan(0.7);
    expect((await service('login')).evolution).toBe(before);
    await expect.poll(() => map().locator('.value-chain-evolve').count()).toBe(2);
  });

  it('creates a variant, runs both and compares them', async () => {
    await page.getByRole('button', { name: 'Create variant' }).click();
    // The variant opens beside the original: every evolve arrow applied, the drag kept.
    await expect.poll(async () => (await service('cassSubscriber')).package).toBe('store');
    const cassandra = await service('cassSubscriber');
    expect(cassandra.evolve).toBeUndefined();
    expect(cassandra.evolution).toBe('commodity');
    expect(Number((await service('homepage')).evolution)).toBeGreaterThan(0.7);
    expect((await service('login')).evolve).toBeUndefined();
    await run(1);

    await page.getByRole('button', { name: 'Switch to netflixoss-evolve.json' }).click();
    await expect.poll(async () => (await service('cassSubscriber')).package).toBe('priamCassandra');
    expect((await service('cassSubscriber')).evolve).toBeDefined();
    await run(2);

    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('checkbox', { name: 'Select run 1' }).check();
    await history.getByRole('checkbox', { name: 'Select run 2' }).check();
    await history.getByRole('button', { name: 'Compare', exact: true }).click();
    const compare = page.getByRole('region', { name: 'Compare' });
    const differences = compare.getByRole('list', { name: 'Differences' });
    await differences.getByText(/services changed:.*cassSubscriber \([^)]*package/).waitFor();
    await compare.getByRole('table', { name: 'Service cassSubscriber' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'value-chain-compare.png') });
  }, 180_000);

  it('imports an OnlineWardleyMaps map with File → Import', async () => {
    await page.getByRole('button', { name: 'Switch to netflixoss-evolve-evolved.json' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), menu(page, 'File', /^Import…/)]);
    await chooser.setFiles(path.join(root, 'test', 'fixtures', 'owm', 'streaming.owm'));
    // The unsaved variant is confirmed before it is replaced.
    const prompt = page.getByRole('dialog', { name: /^Save the changes to / });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Don’t Save' }).click();
    await map().locator('[data-service="Cassandra"]').waitFor();
    const cassandra = await service('Cassandra');
    expect(cassandra.evolve?.evolution).toBe(0.8);
    expect((await services()).map((item) => item.name)).toContain('Playback API');
    // The original, set aside with its unsaved drag, is still one switch away.
    await page.getByRole('button', { name: 'Switch to netflixoss-evolve.json' }).waitFor();
  });

  it('keeps the set-aside original in the autosave too, and restores both after a crash', async () => {
    const autosave = path.join(workspace, 'data', 'autosave');
    const read = (file: string) => {
      const full = path.join(autosave, file);
      return existsSync(full) ? readFileSync(full, 'utf8') : '';
    };
    // The original, aside with its unsaved drag and arrows, is written at once; the open import
    // a few seconds after its last change.
    await expect.poll(() => read('aside-document.json')).toContain('"evolve"');
    expect(JSON.parse(read('aside.json'))).toMatchObject({ name: 'netflixoss-evolve.json' });
    await expect
      .poll(() => read('document.json'), { timeout: 15_000, interval: 250 })
      .toContain('Playback API');
    const openName = (JSON.parse(read('autosave.json')) as { name: string }).name;

    // The page goes away without saving (a crash, a closed tab): the next one offers both back.
    await page.reload();
    const offer = page.getByRole('region', { name: 'Unsaved changes from the last session' });
    await offer.getByText(openName, { exact: true }).waitFor();
    await offer.getByText('netflixoss-evolve.json', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'value-chain-restore-both.png') });
    await offer.getByRole('button', { name: 'Restore' }).click();
    await page.waitForFunction((title) => document.title === title, `• ${openName} — archsim`);
    expect((await services()).map((item) => item.name)).toContain('Playback API');
    await page.getByRole('button', { name: 'Switch to netflixoss-evolve.json' }).click();
    await expect.poll(async () => (await service('login')).evolve?.evolution).toBeGreaterThan(0.7);
    expect(Number((await service('homepage')).evolution)).toBeGreaterThan(0.7);
  }, 60_000);

  it('refuses a second variant while the document aside has unsaved changes', async () => {
    // Open now: the original; aside: the restored import, unsaved. A new variant would drop it.
    await page.getByRole('button', { name: 'Create variant' }).click();
    await page
      .getByText(/is set aside with unsaved changes: switch to it \(above the canvas\) and save it first\./)
      .waitFor();
    expect((await service('login')).evolve).toBeDefined();
  });

  it('logs no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
