/**
 * The web host: the studio in an ordinary browser, for machines without Electron's binary and
 * for end-to-end tests (DESIGN.md §1). It serves the built renderer and the IPC contract over
 * HTTP (`POST /api/<channel>`, body = the argument list as JSON), dispatching to the same
 * services as Electron's ipcMain handlers through the same `handleRequest`.
 *
 * It is a local server that a web page in the same browser could try to reach, so:
 * - it listens on 127.0.0.1 only;
 * - every launch has a random token. The printed URL carries it (`/?token=…`); opening that URL
 *   sets an HttpOnly, SameSite=Strict cookie so the page's assets load, and every API call must
 *   send it in the `X-Archsim-Token` header (which no cross-site page can do). NOTE: the cookie
 *   holds a second random key, not the token, and opens the app's static files only: a browser
 *   sends a cookie of 127.0.0.1 to every port of it, so any other local server the browser
 *   visits would receive it;
 * - a Host header other than 127.0.0.1:PORT or localhost:PORT is refused (DNS rebinding), as is
 *   an Origin header other than the page's own;
 * - a strict Content-Security-Policy and related headers go with every response.
 *
 * Events (`runs.progress`, `runs.finished`) go out over a WebSocket on the same server and port
 * (`GET /events?token=…` upgraded), one JSON text message `{ channel, payload }` per event. The
 * upgrade request passes the same three checks (a browser cannot set a header on a WebSocket, so
 * the token comes in the query); the socket only ever sends, and closes on anything it receives.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { handleRequest } from '@shared/ipc/dispatcher.ts';
import type { Services, StudioEventSource } from '@shared/ipc/contract.ts';
import { HTTP_CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

/** The only interface the web host listens on. */
export const WEB_HOST_ADDRESS = '127.0.0.1';
/** The header that carries the launch token on API calls. */
export const TOKEN_HEADER = 'x-archsim-token';
/** Largest API request body accepted (a document to run or save travels in one, JSON-escaped). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
/** The path of the event WebSocket. */
export const EVENTS_PATH = '/events';
/** A client that lets this many bytes of events pile up unread is disconnected (it reconnects). */
const MAX_BUFFERED_EVENT_BYTES = 8 * 1024 * 1024;

export interface WebHostOptions {
  readonly services: Services;
  /** The events to forward to every connected page (the run service); none when absent. */
  readonly events?: StudioEventSource;
  /** The built renderer (out/renderer): index.html and its assets. */
  readonly rendererDirectory: string;
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Where unexpected errors are reported (default: console.error). */
  readonly logError?: (message: string, error: unknown) => void;
}

export interface WebHost {
  /** The URL to open: http://127.0.0.1:PORT/?token=TOKEN. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  /** This launch's token (64 hex digits). */
  readonly token: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': HTTP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The page URL carries the token: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Starts the web host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString('hex');
  const tokenBuffer = Buffer.from(token, 'utf8');
  /** The cookie's value: opens the static files, and nothing else. */
  const assetKey = randomBytes(32).toString('hex');
  const assetKeyBuffer = Buffer.from(assetKey, 'utf8');
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const rendererRoot = await realpath(path.resolve(options.rendererDirectory));
  let port = 0;
  const cookieName = () => `archsim-assets-${port}`;

  const isToken = (candidate: unknown): boolean => matches(candidate, tokenBuffer);
  const isAssetKey = (candidate: unknown): boolean => matches(candidate, assetKeyBuffer);

  /**
   * The Host and Origin checks every request and upgrade passes: the request's URL, or why it is
   * refused.
   */
  const checkOrigin = (request: http.IncomingMessage): URL | string => {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host.
    const host = (request.headers.host ?? '').toLowerCase();
    if (host !== `${WEB_HOST_ADDRESS}:${port}` && host !== `localhost:${port}`) {
      return 'Forbidden: unexpected Host header.';
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      return 'Forbidden: cross-origin request.';
    }
    try {
      return new URL(request.url ?? '/', `http://${host}`);
    } catch {
      return 'Bad request: malformed URL.';
    }
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);

