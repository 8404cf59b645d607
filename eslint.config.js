// ESLint (flat config) with typescript-eslint: `npm run lint` (with `prettier --check .`).
// Formatting is Prettier's job (.prettierrc.json); these rules are about correctness.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      'test-results/',
      'test-artifacts/',
      '.neo4j/',
      '.papergraph/',
      '.scratch/',
      'src/generated/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` says "deliberately unused" (a resolver's parent, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Browser code of the graph explorer.
    files: ['explorer/src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Tests read JSON answers loosely: `any` there is a parsed response, not a hole in a type.
    files: ['tests/**', 'testkit/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
