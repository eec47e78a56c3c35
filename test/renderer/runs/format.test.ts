import { describe, expect, it } from 'vitest';
import { measuredValue as measured } from '@shared/run-comparison.ts';
import { formatLatency, formatMs, formatSigned } from '@renderer/runs/format.ts';

describe('formatSigned', () => {
  it('signs a change, and shows a change too small for its format as 0, not −0.00', () => {
    expect(formatSigned(12.5, formatMs)).toBe('+12.5');
    expect(formatSigned(-3.25, formatMs)).toBe('−3.25');
    expect(formatSigned(0, formatMs)).toBe('0');
    expect(formatSigned(-0.001, formatMs)).toBe('0');
    expect(formatSigned(0.004, formatMs)).toBe('0');
    expect(formatSigned(-0.005, formatMs)).toBe('−0.01');
    expect(formatSigned(-250, formatMs)).toBe('−250');
  });
});

describe('formatLatency', () => {
  it('shows a measured percentile in ms, and none for a service no call reached', () => {
    const measured = { count: 3, mean: 2, p50: 2.5, p90: 12.25, p99: 150.4, p999: 150.4, max: 150.4 };
    expect(formatLatency(measured, 'p50')).toBe('2.50');
    expect(formatLatency(measured, 'p90')).toBe('12.3');
    expect(formatLatency(measured, 'max')).toBe('150');
    const idle = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    expect(formatLatency(idle, 'p99')).toBe('—');
  });
});

describe('measured', () => {
  it('has no latency for a run where no call reached the service, but its counts', () => {
    const idle = { requests: 0, errors: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    const busy = { requests: 10, errors: 1, p50: 2, p90: 3, p99: 4, p999: 5, max: 6 };
    expect(measured(idle, 'p99')).toBeUndefined();
    expect(measured(idle, 'requests')).toBe(0);
    expect(measured(idle, 'errors')).toBe(0);
    expect(measured(busy, 'p99')).toBe(4);
    expect(measured(null, 'requests')).toBeUndefined();
  });
});
