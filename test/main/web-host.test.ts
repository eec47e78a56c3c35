/**
 * The web host over real sockets: the launch token, the Host and Origin checks, the loopback-only
 * listener, the static files and the API.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRunService, type RunService } from '@main/runs/run-service.ts';
import { createServices } from '@main/services/index.ts';
import { openRunStore, type RunStore } from '@store/index.ts';
import {
  MAX_REQUEST_BYTES,
  WEB_HOST_ADDRESS,
  resolveStaticFile,
  startWebHost,
  type WebHost,
} from '@main/web-host.ts';
import { openBrowser, parseWebArguments } from '@main/web.ts';
import { createNodeWorkerFactory } from '@engine/host/node-worker.ts';
import { createDocumentsService } from '@main/documents/documents-service.ts';

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

let base: string;
let host: WebHost;
let store: RunStore;
let runs: RunService;

const INDEX = '<!doctype html><title>studio</title><script type="module" src="./assets/app.js"></script>';
const SCRIPT = 'console.log("studio");';
const LAMP = '{ "arch": "lamp", "services": [] }';

/** An HTTP request with full control of the headers (Host and Origin included). */
function send(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: WEB_HOST_ADDRESS,
        port: options.port ?? host.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function callApi(channel: string, args: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(`/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Archsim-Token': host.token, ...headers },
    body: JSON.stringify(args),
  });
}

/** The cookie the printed URL sets (name=value), read in beforeAll. */
let assetCookie = '';

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'archsim-web-host-'));
  const renderer = path.join(base, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), INDEX);
  writeFileSync(path.join(renderer, 'assets', 'app.js'), SCRIPT);
  writeFileSync(path.join(base, 'secret.txt'), 'secret');
  mkdirSync(path.join(base, 'examples'));
  writeFileSync(path.join(base, 'examples', 'lamp.json'), LAMP);
  writeFileSync(path.join(base, 'package.json'), JSON.stringify({ name: 'archsim', version: '0.0.7' }));
  store = openRunStore(':memory:');
  runs = createRunService({ store, createWorker: createNodeWorkerFactory(), log: () => undefined });
  const services = createServices({
    shell: 'web',
    packageJsonPath: path.join(base, 'package.json'),
    examplesDirectory: path.join(base, 'examples'),
    runs,
    documents: createDocumentsService({ dataDirectory: base, dialogs: null, recentFiles: false }),
  });
  host = await startWebHost({ services, events: runs, rendererDirectory: renderer });
  const page = await send(new URL(host.url).pathname + new URL(host.url).search);
  assetCookie = (page.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await host?.close();
  await runs?.close();
  store?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('web host: launch', () => {
  it('listens on 127.0.0.1 only, on a free port, with a long random token in its URL', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(host.port).toBeGreaterThan(0);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('is not reachable on any other interface', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && !entry.internal)
      .map((entry) => entry!.address.split('%')[0]!);
    for (const address of ['::1', ...others]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: address, port: host.port });
        socket.setTimeout(2000, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused, `connection on ${address}`).toBe(true);
    }
  });

  it('gets a different token each launch', async () => {
    const second = await startWebHost({
      services: createServices({
        shell: 'web',
        packageJsonPath: path.join(base, 'package.json'),
        examplesDirectory: path.join(base, 'examples'),
        runs,
        documents: createDocumentsService({ dataDirectory: base, dialogs: null, recentFiles: false }),
      }),
      rendererDirectory: path.join(base, 'renderer'),
    });
    try {
      expect(second.token).not.toBe(host.token);
      expect(second.port).not.toBe(host.port);
    } finally {
      await second.close();
    }
  });
});

describe('web host: token', () => {
  it('refuses the page, its assets and the API without the token', async () => {
    expect((await send('/')).status).toBe(403);
    expect((await send('/index.html')).status).toBe(403);
    expect((await send('/assets/app.js')).status).toBe(403);
    const api = await send('/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[]',
    });
    expect(api.status).toBe(403);
    expect(api.body).not.toContain('archsim');
  });

  it('refuses a wrong token', async () => {
    const wrong = host.token.replace(/^./, (digit) => (digit === '0' ? '1' : '0'));
    for (const token of [wrong, host.token.slice(0, 32), `${host.token}0`, '']) {
      expect((await send(`/?token=${token}`)).status, token).toBe(403);
      expect(
        (await send('/assets/app.js', { headers: { Cookie: `archsim-token-${host.port}=${token}` } })).status,
      ).toBe(403);
      expect((await callApi('app.info', [], { 'X-Archsim-Token': token })).status).toBe(403);
    }
  });

  it('serves the page for the printed URL and sets an HttpOnly, SameSite=Strict cookie for the assets', async () => {
    const page = await send(new URL(host.url).pathname + new URL(host.url).search);
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^archsim-assets-${host.port}=[0-9a-f]{64};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    // Its own key, not the token: a cookie of 127.0.0.1 goes to every port of it.
    expect(cookie).not.toContain(host.token);
    expect(
      (await send('/assets/app.js', { headers: { Cookie: `archsim-assets-${host.port}=${host.token}` } }))
        .status,
    ).toBe(403);

    const script = await send('/assets/app.js', { headers: { Cookie: `other=1; ${assetCookie}` } });
    expect(script.status).toBe(200);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('/', { headers: { Cookie: assetCookie } })).status).toBe(200);
  });

  it('does not accept the cookie instead of the API token header', async () => {
    const reply = await send('/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: assetCookie },
      body: '[]',
    });
    expect(reply.status).toBe(403);
  });

  it('sends the security headers with every response', async () => {
    for (const reply of [
      await send('/'),
      await send(`/?token=${host.token}`),
      await callApi('app.info', []),
    ]) {
      expect(reply.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self';/);
      expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('web host: Host and Origin', () => {
  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const name of [
      'evil.example',
      `evil.example:${host.port}`,
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
      `0.0.0.0:${host.port}`,
      `[::1]:${host.port}`,
    ]) {
      expect((await send(`/?token=${host.token}`, { headers: { Host: name } })).status, name).toBe(403);
      expect((await callApi('app.info', [], { Host: name })).status, name).toBe(403);
    }
  });

  it('accepts localhost:PORT as well as 127.0.0.1:PORT', async () => {
    expect(
      (await send(`/?token=${host.token}`, { headers: { Host: `localhost:${host.port}` } })).status,
    ).toBe(200);
    expect((await callApi('app.info', [], { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${host.port}`,
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://localhost:${host.port}`,
    ]) {
      expect((await callApi('app.info', [], { Origin: origin })).status, origin).toBe(403);
    }
  });

  it("accepts the page's own Origin", async () => {
    const reply = await callApi('app.info', [], { Origin: `http://127.0.0.1:${host.port}` });
    expect(reply.status).toBe(200);
  });
});