    const url = checkOrigin(request);
    if (typeof url === 'string') return sendText(response, url.startsWith('Bad') ? 400 : 403, url);

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      return handleApi(request, response, url);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'Method not allowed.');
    }
    return handleStatic(request, response, url);
  };

  const handleApi = async (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    if (!isToken(request.headers[TOKEN_HEADER])) {
      return sendJson(response, 403, { ok: false, error: { message: 'missing or wrong token' } });
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      return sendJson(response, 405, { ok: false, error: { message: 'use POST' } });
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return sendJson(response, 415, { ok: false, error: { message: 'the body must be application/json' } });
    }
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === null) {
      response.setHeader('Connection', 'close');
      return sendJson(response, 413, { ok: false, error: { message: 'request body too large' } });
    }
    let args: unknown;
    try {
      args = JSON.parse(body);
    } catch {
      return sendJson(response, 400, { ok: false, error: { message: 'the body is not JSON' } });
    }
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return sendJson(response, 400, { ok: false, error: { message: 'malformed channel name' } });
    }
    const result = await handleRequest(options.services, channel, args, {
      onUnexpectedError: (failedChannel, error) =>
        logError(`archsim web host: ${failedChannel} failed`, error),
    });
    return sendJson(response, 200, result);
  };

  const handleStatic = async (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const queryToken = url.searchParams.get('token');
    const cookieKey = readCookie(request.headers.cookie, cookieName());
    if (isPage && isToken(queryToken)) {
      response.setHeader('Set-Cookie', `${cookieName()}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!isAssetKey(cookieKey) && !isToken(queryToken)) {
      return sendText(
        response,
        403,
        'Forbidden: open the URL archsim printed when it started (it carries the token).',
      );
    }

    let relative: string;
    try {
      relative = isPage ? 'index.html' : decodeURIComponent(url.pathname);
    } catch {
      return sendText(response, 400, 'Bad request: malformed path.');
    }
    const file = await resolveStaticFile(rendererRoot, relative);
    if (file === 'outside') return sendText(response, 403, 'Forbidden: path outside the app.');
    if (file === null) return sendText(response, 404, 'Not found.');

    response.statusCode = 200;
    response.setHeader(
      'Content-Type',
      CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    );
    response.setHeader('Content-Length', file.size);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file.path);
      stream.on('error', (error) => {
        logError('archsim web host: reading a static file failed', error);
        response.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(response);
    });
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logError('archsim web host: request failed', error);
      if (!response.headersSent) sendText(response, 500, 'Internal error.');
      else response.destroy();
    });
  });

  // Events: a WebSocket per page, sending only.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const clients = new Set<WebSocket>();
  sockets.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => clients.delete(socket));
    // Nothing is expected from the page over this socket.
    socket.on('message', () => socket.close(1008, 'this socket only sends'));
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = checkOrigin(request);
    const refusal =
      typeof url === 'string'
        ? url
        : url.pathname !== EVENTS_PATH
          ? 'Not found.'
          : !isToken(url.searchParams.get('token')) && !isToken(request.headers[TOKEN_HEADER])
            ? 'Forbidden: missing or wrong token.'
            : null;
    if (refusal !== null) {
      const status = refusal.startsWith('Not found') ? '404 Not Found' : '403 Forbidden';
      socket.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(refusal) + 1}\r\n\r\n${refusal}\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  });
  const unsubscribe =
    options.events?.subscribe((event) => {
      const text = JSON.stringify({ channel: event.channel, payload: event.payload });
      for (const client of clients) {
        if (client.readyState !== client.OPEN) continue;
        if (client.bufferedAmount > MAX_BUFFERED_EVENT_BYTES) client.terminate();
        else client.send(text);
      }
    }) ?? (() => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: WEB_HOST_ADDRESS, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${WEB_HOST_ADDRESS}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        unsubscribe();
        for (const client of clients) client.terminate();
        sockets.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Maps a URL path to a regular file inside `root`, or says why not: 'outside' for anything that
 * escapes the folder (`..`, encoded or not, absolute paths, symbolic links out), null when there
 * is no such file.
 */
export async function resolveStaticFile(
  root: string,
  urlPath: string,
): Promise<{ path: string; size: number } | 'outside' | null> {
  if (urlPath.includes('\0')) return 'outside';
  const candidate = path.resolve(root, `.${path.sep}${urlPath}`);
  if (!isInside(root, candidate)) return 'outside';
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  if (!isInside(root, real)) return 'outside';
  const info = await stat(real);
  return info.isFile() ? { path: real, size: info.size } : null;
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Whether `candidate` is the secret in `expected` (compared in constant time). */
function matches(candidate: unknown, expected: Buffer): boolean {
  if (typeof candidate !== 'string') return false;
  const buffer = Buffer.from(candidate, 'utf8');
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** The request body as text, or null when it exceeds `limit` bytes. */
async function readBody(request: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(`${text}\n`);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(value));
}
