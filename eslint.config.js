import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '.data/**', '.dependency-cruiser.cjs', '.artifacts/**', 'coverage/**', 'apps/web/**/*.vue', 'load-tests/k6/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', AbortController: 'readonly', performance: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // apps never import each other, libs never import apps: enforced by dependency-cruiser too.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/src/*', '**/apps/*/src/*'], message: 'Import libs by alias (@app/<lib>); apps never import each other.' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', 'test/**', 'load-tests/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
