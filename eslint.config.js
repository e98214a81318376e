// Lint rules that guard the architecture: gateway/ stays free of Electron, no `any`
// crosses into gateway/src, and the renderer takes only types from it (one pure module aside).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'bench/results*', 'bench/.work/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
    },
  },
  {
    files: ['gateway/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'gateway/ runs without Electron; inject what it needs instead.' }] }],
    },
  },
  {
    // The renderer compiles against the gateway's contract but bundles none of its code, save
    // the one pure module that names apps, so the Logs and Costs pages agree with the server.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/gateway/src/(?!admin/client-app$)',
              allowTypeImports: true,
              message: 'The renderer takes only types from gateway/src (see renderer/src/api/contract.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // ...and that module stays import-free, so bundling it never drags Node code into the UI.
    files: ['gateway/src/admin/client-app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['*'], message: 'The renderer bundles this module: keep it import-free.' }] }] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
