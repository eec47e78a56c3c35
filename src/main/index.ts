/**
 * Electron main process: one sandboxed window over the built renderer, with the IPC contract's
 * channels handled by the same services and dispatcher as the web host. The run history lives in
 * the user-data folder (runs.sqlite); the engine runs in an Electron utility process; events go
 * to the app's own pages with webContents.send.
 *
 * On top of the shared services, the desktop has: the application menu built from the command
 * registry (./menu.ts), native file dialogs for the documents service, Open Recent, files from
 * the OS (argv, a second instance, macOS open-file), the window's size and position remembered
 * (./window-state.ts) and a prompt before closing a window with unsaved changes (./close-guard.ts).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  utilityProcess,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineWorkerFile } from '@engine/host/node-worker.ts';
import { createUtilityProcessFactory } from '@engine/host/utility-process.ts';
import { INITIAL_STUDIO_STATE, type CommandInvocation, type StudioState } from '@shared/commands.ts';
import type { RecentFile } from '@shared/documents.ts';
import { IMPORT_EXTENSIONS } from '@shared/import/index.ts';
import {
  REQUEST_CHANNELS,
  type ExportFormat,
  type Services,
  type StudioEventOf,
} from '@shared/ipc/contract.ts';
import { handleRequest } from '@shared/ipc/dispatcher.ts';
import { createCloseGuard, type CloseChoice, type CloseGuard } from './close-guard.ts';
import {
  createDocumentsService,
  type DocumentsService,
  type FileDialogs,
} from './documents/documents-service.ts';
import { createEventHub, mergeEventSources } from './events.ts';
import { buildMenuTemplate } from './menu.ts';
import { documentFilesFromArgv } from './open-files.ts';
import { openRunHistory, type RunHistory } from './runs/history.ts';
import { createServices } from './services/index.ts';
import { BLOCKED_URL_PATTERNS, isAllowedNavigation, mainWindowOptions } from './window-options.ts';
import { clampWindowState, readWindowState, trackWindowState, type Rectangle } from './window-state.ts';

// NOTE: resolved here, in the entry module, so the paths are relative to out/main/index.js.
const rendererPage = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preloadScript = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const pageUrl = pathToFileURL(rendererPage).href;

/** Whether Electron runs the app from its folder (`electron .`): argv then has the folder too. */
const defaultApp = Boolean((process as { defaultApp?: boolean }).defaultApp);

let history: RunHistory | null = null;
let documents: DocumentsService | null = null;
let mainWindow: BrowserWindow | null = null;
let closeGuard: CloseGuard | null = null;
let studioState: StudioState = INITIAL_STUDIO_STATE;
let recentFiles: readonly RecentFile[] = [];
/** A quit is in progress (it stops if the user cancels closing the window). */
let quitting = false;
/** Files the OS asked to open before the documents service existed. */
const earlyFiles: string[] = [];
const commandEvents = createEventHub<StudioEventOf<'commands.invoke'>>();

// One instance: a second start hands its files to this one (`second-instance`) and quits.
if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}

function start(): void {
  // Every renderer is sandboxed, whatever its options say.
  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  // macOS: a file dropped on the Dock icon or opened from the Finder (may come before ready).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromOs([file]);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    openFromOs(documentFilesFromArgv(argv, workingDirectory, defaultApp));
    const window = mainWindow ?? createWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.whenReady().then(
    () => {
      lockDownSession();
      try {
        history = openHistory();
      } catch (error) {
        // A database from a newer archsim, or not archsim's: left untouched, and said so.
        const message = error instanceof Error ? error.message : String(error);
        console.error('archsim: the run history cannot be opened', error);
        dialog.showErrorBox('archsim cannot open its run history', message);
        app.exit(1);
        return;
      }
      documents = createDocumentsService({
        dataDirectory: app.getPath('userData'),
        dialogs: electronDialogs(),
        recentFiles: true,
        defaultDirectory: app.getPath('documents'),
      });
      openFromOs([...documentFilesFromArgv(process.argv, process.cwd(), defaultApp), ...earlyFiles]);
      earlyFiles.length = 0;
      registerHandlers(history, documents);
      watchRecentFiles(documents);
      refreshMenu();
      createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    },
    (error: unknown) => {
      console.error('archsim: Electron failed to start', error);
      app.exit(1);
    },
  );

  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || quitting) app.quit();
  });

  // Active runs are cancelled (not left to be found "interrupted") and the engine is stopped.
  app.on('will-quit', () => {
    const closing = history;
    history = null;
    void closing?.close();
    void documents?.close();
  });
}

