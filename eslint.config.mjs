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
  // Layers (README "Architecture"): imports point inwards only. Each block replaces `no-restricted-imports` for its
  // folder, so every block lists all of its folder's bans. Matched on the import string (relative or bare), which
  // covers `import`, `import type` and `export … from`. test/architecture/layer-lint.test.ts proves each ban refuses an import.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: layerBans('domain', ['contract', 'application', 'adapters', 'entry', 'cli'], true) },
      ],
    },
  },
  {
    files: ['src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: layerBans('application', ['adapters', 'entry', 'cli'], true) },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: layerBans('contract', ['application', 'adapters', 'entry', 'cli'], true) },
      ],
    },
  },
  {
    files: ['static/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)src/(?!contract(/|$))`,
              message:
                'The UI reaches the backend only through src/contract/ (types, and pure shared rules re-exported in contract/*-rules.ts).',
            },
            {
              regex: '^@forge/(?!bridge$)',
              message: 'The UI runs in the browser: of Forge it uses only @forge/bridge.',
            },
          ],
        },
      ],
    },
  },
);

/**
 * `no-restricted-imports` patterns that refuse imports of the given sibling folders of `src/` (any relative depth)
 * and, when `noForge`, of `@forge/*`.
 */
function layerBans(layer, folders, noForge) {
  const alternatives = folders.join('|');
  const bans = [
    {
      regex: String.raw`^(\.\./)+(${alternatives})(/|$)|(^|/)src/(${alternatives})(/|$)`,
      message: `src/${layer} must not import ${folders.map((f) => `src/${f}`).join(', ')} (layers point inwards: entry/cli → adapters → application → contract → domain).`,
    },
  ];
  if (noForge)
    bans.push({
      regex: '^@forge/',
      message: `src/${layer} must not import @forge/*: Forge stays in src/adapters and src/entry.`,
    });
  return bans;
}
