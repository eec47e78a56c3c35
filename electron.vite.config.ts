// Builds the three Electron bundles into out/ (main, preload, renderer). Works without the
// Electron binary: electron-vite only reads node_modules/electron/package.json for its version.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const source = (folder: string) => fileURLToPath(new URL(`./src/${folder}`, import.meta.url));

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
    plugins: [react()],
    build: {
      // NOTE: no inline <script> (the CSP allows only the app's own files).
      assetsInlineLimit: 0,
      // Monaco and React Flow are large: minified, the studio parses in a fraction of the time.
      minify: true,
    },
  },
});