describe('web host: API', () => {
  it('answers the contract with the token', async () => {
    expect(JSON.parse((await callApi('app.info', [])).body)).toEqual({
      ok: true,
      result: { name: 'archsim', version: '0.0.7', shell: 'web' },
    });
    expect(JSON.parse((await callApi('examples.list', [])).body)).toEqual({
      ok: true,
      result: [{ id: 'lamp', title: 'lamp', description: '' }],
    });
    expect(JSON.parse((await callApi('examples.read', ['lamp'])).body)).toEqual({
      ok: true,
      result: { id: 'lamp', text: LAMP },
    });
  });

  it('reports malformed arguments, unknown channels and unknown examples as errors', async () => {
    for (const [channel, args, message] of [
      ['examples.read', ['../secret'], /^invalid arguments for examples\.read: /],
      ['examples.read', [], /^invalid arguments for examples\.read: /],
      ['app.info', { 0: 1 }, /^invalid arguments for app\.info: /],
      ['examples.read', ['missing'], /^unknown example "missing"$/],
      ['examples.delete', [], /^unknown channel "examples\.delete"$/],
      ['toString', [], /^unknown channel "toString"$/],
    ] as const) {
      const reply = await callApi(channel, args);
      const body = JSON.parse(reply.body) as { ok: boolean; error: { message: string } };
      expect(body.ok, channel).toBe(false);
      expect(body.error.message).toMatch(message);
    }
  });

  it('accepts only POSTed JSON', async () => {
    const headers = { 'X-Archsim-Token': host.token };
    expect((await send('/api/app.info', { headers })).status).toBe(405);
    expect(
      (
        await send('/api/app.info', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'text/plain' },
          body: '[]',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await send('/api/app.info', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: '[',
        })
      ).status,
    ).toBe(400);
    const huge = JSON.stringify(['x'.repeat(MAX_REQUEST_BYTES + 1)]);
    expect(
      (
        await send('/api/examples.read', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: huge,
        })
      ).status,
    ).toBe(413);
  });
});

