/**
 * The Electron main process wired against a stand-in for the `electron` module (its binary
 * cannot be downloaded here): the window it opens, the IPC handlers it registers, the
 * navigation, permission and network rules it sets, and runs: the history in the user-data
 * folder, the engine in a (stand-in) utility process, events sent to its own page only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '@shared/ipc/contract.ts';
import { SECURE_WEB_PREFERENCES } from '@main/window-options.ts';
import { engineWorkerSource } from '@engine/host/node-worker.ts';
import { fakeUtilityProcess } from './support/fake-utility-process.ts';

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

  const instances: BrowserWindow[] = [];
  const state = {
    userData: '',
    fork: undefined as undefined | ((...args: unknown[]) => unknown),
    pageUrl: '',
  };

  class BrowserWindow {
    static getAllWindows = () => instances;
    readonly record: { options: Record<string, unknown>; loaded: string[] };
    readonly webContents = {
      sent: [] as [string, unknown][],
      url: '',
      isDestroyed: () => false,
      getURL: () => this.webContents.url,
      send: (channel: string, payload: unknown) => this.webContents.sent.push([channel, payload]),
    };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      windows.push(this.record);
      instances.push(this);
      this.webContents.url = state.pageUrl;
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
    instances,
    state,
    session,
    ready: () => ready(),
    module: {
      app: {
        enableSandbox: () => calls.enableSandbox++,
        on: (event: string, listener: Listener) => appListeners.set(event, listener),
        whenReady: () => whenReady,
        getAppPath: () => process.cwd(),
        getPath: (name: string) => {
          if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`);
          return state.userData;
        },
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow,
      dialog: { showErrorBox: vi.fn() },
      utilityProcess: { fork: (...args: unknown[]) => state.fork?.(...args) },
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

const utilityProcess = fakeUtilityProcess();

beforeAll(async () => {
  electron.state.userData = mkdtempSync(path.join(tmpdir(), 'archsim-user-data-'));
  electron.state.fork = utilityProcess.module.fork as (...args: unknown[]) => unknown;
  electron.state.pageUrl = pageUrl;
  await import('@main/index.ts');
  electron.ready();
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
});

afterAll(async () => {
  await electron.appListeners.get('will-quit')?.();
  rmSync(electron.state.userData, { recursive: true, force: true });
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

describe('Electron main process: runs', () => {
  const event = { senderFrame: { url: pageUrl } };
  const call = (channel: string, ...args: unknown[]) => electron.handlers.get(channel)?.(event, ...args);

  it('keeps the run history in the user-data folder', async () => {
    expect(existsSync(path.join(electron.state.userData, 'runs.sqlite'))).toBe(true);
    expect(await call('runs.storage')).toEqual({
      ok: true,
      result: {
        location: path.join(electron.state.userData, 'runs.sqlite'),
        recovered: null,
        interrupted: 0,
      },
    });
  });

  it('runs in a utility process and sends the events to its own page only', async () => {
    const [window] = electron.instances;
    const lamp = JSON.parse(readFileSync(path.resolve('resources/examples/lamp.json'), 'utf8'));
    const started = await call('runs.start', lamp, { durationS: 1, rate: 50, label: 'desktop' });
    expect(started).toEqual({ ok: true, result: { runId: 1 } });

    await vi.waitFor(() => expect(window?.webContents.sent.at(-1)?.[0]).toBe('runs.finished'), {
      timeout: 10_000,
    });
    const channels = window!.webContents.sent.map(([channel]) => channel);
    expect(channels[0]).toBe('runs.progress');
    expect(window!.webContents.sent.at(-1)).toEqual([
      'runs.finished',
      { runId: 1, status: 'done', failureReason: null },
    ]);
    // From source, the utility process is pointed at the worker's source (the build points it
    // at out/main/engine-worker.js).
    expect(utilityProcess.children[0]?.modulePath).toBe(engineWorkerSource());
    expect(await call('runs.get', 1)).toMatchObject({
      ok: true,
      result: { id: 1, status: 'done', label: 'desktop' },
    });

    // A window that navigated elsewhere (it cannot, but if it did) gets nothing.
    window!.webContents.url = 'https://evil.example/';
    const before = window!.webContents.sent.length;
    await call('runs.start', lamp, { durationS: 1, rate: 50 });
    await vi.waitFor(async () =>
      expect(await call('runs.get', 2)).toMatchObject({ ok: true, result: { status: 'done' } }),
    );
    expect(window!.webContents.sent.length).toBe(before);
    window!.webContents.url = pageUrl;
  });

  it('rejects malformed run arguments', async () => {
    expect(await call('runs.start', { services: 'none' }, {})).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^invalid arguments for runs\.start/) },
    });
    expect(await call('runs.cancel', 'all')).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^invalid arguments for runs\.cancel/) },
    });
  });
});
