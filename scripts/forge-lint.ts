/**
 * `npm run forge:lint`: Forge's own linter (`@forge/lint`, what `forge lint` and `forge deploy` run) without
 * the Forge CLI, its login or the network.
 *
 * - Manifest: the client-side manifest linters (FULL and PRODUCT_TRIGGER validation, permissions, deprecated
 *   CSP/egress declarations) on `manifest.yml`.
 * - Code against scopes: every `requestJira(route\`…\`)` in `src/` is looked up in the Jira Cloud OpenAPI
 *   description and its OAuth scopes must be in the manifest. The description is read from
 *   `../shared/jira-openapi/` (not part of this repository); the other products get `{"paths":{}}` stubs.
 * - Self-test: the same code against the manifest without `read:jira-work` must produce missing-scope errors,
 *   so a lint that silently sees no API call cannot pass.
 *
 * Exit code 1 on any lint error (or a failed self-test); 0 when clean or when the OpenAPI file is absent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  getClientSideLintersOnly,
  parseSourceFile,
  PermissionLinter,
  problemCount,
  reportLintResults,
  tsParser,
} from '@forge/lint';
import type { LintInput, LintResult } from '@forge/lint';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import type { ManifestSchema } from '@forge/manifest';

const repoRoot = path.resolve(__dirname, '..');
const jiraOpenApiRelative = '../shared/jira-openapi/jira-platform-openapi-2025-12.json';
const jiraOpenApi = path.resolve(repoRoot, jiraOpenApiRelative);
/** The scope whose removal the self-test expects the linter to notice. */
const SELF_TEST_SCOPE = 'read:jira-work';
/** Forge's "development" environment: only used in the linters' messages. */
const ENVIRONMENT = 'development';
/**
 * Runtimes to warn about. Online, Forge's feature service supplies this list; offline we name the ones whose
 * Node.js line has reached end of life (Node 18: April 2025, Node 20: April 2026).
 */
const DEPRECATED_RUNTIMES = ['nodejs18.x', 'nodejs20.x'];

type StatsigForLint = Parameters<typeof getClientSideLintersOnly>[3];

const logger = {
  info: (message: string): void => {
    console.log(message);
  },
};

/** TypeScript/JavaScript files Forge bundles from `src/` (tests are not deployed). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|jsx)$/.test(entry.name) && !/\.test\.(ts|tsx|js|jsx)$/.test(entry.name)
      ? [full]
      : [];
  });
}

/** Points @forge/lint's permission linter at local OpenAPI files: the Jira one, empty stubs for the rest. */
function useLocalOpenApi(jiraFile: string): string {
  const stubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-openapi-'));
  const stub = path.join(stubDir, 'empty-openapi.json');
  fs.writeFileSync(stub, JSON.stringify({ paths: {} }));
  process.env['USE_LOCAL_SWAGGER'] = '1';
  process.env['LOCAL_JIRA_SWAGGER'] = jiraFile;
  for (const product of ['JSM', 'JSW', 'CONF', 'CONF_V2', 'BB'])
    process.env[`LOCAL_${product}_SWAGGER`] = stub;
  return stubDir;
}

async function loadManifest(): Promise<ManifestSchema> {
  const result = await ProcessorBuilder.instance()
    .withValidation(ValidationTypes.BASIC)
    .build()
    .process('manifest.yml');
  const manifest = result.manifestObject?.typedContent;
  if (manifest === undefined || !('modules' in manifest)) {
    const problems = (result.errors ?? []).map((e) => `  ${e.message}`).join('\n');
    throw new Error(`manifest.yml could not be read:\n${problems}`);
  }
  return manifest;
}

async function runLinters(
  linters: readonly {
    bootstrap(): Promise<void>;
    batchExecute(inputs?: LintInput[]): Promise<LintResult[]>;
  }[],
  inputs: LintInput[],
): Promise<LintResult[]> {
  const results: LintResult[] = [];
  for (const linter of linters) {
    await linter.bootstrap();
    results.push(...(await linter.batchExecute(inputs)));
  }
  return results;
}

async function main(): Promise<number> {
  if (!fs.existsSync(jiraOpenApi)) {
    console.log('forge lint: skipped (../shared/jira-openapi not present)');
    return 0;
  }
  // The linters read manifest.yml and tsconfig.json from the working directory, as the Forge CLI does.
  process.chdir(repoRoot);
  const stubDir = useLocalOpenApi(jiraOpenApi);
  try {
    const manifest = await loadManifest();
    const files = sourceFiles(path.join(repoRoot, 'src'))
      .map((file) => path.relative(repoRoot, file))
      .sort();
    // Parsed here rather than by @forge/lint's `lint()`: that one only lints TypeScript files listed literally in
    // tsconfig's "include" (directories such as "src" match no file), so it would silently skip all of src/.
    const inputs = await Promise.all(files.map((file) => parseSourceFile(file, tsParser)));

    console.log(`forge lint (offline, @forge/lint) — Jira API description: ${jiraOpenApiRelative}`);
    const declaredScopes = manifest.permissions?.scopes ?? [];
    const scopeNames = Array.isArray(declaredScopes) ? declaredScopes : Object.keys(declaredScopes);
    console.log(
      `  manifest.yml: ${Object.keys(manifest.modules ?? {}).join(', ')}; scopes: ${scopeNames.join(', ') || 'none'}`,
    );
    console.log(`  ${files.length} source files: ${files.join(', ')}`);

    const statsig: StatsigForLint = {
      getDeprecatedRuntimes: () => Promise.resolve(DEPRECATED_RUNTIMES),
      // The manifest linters only ask for the deprecated runtimes; the rest of the feature service is not used.
    } as unknown as StatsigForLint;
    const linters = await getClientSideLintersOnly(manifest, ENVIRONMENT, logger, statsig);
    console.log(`  linters: ${linters.map((linter) => linter.constructor.name).join(', ')}`);
    const results = await runLinters(linters, inputs);
    reportLintResults(logger, results);
    const counts = problemCount(results);

    // Self-test: without the scope, the same code must fail the permission check.
    const scopes = manifest.permissions?.scopes ?? [];
    const scopeList: string[] = Array.isArray(scopes) ? scopes : Object.keys(scopes);
    const withoutScope: ManifestSchema = {
      ...manifest,
      permissions: { ...manifest.permissions, scopes: scopeList.filter((s) => s !== SELF_TEST_SCOPE) },
    };
    const selfTest = await runLinters([new PermissionLinter(ENVIRONMENT, withoutScope, logger)], inputs);
    const missing = selfTest
      .flatMap((result) => result.errors.map((rule) => ({ file: result.file, rule })))
      .filter(
        ({ rule }) =>
          (rule.metadata as { missingPermission?: unknown } | undefined)?.missingPermission ===
          SELF_TEST_SCOPE,
      );
    if (missing.length === 0) {
      console.error(
        `forge lint self-test FAILED: without ${SELF_TEST_SCOPE} the linter reported no missing scope — it does not see the app's Jira calls.`,
      );
      return 1;
    }
    console.log(
      `forge lint self-test passed: without ${SELF_TEST_SCOPE} the linter reports ${missing.length} missing-scope error(s), e.g.`,
    );
    for (const { file, rule } of missing.slice(0, 3))
      console.log(`  ${file}:${rule.line}:${rule.column} ${rule.message}`);

    console.log(`forge lint: ${counts.errors} error(s), ${counts.warnings} warning(s)`);
    return counts.errors > 0 || counts.approvals > 0 ? 1 : 0;
  } finally {
    fs.rmSync(stubDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`forge lint failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
