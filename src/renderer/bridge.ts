/**
 * How the renderer reaches the main-process services: `window.archsim` from the preload when
 * running in Electron, else the web host's HTTP API and its event WebSocket. Both are the same
 * typed `ArchsimApi`.
 */
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import { createApi, type ConnectEvents } from '@shared/ipc/dispatcher.ts';

declare global {
  interface Window {
    /** Set by src/preload in Electron; absent in the web host. */
    readonly archsim?: ArchsimApi;
  }
}

const TOKEN_STORAGE_KEY = 'archsim.token';

/** What a request that cannot reach the web host says (and what to do about it). */
export const HOST_LOST =
  'Lost the connection to archsim (its web host has stopped): nothing was done. This window still holds the document: File > Save As keeps it as a download; start archsim again and open the URL it prints.';
/** What a request refused for its token says: the page is from another launch of the host. */
export const EARLIER_LAUNCH =
  'This page belongs to an earlier launch of archsim (its token is no longer valid): nothing was done. This window still holds the document: File > Save As keeps it as a download; then open the URL archsim printed when it last started.';

export function connectToHost(): ArchsimApi {
  return window.archsim ?? createHttpApi(takeLaunchToken());
}

/**
 * The web host's API: `POST /api/<channel>` with the argument list as the JSON body; events over
 * the WebSocket at /events.
 */
export function createHttpApi(token: string): ArchsimApi {
  return createApi(async (channel, args) => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Archsim-Token': token },
        body: JSON.stringify(args),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      // fetch says only "Failed to fetch": the host is gone (stopped, or its process ended).
      throw new Error(HOST_LOST);
    }
    if (!(response.headers.get('Content-Type') ?? '').startsWith('application/json')) {
      throw new Error(`${channel}: the web host answered ${response.status} ${response.statusText}`);
    }
    // The token refused (the host's other 403s, for a foreign Host or Origin, are plain text).
    if (response.status === 403) throw new Error(EARLIER_LAUNCH);
    return (await response.json()) as unknown;
  }, connectWebSocketEvents(token));
}

/** Reconnection delays after the event socket drops (the last one repeats). */
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000];

/**
 * The web host's events: one JSON message `{ channel, payload }` per event on a WebSocket to the
 * same host (a browser cannot set headers on it, so the token goes in the query). Reconnects
 * when the socket drops; events sent while it was down are lost (the run panel also re-reads the
 * history while a run is active, so it never waits for one forever).
 */
export function connectWebSocketEvents(token: string): ConnectEvents {
  return (deliver) => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      const current = new WebSocket(
        `${scheme}//${window.location.host}/events?token=${encodeURIComponent(token)}`,
      );
      socket = current;
      current.addEventListener('open', () => {
        attempt = 0;
      });
      current.addEventListener('message', (message: MessageEvent<unknown>) => {
        if (typeof message.data !== 'string') return;
        let event: unknown;
        try {
          event = JSON.parse(message.data);
        } catch {
          console.error('archsim: an event that is not JSON was dropped');
          return;
        }
        const { channel, payload } = (event ?? {}) as { channel?: unknown; payload?: unknown };
        deliver(channel, payload);
      });
      current.addEventListener('close', () => {
        if (socket !== current) return;
        socket = null;
        if (stopped) return;
        const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)];
        timer = setTimeout(open, delay);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  };
}

/**
 * The launch token arrives in the page URL (`?token=…`). Keep it for this tab in sessionStorage
 * and take it out of the address bar, so it does not end up in history or a screenshot.
 */
function takeLaunchToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
}
