/**
 * The Content-Security-Policy of the renderer, in one place: src/renderer/index.html carries it
 * as a meta tag (for Electron's file:// page) and the web host sends it as a header (a test
 * keeps the two equal). Only the app's own files: no remote origins, no inline scripts, no eval.
 * NOTE: styles allow 'unsafe-inline' because Monaco injects `<style>` elements at run time (as
 * VS Code's own policy does); its workers come from the app's files (`worker-src 'self'`).
 */

/** Directives a document can set for itself (a meta tag ignores `frame-ancestors`). */
export const RENDERER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The policy the web host sends: the renderer's plus `frame-ancestors 'none'` (no framing). */
export const HTTP_CONTENT_SECURITY_POLICY = `${RENDERER_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
