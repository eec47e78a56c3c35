/**
 * A user's path through runs in the studio, in Chromium over the web host: a run's progress
 * reaches 100 % and its results open; a long run is cancelled; two scenarios are run, checked in
 * the History and compared, and the deltas shown are the stored numbers (`archsim runs show ID
 * --json`); replay goes to the moment of a zone failure and shows the zone failed; a trace's
 * waterfall opens; a chart exports as an SVG that parses.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunResult } from '@shared/results.ts';
import { describeInChromium, launchChromium, startWebHost, studioPage } from '../support/web-host.ts';
import { canvas } from '../support/studio.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results');

let workspace: string;
let data: string;
let webHost: ChildProcess | undefined;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archsim-e2e-runs-'));
  data = path.join(workspace, 'data');
  const host = await startWebHost(['--data', data]);
  webHost = host.child;
  url = host.url;
  browser = await launchChromium();
  page = await studioPage(browser, consoleErrors, { acceptDownloads: true });
  mkdirSync(screenshots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  webHost?.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const runRegion = () => page.getByRole('region', { name: 'Run' });
const history = () => page.getByRole('region', { name: 'History' });

/** The stored result of a run, as the command line shows it. */
function storedResult(runId: number): RunResult {
  const output = execFileSync(
    process.execPath,
    [
      path.join(root, 'bin', 'archsim.js'),
      'runs',
      'show',
      String(runId),
      '--db',
      path.join(data, 'runs.sqlite'),
      '--json',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  const stored = JSON.parse(output) as { result?: RunResult } & RunResult;
  return stored.result ?? stored;
}

async function startRun(options: { duration: string; rate: string; scenario?: string; traces?: string }) {
  const panel = runRegion();
  await panel.getByLabel('Duration').fill(options.duration);
  await panel.getByLabel('Rate').fill(options.rate);
  if (options.traces !== undefined) await panel.getByLabel('Traces').fill(options.traces);
  await panel.getByLabel('Scenario').selectOption({ label: options.scenario ?? 'No failures' });
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
}

describeInChromium('runs in the studio', () => {
  it('runs an example: progress reaches 100 % and its results open', async () => {
    await page.goto(url);
    await page
      .getByRole('navigation', { name: 'Examples' })
      .getByRole('button', { name: /netflixoss-chaos\.json/ })
      .click();
    await canvas(page).locator('[data-service="www"]').waitFor();
    // A run far beyond what the engine does while someone waits is named before it starts.
    const panel = runRegion();
    await panel.getByLabel('Duration').fill('86400');
    await panel.getByLabel('Rate').fill('10000000');
    const heavy = panel
      .getByRole('status')
      .getByText(
        /^Heavy: a run of 86,400 s at 10,000,000 req\/s is about [\d.]+ trillion events .* of computing; lower the rate or the duration\.$/,
      );
    await heavy.waitFor();
    await panel.getByLabel('Rate').fill('2000');
    await heavy.waitFor({ state: 'detached' });
    // Long enough (several seconds of wall time) for more than one reading of the live numbers.
    await startRun({ duration: '600', rate: '2000' });
    const live = runRegion().getByRole('group', { name: 'Run 1 in progress' });
    await live.getByText(/^\d+ %$/).waitFor();
    await live.getByText(/^ETA /).waitFor();
    // Live numbers per service, and the canvas painted with the load while the run goes: a row
    // with requests in the last whole second (the first reading is of second 0) and its p99.
    const numbers = live.getByRole('table', { name: 'Live numbers' });
    const proxy = numbers.getByRole('row', { name: /^wwwproxy [1-9][\d,]* / });
    await proxy.waitFor();
    expect((await proxy.locator('td').allTextContents())[3]).toMatch(/^\d/);
    await canvas(page)
      .getByText(/^Run #1 live: second \d+/)
      .waitFor();
    await canvas(page)
      .getByText(/^[\d,]+ req\/s · .*p99 [\d.]+ ms$/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(screenshots, 'runs-live.png') });
    const done = runRegion().getByRole('group', { name: 'Run 1 done' });
    await done.getByText('100 %').waitFor({ timeout: 90_000 });
    expect(await done.getByRole('progressbar').getAttribute('value')).toBe('1');
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByRole('heading', { name: /Run #1/ }).waitFor();
    const entries = results.getByRole('table', { name: 'Entries' });
    const stored = storedResult(1);
    const www = stored.entries.find((entry) => entry.name === 'www');
    await entries
      .getByRole('row', { name: /www/ })
      .getByText(www!.requests.toLocaleString('en-US'))
      .waitFor();
    await page.screenshot({ path: path.join(screenshots, 'runs-results.png') });
  }, 120_000);

  it('cancels a run', async () => {
    await startRun({ duration: '86400', rate: '5000' });
    const live = runRegion().getByRole('group', { name: 'Run 2 in progress' });
    await live.getByText(/s simulated/).waitFor();
    // Its live numbers are painted on its own architecture only, not on another opened meanwhile.
    const legend = canvas(page).getByLabel('Legend');
    await legend.getByText(/^Run #2 live: second/).waitFor();
    const examples = page.getByRole('navigation', { name: 'Examples' });
    await examples.getByRole('button', { name: /lamp\.json/ }).click();
    await canvas(page).locator('.react-flow__node [data-service="webserver"]').waitFor();
    await legend.waitFor({ state: 'detached' });
    await examples.getByRole('button', { name: /netflixoss-chaos\.json/ }).click();
    await legend.getByText(/^Run #2 live: second/).waitFor();
    await live.getByRole('button', { name: 'Cancel' }).click();
    await runRegion().getByRole('group', { name: 'Run 2 cancelled' }).waitFor();
    await history().getByRole('row', { name: /#2/ }).getByText('cancelled').waitFor();
  });

  it('runs two scenarios, compares them, and shows the stored numbers and their deltas', async () => {
    await startRun({ duration: '30', rate: '200', scenario: 'chaos-gorilla', traces: '0.05' });
    await runRegion().getByRole('group', { name: 'Run 3 done' }).waitFor({ timeout: 60_000 });
    await startRun({ duration: '30', rate: '200', scenario: 'latency-monkey' });
    await runRegion().getByRole('group', { name: 'Run 4 done' }).waitFor({ timeout: 60_000 });

    await history().getByRole('checkbox', { name: 'Select run 3' }).check();
    await history().getByRole('checkbox', { name: 'Select run 4' }).check();
    await history().getByRole('button', { name: 'Compare', exact: true }).click();
    const compare = page.getByRole('region', { name: 'Compare' });
    await compare.getByText(/Same seed \(1\)/).waitFor();
    await compare.getByText(/scenario chaos-gorilla → latency-monkey/).waitFor();

    const [third, fourth] = [storedResult(3), storedResult(4)];
    const service = (result: RunResult, name: string) => result.services.find((item) => item.name === name)!;
    const table = compare.getByRole('table', { name: 'Service cassSubscriber' });
    const p99Row = table.getByRole('row', { name: /^p99 ms/ });
    const cells = await p99Row.locator('td').allTextContents();
    const first = service(third, 'cassSubscriber').latencyMs.p99;
    const second = service(fourth, 'cassSubscriber').latencyMs.p99;
    const shown = (text: string | undefined) =>
      Number((text ?? '').replace(/[^\d.−-]/g, '').replace('−', '-'));
    expect(shown(cells[0])).toBeCloseTo(first, first >= 100 ? 0 : first >= 10 ? 1 : 2);
    expect(shown(cells[1])).toBeCloseTo(second, second >= 100 ? 0 : second >= 10 ? 1 : 2);
    const delta = Number(await p99Row.locator('td[data-delta]').getAttribute('data-delta'));
    expect(delta).toBeCloseTo(second - first, 6);
    const requests = table.getByRole('row', { name: /^requests/ });
    expect(await requests.locator('td').first().textContent()).toBe(
      service(third, 'cassSubscriber').requests.toLocaleString('en-US'),
    );
    await page.screenshot({ path: path.join(screenshots, 'runs-compare.png') });
  }, 150_000);

  it('replays run 3 to the zone failure and shows the zone failed', async () => {
    await history().getByRole('button', { name: 'Open run 3' }).click();
    await page.getByRole('tab', { name: 'Replay' }).click();
    const replay = page.getByRole('region', { name: 'Replay' });
    const started = performance.now();
    await replay.getByRole('button', { name: /^Go to zone-outage: us-east-1\/zoneA/ }).click();
    await replay.getByText('Zone us-east-1/zoneA failed').waitFor();
    await canvas(page).getByText('Zone us-east-1/zoneA failed').waitFor();
    expect(performance.now() - started).toBeLessThan(5000);
    // The legend folds to its title (it can cover nodes), and opens again.
    const title = canvas(page)
      .getByLabel('Legend')
      .getByText(/^Replay: second 10 of/);
    await title.click();
    await canvas(page).getByText('Zone us-east-1/zoneA failed').waitFor({ state: 'hidden' });
    await title.click();
    await canvas(page).getByText('Zone us-east-1/zoneA failed').waitFor();
    expect(await replay.getByRole('slider', { name: 'Second' }).inputValue()).toBe('10');
    // The instance view marks the zone on every service that has instances there.
    await page.getByRole('button', { name: 'Instances' }).click();
    await canvas(page).locator('.instance-zone-failed[data-zone="us-east-1/zoneA"]').first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'runs-replay.png') });
    await page.getByRole('button', { name: 'Instances' }).click();
    // A second later than the failure's end, the zone is back.
    await replay.getByRole('slider', { name: 'Second' }).fill('25');
    await replay.getByText('Zone us-east-1/zoneA failed').waitFor({ state: 'detached' });
    // Another architecture opened: the run is not painted on it (its services would get the
    // run's numbers by name); opened again, the replay is back.
    const examples = page.getByRole('navigation', { name: 'Examples' });
    await examples.getByRole('button', { name: /lamp\.json/ }).click();
    const legend = canvas(page).getByLabel('Legend');
    await legend.getByText(/^Run #3 is of netflixoss-chaos: open netflixoss-chaos to see it here$/).waitFor();
    expect(await canvas(page).locator('.react-flow__node [data-service="webserver"]').count()).toBe(1);
    expect(await legend.getByText(/Replay: second/).count()).toBe(0);
    await examples.getByRole('button', { name: /netflixoss-chaos\.json/ }).click();
    await legend.getByText(/^Replay: second 25 of/).waitFor();
  });

  it('opens a trace’s waterfall', async () => {
    await page.getByRole('tab', { name: 'Traces' }).click();
    const traces = page.getByRole('region', { name: 'Traces' });
    const first = traces.getByRole('list', { name: 'Sampled traces' }).getByRole('button').first();
    await first.click();
    const waterfall = traces.getByRole('table', { name: /^Waterfall of trace / });
    await waterfall.waitFor();
    const rows = await waterfall.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(2);
    await waterfall.getByRole('cell', { name: 'www' }).first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'runs-traces.png') });
  });

  it('exports a chart as an SVG that parses', async () => {
    await page.getByRole('tab', { name: 'Results' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      results.getByRole('button', { name: 'Export chart as SVG' }).click(),
    ]);
    const file = path.join(workspace, download.suggestedFilename());
    await download.saveAs(file);
    const svg = readFileSync(file, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).not.toMatch(/foreignObject|<image|href=/);
    expect(download.suggestedFilename()).toBe('run-3-spectrum.svg');
  });

  it('deletes a run after asking (the dialog answers; Cancel keeps it)', async () => {
    const row = () => history().getByRole('row', { name: /#2/ });
    await row().getByRole('button', { name: 'Delete run 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete run 2?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row().waitFor();
    // Escape closes it too; then Delete removes the run, and the studio answers again.
    await row().getByRole('button', { name: 'Delete run 2' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row().getByRole('button', { name: 'Delete run 2' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await row().waitFor({ state: 'detached' });
    await history().getByRole('row', { name: /#1/ }).waitFor();
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('region', { name: 'Results' }).waitFor();
  });

  it('logs no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
