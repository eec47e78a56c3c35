/**
 * The services behind the IPC contract, assembled once per shell. Electron's ipcMain handlers
 * and the web host both dispatch to the object built here; the run service is also where both
 * get the events they forward.
 */
import type { Services, Shell } from '@shared/ipc/contract.ts';
import type { RunService } from '../runs/run-service.ts';
import { toRunId } from '../store/index.ts';
import { readAppInfo } from './app-info.ts';
import { createExamplesService } from './examples.ts';

export interface ServiceOptions {
  readonly shell: Shell;
  /** package.json of the app (name and version). */
  readonly packageJsonPath: string;
  /** Folder of the example architectures (resources/examples). */
  readonly examplesDirectory: string;
  /** Runs: the queue, the engine process and the history (./runs/run-service.ts). */
  readonly runs: RunService;
}

export function createServices(options: ServiceOptions): Services {
  const appInfo = readAppInfo(options.packageJsonPath, options.shell);
  const examples = createExamplesService(options.examplesDirectory);
  const { runs } = options;
  return {
    'app.info': () => appInfo,
    'examples.list': () => examples.list(),
    'examples.read': (id) => examples.read(id),
    'runs.start': (document, runOptions) => ({ runId: runs.start(document, runOptions) }),
    'runs.cancel': async (runId) => ({ cancelled: await runs.cancel(toRunId(runId)) }),
    'runs.list': (query) => runs.list(query),
    'runs.get': (runId) => runs.get(toRunId(runId)),
    'runs.delete': (runId) => ({ deleted: runs.delete(toRunId(runId)) }),
    'runs.storage': () => runs.storageInfo(),
  };
}
