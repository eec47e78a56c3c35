/**
 * The IPC contract and its dispatcher, exercised over the in-memory channel pair: every
 * channel's arguments are validated before a service runs, errors travel as data, and events
 * reach only listeners of their channel, validated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  RequestError,
  isEventChannel,
  isRequestChannel,
  requestSchemas,
  type RequestChannel,
  type Services,
  type StudioEvent,
  type StudioEventSource,
} from '@shared/ipc/contract.ts';
import { createApi, createInMemoryApi, handleRequest, parseEvent } from '@shared/ipc/dispatcher.ts';
import type { RunSummary as StoreRunSummary, StoredRun } from '@store/index.ts';
import type { RunDetails, RunSummary } from '@shared/runs.ts';
import type { DocumentHandle } from '@shared/documents.ts';

/** The lamp example as raw JSON, the way a renderer sends it. */
const lampJson: unknown = JSON.parse(readFileSync('resources/examples/lamp.json', 'utf8'));

// The store's runs are what the contract says crosses (checked by the compiler).
const _summaryCrosses = (run: StoreRunSummary): RunSummary => run;
const _detailsCross = (run: StoredRun): RunDetails => run;

const runSummary: RunSummary = {
  id: 4,
  label: null,
  arch: 'lamp',
  scenario: null,
  seed: 1,
  engineVersion: '0.1.0',
  documentHash: 'abc',
  status: 'done',
  failureReason: null,
  createdAt: 1,
  startedAt: 2,
  finishedAt: 3,
  durationS: 1,
  rate: 100,
  summary: {
    simulatedSeconds: 1,
    instances: 3,
    requests: 100,
    completed: 100,
    errors: 0,
    unfinished: 0,
    calls: 300,
    events: 900,
  },
  p50Ms: 1.5,
  p99Ms: 9.5,
};

function fakeServices(): Services & { readonly [C in RequestChannel]: ReturnType<typeof vi.fn> } {
  return {
    'app.info': vi.fn(() => ({ name: 'archsim', version: '1.2.3', shell: 'web' as const })),
    'examples.list': vi.fn(() => [{ id: 'lamp', title: 'LAMP', description: 'a LAMP stack' }]),
    'examples.read': vi.fn((id: string) => ({ id, text: '{"services":[]}' })),
    'runs.start': vi.fn(() => ({ runId: 4 })),
    'runs.cancel': vi.fn(() => ({ cancelled: true })),
    'runs.list': vi.fn(() => ({ runs: [runSummary], total: 1 })),
    'runs.get': vi.fn(() => null),
    'runs.delete': vi.fn(() => ({ deleted: true })),
    'topology.instances': vi.fn(() => ({ instances: 0, services: [] })),
    'runs.rename': vi.fn(() => ({ renamed: true })),
    'runs.facets': vi.fn(() => ({ archs: ['lamp'], scenarios: ['zone-a'] })),
    'runs.storage': vi.fn(() => ({ location: '/data/runs.sqlite', recovered: null, interrupted: 0 })),
    'documents.open': vi.fn(() => opened),
    'documents.import': vi.fn(() => null),
    'documents.recent': vi.fn(() => ({ files: [], removed: [] })),
    'documents.openRecent': vi.fn(() => opened),
    'documents.clearRecent': vi.fn(() => ({ files: [], removed: [] })),
    'documents.takePending': vi.fn(() => null),
    'documents.save': vi.fn(() => ({
      handle: HANDLE,
      name: 'lamp.json',
      path: '/x/lamp.json',
      text: '{}\n',
    })),
    'documents.saveAs': vi.fn(() => null),
    'documents.export': vi.fn(() => null),
    'documents.exportFile': vi.fn(() => null),
    'documents.autosave': vi.fn(() => ({ savedAt: 1 })),
    'documents.restoreOffer': vi.fn(() => null),
    'documents.discardAutosave': vi.fn(() => ({ discarded: false })),
    'studio.state': vi.fn(() => null),
  };
}

const HANDLE = 'a'.repeat(32) as DocumentHandle;
const opened = { handle: HANDLE, name: 'lamp.json', path: '/x/lamp.json', text: '{}', unsaved: false };
const studioState = {
  document: { name: 'lamp.json', dirty: true, hasFile: false },
  canStartRun: true,
  canCancelRun: false,
  undo: null,
  redo: null,
  canEdit: true,
  hasSelection: false,
  panels: { examples: true, editor: true, instances: false, eureka: false, valueChain: false },
  theme: 'light',
};

