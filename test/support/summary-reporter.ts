/**
 * Prints one plain closing line, "tests: N passed, N failed" (", N skipped" when any), after
 * vitest's own report, so that tools reading only the last lines see the totals. When tests were
 * skipped, the line before it says why — above all when the end-to-end tests could not run for
 * want of a browser, so that a green run on a fresh machine does not pass for a tested studio.
 */
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { CHROMIUM_INSTALL_HINT, findChromium } from './chromium.ts';

const END_TO_END = `${path.sep}test${path.sep}e2e${path.sep}`;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let skippedEndToEnd = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          if (module.moduleId.includes(END_TO_END)) skippedEndToEnd++;
        }
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    // An error outside any test (a worker killed, a promise nobody awaited) fails the run too.
    failed += unhandledErrors.length;
    const reasons: string[] = [];
    if (skippedEndToEnd > 0 && findChromium() === null) {
      reasons.push(
        `${skippedEndToEnd} end-to-end ${skippedEndToEnd === 1 ? 'test' : 'tests'} skipped: no Chromium found ` +
          `to drive the studio in; ${CHROMIUM_INSTALL_HINT}`,
      );
    }
    const otherSkipped = skipped - (reasons.length > 0 ? skippedEndToEnd : 0);
    if (otherSkipped > 0) {
      reasons.push(
        `${otherSkipped} ${otherSkipped === 1 ? 'test' : 'tests'} skipped (it.skip or skipIf in the specs, or a name filter)`,
      );
    }
    process.stdout.write(
      `\n${reasons.map((reason) => `${reason}\n`).join('')}` +
        `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
