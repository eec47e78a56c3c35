/**
 * The services behind the IPC contract, assembled once per shell. Electron's ipcMain handlers
 * and the web host both dispatch to the object built here.
 */
import type { Services, Shell } from '@shared/ipc/contract.ts';
import { readAppInfo } from './app-info.ts';
import { createExamplesService } from './examples.ts';

export interface ServiceOptions {
  readonly shell: Shell;
  /** package.json of the app (name and version). */
  readonly packageJsonPath: string;
  /** Folder of the example architectures (resources/examples). */
  readonly examplesDirectory: string;
}

export function createServices(options: ServiceOptions): Services {
  const appInfo = readAppInfo(options.packageJsonPath, options.shell);
  const examples = createExamplesService(options.examplesDirectory);
  return {
    'app.info': () => appInfo,
    'examples.list': () => examples.list(),
    'examples.read': (id) => examples.read(id),
  };
}