/** Handles, texts and names that documents.* channels refuse. */
const malformedHandles: readonly unknown[] = [
  '/etc/passwd',
  '../lamp.json',
  'A'.repeat(32),
  'a'.repeat(31),
  'a'.repeat(33),
  'g'.repeat(32),
  42,
  null,
  { handle: HANDLE },
];
const tooLarge = 'x'.repeat(4 * 1024 * 1024 + 1);
const malformedNames: readonly unknown[] = [
  '',
  '../secret.json',
  '/etc/passwd',
  'nul\0.json',
  'x'.repeat(256),
  7,
  null,
];

const malformedRunIds: readonly unknown[] = [
  [],
  [0],
  [-1],
  [1.5],
  ['1'],
  [null],
  [{ runId: 1 }],
  [1, 2],
  [2 ** 53],
];

/** Argument lists that no channel accepts, and ones that only some reject. */
const malformedForEveryChannel: readonly unknown[] = [
  undefined,
  null,
  'lamp',
  42,
  { 0: 'lamp' },
  [1, 2, 3, 4],
  [{ id: 'lamp' }, 'extra', 'more'],
];

const malformedByChannel: { readonly [C in RequestChannel]: readonly unknown[] } = {
  'app.info': [['unexpected'], [null], [{}]],
  'examples.list': [['unexpected'], [undefined, 1], [[]]],
  'examples.read': [
    [],
    [42],
    [null],
    [['lamp']],
    [{ id: 'lamp' }],
    ['lamp', 'extra'],
    [''],
    ['../package'],
    ['..'],
    ['/etc/passwd'],
    ['lamp/../../secret'],
    ['lamp.json'],
    ['C:\\Windows\\win.ini'],
    ['lamp\0'],
    ['x'.repeat(65)],
  ],
  'runs.start': [
    [],
    [lampJson],
    [null, {}],
    ['{"services": []}', {}],
    [{ services: [{ name: 'a', package: 'kayron' }] }, {}],
    [{ services: [{ name: 'a', package: 'karyon', dependencies: ['missing'] }] }, {}],
    [lampJson, null],
    [lampJson, { durationS: 0 }],
    [lampJson, { durationS: -1 }],
    [lampJson, { durationS: 1e9 }],
    [lampJson, { durationS: Number.NaN }],
    [lampJson, { rate: 'fast' }],
    [lampJson, { rate: -5 }],
    [lampJson, { seed: 1.5 }],
    [lampJson, { seed: -1 }],
    [lampJson, { seed: 2 ** 32 }],
    [lampJson, { scale: 0 }],
    [lampJson, { regions: 0 }],
    [lampJson, { scenario: '' }],
    [lampJson, { label: 'x'.repeat(201) }],
    [lampJson, { unknown: true }],
    [lampJson, {}, 'extra'],
  ],
  'topology.instances': [
    [],
    [lampJson, 'extra'],
    ['{"services": []}'],
    [{ services: [{ name: 'a', package: 'kayron' }] }],
  ],
  'runs.rename': [[], [1], [0, 'x'], [1, 42], [1, 'x'.repeat(201)], [1, 'ok', 'extra'], ['1', 'x']],
  'runs.facets': [['unexpected'], [null]],
  'runs.cancel': malformedRunIds,
  'runs.list': [
    [],
    [null],
    ['all'],
    [{ limit: 0 }],
    [{ limit: 5000 }],
    [{ offset: -1 }],
    [{ status: 'finished' }],
    [{ extra: 1 }],
  ],
  'runs.get': malformedRunIds,
  'runs.delete': malformedRunIds,
  'runs.storage': [['unexpected'], [null]],
  'documents.open': [['/etc/passwd'], [null], [{}]],
  'documents.import': [['/home/someone/arch.json'], [null]],
  'documents.recent': [['unexpected']],
  'documents.openRecent': [
    [],
    ['/etc/passwd'],
    ['../recent'],
    ['0123456789abcdeF'],
    ['0123456789abcde'],
    ['0123456789abcdef0'],
    [0],
    [null],
    ['0123456789abcdef', 'extra'],
  ],
  'documents.clearRecent': [['all']],
  'documents.takePending': [['/etc/passwd']],
  'documents.save': [
    [],
    [HANDLE],
    ...malformedHandles.map((handle) => [handle, '{}']),
    [HANDLE, 42],
    [HANDLE, null],
    [HANDLE, { services: [] }],
    [HANDLE, tooLarge],
    [HANDLE, '{}', 'extra'],
  ],
  'documents.saveAs': [
    [],
    ['{}'],
    ...malformedNames.map((name) => ['{}', name]),
    [42, 'lamp.json'],
    [tooLarge, 'lamp.json'],
  ],
  'documents.export': [[], ['{}'], ...malformedNames.map((name) => ['{}', name]), [null, 'lamp.json']],
  'documents.exportFile': [
    [],
    ['svg', '<svg/>'],
    ['pdf', '<svg/>', 'lamp.pdf'],
    ['svg', '', 'lamp.svg'],
    ['png', 42, 'lamp.png'],
    ['svg', 'x'.repeat(24 * 1024 * 1024 + 1), 'lamp.svg'],
    ['json', '[]', '../traces.json'],
    ...malformedNames.map((name) => ['svg', '<svg/>', name]),
  ],
  'documents.autosave': [
    [],
    ['{}'],
    ['{}', null],
    ['{}', { name: 'lamp.json' }],
    ['{}', { handle: null }],
    ...malformedHandles
      .filter((handle) => handle !== null)
      .map((handle) => ['{}', { handle, name: 'x.json' }]),
    ...malformedNames.map((name) => ['{}', { handle: null, name }]),
    ['{}', { handle: null, name: 'x.json', path: '/etc/passwd' }],
    ['{}', { handle: null, name: 'x.json', slot: 'third' }],
    ['{}', { handle: null, name: 'x.json', slot: null }],
    [tooLarge, { handle: null, name: 'x.json' }],
  ],
  'documents.restoreOffer': [['unexpected']],
  'documents.discardAutosave': [[true], ['both'], [null], ['open', 'aside']],
  'studio.state': [
    [],
    [null],
    [{}],
    [{ ...studioState, theme: 'purple' }],
    [{ ...studioState, extra: 1 }],
    [{ ...studioState, document: { name: '', dirty: true, hasFile: false } }],
    [{ ...studioState, document: { name: 'x', dirty: 'yes', hasFile: false } }],
    [{ ...studioState, document: { name: 'x', dirty: true, hasFile: false, aside: '' } }],
    [{ ...studioState, document: { name: 'x', dirty: true, hasFile: false, aside: 7 } }],
    [{ ...studioState, panels: { examples: true } }],
    [studioState, 'extra'],
  ],
};

