/** How the run views write numbers, times and durations. */

const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Milliseconds with as many decimals as they deserve: 1234, 56.7, 8.91. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** A moment as the history shows it: date and time, short. */
export function formatTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

// One formatter for every row: toLocaleString with options builds a new one per call, which a
// history scrolling through thousands of rows pays for in dropped frames.
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A wall-clock duration: "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** A signed change: "+12.5", "−3", "0" (also for a change too small to show: not "−0.00"). */
export function formatSigned(value: number, format: (magnitude: number) => string): string {
  const magnitude = format(Math.abs(value));
  if (value === 0 || /^[0.]+$/.test(magnitude)) return '0';
  return `${value > 0 ? '+' : '−'}${magnitude}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One number of a latency summary in ms; "—" when nothing was measured (no call reached it). */
export function formatLatency(
  summary: { readonly count: number } & Readonly<Record<'p50' | 'p90' | 'p99' | 'p999' | 'max', number>>,
  key: 'p50' | 'p90' | 'p99' | 'p999' | 'max',
): string {
  return summary.count === 0 ? '—' : formatMs(summary[key]);
}