/** Files from the OS: the last one is opened (the renderer takes it with documents.takePending). */
function openFromOs(files: readonly string[]): void {
  const file = files.at(-1);
  if (file === undefined) return;
  if (documents) documents.requestOpen(file);
  else earlyFiles.push(file);
}

function openHistory(): RunHistory {
  return openRunHistory({
    dataDirectory: app.getPath('userData'),
    createWorker: createUtilityProcessFactory(utilityProcess, engineWorkerFile(import.meta.url)),
  });
}

const JSON_FILTERS = [
  { name: 'Architecture (JSON)', extensions: ['json'] },
  { name: 'All Files', extensions: ['*'] },
];

/** What each exported format is called in a save dialog. */
const EXPORT_FILTERS: Readonly<Record<ExportFormat, { name: string; extensions: string[] }>> = {
  svg: { name: 'SVG image', extensions: ['svg'] },
  png: { name: 'PNG image', extensions: ['png'] },
  json: { name: 'JSON', extensions: ['json'] },
  csv: { name: 'CSV table', extensions: ['csv'] },
  hgrm: { name: 'HdrHistogram percentile distribution', extensions: ['hgrm'] },
};

/** File → Import: what `importDocumentText` reads (spigo/archsim JSON, docker-compose, archsim SVG, OWM maps). */
const IMPORT_FILTERS = [
  {
    name: 'Architecture, docker-compose, archsim SVG or OnlineWardleyMaps',
    extensions: [...IMPORT_EXTENSIONS],
  },
  { name: 'All Files', extensions: ['*'] },
];

/** Electron's dialogs, attached to the window as sheets where there is one. */
function electronDialogs(): FileDialogs {
  return {
    async chooseFileToOpen(purpose) {
      const options: OpenDialogOptions = {
        title: purpose === 'import' ? 'Import an Architecture' : 'Open an Architecture',
        buttonLabel: purpose === 'import' ? 'Import' : 'Open',
        properties: ['openFile'],
        filters: purpose === 'import' ? IMPORT_FILTERS : JSON_FILTERS,
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFileToSave(purpose, defaultPath) {
      const exported = purpose.startsWith('export-')
        ? EXPORT_FILTERS[purpose.slice(7) as ExportFormat]
        : null;
      const options: SaveDialogOptions = {
        title: exported ? 'Export' : purpose === 'export' ? 'Export as JSON' : 'Save As',
        buttonLabel: exported || purpose === 'export' ? 'Export' : 'Save',
        defaultPath,
        filters: exported ? [exported, { name: 'All Files', extensions: ['*'] }] : JSON_FILTERS,
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const result = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}

function registerHandlers(runHistory: RunHistory, documentsService: DocumentsService): void {
  const shared = createServices({
    shell: 'electron',
    packageJsonPath: path.join(app.getAppPath(), 'package.json'),
    examplesDirectory: path.join(app.getAppPath(), 'resources', 'examples'),
    runs: runHistory.runs,
    documents: documentsService,
    onStudioState: updateStudioState,
  });
  // A save the close prompt asked for closes the window once it went through.
  const services: Services = {
    ...shared,
    'documents.save': async (handle, text) => {
      try {
        const saved = await shared['documents.save'](handle, text);
        closeGuard?.saveFinished(true);
        return saved;
      } catch (error) {
        closeGuard?.saveFinished(false);
        throw error;
      }
    },
    'documents.saveAs': async (text, name) => {
      try {
        const saved = await shared['documents.saveAs'](text, name);
        closeGuard?.saveFinished(saved !== null);
        return saved;
      } catch (error) {
        closeGuard?.saveFinished(false);
        throw error;
      }
    },
  };
  // Events go to the app's own pages only.
  mergeEventSources(runHistory.runs, documentsService, commandEvents).subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (!contents.isDestroyed() && isAllowedNavigation(contents.getURL(), pageUrl)) {
        contents.send(event.channel, event.payload);
      }
    }
  });
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      // Only our own page may call in (not a frame or page that got loaded some other way).
      if (!isAllowedNavigation(event.senderFrame?.url ?? '', pageUrl)) {
        return { ok: false, error: { message: 'request from an unknown page refused' } };
      }
      return handleRequest(services, channel, args, {
        onUnexpectedError: (failedChannel, error) => console.error(`archsim: ${failedChannel} failed`, error),
      });
    });
  }
}

