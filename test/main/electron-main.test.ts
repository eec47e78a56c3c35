/**
 * The Electron main process wired against a stand-in for the `electron` module (its binary
 * cannot be downloaded here): the window it opens, the IPC handlers it registers, the
 * navigation, permission and network rules it sets, and runs: the history in the user-data
 * folder, the engine in a (stand-in) utility process, events sent to its own page only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    documents: '',
    fork: undefined as undefined | ((...args: unknown[]) => unknown),
    pageUrl: '',
    /** Menu templates, in the order they were set. */
    menus: [] as unknown[][],
    /** What the next dialogs answer. */
    openAnswers: [] as (string | null)[],
    saveAnswers: [] as (string | null)[],
    messageAnswers: [] as number[],
    messages: [] as Record<string, unknown>[],
    recentDocuments: [] as string[],
  };

  class BrowserWindow {
    static getAllWindows = () => instances;
    readonly record: { options: Record<string, unknown>; loaded: string[] };
    readonly listeners = new Map<string, Listener[]>();
    destroyed = false;
    maximized = false;
    edited = false;
    bounds: { x: number; y: number; width: number; height: number };
    readonly webContents = {
      sent: [] as [string, unknown][],
      url: '',
      isDestroyed: () => this.destroyed,
      getURL: () => this.webContents.url,
      send: (channel: string, payload: unknown) => this.webContents.sent.push([channel, payload]),
    };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      windows.push(this.record);
      instances.push(this);
      this.webContents.url = state.pageUrl;
      this.bounds = {
        x: (options['x'] as number | undefined) ?? 100,
        y: (options['y'] as number | undefined) ?? 100,
        width: options['width'] as number,
        height: options['height'] as number,
      };
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
    async loadFile(file: string) {
      this.record.loaded.push(file);
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized = () => false;
    maximize() {
      this.maximized = true;
    }
    isMaximized = () => this.maximized;
    isDestroyed = () => this.destroyed;
    getNormalBounds = () => this.bounds;
    setDocumentEdited(edited: boolean) {
      this.edited = edited;
    }
    /** As Electron: `close` can be prevented; otherwise the window goes, and `closed` follows. */
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      instances.splice(instances.indexOf(this), 1);
      this.emit('closed');
      if (instances.length === 0) appListeners.get('window-all-closed')?.();
    }
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
        requestSingleInstanceLock: () => true,
        on: (event: string, listener: Listener) => appListeners.set(event, listener),
        whenReady: () => whenReady,
        getAppPath: () => process.cwd(),
        getPath: (name: string) => {
          if (name === 'userData') return state.userData;
          if (name === 'documents') return state.documents;
          throw new Error(`unexpected app.getPath(${name})`);
        },
        addRecentDocument: (file: string) => state.recentDocuments.push(file),
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow,
      Menu: {
        buildFromTemplate: (template: unknown[]) => ({ template }),
        setApplicationMenu: (menu: { template: unknown[] }) => state.menus.push(menu.template),
      },
      screen: {
        getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
        getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
      },
      dialog: {
        showErrorBox: vi.fn(),
        showOpenDialog: vi.fn(async () => {
          const answer = state.openAnswers.shift() ?? null;
          return { canceled: answer === null, filePaths: answer === null ? [] : [answer] };
        }),
        showSaveDialog: vi.fn(async () => {
          const answer = state.saveAnswers.shift() ?? null;
          return { canceled: answer === null, filePath: answer ?? '' };
        }),
        showMessageBox: vi.fn(async (_window: unknown, options: Record<string, unknown>) => {
          state.messages.push(options);
          return { response: state.messageAnswers.shift() ?? 2 };
        }),
      },
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

/** A file given on the command line at start, and the window state of a previous session. */
let startFile: string;
let originalArgv: string[];

beforeAll(async () => {
  electron.state.userData = mkdtempSync(path.join(tmpdir(), 'archsim-user-data-'));
  electron.state.documents = mkdtempSync(path.join(tmpdir(), 'archsim-documents-'));
  electron.state.fork = utilityProcess.module.fork as (...args: unknown[]) => unknown;
  electron.state.pageUrl = pageUrl;
  startFile = path.join(electron.state.documents, 'from-argv.json');
  writeFileSync(startFile, '{"services":[]}');
  // A window last seen partly off the right edge of the display.
  writeFileSync(
    path.join(electron.state.userData, 'window-state.json'),
    JSON.stringify({ version: 1, bounds: { x: 1500, y: 40, width: 1200, height: 800 }, maximized: true }),
  );
  originalArgv = process.argv;
  process.argv = ['/opt/archsim/archsim', '--some-switch', startFile];
  try {
    await import('@main/index.ts');
    electron.ready();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  } finally {
    process.argv = originalArgv;
  }
});

afterAll(async () => {
  await electron.appListeners.get('will-quit')?.();
  rmSync(electron.state.userData, { recursive: true, force: true });
  rmSync(electron.state.documents, { recursive: true, force: true });
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
        unavailable: null,
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

describe('Electron main process: the desktop', () => {
  const event = { senderFrame: { url: pageUrl } };
  const call = (channel: string, ...args: unknown[]) => electron.handlers.get(channel)?.(event, ...args);
  const window = () => electron.instances[0]!;
  type MenuItem = {
    id?: string;
    label?: string;
    role?: string;
    enabled?: boolean;
    submenu?: MenuItem[];
    click?: () => void;
  };
  const menu = () => electron.state.menus.at(-1) as MenuItem[];
  const item = (id: string): MenuItem | undefined =>
    menu()
      .flatMap((top) => top.submenu ?? [])
      .flatMap((entry) => [entry, ...(entry.submenu ?? [])])
      .find((entry) => entry.id === id);
  const sent = (channel: string) =>
    window()
      .webContents.sent.filter(([name]) => name === channel)
      .map(([, payload]) => payload);
  const dirtyState = (dirty: boolean) => ({
    document: { name: 'mine.json', dirty, hasFile: true },
    canStartRun: true,
    canCancelRun: false,
    undo: null,
    redo: null,
    canEdit: true,
    hasSelection: false,
    panels: { examples: true, editor: true, instances: false, eureka: false, valueChain: false },
    theme: 'light',
  });

  it('restores the window where it was, clamped to the display, maximised as it was', () => {
    expect(electron.windows[0]?.options).toMatchObject({ x: 720, y: 40, width: 1200, height: 800 });
    expect(window().maximized).toBe(true);
  });

  it('opens the file named on its command line: the renderer takes it when it starts', async () => {
    expect(await call('documents.takePending')).toEqual({
      ok: true,
      result: {
        handle: expect.stringMatching(/^[0-9a-f]{32}$/),
        name: 'from-argv.json',
        path: startFile,
        text: '{"services":[]}',
        unsaved: false,
      },
    });
    expect(await call('documents.takePending')).toEqual({ ok: true, result: null });
  });

  it('sets the application menu built from the registry; its items go to the renderer', () => {
    expect(menu().map((top) => top.label)).toEqual(['&File', '&Edit', '&Diagram', '&Run', '&View', '&Help']);
    const before = sent('commands.invoke').length;
    item('file.saveAs')?.click?.();
    item('help.shortcuts')?.click?.();
    expect(sent('commands.invoke').slice(before)).toEqual([{ id: 'file.saveAs' }, { id: 'help.shortcuts' }]);
  });

  it("follows the renderer's state: enabled items, and the document edited mark", async () => {
    expect(item('run.start')?.enabled).toBe(false);
    expect(await call('studio.state', dirtyState(true))).toEqual({ ok: true, result: null });
    expect(item('run.start')?.enabled).toBe(true);
    expect(item('view.toggleExamples')).toMatchObject({ checked: true });
    const menus = electron.state.menus.length;
    await call('studio.state', dirtyState(true));
    expect(electron.state.menus.length).toBe(menus); // unchanged state, no rebuild
    expect(await call('studio.state', { ...dirtyState(true), theme: 'sepia' })).toMatchObject({ ok: false });
    await call('studio.state', dirtyState(false));
  });

  it('opens and saves through native dialogs, and lists the file in Open Recent', async () => {
    const file = path.join(electron.state.documents, 'chosen.json');
    writeFileSync(file, '{"services":[],"x-kept":{"a":1}}');
    electron.state.openAnswers.push(file);
    const opened = (await call('documents.open')) as { ok: true; result: { handle: string; text: string } };
    expect(opened).toMatchObject({ ok: true, result: { name: 'chosen.json', path: file } });
    expect(electron.module.dialog.showOpenDialog).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({
        properties: ['openFile'],
        filters: expect.arrayContaining([{ name: 'Architecture (JSON)', extensions: ['json'] }]),
      }),
    );

    expect(
      await call('documents.save', opened.result.handle, '{"services":[],"x-kept":{"a":2}}'),
    ).toMatchObject({
      ok: true,
    });
    expect(readFileSync(file, 'utf8')).toBe('{"services":[],"x-kept":{"a":2}}');

    const recent = item('file.openRecent')?.submenu ?? [];
    expect(recent.map((entry) => entry.label)).toEqual([
      'chosen.json',
      'from-argv.json',
      undefined,
      'Clear Recently Opened',
    ]);
    expect(electron.state.recentDocuments.at(-1)).toBe(file);
    // A recent file goes to the renderer by id; the renderer opens it by that id.
    recent[0]?.click?.();
    const invocation = sent('commands.invoke').at(-1) as { id: string; recentId: string };
    expect(invocation).toEqual({ id: 'file.openRecent', recentId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await call('documents.openRecent', invocation.recentId)).toMatchObject({
      ok: true,
      result: { path: file },
    });
    // A raw path is refused on arrival.
    expect(await call('documents.openRecent', file)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^invalid arguments for documents\.openRecent/) },
    });

    // Save As: the dialog proposes the file's folder.
    const copy = path.join(electron.state.documents, 'copy.json');
    electron.state.saveAnswers.push(copy);
    expect(await call('documents.saveAs', '{"b":1}', 'chosen.json')).toMatchObject({
      ok: true,
      result: { path: copy },
    });
    expect(electron.module.dialog.showSaveDialog).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ defaultPath: path.join(electron.state.documents, 'chosen.json') }),
    );

    // Clear Recently Opened runs in the main process.
    item('file.clearRecent')?.click?.();
    await vi.waitFor(() => expect(item('file.openRecent')?.submenu?.[0]?.label).toBe('No Recent Files'));
  });

  it('opens files a second instance or macOS hands over', async () => {
    const second = path.join(electron.state.documents, 'second.json');
    writeFileSync(second, '{"services":[]}');
    electron.appListeners.get('second-instance')?.(
      {},
      ['/opt/archsim/archsim', '--flag', 'second.json'],
      electron.state.documents,
    );
    expect(sent('documents.openRequested').at(-1)).toEqual({ name: 'second.json' });
    expect(await call('documents.takePending')).toMatchObject({ ok: true, result: { path: second } });

    const dropped = path.join(electron.state.documents, 'dropped.json');
    writeFileSync(dropped, '{"services":[]}');
    const openFile = { preventDefault: vi.fn() };
    electron.appListeners.get('open-file')?.(openFile, dropped);
    expect(openFile.preventDefault).toHaveBeenCalled();
    expect(sent('documents.openRequested').at(-1)).toEqual({ name: 'dropped.json' });
    expect(await call('documents.takePending')).toMatchObject({ ok: true, result: { path: dropped } });
  });

  it('asks before closing with unsaved changes: Cancel keeps the window', async () => {
    await call('studio.state', dirtyState(true));
    electron.state.messageAnswers.push(2);
    window().close();
    await vi.waitFor(() => expect(electron.state.messages).toHaveLength(1));
    expect(electron.state.messages[0]).toMatchObject({
      buttons: ['Save', "Don't Save", 'Cancel'],
      message: 'Do you want to save the changes you made to mine.json?',
    });
    expect(window().destroyed).toBe(false);
  });

  it('Save: the renderer saves, then the window closes', async () => {
    const before = sent('commands.invoke').length;
    const current = window();
    electron.state.messageAnswers.push(0);
    current.close();
    await vi.waitFor(() => expect(sent('commands.invoke').slice(before)).toEqual([{ id: 'file.save' }]));
    expect(current.destroyed).toBe(false);
    // The renderer's save of its document (an untitled one: Save As, cancelled): still open.
    await call('documents.saveAs', '{}', 'mine.json');
    expect(current.destroyed).toBe(false);
    // Asked again, the save goes through: the window closes, and its size and place are kept.
    electron.state.messageAnswers.push(0);
    current.bounds = { x: 30, y: 40, width: 1000, height: 700 };
    current.maximized = false;
    current.close();
    await vi.waitFor(() => expect(sent('commands.invoke').length).toBe(before + 2));
    electron.state.saveAnswers.push(path.join(electron.state.documents, 'mine.json'));
    expect(await call('documents.saveAs', '{"saved":true}', 'mine.json')).toMatchObject({ ok: true });
    expect(current.destroyed).toBe(true);
    expect(JSON.parse(readFileSync(path.join(electron.state.userData, 'window-state.json'), 'utf8'))).toEqual(
      {
        version: 1,
        bounds: { x: 30, y: 40, width: 1000, height: 700 },
        maximized: false,
      },
    );
    expect(electron.module.app.quit).toHaveBeenCalled();
  });

  it("Don't Save: the window closes and this session's autosave is deleted", async () => {
    electron.appListeners.get('activate')?.();
    expect(electron.instances).toHaveLength(1);
    await call('documents.autosave', '{"unsaved":true}', { handle: null, name: 'Untitled' });
    expect(existsSync(path.join(electron.state.userData, 'autosave', 'autosave.json'))).toBe(true);
    await call('studio.state', dirtyState(true));
    electron.state.messageAnswers.push(1);
    const current = window();
    current.close();
    await vi.waitFor(() => expect(current.destroyed).toBe(true));
    expect(existsSync(path.join(electron.state.userData, 'autosave', 'autosave.json'))).toBe(false);
  });
});
