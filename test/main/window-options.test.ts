/**
 * The Electron window's security settings (https://www.electronjs.org/docs/latest/tutorial/security),
 * checked without Electron.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BLOCKED_URL_PATTERNS,
  SECURE_WEB_PREFERENCES,
  isAllowedNavigation,
  mainWindowOptions,
} from '@main/window-options.ts';
import {
  HTTP_CONTENT_SECURITY_POLICY,
  RENDERER_CONTENT_SECURITY_POLICY,
} from '@main/content-security-policy.ts';

describe('window options', () => {
  it('isolate and sandbox the renderer, without Node', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('are what the main window gets, plus the preload script', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toEqual({
      ...SECURE_WEB_PREFERENCES,
      preload: '/app/out/preload/index.cjs',
    });
    expect(options.show).toBe(false);
  });
});

describe('navigation', () => {
  const page = 'file:///app/out/renderer/index.html';

  it('stays on the app page', () => {
    expect(isAllowedNavigation(page, page)).toBe(true);
    expect(isAllowedNavigation(`${page}#services`, page)).toBe(true);
  });

  it('never leaves it', () => {
    for (const target of [
      'https://example.com/',
      'http://127.0.0.1:8080/index.html',
      'file:///etc/passwd',
      'file:///app/out/renderer/other.html',
      `${page}?x=1`,
      'file://attacker.example/app/out/renderer/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'not a url',
    ]) {
      expect(isAllowedNavigation(target, page), target).toBe(false);
    }
  });

  it('cancels every network request', () => {
    expect(BLOCKED_URL_PATTERNS).toEqual(
      expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']),
    );
  });
});

describe('content security policy', () => {
  it('allows only the app itself: no inline scripts, no eval, no remote origins; inline styles for Monaco', () => {
    const directives = new Map(
      RENDERER_CONTENT_SECURITY_POLICY.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(RENDERER_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(RENDERER_CONTENT_SECURITY_POLICY.match(/unsafe-inline/g)).toHaveLength(1);
    expect(HTTP_CONTENT_SECURITY_POLICY).toBe(`${RENDERER_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });

  it('is the one in the renderer page', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CONTENT_SECURITY_POLICY);
  });
});