/** Open Recent in the menu follows the list; the OS's own recent documents too. */
function watchRecentFiles(documentsService: DocumentsService): void {
  let newest: string | undefined;
  documentsService.onRecentFilesChanged((recent) => {
    recentFiles = recent.files;
    const first = recent.files[0]?.path;
    if (first !== undefined && first !== newest) app.addRecentDocument(first);
    newest = first;
    refreshMenu();
  });
  // Reading the list takes off files that are gone, with a notice (./documents/documents-service.ts).
  void documentsService.recent().then(
    (recent) => {
      recentFiles = recent.files;
      newest = recent.files[0]?.path;
      refreshMenu();
    },
    (error: unknown) => console.error('archsim: Open Recent could not be read', error),
  );
}

function updateStudioState(state: StudioState): void {
  const changed = JSON.stringify(state) !== JSON.stringify(studioState);
  studioState = state;
  if (!changed) return;
  refreshMenu();
  if (process.platform === 'darwin') mainWindow?.setDocumentEdited(state.document?.dirty ?? false);
}

function refreshMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        state: studioState,
        recentFiles,
        platform: process.platform,
        invoke: invokeCommand,
      }),
    ),
  );
}

/** A menu item was chosen: the renderer's commands go to it, Clear Recently Opened runs here. */
function invokeCommand(invocation: CommandInvocation): void {
  if (invocation.id === 'file.clearRecent') {
    void documents?.clearRecent();
    return;
  }
  if (!mainWindow) {
    // macOS keeps the app running without a window: the command opens one (and starts it fresh).
    createWindow();
    return;
  }
  commandEvents.emit({ channel: 'commands.invoke', payload: invocation });
}

function lockDownSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onBeforeRequest({ urls: [...BLOCKED_URL_PATTERNS] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}

/** The displays' work areas, the primary one first. */
function workAreas(): Rectangle[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map(
    (display) => display.workArea,
  );
}

function createWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const options = mainWindowOptions(preloadScript);
  const placement = clampWindowState(readWindowState(userData), workAreas(), {
    width: options.width ?? 1360,
    height: options.height ?? 860,
    minWidth: options.minWidth ?? 960,
    minHeight: options.minHeight ?? 600,
  });
  const window = new BrowserWindow({
    ...options,
    width: placement.width,
    height: placement.height,
    ...(placement.x === undefined || placement.y === undefined ? {} : { x: placement.x, y: placement.y }),
  });
  if (placement.maximized) window.maximize();
  mainWindow = window;
  trackWindowState(window, userData);

  const guard = createCloseGuard({
    unsavedDocument: () => (studioState.document?.dirty ? studioState.document.name : null),
    ask: (name) => askToSave(window, name, studioState.document?.aside),
    requestSave: () => commandEvents.emit({ channel: 'commands.invoke', payload: { id: 'file.save' } }),
    discardAutosave: async () => {
      await documents?.discardOwnAutosave();
    },
    close: () => window.close(),
    onCloseCancelled: () => {
      quitting = false;
    },
  });
  closeGuard = guard;
  window.on('close', (event) => guard.handleClose(event));
  window.on('closed', () => {
    if (mainWindow === window) {
      mainWindow = null;
      closeGuard = null;
      studioState = INITIAL_STUDIO_STATE;
      refreshMenu();
    }
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererPage);
  return window;
}

/** Save / Don't Save / Cancel, as a sheet of the window. */
async function askToSave(window: BrowserWindow, name: string, aside?: string): Promise<CloseChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: `Do you want to save the changes you made to ${name}?`,
    detail:
      aside === undefined
        ? "Your changes will be lost if you don't save them."
        : `${aside}, set aside by Create variant, has unsaved changes too. Save saves ${name} and keeps those of ${aside} to restore at the next start; Don't Save discards both.`,
  });
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}
