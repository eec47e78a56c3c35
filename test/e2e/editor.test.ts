/**
 * A user's path through the studio editor, in Chromium over the web host: a spigo file given on
 * the command line opens laid out (and unchanged); a service added from the palette and connected
 * shows in the JSON; broken JSON gets a marker while the canvas stays; undo and redo cross canvas
 * and text; a deleted node is saved back with Ctrl+S (formatting kept); the diagram exports as SVG
 * naming every service; a docker-compose file imports; problems lead to their service and text.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, startWebHost, studioPage } from '../support/web-host.ts';
import { spigoFile } from '../support/spigo.ts';
import {
  canvas,
  canvasDependencies,
  canvasServices,
  drag,
  editorMarkers,
  editorText,
  menu,
  serviceNode,
  setEditorText,
} from '../support/studio.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results');

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build: ./api
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_started }
  db:
    image: postgres:16
  cache:
    image: redis:7-alpine
`;

let workspace: string;
let lamp: string;
let original: string;
let webHost: ChildProcess | undefined;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archsim-e2e-editor-'));
  lamp = path.join(workspace, 'lamp_arch.json');
  copyFileSync(spigoFile('json_arch', 'lamp_arch.json'), lamp);
  original = readFileSync(lamp, 'utf8');
  const host = await startWebHost(['--data', path.join(workspace, 'data'), lamp]);
  webHost = host.child;
  url = host.url;
  browser = await launchChromium();
  page = await studioPage(browser, consoleErrors, { acceptDownloads: true });
  const origin = new URL(url).origin;
  page.on('request', (request) => {
    const address = new URL(request.url());
    if (address.origin !== origin && address.protocol !== 'data:' && address.protocol !== 'blob:') {
      foreignRequests.push(request.url());
    }
  });
  mkdirSync(screenshots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  webHost?.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** Clicks the empty canvas (focus there, nothing selected). */
async function clickCanvas(): Promise<void> {
  await canvas(page)
    .locator('.react-flow__pane')
    .click({ position: { x: 8, y: 8 } });
}

const documentOf = async () => JSON.parse(await editorText(page)) as { services: Record<string, unknown>[] };
const namesOf = async () => (await documentOf()).services.map((service) => service['name']);

