/**
 * The security settings of the studio's window, kept apart from src/main/index.ts so tests can
 * check them without Electron (https://www.electronjs.org/docs/latest/tutorial/security).
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer is an ordinary sandboxed web page: no Node, its own JavaScript world, the
 * preload's `window.archsim` as its only way out.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
} as const satisfies WebPreferences);

/** Options of the main window; `preload` is the built preload script (out/preload/index.cjs). */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'archsim',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload },
  };
}

/**
 * Whether the window may navigate to `target`: only to the app's own page (`pageUrl`), e.g. a
 * reload or a change of its #fragment. Links to anywhere else are refused.
 */
export function isAllowedNavigation(target: string, pageUrl: string): boolean {
  try {
    const to = new URL(target);
    const page = new URL(pageUrl);
    // The host too: file://server/share/… is a network path on Windows.
    return (
      to.protocol === 'file:' &&
      to.host === page.host &&
      to.pathname === page.pathname &&
      to.search === page.search
    );
  } catch {
    return false;
  }
}

/** Requests to these are cancelled: the studio loads nothing from the network. */
export const BLOCKED_URL_PATTERNS = Object.freeze([
  'http://*/*',
  'https://*/*',
  'ws://*/*',
  'wss://*/*',
  'ftp://*/*',
]);
