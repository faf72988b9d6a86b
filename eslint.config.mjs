// Type-aware lint: strictTypeChecked catches floating promises, unsafe any and unnecessary conditions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'static/build/**',
      'static/build-preview/**',
      'coverage/**',
      'artifacts/**',
      'bench/out/**',
      'dist/**',
      '*.config.js',
      'eslint.config.mjs',
      'tools/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
