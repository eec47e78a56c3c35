/**
 * The Electron main process wired against a stand-in for the `electron` module (its binary
 * cannot be downloaded here): the window it opens, the IPC handlers it registers and the
 * navigation, permission and network rules it sets.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '@shared/ipc/contract.ts';
import { SECURE_WEB_PREFERENCES } from '@main/window-options.ts';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener>();
  const handlers = new Map<string, Listener>();
  const windows: { options: Record<string, unknown>; loaded: string[] }[] = [];
  const calls = { enableSandbox: 0 };
  const session = {
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    blocked: undefined as { filter: { urls: string[] }; listener: Listener } | undefined,
  };
  let ready: () => void = () => undefined;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));

  class BrowserWindow {
    static getAllWindows = () => windows;
    readonly record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      windows.push(this.record);
    }
    once() {}
    async loadFile(file: string) {
      this.record.loaded.push(file);
    }
    show() {}
  }

  return {
    appListeners,
    calls,
    handlers,
    windows,
    session,
    ready: () => ready(),
    module: {
      app: {
        enableSandbox: () => calls.enableSandbox++,
        on: (event: string, listener: Listener) => appListeners.set(event, listener),
        whenReady: () => whenReady,
        getAppPath: () => process.cwd(),
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow,
      ipcMain: { handle: (channel: string, listener: Listener) => handlers.set(channel, listener) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (listener: Listener) => (session.permissionRequest = listener),
          setPermissionCheckHandler: (listener: Listener) => (session.permissionCheck = listener),
          webRequest: {
            onBeforeRequest: (filter: { urls: string[] }, listener: Listener) =>
              (session.blocked = { filter, listener }),
          },
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

const pageUrl = pathToFileURL(path.resolve('src/renderer/index.html')).href;

beforeAll(async () => {
  await import('@main/index.ts');
  electron.ready();
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
});

describe('Electron main process', () => {
  it('sandboxes every renderer and opens one secure window on the app page', () => {
    expect(electron.calls.enableSandbox).toBe(1);
    const [window] = electron.windows;
    expect(window?.options['webPreferences']).toEqual({
      ...SECURE_WEB_PREFERENCES,
      preload: path.resolve('src/preload/index.cjs'),
    });
    expect(window?.loaded).toEqual([path.resolve('src/renderer/index.html')]);
  });

  it('handles exactly the contract channels, validating through the shared dispatcher', async () => {
    expect([...electron.handlers.keys()]).toEqual([...REQUEST_CHANNELS]);
    const event = { senderFrame: { url: pageUrl } };
    const info = await electron.handlers.get('app.info')?.(event);
    expect(info).toEqual({
      ok: true,
      result: { name: 'archsim', version: expect.any(String), shell: 'electron' },
    });
    expect(await electron.handlers.get('examples.read')?.(event, '../package')).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^invalid arguments for examples\.read/) },
    });
  });

  it('answers only its own page', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '']) {
      expect(await electron.handlers.get('app.info')?.({ senderFrame: { url } })).toEqual({
        ok: false,
        error: { message: 'request from an unknown page refused' },
      });
    }
    expect(await electron.handlers.get('app.info')?.({ senderFrame: null })).toMatchObject({ ok: false });
  });

  it('denies new windows, navigation away, webviews, permissions and network requests', () => {
    const listeners = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    electron.appListeners.get('web-contents-created')?.(
      {},
      {
        setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
        on: (event: string, listener: Listener) => listeners.set(event, listener),
      },
    );
    expect(openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      listeners.get(event)?.(away, 'https://example.com/');
      expect(away.preventDefault, event).toHaveBeenCalled();
      const reload = { preventDefault: vi.fn() };
      listeners.get(event)?.(reload, pageUrl);
      expect(reload.preventDefault, event).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const decide = vi.fn();
    electron.session.permissionRequest?.({}, 'media', decide);
    expect(decide).toHaveBeenCalledWith(false);
    expect(electron.session.permissionCheck?.({}, 'clipboard-read')).toBe(false);

    expect(electron.session.blocked?.filter.urls).toEqual(
      expect.arrayContaining(['http://*/*', 'https://*/*']),
    );
    const cancel = vi.fn();
    electron.session.blocked?.listener({ url: 'https://fonts.example/font.woff2' }, cancel);
    expect(cancel).toHaveBeenCalledWith({ cancel: true });
  });
});