/** The outcome of a WebSocket upgrade request to the web host. */
function upgrade(
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; socket: WebSocket | null; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events${query}`, {
      headers: { Host: `127.0.0.1:${host.port}`, ...headers },
    });
    socket.on('open', () => resolve({ status: 101, socket, body: '' }));
    socket.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, socket: null, body: Buffer.concat(chunks).toString() }),
      );
    });
    socket.on('error', (error) => reject(error));
  });
}

/** Collects the JSON messages a socket receives. */
function messages(socket: WebSocket): { channel: string; payload: Record<string, unknown> }[] {
  const received: { channel: string; payload: Record<string, unknown> }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  return received;
}

describe('web host: event WebSocket', () => {
  it('refuses an upgrade without the token, or with a wrong one', async () => {
    for (const query of ['', '?token=', `?token=${'0'.repeat(64)}`, `?token=${host.token}x`]) {
      const reply = await upgrade(query);
      expect(reply.status, query).toBe(403);
      expect(reply.body).toMatch(/token/);
    }
    // The page's cookie is not enough either: the token must be presented.
    expect((await upgrade('', { Cookie: assetCookie })).status).toBe(403);
  });

  it('refuses an upgrade with a foreign Host header, even with the token', async () => {
    for (const hostHeader of [
      'evil.example',
      `evil.example:${host.port}`,
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
    ]) {
      const reply = await upgrade(`?token=${host.token}`, { Host: hostHeader });
      expect(reply.status, hostHeader).toBe(403);
      expect(reply.body).toMatch(/Host/);
    }
  });

  it('refuses an upgrade from a foreign Origin, even with the token', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${host.port}`, 'null']) {
      const reply = await upgrade(`?token=${host.token}`, { Origin: origin });
      expect(reply.status, origin).toBe(403);
      expect(reply.body).toMatch(/cross-origin/);
    }
  });

  it('answers 404 for an upgrade anywhere else', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/app.info?token=${host.token}`);
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });

  it("streams a run's progress and its end to the page, started through the API", async () => {
    const { socket } = await upgrade(`?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port}` });
    const received = messages(socket!);
    try {
      const lamp = JSON.parse(readFileSync(path.join('resources', 'examples', 'lamp.json'), 'utf8'));
      const reply = await callApi('runs.start', [lamp, { durationS: 2, rate: 100, label: 'web' }]);
      expect(reply.status).toBe(200);
      const { ok, result } = JSON.parse(reply.body);
      expect(ok).toBe(true);
      const runId = result.runId as number;
      await until(() => received.some((message) => message.channel === 'runs.finished'));
      expect(received.filter((message) => message.channel === 'runs.progress').length).toBeGreaterThan(0);
      expect(received.at(-1)).toEqual({
        channel: 'runs.finished',
        payload: { runId, status: 'done', failureReason: null },
      });
      expect(received.every((message) => message.payload['runId'] === runId)).toBe(true);

      const listing = JSON.parse((await callApi('runs.list', [{ limit: 10 }])).body);
      expect(listing).toMatchObject({
        ok: true,
        result: { total: 1, runs: [{ id: runId, label: 'web', status: 'done' }] },
      });
      const details = JSON.parse((await callApi('runs.get', [runId])).body);
      expect(details.result.result.summary.requests).toBeGreaterThan(100);
    } finally {
      socket?.close();
    }
  }, 60_000);

  it('closes a socket that sends anything', async () => {
    const { socket } = await upgrade(`?token=${host.token}`);
    const closed = new Promise<number>((resolve) => socket!.on('close', (code) => resolve(code)));
    socket!.send('hello');
    expect(await closed).toBe(1008);
  });

  it('refuses malformed run arguments over HTTP', async () => {
    const reply = JSON.parse((await callApi('runs.start', [{ services: 'none' }, { durationS: -1 }])).body);
    expect(reply).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^invalid arguments for runs\.start: /) },
    });
    const cancel = JSON.parse((await callApi('runs.cancel', [424242])).body);
    expect(cancel).toEqual({ ok: false, error: { message: 'there is no run 424242' } });
  });
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('web host: static files', () => {
  it('never serves a file outside the renderer folder', async () => {
    const headers = { Cookie: assetCookie };
    for (const pathname of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      `/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      '/assets%00/app.js',
    ]) {
      const reply = await send(pathname, { headers });
      expect([400, 403, 404], pathname).toContain(reply.status);
      expect(reply.body, pathname).not.toContain('secret');
    }
  });

  it('maps paths inside the folder and refuses the rest', async () => {
    const root = path.join(base, 'renderer');
    expect(await resolveStaticFile(root, '/assets/app.js')).toMatchObject({
      path: path.join(root, 'assets', 'app.js'),
    });
    expect(await resolveStaticFile(root, '/../secret.txt')).toBe('outside');
    expect(await resolveStaticFile(root, '/assets/../../secret.txt')).toBe('outside');
    expect(await resolveStaticFile(root, '/index.html\0')).toBe('outside');
    expect(await resolveStaticFile(root, '/missing.js')).toBeNull();
    expect(await resolveStaticFile(root, '/assets')).toBeNull();
  });

  it('answers 404 for a missing asset and 405 for other methods', async () => {
    expect((await send('/assets/missing.js', { headers: { Cookie: assetCookie } })).status).toBe(404);
    expect((await send('/', { method: 'DELETE', headers: { Cookie: assetCookie } })).status).toBe(405);
  });
});

