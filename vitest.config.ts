import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = (folder: string) => fileURLToPath(new URL(`./src/${folder}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@shared': alias('shared'),
      '@engine': alias('engine'),
      '@main': alias('main'),
      '@store': alias('store'),
      '@renderer': alias('renderer'),
      '@cli': alias('cli'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One Chromium for every end-to-end spec (each connects to it with a context of its own).
    globalSetup: ['./test/support/browser-server.ts'],
  },
});
