/**
 * Entry point of a job worker thread (./job-pool.ts): runs the jobs it is sent, one at a time,
 * and answers each with its result, or with why it failed. Progress goes out every few hundred
 * thousand events, so the pool can show how far the whole batch is.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from '../jobs.ts';
import { tuneCompilerForEngine } from './compiler-tuning.ts';
import type { JobRequest, JobResponse } from './job-pool.ts';

const port = parentPort;
if (port === null) {
  console.error('archsim job worker: start this module as a worker thread');
  process.exitCode = 1;
} else {
  tuneCompilerForEngine();
  const post = (message: JobResponse) => port.postMessage(message);
  port.on('message', (message: JobRequest) => {
    if (message.type !== 'job') return;
    const { index, job } = message;
    try {
      const result = runJob(job.document, job.options, job.seed, (progress) =>
        post({ type: 'progress', index, simulatedNs: progress.simulatedNs, durationNs: progress.durationNs }),
      );
      post({ type: 'done', index, result });
    } catch (error) {
      post({ type: 'failed', index, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
