// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Platform SDKs and storage/AI clients that the core and commands/ must never import. */
const sdkBan = {
  paths: ['discord.js', 'telegraf', 'keyv', 'openai', 'node-cron'].map((name) => ({
    name,
    message: 'src/core and commands/ stay platform-neutral: go through a port in src/ instead.',
  })),
  patterns: [
    { group: ['@discordjs/*', '@keyv/*', 'telegraf/*', 'openai/*'], message: 'No SDK imports in src/core or commands/.' },
    { group: ['**/adapters/**', '**/storage/**'], message: 'The core and commands depend on ports, not on adapters or storage.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', sdkBan] },
  },
  {
    // The openai SDK lives in src/ai only (src/core and commands/ are covered by the rule above).
    files: ['src/**/*.ts'],
    ignores: ['src/ai/**', 'src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'openai', message: 'Use the AskService port (src/ai/) instead of the openai SDK.' }], patterns: [{ group: ['openai/*'], message: 'The openai SDK is used in src/ai/ only.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
