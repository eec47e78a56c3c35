// ESLint flat config. The layering rule of DESIGN.md §1 is enforced here with
// no-restricted-imports, one block per layer:
//   renderer → shared ← engine;  store → shared;  main → shared + engine + store;
//   cli → shared + engine + store.
// src/store is the run store (SQLite, Node); src/main is only the Electron shell and the web host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'This layer must stay free of Node built-ins.' };
const electron = {
  group: ['electron', 'electron/*'],
  message: 'Only src/main and src/preload may use Electron.',
};
const react = {
  group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
  message: 'React belongs to src/renderer.',
};
const sqlite = {
  group: ['better-sqlite3'],
  message: 'SQLite belongs to the run store (src/store); use it through @store/index.ts.',
};
const layer = (name) =>
  name === 'store'
    ? {
        // NOTE: narrower than the others, because "store" is also a natural name for a folder of
        // the renderer's own (its document store).
        group: ['@store/*', '**/src/store/**', '../store/*', '../../store/*'],
        message: 'This layer may not import the run store, src/store (DESIGN.md §1).',
      }
    : {
        group: [`@${name}/*`, `**/${name}/*`, `**/src/${name}/**`],
        message: `This layer may not import from src/${name} (DESIGN.md §1).`,
      };
/** The renderer may have a store folder of its own; only the run store is out of bounds. */
const runStore = { group: ['@store/*', '**/src/store/**'], message: layer('store').message };

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'resources', 'coverage', 'bench/results', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            react,
            sqlite,
            layer('engine'),
            layer('main'),
            layer('store'),
            layer('renderer'),
            layer('preload'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**'],
    ignores: ['src/engine/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            react,
            sqlite,
            layer('main'),
            layer('store'),
            layer('renderer'),
            layer('preload'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            react,
            sqlite,
            layer('main'),
            layer('store'),
            layer('renderer'),
            layer('preload'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            { group: ['better-sqlite3'], message: 'The renderer reaches the store through window.archsim.' },
            layer('engine'),
            layer('main'),
            runStore,
            layer('preload'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            react,
            sqlite,
            layer('engine'),
            layer('main'),
            layer('store'),
            layer('renderer'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [react, sqlite, layer('renderer'), layer('preload'), layer('cli')] },
      ],
    },
  },
  {
    // The run store is Node, not Electron: the CLI, the web host and the desktop app all use it.
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electron,
            react,
            layer('engine'),
            layer('main'),
            layer('renderer'),
            layer('preload'),
            layer('cli'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electron, react, layer('main'), layer('renderer'), layer('preload')] },
      ],
    },
  },
);
