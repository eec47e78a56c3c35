/**
 * The limits every shell applies alike — the command line, the studio and the web host's API — so
 * that a typo (`count: 1e9`, `--rate 1e9`, `--duration 1000000h`) is refused with a message before
 * anything is allocated, instead of a run that takes days or all the memory there is.
 *
 * Only the instance limit can be raised (`--max-instances N` on the command line): a large
 * topology is a legitimate question, and its cost is memory the user can see coming. Rates and
 * durations beyond these caps are not: a day of simulated time at ten million requests a second
 * is already far more work than a machine does in a day.
 */

/** Default limit on the instances a document expands to (standby instances included). */
export const DEFAULT_MAX_INSTANCES = 2_000_000;

/** Largest arrival rate, requests per second (a run option, `load.rate`, and load changes). */
export const MAX_RATE = 10_000_000;

/** Longest run, in simulated seconds of arrivals (a run option and `load.durationS`): one day. */
export const MAX_DURATION_S = 86_400;

/**
 * Largest scale, in percent (spigo's -p): 100,000 times every count — netflixoss at 1,600,000 %
 * is a million instances. The instance limit (DEFAULT_MAX_INSTANCES) is what guards memory.
 */
export const MAX_SCALE_PERCENT = 10_000_000;

/** Largest architecture file the command line reads: a document is kilobytes, rarely megabytes. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Deepest JSON nesting a document may have. An architecture needs about ten levels; parsers and
 * validators recurse per level, so text nested 100,000 deep would exhaust the stack.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Events per second the engine does on one core of an ordinary machine (README, Benchmarks: 3 M
 * measured on a shared 2-core VM). Used only to tell the user how long a run would take.
 */
export const ENGINE_EVENTS_PER_SECOND = 3_000_000;

/** A run estimated to need more computing than this (seconds) is warned about. */
export const HEAVY_RUN_SECONDS = 600;