describe('the IPC contract', () => {
  it('lists exactly the channels of its schemas, in contract order', () => {
    expect(REQUEST_CHANNELS).toEqual([
      'app.info',
      'examples.list',
      'examples.read',
      'runs.start',
      'runs.cancel',
      'runs.list',
      'runs.get',
      'runs.delete',
      'runs.storage',
      'runs.rename',
      'runs.facets',
      'topology.instances',
      'documents.open',
      'documents.import',
      'documents.recent',
      'documents.openRecent',
      'documents.clearRecent',
      'documents.takePending',
      'documents.save',
      'documents.saveAs',
      'documents.export',
      'documents.exportFile',
      'documents.autosave',
      'documents.restoreOffer',
      'documents.discardAutosave',
      'studio.state',
    ]);
    expect(Object.keys(requestSchemas)).toEqual(REQUEST_CHANNELS);
    expect(Object.isFrozen(REQUEST_CHANNELS)).toBe(true);
    expect(EVENT_CHANNELS).toEqual([
      'runs.progress',
      'runs.finished',
      'commands.invoke',
      'documents.openRequested',
      'studio.notice',
    ]);
    expect(Object.isFrozen(EVENT_CHANNELS)).toBe(true);
  });

  it('recognises its own channels only', () => {
    for (const channel of REQUEST_CHANNELS) expect(isRequestChannel(channel)).toBe(true);
    for (const other of ['', 'app', 'toString', '__proto__', 'constructor', 'examples.write', 1, null]) {
      expect(isRequestChannel(other)).toBe(false);
    }
    for (const channel of EVENT_CHANNELS) expect(isEventChannel(channel)).toBe(true);
    for (const other of ['runs.start', 'toString', '__proto__', 'runs', 1, null]) {
      expect(isEventChannel(other)).toBe(false);
    }
  });
});

