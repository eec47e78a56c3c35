/**
 * V8 settings a simulation runs faster with. Every process or thread that runs simulations
 * applies them before the engine's code gets hot: the engine process of the web host (./worker.ts,
 * a Node worker thread), the job workers of
 * replications and sweeps (./job-worker.ts), the CLI (src/cli/main.ts) and the benchmark
 * (bench/engine-case.ts), so that `npm run bench` measures what users run.
 *
 * NOTE: V8 inlines the functions a hot function calls until their bytecode adds up to 920 bytes
 * (`--max-inlined-bytecode-size-cumulative`). The engine's handlers — a call sent, a callee's
 * answer, the event loop itself — call many small pieces (the event queue's push, a sampler, the
 * random stream, the metrics) and reach that budget early, so the pieces past it stay calls. At
 * 3,000 bytes they are inlined: netflixoss runs 5–7 % faster (side by side on one machine,
 * alternating processes: 65 instances 4.55 → 4.85 M events/s, 100,802 instances 4.06 → 4.34 M),
 * and nothing else changes (inlining changes no arithmetic, so results are the same bit for bit;
 * more inlining beyond that, or larger single functions, measured no faster). The flags are
 * process-wide: they also apply to the rest of the process, which runs little hot code.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags, as for a command line. */
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=3000'];

/** Whether this process applied them already. */
let applied = false;

/**
 * Applies ENGINE_V8_FLAGS to this Node process (its threads included), which Node allows at run
 * time. NOTE: not in Electron's utility process (the desktop app's engine): whether Electron lets
 * V8 flags change there, or takes them on a utility process's command line, cannot be tried on
 * a machine without Electron's binary, and a refused flag would stop the engine; it runs untuned.
 */
export function tuneCompilerForEngine(): void {
  if (applied || process.versions.electron !== undefined) return;
  applied = true;
  for (const flag of ENGINE_V8_FLAGS) setFlagsFromString(flag);
}
