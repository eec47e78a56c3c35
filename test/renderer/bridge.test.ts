/**
 * The web host's HTTP API as the page sees it: a host that has gone, or a page from an earlier
 * launch, is said in words a user can act on (not "Failed to fetch" or "missing or wrong token").
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EARLIER_LAUNCH, HOST_LOST, createHttpApi } from '@renderer/bridge.ts';

class FakeSocket {
  addEventListener(): void {}
  close(): void {}
}

beforeEach(() => {
  (globalThis as { window?: unknown }).window = { location: { protocol: 'http:', host: '127.0.0.1:1' } };
  vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
  vi.unstubAllGlobals();
});

describe('the web host API in the page', () => {
  it('says the host is gone when it cannot be reached', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const api = createHttpApi('t');
    await expect(api['app.info']()).rejects.toThrow(HOST_LOST);
    expect(HOST_LOST).toMatch(/^Lost the connection to archsim .*File > Save As keeps it/);
  });

  it('says the page is from an earlier launch when the host refuses its token', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(JSON.stringify({ ok: false, error: { message: 'missing or wrong token' } }), {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    await expect(createHttpApi('old')['app.info']()).rejects.toThrow(EARLIER_LAUNCH);
  });

  it('passes a service’s own answer on', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(JSON.stringify({ ok: true, result: { name: 'archsim', version: '1', shell: 'web' } }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    expect(await createHttpApi('t')['app.info']()).toEqual({ name: 'archsim', version: '1', shell: 'web' });
  });
});