describe('handleRequest', () => {
  for (const channel of REQUEST_CHANNELS) {
    it(`rejects malformed arguments for ${channel} without calling the service`, async () => {
      const services = fakeServices();
      for (const args of [...malformedForEveryChannel, ...malformedByChannel[channel]]) {
        const response = await handleRequest(services, channel, args);
        expect(response, `${channel} ${JSON.stringify(args)}`).toEqual({
          ok: false,
          error: {
            message: expect.stringMatching(
              new RegExp(`^invalid arguments for ${channel.replace('.', '\\.')}: `),
            ),
          },
        });
      }
      expect(services[channel]).not.toHaveBeenCalled();
    });
  }

  it('refuses a document value nested too deep, or holding a cycle, with its place, before any service', async () => {
    const services = fakeServices();
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    const options = { durationS: 1 };
    const response = await handleRequest(services, 'runs.start', [
      { ...(lampJson as object), extra: deep },
      options,
    ]);
    expect(response).toEqual({
      ok: false,
      error: {
        message:
          'invalid arguments for runs.start: [0] $.extra.a.a.a.a.a.a.a: nested more than 1000 levels deep below here',
      },
    });
    // Over Electron's structured clone a value can even hold a cycle: nested infinitely deep.
    const cyclic: Record<string, unknown> = { ...(lampJson as object) };
    cyclic['extra'] = cyclic;
    expect(await handleRequest(services, 'runs.start', [cyclic, options])).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /^invalid arguments for runs\.start: \[0\] \$\.extra\.extra.*nested more than 1000 levels deep/,
        ),
      },
    });
    expect(services['runs.start']).not.toHaveBeenCalled();
  });

  it('calls the service with validated arguments and returns its result', async () => {
    const services = fakeServices();
    expect(await handleRequest(services, 'examples.read', ['lamp'])).toEqual({
      ok: true,
      result: { id: 'lamp', text: '{"services":[]}' },
    });
    expect(services['examples.read']).toHaveBeenCalledWith('lamp');
    expect(await handleRequest(services, 'app.info', [])).toEqual({
      ok: true,
      result: { name: 'archsim', version: '1.2.3', shell: 'web' },
    });
  });

  it('hands the documents services a handle and text, never a path', async () => {
    const services = fakeServices();
    expect(await handleRequest(services, 'documents.save', [HANDLE, '{ "services": [] }'])).toMatchObject({
      ok: true,
      result: { handle: HANDLE, name: 'lamp.json' },
    });
    expect(services['documents.save']).toHaveBeenCalledWith(HANDLE, '{ "services": [] }');
    // A document that is not (yet) valid, or not JSON at all, can still be saved or autosaved.
    expect(
      await handleRequest(services, 'documents.autosave', ['{ "servi', { handle: null, name: 'Untitled' }]),
    ).toEqual({
      ok: true,
      result: { savedAt: 1 },
    });
    expect(await handleRequest(services, 'studio.state', [studioState])).toEqual({ ok: true, result: null });
    expect(services['studio.state']).toHaveBeenCalledWith(studioState);
    // A set-aside document with unsaved changes is named, for the close prompt.
    const withAside = {
      ...studioState,
      document: { name: 'v.json', dirty: true, hasFile: false, aside: 'o.json' },
    };
    expect(await handleRequest(services, 'studio.state', [withAside])).toEqual({ ok: true, result: null });
    expect(services['studio.state']).toHaveBeenLastCalledWith(withAside);
    // The autosave's two slots: the open document's (the default) and the set-aside one's.
    const aside = { handle: null, name: 'original.json', slot: 'aside' };
    expect(await handleRequest(services, 'documents.autosave', ['{}', aside])).toMatchObject({ ok: true });
    expect(services['documents.autosave']).toHaveBeenLastCalledWith('{}', aside);
    for (const args of [[], ['open'], ['aside']]) {
      expect(await handleRequest(services, 'documents.discardAutosave', args)).toEqual({
        ok: true,
        result: { discarded: false },
      });
      expect(services['documents.discardAutosave']).toHaveBeenLastCalledWith(...args);
    }
  });

  it('hands runs.start a validated document and options', async () => {
    const services = fakeServices();
    const options = { durationS: 2, rate: 50, seed: 3, label: 'try', scenario: null };
    expect(await handleRequest(services, 'runs.start', [lampJson, options])).toEqual({
      ok: true,
      result: { runId: 4 },
    });
    expect(services['runs.start']).toHaveBeenCalledWith(
      expect.objectContaining({ arch: 'lamp', services: expect.any(Array) }),
      options,
    );
  });

  it('says which problems a refused document has, with their JSON paths', async () => {
    const response = await handleRequest(fakeServices(), 'runs.start', [
      { services: [{ name: 'a', package: 'kayron' }] },
      {},
    ]);
    expect(response).toEqual({
      ok: false,
      error: {
        message: expect.stringMatching(
          /^invalid arguments for runs\.start: \[0\] \$\.services\[0\]\.package: unknown package "kayron"/,
        ),
      },
    });
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const services = fakeServices();
    for (const channel of [
      'examples.write',
      'toString',
      '__proto__',
      'constructor',
      '',
      7,
      null,
      undefined,
    ]) {
      const response = await handleRequest(services, channel, []);
      expect(response.ok).toBe(false);
      expect(!response.ok && response.error.message).toMatch(/^unknown channel /);
    }
  });

  it("passes a RequestError's message on and hides any other error's details", async () => {
    const services = fakeServices();
    services['examples.read'].mockImplementationOnce(() => {
      throw new RequestError('unknown example "nope"');
    });
    expect(await handleRequest(services, 'examples.read', ['nope'])).toEqual({
      ok: false,
      error: { message: 'unknown example "nope"' },
    });

    const secret = new Error("ENOENT: no such file '/home/someone/secret.json'");
    services['examples.list'].mockRejectedValueOnce(secret);
    const onUnexpectedError = vi.fn();
    expect(await handleRequest(services, 'examples.list', [], { onUnexpectedError })).toEqual({
      ok: false,
      error: { message: 'examples.list failed unexpectedly' },
    });
    expect(onUnexpectedError).toHaveBeenCalledWith('examples.list', secret);
  });
});

