// `pnpm lint`: the checks a type checker cannot make. Here, one: every regular expression in
// product code must run in linear time, since much of it runs on text a stranger sends (a mail,
// a header, an imported file). eslint-plugin-regexp proves it or names the pattern.
import tsParser from '@typescript-eslint/parser';
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
];
