// `pnpm lint`: the checks a type checker cannot make.
// - Every regular expression in product code must run in linear time, since much of it runs on
//   text a stranger sends (a mail, a header, an imported file). eslint-plugin-regexp proves it
//   or names the pattern.
// - Every promise on the server is awaited or handed on: data access is asynchronous on both
//   storage engines, and a query nobody awaits fails (or commits) unobserved.
import tsParser from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import regexp from 'eslint-plugin-regexp';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**'] },
  {
    files: ['server/src/**/*.{ts,mjs}', 'packages/*/src/**/*.{ts,tsx}', 'widget/src/**/*.{ts,tsx}'],
    languageOptions: { parser: tsParser },
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts', 'server/test/**/*.ts', 'server/bench/**/*.ts', 'server/tools/**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { project: './server/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tsPlugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
];