describe('the in-memory channel pair', () => {
  it('gives the typed API over the dispatcher', async () => {
    const api = createInMemoryApi(fakeServices());
    expect(Object.keys(api)).toEqual([...REQUEST_CHANNELS, 'on']);
    expect(await api['app.info']()).toEqual({ name: 'archsim', version: '1.2.3', shell: 'web' });
    expect(await api['examples.list']()).toEqual([
      { id: 'lamp', title: 'LAMP', description: 'a LAMP stack' },
    ]);
    expect(await api['examples.read']('lamp')).toEqual({ id: 'lamp', text: '{"services":[]}' });
  });

  it('rejects with the error message of a failed request', async () => {
    const api = createInMemoryApi(fakeServices());
    const untyped = api['examples.read'] as (...args: unknown[]) => Promise<unknown>;
    await expect(untyped('../etc/passwd')).rejects.toThrow(/^invalid arguments for examples\.read: /);
    await expect(untyped()).rejects.toThrow(/^invalid arguments for examples\.read: /);
  });

  it('validates responses on arrival', async () => {
    const replies: unknown[] = [
      'not a response',
      { ok: true },
      { ok: 'yes', result: {} },
      { ok: true, result: { name: 'archsim', version: '1', shell: 'browser' } },
      { ok: true, result: { name: 'archsim', version: '1', shell: 'web', extra: true } },
    ];
    for (const reply of replies) {
      const api = createApi(async () => reply);
      await expect(api['app.info'](), JSON.stringify(reply)).rejects.toThrow(/^app\.info: malformed/);
    }
    const listing = createApi(async () => ({
      ok: true,
      result: [{ id: '../x', title: 't', description: '' }],
    }));
    await expect(listing['examples.list']()).rejects.toThrow(/malformed result/);
  });
});

