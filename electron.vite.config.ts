// Builds the three Electron bundles into out/ (main, preload, renderer). Works without the
// Electron binary: electron-vite only reads node_modules/electron/package.json for its version.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

const source = (folder: string) => fileURLToPath(new URL(`./src/${folder}`, import.meta.url));

/**
 * hdr-histogram-js looks for Node's zlib with `eval('require("zlib")…')` before it falls back to
 * pako. In the renderer the CSP (no 'unsafe-eval') refuses that eval and the browser logs the
 * refusal as an error; this replaces the lookup by the failure it would meet anyway, so the
 * library goes straight to pako.
 */
function noEvalInHdrHistogram(): Plugin {
  return {
    name: 'archsim-no-eval-in-hdr-histogram',
    transform(code, id) {
      if (!id.includes('hdr-histogram-js')) return null;
      const replaced = code.replace(
        /eval\((['"])require\(\\?"zlib\\?"\)\.(?:deflateSync|inflateSync)\1\)/g,
        '(() => { throw new Error("no zlib in the renderer"); })()',
      );
      return replaced === code ? null : { code: replaced, map: null };
    },
  };
}

/** The same path aliases as tsconfig.json and vitest.config.ts. */
const alias = {
  '@shared': source('shared'),
  '@engine': source('engine'),
  '@main': source('main'),
  '@store': source('store'),
  '@renderer': source('renderer'),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rolldownOptions: {
        // Two entries over the same services: the Electron main process and the web host; and
        // the engine process they both start (a utility process or a worker thread), which
        // src/engine/host/node-worker.ts finds next to them as engine-worker.js.
        input: {
          index: source('main/index.ts'),
          web: source('main/web.ts'),
          'engine-worker': source('engine/host/worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload cannot be an ES module: CommonJS, everything bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: source('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    resolve: {
      alias: {
        ...alias,
        // Monaco's stylesheets, which its package exports do not list (only its .js files).
        '@monaco-esm': fileURLToPath(new URL('./node_modules/monaco-editor/esm', import.meta.url)),
      },
    },
    plugins: [react(), noEvalInHdrHistogram()],
    build: {
      // NOTE: no inline <script> (the CSP allows only the app's own files).
      assetsInlineLimit: 0,
      // Monaco and React Flow are large: minified, the studio parses in a fraction of the time.
      minify: true,
    },
  },
});
