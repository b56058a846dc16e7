// Lint is where the layering rules live (design §1): a wrong import fails CI, not a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto'];
const electronOnly = {
  name: 'electron',
  message:
    'electron may only be imported in main/electron/ and preload/ (a plain Node import tries to download its binary).',
};

/** Builds a no-restricted-imports rule from package names and path patterns. */
function restrict(paths, patterns) {
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      '.artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'tests/**', '*.config.ts'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        {
          allowExpressions: true,
          allowTypedFunctionExpressions: true,
          allowHigherOrderFunctions: true,
        },
      ],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          electronOnly,
          { name: 'ssh2', message: 'common/ is pure TypeScript.' },
          { name: 'ws', message: 'common/ is pure TypeScript.' },
        ],
        [
          {
            group: ['**/main/**', '**/preload/**', '**/renderer/**'],
            message: 'common/ imports nothing of the other layers.',
          },
          { group: nodeBuiltins, message: 'common/ is pure TypeScript: no node:* imports.' },
          { group: ['react', 'react-dom', 'zustand'], message: 'common/ has no UI code.' },
        ],
      ),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        [
          electronOnly,
          { name: 'ssh2', message: 'The renderer is untrusted: no SSH.' },
          { name: 'ws', message: 'Use the browser WebSocket.' },
        ],
        [
          {
            group: ['**/main/**', '**/preload/**'],
            message: 'renderer/ talks only to window.kubelab.',
          },
          {
            group: nodeBuiltins,
            message: 'renderer/ runs in a sandboxed page: no node:* imports.',
          },
        ],
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(
        [electronOnly],
        [{ group: ['**/renderer/**', '**/preload/**'], message: 'main/ does not import UI code.' }],
      ),
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [],
        [{ group: ['**/renderer/**', '**/preload/**'], message: 'main/ does not import UI code.' }],
      ),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'ssh2', message: 'preload exposes the contract only.' }],
        [
          { group: ['**/main/**', '**/renderer/**'], message: 'preload imports only common/.' },
          { group: nodeBuiltins, message: 'A sandboxed preload has no Node built-ins.' },
        ],
      ),
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{js,mjs}', 'bench/**/*.{ts,mjs}', 'bin/**/*.js'],
    rules: {
      'no-restricted-imports': restrict([electronOnly], []),
    },
  },
);