describe('events', () => {
  const progress = { runId: 4, simulatedS: 1.5, durationS: 10, events: 900, requests: 150, completed: 140 };
  const finished = { runId: 4, status: 'failed', failureReason: 'the engine stopped' } as const;

  function eventSource(): StudioEventSource & { emit(event: StudioEvent): void; readonly count: number } {
    const listeners = new Set<(event: StudioEvent) => void>();
    return {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (event) => listeners.forEach((listener) => listener(event)),
      get count() {
        return listeners.size;
      },
    };
  }

  it('reach the listeners of their channel, as copies, until they unsubscribe', () => {
    const source = eventSource();
    const api = createInMemoryApi(fakeServices(), {}, source);
    expect(source.count).toBe(0); // connected on the first subscription
    const progressListener = vi.fn();
    const finishedListener = vi.fn();
    const stop = api.on('runs.progress', progressListener);
    api.on('runs.finished', finishedListener);
    expect(source.count).toBe(1);

    source.emit({ channel: 'runs.progress', payload: progress });
    source.emit({ channel: 'runs.finished', payload: finished });
    expect(progressListener).toHaveBeenCalledExactlyOnceWith(progress);
    expect(progressListener.mock.calls[0]?.[0]).not.toBe(progress);
    expect(finishedListener).toHaveBeenCalledExactlyOnceWith(finished);

    stop();
    source.emit({ channel: 'runs.progress', payload: progress });
    expect(progressListener).toHaveBeenCalledTimes(1);
  });

  it('are validated on arrival: malformed ones are dropped and reported', () => {
    let deliver: (channel: unknown, payload: unknown) => void = () => undefined;
    const reported: string[] = [];
    const api = createApi(
      async () => ({ ok: true, result: null }),
      (connect) => {
        deliver = connect;
        return () => undefined;
      },
      (message) => reported.push(message),
    );
    const listener = vi.fn();
    api.on('runs.progress', listener);
    deliver('runs.progress', { ...progress, simulatedS: 'lots' });
    deliver('runs.progress', { ...progress, extra: true });
    deliver('runs.finished', { runId: 4, status: 'exploded', failureReason: null });
    deliver('runs.secret', progress);
    deliver('__proto__', progress);
    expect(listener).not.toHaveBeenCalled();
    expect(reported).toEqual([
      expect.stringMatching(/^malformed runs\.progress event: \[simulatedS\]/),
      expect.stringMatching(/^malformed runs\.progress event: /),
      expect.stringMatching(/^malformed runs\.finished event: \[status\]/),
      'unknown event channel "runs.secret"',
      'unknown event channel "__proto__"',
    ]);
    deliver('runs.progress', progress);
    expect(listener).toHaveBeenCalledExactlyOnceWith(progress);
  });

  it('refuses a subscription to a channel that is not in the contract', () => {
    const api = createInMemoryApi(fakeServices(), {}, eventSource());
    const untyped = api.on as (channel: string, listener: unknown) => () => void;
    expect(() => untyped('runs.secret', () => undefined)).toThrow(/unknown event channel/);
    expect(() => untyped('runs.progress', 'not a function')).toThrow(/must be a function/);
  });

  it('checks commands.invoke: a known command, and a recent file only with Open Recent', () => {
    expect(parseEvent('commands.invoke', { id: 'file.save' })).toEqual({
      channel: 'commands.invoke',
      payload: { id: 'file.save' },
    });
    expect(parseEvent('commands.invoke', { id: 'file.openRecent', recentId: '0123456789abcdef' })).toEqual({
      channel: 'commands.invoke',
      payload: { id: 'file.openRecent', recentId: '0123456789abcdef' },
    });
    for (const payload of [
      { id: 'file.delete' },
      { id: 'file.openRecent' },
      { id: 'file.save', recentId: '0123456789abcdef' },
      { id: 'file.openRecent', recentId: '/etc/passwd' },
      { id: 'file.save', extra: true },
      'file.save',
    ]) {
      expect(parseEvent('commands.invoke', payload), JSON.stringify(payload)).toEqual({
        error: expect.stringMatching(/^malformed commands\.invoke event/),
      });
    }
    expect(parseEvent('studio.notice', { level: 'info', message: 'hello' })).toMatchObject({
      channel: 'studio.notice',
    });
    expect(parseEvent('studio.notice', { level: 'shout', message: 'hello' })).toMatchObject({
      error: expect.any(String),
    });
    expect(parseEvent('documents.openRequested', { name: 'lamp.json' })).toMatchObject({
      channel: 'documents.openRequested',
    });
    expect(parseEvent('documents.openRequested', { name: 'lamp.json', path: '/x' })).toMatchObject({
      error: expect.any(String),
    });
  });

  it('parses events for the other transports', () => {
    expect(parseEvent('runs.finished', finished)).toEqual({ channel: 'runs.finished', payload: finished });
    expect(parseEvent('runs.finished', {})).toEqual({ error: expect.stringMatching(/^malformed/) });
  });
});