describeInChromium('the studio editor', () => {
  it('opens a spigo file laid out from its entry point, without changing it', async () => {
    await page.goto(url);
    await page.getByRole('region', { name: 'JSON editor' }).waitFor();
    await page.getByRole('region', { name: 'Inspector' }).waitFor();
    await page.getByRole('region', { name: 'Palette' }).waitFor();
    await page.getByRole('region', { name: 'Problems' }).waitFor();
    await serviceNode(page, 'www').waitFor();
    expect(await canvasServices(page)).toEqual([
      'rds-mysql',
      'memcache',
      'webserver',
      'webserver-elb',
      'www',
    ]);
    expect(await canvasDependencies(page)).toEqual([
      'webserver depends on memcache',
      'webserver depends on rds-mysql',
      'webserver-elb depends on webserver',
      'www depends on webserver-elb',
    ]);
    // Left to right from the entry point.
    const x = async (name: string) => (await serviceNode(page, name).boundingBox())!.x;
    expect(await x('www')).toBeLessThan(await x('webserver-elb'));
    expect(await x('webserver-elb')).toBeLessThan(await x('webserver'));
    expect(await x('webserver')).toBeLessThan(await x('rds-mysql'));
    // Nodes show their package and count × regions.
    await expect.poll(() => serviceNode(page, 'webserver').textContent()).toContain('monolith');
    expect(await serviceNode(page, 'webserver').textContent()).toContain('18 × 1');
    // Opening changed nothing: the text is the file's, and the title says it is saved.
    expect(await editorText(page)).toBe(original);
    await page.waitForFunction(() => document.title === 'lamp_arch.json — archsim');
    await page.screenshot({ path: path.join(screenshots, 'editor-spigo-file.png') });
  });

  it('adds a service from the palette, connects it, and the JSON follows, formatting kept', async () => {
    await page.getByRole('region', { name: 'Palette' }).getByRole('button', { name: 'Add cache' }).click();
    await serviceNode(page, 'cache').waitFor();
    const source = serviceNode(page, 'webserver').locator('.react-flow__handle.source');
    const target = serviceNode(page, 'cache').locator('.react-flow__handle.target');
    await source.dragTo(target);
    await expect.poll(() => canvasDependencies(page)).toContain('webserver depends on cache');
    const text = await editorText(page);
    // spigo's one-line services stay one line each; the new one is written the same way.
    expect(text).toContain('"dependencies": ["memcache", "rds-mysql", "cache"]');
    expect(text).toMatch(
      /\{ "name": "cache", "package": "cache", "count": 3, "regions": 1, "dependencies": \[\], "position": \{ "x": -?\d+, "y": -?\d+ \} \}/,
    );
    expect(text.split('\n').length).toBe(original.split('\n').length + 1);
    await page.waitForFunction(() => document.title === '• lamp_arch.json — archsim');
  });

  it('adds a service by dragging a palette item onto the canvas', async () => {
    const pane = canvas(page).locator('.react-flow__pane');
    await page
      .getByRole('region', { name: 'Palette' })
      .getByRole('button', { name: 'Add zuul' })
      .dragTo(pane, { targetPosition: { x: 120, y: 90 } });
    await serviceNode(page, 'api-proxy').waitFor();
    expect(await namesOf()).toContain('api-proxy');
  });

  it('connects to a node let go on its body, not only on its handle', async () => {
    const source = serviceNode(page, 'webserver').locator('.react-flow__handle.source');
    await source.dragTo(serviceNode(page, 'api-proxy'));
    await expect.poll(() => canvasDependencies(page)).toContain('webserver depends on api-proxy');
    // From a dependency's left handle, the node let go on is the caller.
    const target = serviceNode(page, 'cache').locator('.react-flow__handle.target');
    await target.dragTo(serviceNode(page, 'api-proxy'));
    await expect.poll(() => canvasDependencies(page)).toContain('api-proxy depends on cache');
    // Both undone: the specs after this one start from the document as it was.
    await clickCanvas();
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => canvasDependencies(page)).not.toContain('webserver depends on api-proxy');
    expect(await canvasDependencies(page)).not.toContain('api-proxy depends on cache');
  });

  it('keeps the canvas while the JSON is broken, with a marker, until it is fixed', async () => {
    const before = await canvasServices(page);
    const text = await editorText(page);
    await setEditorText(page, text.replace('"name": "memcache",', '"name": "memcache"'));
    await canvas(page)
      .getByText(/The JSON does not parse/)
      .waitFor();
    await expect.poll(async () => (await editorMarkers(page)).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(await canvasServices(page)).toEqual(before);
    await page
      .getByRole('region', { name: 'Problems' })
      .getByText(/malformed JSON at line \d+/)
      .waitFor();
    await page.screenshot({ path: path.join(screenshots, 'editor-broken-json.png') });
    // An edit on the canvas meanwhile is refused with a notice…
    await serviceNode(page, 'www').click();
    await page.keyboard.press('Delete');
    const notice = page.getByRole('status').getByText(/^The JSON does not parse: .* to edit the diagram\.$/);
    await notice.waitFor();
    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+D');
    await notice.waitFor();
    await setEditorText(page, text);
    await canvas(page)
      .getByText(/The JSON does not parse/)
      .waitFor({ state: 'detached' });
    // …which goes once the text parses again.
    await notice.waitFor({ state: 'detached' });
    expect(await canvasServices(page)).toEqual(before);
  });

  it('takes JSON nested 100,000 levels deep like any text that does not parse, without losing the studio', async () => {
    const before = await canvasServices(page);
    const text = await editorText(page);
    const deep = `{"services":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await setEditorText(page, deep);
    await page
      .getByRole('region', { name: 'Problems' })
      .getByText(/JSON nested more than 1000 levels deep at line 1, column \d+/)
      .waitFor();
    await canvas(page)
      .getByText(/The JSON does not parse/)
      .waitFor();
    // The canvas keeps the last version that parsed, and nothing stopped working.
    expect(await canvasServices(page)).toEqual(before);
    expect(await page.getByText(/stopped working/).count()).toBe(0);
    await setEditorText(page, text);
    await canvas(page)
      .getByText(/The JSON does not parse/)
      .waitFor({ state: 'detached' });
    expect(await canvasServices(page)).toEqual(before);
  });

  it('undoes and redoes canvas and text edits in one history', async () => {
    const start = await editorText(page);
    // A text edit…
    await setEditorText(
      page,
      start.replace('"description":"Simple LAMP stack"', '"description":"LAMP, edited"'),
    );
    await expect.poll(() => editorText(page)).toContain('LAMP, edited');
    // …then a canvas edit (a move writes positions).
    await drag(page, serviceNode(page, 'www'), { x: 0, y: 140 });
    await expect
      .poll(
        async () => (await documentOf()).services.find((service) => service['name'] === 'www')?.['position'],
      )
      .toBeDefined();
    const afterMove = await editorText(page);

    await clickCanvas();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => editorText(page)).not.toBe(afterMove);
    expect(await editorText(page)).toContain('LAMP, edited');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => editorText(page)).toBe(start);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => editorText(page)).toContain('LAMP, edited');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => editorText(page)).toBe(afterMove);
    // The toolbar's Undo names what it undoes.
    expect(
      await page
        .getByRole('toolbar', { name: 'Diagram' })
        .getByRole('button', { name: 'Undo' })
        .getAttribute('title'),
    ).toMatch(/^Undo Move www/);
  });

  it('renames a service in place, and every reference follows', async () => {
    await serviceNode(page, 'webserver').locator('.service-name').dblclick();
    const input = canvas(page).getByLabel('Service name');
    await input.fill('memcache');
    await input.press('Enter');
    await canvas(page).getByRole('alert').getByText('There is already a service named "memcache".').waitFor();
    await input.fill('php');
    await input.press('Enter');
    await serviceNode(page, 'php').waitFor();
    expect(await canvasDependencies(page)).toContain('webserver-elb depends on php');
    expect(await editorText(page)).toContain('"dependencies": ["php"]');
  });

  it('edits the selected service in the inspector; invalid values are refused with the reason', async () => {
    await serviceNode(page, 'php').click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await inspector.getByRole('heading', { name: 'php' }).waitFor();
    const timeout = inspector.getByLabel('timeoutMs', { exact: true });
    // The package's default is the placeholder.
    expect(await timeout.getAttribute('placeholder')).toMatch(/5000 \(monolith default\)/);
    await timeout.fill('750');
    await timeout.press('Enter');
    await expect
      .poll(
        async () => (await documentOf()).services.find((service) => service['name'] === 'php')?.['timeoutMs'],
      )
      .toBe(750);

    const count = inspector.getByLabel('count', { exact: true });
    await count.fill('-2');
    await count.press('Enter');
    await inspector
      .getByRole('alert')
      .getByText(/must be ≥ 0/)
      .waitFor();
    expect((await documentOf()).services.find((service) => service['name'] === 'php')?.['count']).toBe(18);
    await count.press('Escape');

    // Renamed here, the service stays selected under its new name (and back again).
    const name = inspector.getByLabel('name', { exact: true });
    await name.fill('php-app');
    await name.press('Enter');
    await inspector.getByRole('heading', { name: 'php-app' }).waitFor();
    await inspector.getByLabel('name', { exact: true }).fill('php');
    await inspector.getByLabel('name', { exact: true }).press('Enter');
    await inspector.getByRole('heading', { name: 'php', exact: true }).waitFor();

    // Two services selected: a shared field is set on both, in one step.
    await serviceNode(page, 'rds-mysql').click({ modifiers: ['Shift'] });
    await inspector.getByRole('heading', { name: /2 services/ }).waitFor();
    const shared = inspector.getByLabel('timeoutMs', { exact: true });
    expect(await shared.getAttribute('placeholder')).toBe('(mixed)');
    await shared.fill('900');
    await shared.press('Enter');
    await expect
      .poll(async () =>
        (await documentOf()).services
          .filter((service) => service['timeoutMs'] === 900)
          .map((service) => service['name']),
      )
      .toEqual(['rds-mysql', 'php']);
    await page.screenshot({ path: path.join(screenshots, 'editor-inspector.png') });
    await clickCanvas();
    await page.keyboard.press('Control+Z');
    await expect
      .poll(async () => (await documentOf()).services.filter((service) => service['timeoutMs'] === 900))
      .toEqual([]);
  });

  it('deletes a node with its dependencies in one step, and Ctrl+S saves the file back', async () => {
    await serviceNode(page, 'memcache').click();
    await page.keyboard.press('Delete');
    await serviceNode(page, 'memcache').waitFor({ state: 'detached' });
    expect(await namesOf()).not.toContain('memcache');
    expect(await canvasDependencies(page)).not.toContain('php depends on memcache');
    await page.keyboard.press('Control+S');
    await page.waitForFunction(() => document.title === 'lamp_arch.json — archsim');
    const saved = readFileSync(lamp, 'utf8');
    expect(saved).toBe(await editorText(page));
    const parsed = JSON.parse(saved) as { services: { name: string; dependencies: string[] }[] };
    expect(parsed.services.map((service) => service.name)).not.toContain('memcache');
    expect(parsed.services.find((service) => service.name === 'php')?.dependencies).toEqual([
      'rds-mysql',
      'cache',
    ]);
    // Unknown spigo fields and the file's layout survive: still one line per service.
    expect(saved).toContain('"victim": ""');
    expect(saved).toMatch(/\n\s+\{ "name": "rds-mysql",\s+"package": "store",\s+"count": 2,/);
  });

  it('selects a problem’s service and reveals its text', async () => {
    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.getByText(/service "api-proxy" is not reached from any entry point/).click();
    await expect.poll(() => serviceNode(page, 'api-proxy').getAttribute('class')).toMatch(/selected/);
    // The editor follows the selection in a transition, a moment after the canvas.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const editor = window.monaco?.editor.getEditors()[0];
          const model = editor?.getModel();
          const range = editor?.getSelection();
          return model && range ? model.getValueInRange(range) : '';
        }),
      )
      .toContain('api-proxy');
  });

  it('exports the diagram as an SVG that parses, names every service and embeds the document', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu(page, 'File', 'Export Diagram as SVG (download)'),
    ]);
    expect(download.suggestedFilename()).toBe('lamp_arch.svg');
    // The browser is shared over a connection: the download is copied here.
    const downloaded = path.join(workspace, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(downloaded);
    const svg = readFileSync(downloaded, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/foreignObject|<image|href=/);
    for (const name of await namesOf()) expect(svg).toContain(`data-service="${name}"`);
    expect(svg).toContain('<metadata>');
    const file = path.join(workspace, 'exported.svg');
    writeFileSync(file, svg);
    // Importing the SVG gives the document back.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), menu(page, 'File', /^Import…/)]);
    await chooser.setFiles(file);
    await page.waitForFunction(() => document.title === '• exported.json — archsim');
    expect(await editorText(page)).toBe(readFileSync(lamp, 'utf8'));
  });

  it('imports a docker-compose file', async () => {
    const file = path.join(workspace, 'docker-compose.yml');
    writeFileSync(file, COMPOSE);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), menu(page, 'File', /^Import…/)]);
    await chooser.setFiles(file);
    await page
      .getByRole('dialog', { name: /Save the changes/ })
      .getByRole('button', { name: 'Don’t Save' })
      .click();
    await page.waitForFunction(() => document.title === '• docker-compose.json — archsim');
    await serviceNode(page, 'api').waitFor();
    expect(new Set(await canvasServices(page))).toEqual(new Set(['web', 'api', 'db', 'cache', 'www-web']));
    expect(await canvasDependencies(page)).toEqual(
      expect.arrayContaining([
        'www-web depends on web',
        'web depends on api',
        'api depends on db',
        'api depends on cache',
      ]),
    );
    await page.screenshot({ path: path.join(screenshots, 'editor-compose-import.png') });
  });

  it('opens the file without a moment of "malformed JSON" in the Problems', async () => {
    // Every frame from the first, the Problems region is read: the empty text before the file
    // arrives must not show as a problem of the file.
    const fresh = await studioPage(browser, []);
    try {
      await fresh.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { problemsSeen: string[] }).problemsSeen = seen;
        const look = () => {
          const text = document.querySelector('[aria-label="Problems"]')?.textContent ?? '';
          if (/malformed JSON/.test(text)) seen.push(text);
          requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      await fresh.goto(url);
      await serviceNode(fresh, 'www').waitFor();
      await fresh.waitForTimeout(300);
      expect(
        await fresh.evaluate(() => (window as unknown as { problemsSeen: string[] }).problemsSeen),
      ).toEqual([]);
    } finally {
      await fresh.context().close();
    }
  });

  it('loads nothing from elsewhere and logs no errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
