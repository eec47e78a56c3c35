/** Parsing of options shared by several commands, with messages that name the bad value. */
import { UsageError } from './io.ts';

function wholeNumber(name: string, text: string | undefined, minimum: number, fallback: number): number {
  if (text === undefined) return fallback;
  const cleaned = text.trim().replace(/%$/, '');
  const value = Number(cleaned);
  if (cleaned === '' || !Number.isInteger(value) || value < minimum) {
    throw new UsageError(`--${name} must be a whole number ≥ ${minimum} (got "${text}")`);
  }
  return value;
}

/** spigo's -p: percent, ≥ 1 ("can't create less than 1 microservice"). */
export function parseScaleOption(text: string | undefined): number {
  return wholeNumber('scale', text, 1, 100);
}

/** spigo's -w: run regions, ≥ 1. */
export function parseRegionsOption(text: string | undefined): number {
  return wholeNumber('regions', text, 1, 1);
}

/** A duration: "60s", "2m", "1h", "500ms", or a bare number of seconds. Returns seconds. */
export function parseDurationOption(
  name: string,
  text: string | undefined,
  fallback: number | undefined,
): number | undefined {
  if (text === undefined) return fallback;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const seconds = match ? Number(match[1]) * (units[(match[2] ?? 's').toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--${name} must be a positive duration such as 60s, 2m or 500ms (got "${text}")`);
  }
  return seconds;
}

/** A positive number (rates). */
export function parsePositiveNumberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} must be a number ≥ 0 (got "${text}")`);
  }
  return value;
}

/** A whole number ≥ 0 (seeds). */
export function parseSeedOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${text}")`);
  }
  return value;
}