describe('web host command line', () => {
  it('parses its options', () => {
    expect(parseWebArguments([], '/app', () => '/home/someone/.local/share/archsim')).toEqual({
      port: 0,
      examplesDirectory: path.join('/app', 'resources', 'examples'),
      rendererDirectory: path.join('/app', 'out', 'renderer'),
      dataDirectory: '/home/someone/.local/share/archsim',
      open: true,
      file: null,
    });
    expect(
      parseWebArguments(
        ['--web', '--port', '8123', '--no-open', '--examples', '/tmp/x', '--data', '/tmp/data'],
        '/app',
      ),
    ).toMatchObject({
      port: 8123,
      open: false,
      examplesDirectory: path.resolve('/tmp/x'),
      dataDirectory: path.resolve('/tmp/data'),
    });
    expect(() => parseWebArguments(['--data'], '/app')).toThrow(/--data needs a value/);
    expect(() => parseWebArguments(['--port', 'http'], '/app')).toThrow(/--port/);
    expect(() => parseWebArguments(['--bind', '0.0.0.0'], '/app')).toThrow(/unknown argument/);
  });

  it('takes one architecture file to open, relative to where the command was typed', () => {
    const data = () => '/data';
    expect(parseWebArguments(['--no-open', 'arch/mine.json'], '/app', data, '/home/me').file).toBe(
      path.resolve('/home/me/arch/mine.json'),
    );
    expect(parseWebArguments(['/abs/riak.json', '--port', '0'], '/app', data, '/home/me').file).toBe(
      path.resolve('/abs/riak.json'),
    );
    expect(() => parseWebArguments(['a.json', 'b.json'], '/app', data, '/home/me')).toThrow(
      /one file at a time/,
    );
  });

  it('does not open a browser in CI or without a display', () => {
    expect(openBrowser('http://127.0.0.1:1/', { CI: 'true', DISPLAY: ':0', PATH: process.env['PATH'] })).toBe(
      false,
    );
    if (process.platform === 'linux') {
      expect(openBrowser('http://127.0.0.1:1/', { PATH: process.env['PATH'] })).toBe(false);
    }
  });
});
