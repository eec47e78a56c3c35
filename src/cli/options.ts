/**
 * Parsing of options shared by several commands, with messages that name the bad value. The caps
 * are the ones every shell uses (src/shared/limits.ts).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MAX_INSTANCES, MAX_DURATION_S, MAX_RATE, MAX_SCALE_PERCENT } from '@shared/limits.ts';
import { UsageError } from './io.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util's parseArgs, except that a value starting with a dash is taken as the value of the
 * option before it: `--duration -5s` is "--duration must be a positive duration (got "-5s")",
 * not "argument is ambiguous", and `--zipkin -` still means standard output.
 */
export function parseCommandArgs<const T extends OptionsConfig>(argv: readonly string[], options: T) {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    const next = argv[index + 1];
    const name = token.startsWith('--') && !token.includes('=') ? token.slice(2) : null;
    if (
      name !== null &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-(?:$|[\d.])/.test(next)
    ) {
      args.push(`${token}=${next}`);
      index++;
    } else {
      args.push(token);
    }
  }
  return parseArgs({ args, allowPositionals: true, options });
}

const grouped = (value: number) => value.toLocaleString('en-US');

function wholeNumber(
  name: string,
  text: string | undefined,
  minimum: number,
  fallback: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  if (text === undefined) return fallback;
  const cleaned = text.trim().replace(/%$/, '');
  const value = Number(cleaned);
  if (cleaned === '' || !Number.isInteger(value) || value < minimum) {
    throw new UsageError(`--${name} must be a whole number ≥ ${minimum} (got "${text}")`);
  }
  if (value > maximum) {
    throw new UsageError(`--${name} must be at most ${grouped(maximum)} (got "${text}")`);
  }
  return value;
}

/** spigo's -p: percent, ≥ 1 ("can't create less than 1 microservice"). */
export function parseScaleOption(text: string | undefined): number {
  return wholeNumber('scale', text, 1, 100, MAX_SCALE_PERCENT);
}

/** spigo's -w: run regions, ≥ 1. */
export function parseRegionsOption(text: string | undefined): number {
  return wholeNumber('regions', text, 1, 1, 1000);
}

/** --max-instances: the instance limit (default DEFAULT_MAX_INSTANCES). */
export function parseMaxInstancesOption(text: string | undefined): number {
  return wholeNumber('max-instances', text, 1, DEFAULT_MAX_INSTANCES);
}

/** The --max-instances line of each command's help. */
export const MAX_INSTANCES_HELP = `  --max-instances N refuse documents that expand to more than N instances (default ${grouped(DEFAULT_MAX_INSTANCES)})`;

/**
 * A duration: "60s", "2m", "1h", "500ms", or a bare number of seconds, at most
 * MAX_DURATION_S. Returns seconds.
 */
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
  if (seconds > MAX_DURATION_S) {
    throw new UsageError(
      `--${name} must be at most ${grouped(MAX_DURATION_S)} s (24h), the longest run archsim does (got "${text}")`,
    );
  }
  return seconds;
}

/** A number ≥ 0, at most `maximum`. */
export function parsePositiveNumberOption(
  name: string,
  text: string | undefined,
  maximum = Number.MAX_VALUE,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} must be a number ≥ 0 (got "${text}")`);
  }
  if (value > maximum) throw new UsageError(`--${name} must be at most ${grouped(maximum)} (got "${text}")`);
  return value;
}

/** Requests per second entering the system, at most MAX_RATE. */
export function parseRateOption(text: string | undefined): number | undefined {
  return parsePositiveNumberOption('rate', text, MAX_RATE);
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
