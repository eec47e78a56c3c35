/**
 * A user's path through documents in the web host (Chromium): `npm run web -- FILE` opens FILE;
 * a crashed session's autosave is offered back; unsaved changes show in the title ("• name —
 * archsim"), are autosaved, and are confirmed before they would be lost; Ctrl+S writes the
 * command-line file back (every field kept); an example saved as a download is its JSON; an
 * uploaded file opens; the menu bar and the theme; and the browser asks before a tab with
 * unsaved changes closes.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, startWebHost, studioPage } from '../support/web-host.ts';
import { editorText, menu, serviceNode, setEditorText } from '../support/studio.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results');

/** The file given on the command line: valid, with fields archsim does not know. */
const GIVEN = `{"arch":"given","x-owner":"team-a","services":[{"name":"app","package":"monolith","count":2,"regions":1,"dependencies":[],"x-notes":"keep me"},{"name":"www","package":"denominator","count":0,"regions":0,"dependencies":["app"]}]}`;

/** What a session that crashed left in the autosave folder. */
const CRASHED = `{
  "arch": "crashed",
  "services": [
    { "name": "api", "package": "karyon", "count": 3, "regions": 1, "dependencies": [] },
    { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["api"] }
  ]
}
`;

let workspace: string;
let data: string;
let given: string;
let webHost: ChildProcess | undefined;
let output: () => string = () => '';
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** Starts the web host with this test's files. */
async function launch(): Promise<string> {
  const host = await startWebHost([
    '--examples',
    path.join(root, 'resources', 'examples'),
    '--data',
    data,
    given,
  ]);
  webHost = host.child;
  output = host.output;
  return host.url;
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archsim-e2e-documents-'));
  data = path.join(workspace, 'data');
  given = path.join(workspace, 'given.json');
  writeFileSync(given, GIVEN);
  // The autosave of a session that ended without saving or discarding.
  mkdirSync(path.join(data, 'autosave'), { recursive: true });
  writeFileSync(path.join(data, 'autosave', 'document.json'), CRASHED);
  writeFileSync(
    path.join(data, 'autosave', 'autosave.json'),
    JSON.stringify({
      version: 1,
      name: 'crashed.json',
      originalPath: null,
      savedAt: Date.UTC(2026, 0, 2, 9, 30),
    }),
  );

  url = await launch();
  browser = await launchChromium();
  page = await studioPage(browser, consoleErrors, { acceptDownloads: true });
  mkdirSync(screenshots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  webHost?.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

async function waitForTitle(title: string): Promise<void> {
  await page.waitForFunction((expected) => document.title === expected, title);
}

describeInChromium('documents in the web host', () => {
  it('opens the file given on its command line and offers to restore what a crash left', async () => {
    expect(output()).toContain(`Opening: ${given}`);
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'given' }).waitFor();
    await waitForTitle('given.json — archsim');
    const offer = page.getByRole('region', { name: 'Unsaved changes from the last session' });
    await offer.getByText('crashed.json').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'documents-restore-offer.png') });
    // A reload opens the file again, and offers the autosave again (nothing was decided).
    await page.reload();
    await waitForTitle('given.json — archsim');
    await offer.getByText('crashed.json').waitFor();
    // Until Restore or Discard nothing is edited: the autosave holds the last session's changes,
    // and could not keep new ones without losing them.
    await offer.getByText('Restore or discard them to edit.').waitFor();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.type('xyz');
    await serviceNode(page, 'app').click();
    // The inspector says why it is read-only; the Delete tried on the canvas is told in the banner.
    await page
      .getByRole('region', { name: 'Inspector' })
      .getByText(/^Restore or discard the unsaved changes from the last session first/)
      .waitFor();
    await page.keyboard.press('Delete');
    await page
      .getByRole('status')
      .filter({ has: page.getByRole('button', { name: 'Dismiss' }) })
      .getByText(/^Restore or discard the unsaved changes from the last session first/)
      .waitFor();
    expect(await editorText(page)).toBe(GIVEN);
    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
  });

  it('saves the command-line file back with Ctrl+S, keeping every field', async () => {
    const edited = GIVEN.replace('"count":2', '"count":5');
    await setEditorText(page, edited);
    await waitForTitle('• given.json — archsim');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    await page.keyboard.press('Control+S');
    await waitForTitle('given.json — archsim');
    const onDisk = readFileSync(given, 'utf8');
    // Written exactly as it is in the editor: every field, in its order, in its layout.
    expect(onDisk).toBe(edited);
    expect(JSON.parse(onDisk)).toMatchObject({
      'x-owner': 'team-a',
      services: [{ count: 5, 'x-notes': 'keep me' }, {}],
    });
    // The editor shows what was written.
    expect(await editorText(page)).toBe(onDisk);
  });

  it('restores the crashed session’s changes as an unsaved document', async () => {
    // The notice that nothing can be edited yet, shown again, goes with the choice.
    await serviceNode(page, 'app').click();
    await page.keyboard.press('Delete');
    const lockNotice = page
      .getByRole('status')
      .filter({ has: page.getByRole('button', { name: 'Dismiss' }) })
      .getByText(/^Restore or discard the unsaved changes from the last session first/);
    await lockNotice.waitFor();
    await page.getByRole('button', { name: 'Restore' }).click();
    await lockNotice.waitFor({ state: 'detached' });
    await waitForTitle('• crashed.json — archsim');
    await page.getByRole('heading', { level: 1, name: 'crashed' }).waitFor();
    expect(await editorText(page)).toBe(CRASHED);
    await page
      .getByRole('region', { name: 'Unsaved changes from the last session' })
      .waitFor({ state: 'detached' });
  });

  it('New asks about the unsaved changes first; edited, the title shows it unsaved', async () => {
    await menu(page, 'File', /^New/);
    const prompt = page.getByRole('dialog', { name: 'Save the changes to crashed.json?' });
    await prompt.waitFor();
    await page.screenshot({ path: path.join(screenshots, 'documents-save-prompt.png') });
    await prompt.getByRole('button', { name: 'Don’t Save' }).click();
    await waitForTitle('Untitled — archsim');
    await page.getByRole('heading', { level: 1, name: 'untitled' }).waitFor();
    await page.getByText('0 errors').waitFor();

    const text = await editorText(page);
    await setEditorText(page, text.replace('"description": ""', '"description": "my first architecture"'));
    await waitForTitle('• Untitled — archsim');
    // The inspector shows the document's settings when nothing is selected.
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Inspector' })
          .getByLabel('description', { exact: true })
          .inputValue(),
      )
      .toBe('my first architecture');
    await page.screenshot({ path: path.join(screenshots, 'documents-unsaved.png') });
  });

  it('autosaves the unsaved document a few seconds after the last change', async () => {
    const autosaved = path.join(data, 'autosave', 'document.json');
    await expect
      .poll(() => (existsSync(autosaved) ? readFileSync(autosaved, 'utf8') : ''), {
        timeout: 15_000,
        interval: 250,
      })
      .toContain('my first architecture');
    expect(JSON.parse(readFileSync(path.join(data, 'autosave', 'autosave.json'), 'utf8'))).toMatchObject({
      name: 'Untitled',
      originalPath: null,
    });
  }, 20_000);

  it('opens an example (discarding the changes and their autosave) and saves it as a download', async () => {
    await page
      .getByRole('navigation', { name: 'Examples' })
      .getByRole('button', { name: /lamp\.json/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Save the changes to Untitled?' })
      .getByRole('button', { name: 'Don’t Save' })
      .click();
    await waitForTitle('lamp.json — archsim');
    await expect.poll(() => existsSync(path.join(data, 'autosave', 'autosave.json'))).toBe(false);

    await page.getByRole('menubar').getByRole('menuitem', { name: 'File', exact: true }).click();
    await page.screenshot({ path: path.join(screenshots, 'documents-file-menu.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Save As… (download)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('lamp.json');
    // The browser is shared over a connection: the download is copied here.
    const downloaded = path.join(workspace, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(downloaded);
    const saved = readFileSync(downloaded, 'utf8');
    const example = readFileSync(path.join(root, 'resources', 'examples', 'lamp.json'), 'utf8');
    expect(saved).toBe(example);
    expect(JSON.parse(saved)).toEqual(JSON.parse(example));
    await page.getByText('Downloaded lamp.json.').waitFor();
    await waitForTitle('lamp.json — archsim');
  });

  it('opens an uploaded file (File > Open…)', async () => {
    const upload = path.join(workspace, 'uploaded.json');
    writeFileSync(upload, GIVEN.replace('"given"', '"uploaded"'));
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      menu(page, 'File', 'Open… (upload)'),
    ]);
    await chooser.setFiles(upload);
    await waitForTitle('uploaded.json — archsim');
    await page.getByRole('heading', { level: 1, name: 'uploaded' }).waitFor();
  });

  it('starts a run with its shortcut (Run > Start Run, Ctrl+Enter)', async () => {
    const panel = page.getByRole('region', { name: 'Run' });
    await panel.getByLabel('Duration').fill('1');
    await page.keyboard.press('Control+Enter');
    const run = page.getByRole('region', { name: 'History' }).getByRole('row', { name: /#1/ });
    await run.getByText('done').waitFor({ timeout: 20_000 });
    // Its label is the document's name; its document, the architecture.
    expect(await run.getByRole('cell').nth(2).textContent()).toBe('uploaded');
  });

  it('switches panels and the theme from the View menu', async () => {
    await menu(page, 'View', 'Dark', 'menuitemradio');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.keyboard.press('Control+B');
    await page.getByRole('navigation', { name: 'Examples' }).waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(screenshots, 'documents-dark.png') });
    await page.keyboard.press('Control+B');
    await page.getByRole('navigation', { name: 'Examples' }).waitFor();
    await menu(page, 'View', 'Light', 'menuitemradio');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
  });

  it('lists the keyboard shortcuts from the registry', async () => {
    await page.keyboard.press('Control+/');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByText('Alt+N', { exact: true }).waitFor();
    await dialog.getByRole('row', { name: /Save As… Ctrl\+Shift\+S/ }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('has the browser ask before a tab with unsaved changes closes', async () => {
    await setEditorText(page, GIVEN.replace('"given"', '"unsaved"'));
    await waitForTitle('• uploaded.json — archsim');
    const dialog = new Promise<string>((resolve) =>
      page.once('dialog', (question) => {
        resolve(question.type());
        void question.dismiss();
      }),
    );
    await page.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
