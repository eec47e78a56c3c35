// ESLint flat config. The layering rule of DESIGN.md §1 is enforced here with
// no-restricted-imports, one block per layer:
//   renderer → shared ← engine;  main → shared + engine;  cli → engine + shared (+ main's store).
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
const layer = (name) => ({
  group: [`@${name}/*`, `**/${name}/*`, `**/src/${name}/**`],
  message: `This layer may not import from src/${name} (DESIGN.md §1).`,
});

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
    files: ['src/engine/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [react, layer('main'), layer('renderer'), layer('preload'), layer('cli')] },
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
        { patterns: [react, layer('engine'), layer('main'), layer('renderer'), layer('cli')] },
      ],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [react, layer('renderer'), layer('preload'), layer('cli')] },
      ],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electron, react, layer('renderer'), layer('preload')] },
      ],
    },
  },
);
