// Lint is where the layering rules live (design §1): a wrong import fails CI, not a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layerPlugin } from './eslint-rules/layerImports.js';
import { layers, SESSION_BUILDERS, testing } from './eslint-rules/layers.js';

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
    // The layer rules (eslint-rules/layers.js): each layer's imports are an allowlist.
    files: ['common/**/*.ts', 'main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { kubelab: layerPlugin },
    rules: { 'kubelab/layer-imports': ['error', { layers, testing }] },
  },
  {
    // One path to a machine (eslint-rules/layers.js, SESSION_BUILDERS): an allowlist of the files
    // that may build SSH sessions; every other TypeScript file in the repository may not.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: SESSION_BUILDERS.allowedIn,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: SESSION_BUILDERS.modules,
              allowTypeImports: true,
              message: SESSION_BUILDERS.message,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{js,mjs}', 'bench/**/*.{ts,mjs}', 'bin/**/*.js'],
    rules: {
      // A plain Node import of `electron` tries to download its binary and throws.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'electron may only be imported in main/electron/ and preload/.',
            },
          ],
        },
      ],
    },
  },
);
