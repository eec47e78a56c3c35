/**
 * Electron main process: one sandboxed window over the built renderer, with the IPC contract's
 * channels handled by the same services and dispatcher as the web host. The run history lives in
 * the user-data folder (runs.sqlite); the engine runs in an Electron utility process; run events
 * go to the app's own pages with webContents.send.
 */
import { app, BrowserWindow, dialog, ipcMain, session, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineWorkerFile } from '@engine/host/node-worker.ts';
import { createUtilityProcessFactory } from '@engine/host/utility-process.ts';
import { REQUEST_CHANNELS } from '@shared/ipc/contract.ts';
import { handleRequest } from '@shared/ipc/dispatcher.ts';
import { openRunHistory, type RunHistory } from './runs/history.ts';
import { createServices } from './services/index.ts';
import { BLOCKED_URL_PATTERNS, isAllowedNavigation, mainWindowOptions } from './window-options.ts';

// NOTE: resolved here, in the entry module, so the paths are relative to out/main/index.js.
const rendererPage = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preloadScript = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const pageUrl = pathToFileURL(rendererPage).href;

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

let history: RunHistory | null = null;

function openHistory(): RunHistory {
  return openRunHistory({
    dataDirectory: app.getPath('userData'),
    createWorker: createUtilityProcessFactory(utilityProcess, engineWorkerFile(import.meta.url)),
  });
}

function registerHandlers(runHistory: RunHistory): void {
  const services = createServices({
    shell: 'electron',
    packageJsonPath: path.join(app.getAppPath(), 'package.json'),
    examplesDirectory: path.join(app.getAppPath(), 'resources', 'examples'),
    runs: runHistory.runs,
  });
  // Events go to the app's own pages only.
  runHistory.runs.subscribe((event) => {
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

function lockDownSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onBeforeRequest({ urls: [...BLOCKED_URL_PATTERNS] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadScript));
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererPage);
  return window;
}

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
    registerHandlers(history);
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

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Active runs are cancelled (not left to be found "interrupted") and the engine is stopped.
app.on('will-quit', () => {
  const closing = history;
  history = null;
  void closing?.close();
});
