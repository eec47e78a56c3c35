/**
 * The services behind the IPC contract, assembled once per shell. Electron's ipcMain handlers
 * and the web host both dispatch to the object built here; the run and documents services are
 * also where both get the events they forward.
 */
import type { StudioState } from '@shared/commands.ts';
import type { Services, Shell } from '@shared/ipc/contract.ts';
import type { DocumentsService } from '../documents/documents-service.ts';
import type { RunService } from '../runs/run-service.ts';
import { toRunId } from '@store/index.ts';
import { RequestError } from '@shared/ipc/contract.ts';
import { historyProblem } from '../runs/history-problems.ts';
import { readAppInfo } from './app-info.ts';
import { createExamplesService } from './examples.ts';
import { instanceView } from './instances.ts';

export interface ServiceOptions {
  readonly shell: Shell;
  /** package.json of the app (name and version). */
  readonly packageJsonPath: string;
  /** Folder of the example architectures (resources/examples). */
  readonly examplesDirectory: string;
  /** Runs: the queue, the engine process and the history (./runs/run-service.ts). */
  readonly runs: RunService;
  /** Files, Open Recent and the autosave (../documents/documents-service.ts). */
  readonly documents: DocumentsService;
  /** Told the renderer's state (`studio.state`): the desktop's menus and close prompt use it. */
  readonly onStudioState?: (state: StudioState) => void;
}

export function createServices(options: ServiceOptions): Services {
  const appInfo = readAppInfo(options.packageJsonPath, options.shell);
  const examples = createExamplesService(options.examplesDirectory);
  const { documents } = options;
  const runs = withHistoryProblems(options.runs);
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
    'runs.rename': (runId, label) => ({ renamed: runs.rename(toRunId(runId), label) }),
    'runs.facets': () => runs.facets(),
    'topology.instances': (document) => instanceView(document),
    'documents.open': () => documents.open(),
    'documents.import': () => documents.import(),
    'documents.recent': () => documents.recent(),
    'documents.openRecent': (recentId) => documents.openRecent(recentId),
    'documents.clearRecent': () => documents.clearRecent(),
    'documents.takePending': () => documents.takePending(),
    'documents.save': (handle, text) => documents.save(handle, text),
    'documents.saveAs': (text, name) => documents.saveAs(text, name),
    'documents.export': (text, name) => documents.export(text, name),
    'documents.exportFile': (format, data, fileName) => documents.exportFile(format, data, fileName),
    'documents.autosave': (text, info) => documents.autosave(text, info),
    'documents.restoreOffer': () => documents.restoreOffer(),
    'documents.discardAutosave': (slot) => documents.discardAutosave(slot),
    'studio.state': (state) => {
      options.onStudioState?.(state);
      return null;
    },
  };
}

type HistoryCalls = Pick<
  RunService,
  'start' | 'cancel' | 'list' | 'get' | 'delete' | 'rename' | 'facets' | 'storageInfo'
>;

/** The run service's calls, its history's SQLite errors said as RequestErrors (see `historyProblem`). */
function withHistoryProblems(runs: RunService): HistoryCalls {
  const said =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      try {
        const result = call(...args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            throw asRequestError(error);
          }) as R;
        }
        return result;
      } catch (error) {
        throw asRequestError(error);
      }
    };
  // The location is read only for the history's own errors; if even that fails, it is "file".
  const location = () => {
    try {
      return runs.storageInfo().location;
    } catch {
      return 'file';
    }
  };
  const asRequestError = (error: unknown): unknown => {
    const problem = historyProblem(error, location);
    return problem === null ? error : new RequestError(problem);
  };
  return {
    storageInfo: () => runs.storageInfo(),
    start: said((...args: Parameters<RunService['start']>) => runs.start(...args)),
    cancel: said((...args: Parameters<RunService['cancel']>) => runs.cancel(...args)),
    list: said((...args: Parameters<RunService['list']>) => runs.list(...args)),
    get: said((...args: Parameters<RunService['get']>) => runs.get(...args)),
    delete: said((...args: Parameters<RunService['delete']>) => runs.delete(...args)),
    rename: said((...args: Parameters<RunService['rename']>) => runs.rename(...args)),
    facets: said((...args: Parameters<RunService['facets']>) => runs.facets(...args)),
  };
}
