import { describe, expect, it } from 'vitest';
import { TimelineRecorder, secondOf } from '@engine/sim/timeline.ts';

describe('TimelineRecorder', () => {
  it('keeps requests, errors and percentiles per second, whole for the current second and sealed for the rest', () => {
    const recorder = new TimelineRecorder();
    for (let second = 0; second < 3; second++) {
      for (let call = 0; call < 100; call++) {
        recorder.countRequest(second);
        // Second s: 99 calls of (s + 1) ms and one slow one of 50 ms, which fails.
        recorder.recordOutcome(second, call === 99 ? 50_000 : (second + 1) * 1000, call === 99);
      }
    }
    const series = recorder.series(4);
    expect(series.requests).toEqual([100, 100, 100, 0]);
    expect(series.errors).toEqual([1, 1, 1, 0]);
    // The coarse layout's bucket tops (about 6 % wide): 1,023 µs, 2,047 µs, 3,071 µs; 51,199 µs.
    expect(series.p50).toEqual([1.023, 2.047, 3.071, 0]);
    expect(series.p99).toEqual([1.023, 2.047, 3.071, 0]);
    expect(recorder.second(0)).toEqual({ requests: 100, errors: 1, p50: 1.023, p99: 1.023 });
    // The sealed second reads the same as when it was current.
    expect(recorder.second(2)).toEqual({ requests: 100, errors: 1, p50: 3.071, p99: 3.071 });
    expect(recorder.countsAt(1)?.reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(recorder.countsAt(3)).toBeUndefined();
    expect(recorder.countsAt(10_000)).toBeUndefined();
  });

  it('takes an outcome for a second already sealed, and merges several series', () => {
    const recorder = new TimelineRecorder();
    recorder.recordOutcome(0, 1000, false);
    recorder.recordOutcome(1, 2000, false);
    recorder.recordOutcome(0, 40_000, false); // back to second 0: its counts come back whole
    recorder.recordOutcome(2, 2000, false);
    expect(recorder.countsAt(0)?.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(recorder.series(3).p99).toEqual([40.959, 2.047, 2.047]);
    const other = new TimelineRecorder();
    other.countRequest(1);
    other.recordOutcome(1, 30_000, true);
    expect(secondOf([recorder, other], 1)).toEqual({ requests: 1, errors: 1, p50: 2.047, p99: 30.719 });
  });

  it('holds a long run in far less than whole counters per second', () => {
    const recorder = new TimelineRecorder();
    for (let second = 0; second < 20_000; second++)
      recorder.recordOutcome(second, 1000 + (second % 7) * 100, false);
    expect(recorder.series(20_000).p50[19_999]).toBeGreaterThan(0);
    // One counter in use per second: two numbers, where whole counters would be 464.
    expect((recorder as unknown as { pairs: Uint32Array }).pairs.length).toBeLessThanOrEqual(65_536);
  });
});
