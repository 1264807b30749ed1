// Lint: correctness plus the project's architecture rules (import direction, IPC doorways).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrictedIpc = {
  paths: [
    { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use electron/main/ipc/handle.ts or electron/preload/bridge.ts.' },
  ],
};

// A later block's no-restricted-imports replaces an earlier one's, so blocks that narrow the renderer repeat these.
const rendererPatterns = [
  { group: ['**/electron/**', 'electron', 'electron/*'], message: 'The renderer talks to main only through window.thaw.' },
  { group: ['@aws-sdk/*', 'node:*', 'fs', 'child_process'], message: 'The renderer has no Node or AWS access.' },
];

export default tseslint.config(
  { ignores: ['.tmp-*/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', restrictedIpc],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']", message: 'Use electron/main/ipc/push.ts.' },
        { selector: "CallExpression[callee.property.name='openExternal']", message: 'Use safeOpenExternal from electron/main/security.ts.' },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererPatterns }],
    },
  },
  {
    // The store holds state and actions; features render it. Pure models both need live in model/.
    files: ['renderer/src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererPatterns,
            { group: ['**/features/**'], message: 'store → model ← features: move what the store needs into renderer/src/model/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/electron/**', '**/renderer/**', 'electron'], message: 'shared/ imports nothing from either side.' }] },
      ],
    },
  },
  {
    files: ['electron/core/**', 'electron/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/core stays Electron-free.' }],
          patterns: [
            { group: ['**/renderer/**'] },
            { group: ['**/main', '**/main/**'], message: 'electron/core is plain Node: main adapts Electron to core through CoreAdapters, never the other way.' },
          ],
        },
      ],
    },
  },
  {
    // A soft limit: files stay small and split by feature. A warning, so a long file prompts a split without breaking the build.
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['electron/main/ipc/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/main/security.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
