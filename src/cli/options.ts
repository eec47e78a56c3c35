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
