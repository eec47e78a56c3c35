/**
 * Electron main process: one sandboxed window over the built renderer, with the IPC contract's
 * channels handled by the same services and dispatcher as the web host.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REQUEST_CHANNELS } from '@shared/ipc/contract.ts';
import { handleRequest } from '@shared/ipc/dispatcher.ts';
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

function registerHandlers(): void {
  const services = createServices({
    shell: 'electron',
    packageJsonPath: path.join(app.getAppPath(), 'package.json'),
    examplesDirectory: path.join(app.getAppPath(), 'resources', 'examples'),
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
    registerHandlers();
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
