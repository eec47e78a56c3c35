/**
 * A stand-in engine process for the run service's failure tests, loaded as a worker thread like
 * the real one (src/engine/host/worker.ts). The run's `scenario` option says how it misbehaves
 * once it has reported that the run started:
 *   freeze   spins forever (a hang: no more progress, no answer to cancel)
 *   throw    throws an uncaught error (the worker dies with it)
 *   exit     exits the worker with code 3
 *   garbage  sends a message outside the protocol
 */
import { parentPort } from 'node:worker_threads';

interface RunMessage {
  readonly type: string;
  readonly runId: number;
  readonly options?: { readonly scenario?: string | null };
}

const port = parentPort;
if (!port) throw new Error('faulty-engine.ts runs as a worker thread');

const progress = (runId: number, simulatedS: number) =>
  port.postMessage({
    type: 'progress',
    runId,
    simulatedS,
    durationS: 10,
    events: 0,
    requests: 0,
    completed: 0,
  });

port.on('message', (message: RunMessage) => {
  if (message.type !== 'run') return;
  const { runId } = message;
  progress(runId, 0);
  switch (message.options?.scenario) {
    case 'freeze':
      setTimeout(() => {
        for (;;) {
          // A busy loop: the thread never gets back to its message loop.
        }
      }, 10);
      break;
    case 'throw':
      setTimeout(() => {
        throw new Error('the engine fell over');
      }, 10);
      break;
    case 'exit':
      setTimeout(() => process.exit(3), 10);
      break;
    case 'garbage':
      port.postMessage({ type: 'progress', runId, simulatedS: 'lots' });
      break;
    default:
      port.postMessage({
        type: 'failed',
        runId,
        message: `no such fault ${String(message.options?.scenario)}`,
      });
  }
});
