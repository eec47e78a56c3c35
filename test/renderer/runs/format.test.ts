import { describe, expect, it } from 'vitest';
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
