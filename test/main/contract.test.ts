/**
 * The IPC contract and its dispatcher, exercised over the in-memory channel pair: every
 * channel's arguments are validated before a service runs, and errors travel as data.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  REQUEST_CHANNELS,
  RequestError,
  isRequestChannel,
  requestSchemas,
  type RequestChannel,
  type Services,
} from '@shared/ipc/contract.ts';
import { createApi, createInMemoryApi, handleRequest } from '@shared/ipc/dispatcher.ts';

function fakeServices(): Services & { readonly [C in RequestChannel]: ReturnType<typeof vi.fn> } {
  return {
    'app.info': vi.fn(() => ({ name: 'archsim', version: '1.2.3', shell: 'web' as const })),
    'examples.list': vi.fn(() => [{ id: 'lamp', title: 'LAMP', description: 'a LAMP stack' }]),
    'examples.read': vi.fn((id: string) => ({ id, text: '{"services":[]}' })),
  };
}

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
};

describe('the IPC contract', () => {
  it('lists exactly the channels of its schemas, in contract order', () => {
    expect(REQUEST_CHANNELS).toEqual(['app.info', 'examples.list', 'examples.read']);
    expect(Object.keys(requestSchemas)).toEqual(REQUEST_CHANNELS);
    expect(Object.isFrozen(REQUEST_CHANNELS)).toBe(true);
  });

  it('recognises its own channels only', () => {
    for (const channel of REQUEST_CHANNELS) expect(isRequestChannel(channel)).toBe(true);
    for (const other of ['', 'app', 'toString', '__proto__', 'constructor', 'examples.write', 1, null]) {
      expect(isRequestChannel(other)).toBe(false);
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
    expect(Object.keys(api)).toEqual([...REQUEST_CHANNELS]);
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
