/**
 * How the renderer reaches the main-process services: `window.archsim` from the preload when
 * running in Electron, else the web host's HTTP API. Both are the same typed `ArchsimApi`.
 */
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import { createApi } from '@shared/ipc/dispatcher.ts';

declare global {
  interface Window {
    /** Set by src/preload in Electron; absent in the web host. */
    readonly archsim?: ArchsimApi;
  }
}

const TOKEN_STORAGE_KEY = 'archsim.token';

export function connectToHost(): ArchsimApi {
  return window.archsim ?? createHttpApi(takeLaunchToken());
}

/** The web host's API: `POST /api/<channel>` with the argument list as the JSON body. */
export function createHttpApi(token: string): ArchsimApi {
  return createApi(async (channel, args) => {
    const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Archsim-Token': token },
      body: JSON.stringify(args),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!(response.headers.get('Content-Type') ?? '').startsWith('application/json')) {
      throw new Error(`${channel}: the web host answered ${response.status} ${response.statusText}`);
    }
    return (await response.json()) as unknown;
  });
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
