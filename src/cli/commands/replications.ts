/**
 * `archsim run FILE --replications N [--jobs J]`: the same run with seeds seed…seed+N−1 on J
 * worker threads, reported per entry as the mean and 95 % confidence interval of each measure,
 * and (with --db) stored as one group of N runs. Replication i is exactly `archsim run FILE
 * --seed seed+i` with the same options: the same result, byte for byte.
 */
import { replicationJobs, type JobOptions } from '@engine/jobs.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { summarizeReplications } from '@shared/replications.ts';
import type { RunResult } from '@shared/results.ts';
import { runBatch } from '../batch.ts';
import { describeSeeds, formatReplicationTable } from '../group-tables.ts';
import { EXIT, type CliIo } from '../io.ts';
import { writeOutputFile } from '../outputs.ts';
import { openCliRunStore } from '../run-database.ts';

export interface ReplicationRequest {
  readonly io: CliIo;
  readonly document: ArchDocument;
  readonly options: JobOptions;
  /** The first seed. */
  readonly seed: number;
  readonly replications: number;
  readonly threads: number;
  readonly arch: string;
  readonly quiet: boolean;
  /** The run database to store the group in, if any (checked by the caller). */
  readonly database: string | undefined;
  /** Where to write the summary JSON, if anywhere (checked by the caller). */
  readonly out: string | undefined;
}

/** The summary file `--out` writes for replications. */
export const REPLICATIONS_FORMAT = 'archsim-replications-1';

export async function runReplications(request: ReplicationRequest): Promise<number> {
  const { io, document, options, seed, replications, arch } = request;
  const jobs = replicationJobs(document, options, seed, replications);
  const seeds = jobs.map((job) => job.seed);
  const store =
    request.database === undefined ? null : openCliRunStore(io, request.database, { mode: 'write' });
  if (request.database !== undefined && store === null) return EXIT.usage;
  try {
    const group =
      store === null
        ? null
        : store.createGroup({
            kind: 'replications',
            arch,
            plan: { seeds, options },
          });
    const label = `${arch}${options.scenario ? ` (${options.scenario})` : ''}: ${replications} ${replications === 1 ? 'replication' : 'replications'}`;
    const outcome = await runBatch({
      io,
      jobs,
      threads: request.threads,
      label,
      quiet: request.quiet,
      store: store === null || group === null ? null : { store, group, arch },
    });
    const results = outcome.results.filter((result): result is RunResult => result !== undefined);
    const finishedSeeds = results.map((result) => result.options.seed);
    if (results.length > 0) {
      const summary = summarizeReplications(results);
      const [first] = results as [RunResult];
      const heading =
        `${arch}: ${results.length}${results.length < replications ? ` of ${replications}` : ''} ${replications === 1 ? 'replication' : 'replications'} ` +
        `(${describeSeeds(finishedSeeds)}) of ${first.options.durationS} s at ${first.options.rate} req/s ` +
        `(${first.options.arrival})${first.scenario ? `, scenario ${first.scenario}` : ''}, ` +
        `${first.summary.instances} instances — mean ± 95 % confidence interval`;
      io.stdout(`${heading}\n\n${formatReplicationTable(summary)}\n`);
      if (request.out !== undefined) {
        const text = `${JSON.stringify({ format: REPLICATIONS_FORMAT, ...summary })}\n`;
        const problem = request.out === '-' ? null : writeOutputFile(io, request.out, (write) => write(text));
        if (request.out === '-') io.stdout(text);
        if (problem !== null) {
          io.stderr(`${request.out}: ${problem}\n`);
          return EXIT.usage;
        }
      }
    }
    if (!request.quiet) {
      io.stderr(
        `${results.length} of ${replications} runs in ${outcome.wallSeconds.toFixed(2)} s wall time on ${Math.min(request.threads, replications)} worker thread${request.threads === 1 ? '' : 's'}\n`,
      );
    }
    if (store !== null && group !== null) {
      const ids = outcome.stored.filter((id) => id !== undefined);
      io.stderr(
        `stored as group g${group} (${ids.length === 1 ? 'run' : 'runs'} ${ids.join(', ') || 'none'}) in ${request.database}\n`,
      );
    }
    if (outcome.interrupted) {
      io.stderr(`interrupted: ${results.length} of ${replications} replications finished\n`);
      return EXIT.interrupted;
    }
    return outcome.failed.length > 0 ? EXIT.problems : EXIT.ok;
  } finally {
    store?.close();
  }
}
