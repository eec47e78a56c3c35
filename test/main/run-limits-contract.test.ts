/**
 * `runs.start` keeps the limits every shell shares (src/shared/limits.ts): a document is checked
 * once more at the run's own scale and regions, so the studio cannot start a run the command line
 * would refuse, and rates and durations are capped the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { handleRequest } from '@shared/ipc/dispatcher.ts';
import type { Services } from '@shared/ipc/contract.ts';

const lamp = JSON.parse(readFileSync('resources/examples/lamp.json', 'utf8')) as {
  services: { count: number }[];
};

/** Only runs.start is called here; the other channels are not needed. */
function services() {
  const start = vi.fn(() => ({ runId: 4 }));
  return { start, services: { 'runs.start': start } as unknown as Services };
}

/** The lamp example with its first service's count set. */
function lampWithCount(count: number) {
  const document = structuredClone(lamp);
  (document.services[0] as { count: number }).count = count;
  return document;
}

describe('runs.start and the limits', () => {
  it('refuses a document beyond the instance limit at the run’s own scale', async () => {
    const { start, services: handlers } = services();
    expect((await handleRequest(handlers, 'runs.start', [lampWithCount(300), {}])).ok).toBe(true);
    start.mockClear();
    expect(await handleRequest(handlers, 'runs.start', [lampWithCount(300), { scale: 1_000_000 }])).toEqual({
      ok: false,
      error: {
        message: expect.stringMatching(
          /^invalid arguments for runs\.start: \[0\.services\.\d+\.count\] \$\.services\[\d+\]\.count: expands to [\d,]+ instances, more than the limit of 2,000,000/,
        ),
      },
    });
    expect((await handleRequest(handlers, 'runs.start', [lampWithCount(1e9), {}])).ok).toBe(false);
    expect(start).not.toHaveBeenCalled();
  });

  it('caps the rate and the duration as the command line does', async () => {
    const { start, services: handlers } = services();
    expect(
      (await handleRequest(handlers, 'runs.start', [lamp, { rate: 10_000_000, durationS: 86_400 }])).ok,
    ).toBe(true);
    expect((await handleRequest(handlers, 'runs.start', [lamp, { rate: 1e9 }])).ok).toBe(false);
    expect((await handleRequest(handlers, 'runs.start', [lamp, { durationS: 86_401 }])).ok).toBe(false);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
