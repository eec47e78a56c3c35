/**
 * What the end-to-end specs read and do in the studio's page: the canvas's services and
 * dependencies, the JSON editor's text (Monaco's model, set as the README tells people to), and
 * the regions by their accessible names.
 */
import type { Locator, Page } from 'playwright-core';

export const canvas = (page: Page): Locator => page.getByRole('region', { name: 'Canvas' });

/** The services drawn on the canvas, in document order. */
export function canvasServices(page: Page): Promise<string[]> {
  return canvas(page)
    .locator('.react-flow__node [data-service]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-service') ?? ''));
}

/** The node of a service (React Flow's wrapper: click it to select, drag it to move). */
export function serviceNode(page: Page, name: string): Locator {
  return canvas(page).locator('.react-flow__node', { has: page.locator(`[data-service="${name}"]`) });
}

/** "a depends on b" for every edge on the canvas. */
export function canvasDependencies(page: Page): Promise<string[]> {
  return canvas(page)
    .locator('.react-flow__edge')
    .evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label') ?? '').sort());
}

/** The JSON editor's text. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const model = window.monaco?.editor.getModels()[0];
    if (!model) throw new Error('no Monaco model');
    return model.getValue();
  });
}

/** Replaces the JSON editor's text, as one edit (what typing it would do). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const model = window.monaco?.editor.getModels()[0];
    if (!model) throw new Error('no Monaco model');
    model.setValue(value);
  }, text);
}

/** The markers in the JSON editor: [owner, line, message]. */
export function editorMarkers(page: Page): Promise<[string, number, string][]> {
  return page.evaluate(() =>
    (window.monaco?.editor.getModelMarkers({}) ?? []).map(
      (marker) => [marker.owner, marker.startLineNumber, marker.message] as [string, number, string],
    ),
  );
}

/** Drags from one point to another with intermediate moves (what React Flow needs to see a drag). */
export async function drag(page: Page, from: Locator, to: { x: number; y: number }): Promise<void> {
  const box = await from.boundingBox();
  if (!box) throw new Error('nothing to drag');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + to.x / 2, box.y + box.height / 2 + to.y / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + to.x, box.y + box.height / 2 + to.y, { steps: 5 });
  await page.mouse.up();
}

/** Chooses `item` in the in-page menu bar's menu `menuName` (the web host's menus). */
export async function menu(
  page: Page,
  menuName: string,
  item: string | RegExp,
  role: 'menuitem' | 'menuitemradio' | 'menuitemcheckbox' = 'menuitem',
): Promise<void> {
  await page.getByRole('menubar').getByRole('menuitem', { name: menuName, exact: true }).click();
  await page.getByRole('menu', { name: menuName }).getByRole(role, { name: item }).click();
}
