// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layer table of DESIGN.md §2, as lint rules:
 *   shared → nothing · electron/node → shared · electron/main → electron/node, shared
 *   electron/preload → shared/api only · renderer → shared
 * plus: raw ipcMain only in electron/main/ipc.ts, raw ipcRenderer only in electron/preload/index.ts.
 */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const REACT = ['react', 'react-dom', 'react-dom/client', 'react-i18next', '@tanstack/react-query'];

const ban = (names, message) => names.map((name) => ({ name, message }));
const into = (folder, message) => ({ regex: `(^|/)${folder}(/|$)`, message });

const layers = {
  shared: {
    paths: [
      ...ban(['electron'], 'shared/ runs anywhere: no electron.'),
      ...ban(NODE_BUILTINS, 'shared/ runs anywhere: no Node built-ins.'),
      ...ban(REACT, 'shared/ runs anywhere: no React.'),
    ],
    patterns: [
      { regex: '^node:', message: 'shared/ runs anywhere: no Node built-ins.' },
      into('electron', 'shared/ imports nothing from electron/.'),
      into('renderer', 'shared/ imports nothing from renderer/.'),
    ],
  },
  node: {
    paths: [...ban(['electron'], 'electron/node/ is Node-only: no electron import (keeps it testable without the binary).'), ...ban(REACT, 'electron/node/ has no UI.')],
    patterns: [into('main', 'electron/node/ must not depend on electron/main.'), into('preload', 'electron/node/ must not depend on the preload.'), into('renderer', 'electron/node/ must not import the renderer.')],
  },
  main: {
    paths: [...ban(REACT, 'electron/main/ has no UI.')],
    patterns: [into('preload', 'electron/main/ must not import the preload.'), into('renderer', 'electron/main/ must not import the renderer.')],
  },
  preload: {
    paths: [...ban(NODE_BUILTINS, 'The sandboxed preload has no Node built-ins.'), ...ban(REACT, 'The preload has no UI.')],
    patterns: [
      { regex: '^node:', message: 'The sandboxed preload has no Node built-ins.' },
      { regex: '(^|/)shared/(?!api/)', message: 'The preload may import only the API contract (shared/api).' },
      into('node', 'The preload must not import electron/node.'),
      into('main', 'The preload must not import electron/main.'),
      into('renderer', 'The preload must not import the renderer.'),
    ],
  },
  renderer: {
    paths: [...ban(['electron'], 'The renderer talks to the app only through window.enishi (the preload).'), ...ban(NODE_BUILTINS, 'The renderer has no Node built-ins.')],
    patterns: [{ regex: '^node:', message: 'The renderer has no Node built-ins.' }, into('electron', 'The renderer never imports electron/: use the API contract.')],
  },
};

const IPC_MAIN = { name: 'electron', importNames: ['ipcMain'], message: 'Raw ipcMain only in electron/main/ipc.ts (the one validated binding).' };
const IPC_RENDERER = { name: 'electron', importNames: ['ipcRenderer'], message: 'Raw ipcRenderer only in electron/preload/index.ts.' };

const restrict = (layer, extraPaths = []) => ({
  'no-restricted-imports': ['error', { paths: [...layer.paths, ...extraPaths], patterns: layer.patterns }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'tests/artifacts/', '.bench/', 'types/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  { files: ['eslint.config.js', 'bin/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['shared/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(layers.shared) },
  { files: ['electron/node/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(layers.node) },
  { files: ['electron/main/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(layers.main, [IPC_MAIN]) },
  { files: ['electron/main/ipc.ts'], rules: restrict(layers.main) },
  { files: ['electron/preload/**/*.ts'], rules: restrict(layers.preload, [IPC_RENDERER]) },
  { files: ['electron/preload/index.ts'], rules: restrict(layers.preload) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // incompatible-library only says the React Compiler will skip a component (TanStack Virtual); not a defect here.
    rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/incompatible-library': 'off', ...restrict(layers.renderer) },
  },
  { files: ['tests/**/*.ts', 'scripts/**/*.ts', '**/*.test.{ts,tsx}'], rules: { 'no-console': 'off', 'no-empty-pattern': 'off' } },
);
