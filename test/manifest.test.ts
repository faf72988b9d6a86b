/**
 * The manifest as Forge would check it (`@forge/manifest`, the validator `forge deploy` and `forge lint` run),
 * plus what Forge cannot know: the resources are the directories the UI build writes, every i18n key exists in
 * every language, and every handler the manifest names is exported.
 *
 * Needs the UI build (`npm run build:ui`; `npm test` runs it first): Forge rejects resource directories that
 * do not exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import type { ManifestValidationResult, ValidationError } from '@forge/manifest';
import * as v from 'valibot';
import { parseDisplayCondition, shownOnIssue } from '../dev/preview/display-condition';
import { isCsiIssueTypeName } from '../src/application/csi-record';
import { CSI_ISSUE_TYPE_NAMES } from '../src/domain/csi/workflow';
import { FLOW_PROPERTY_KEY } from '../src/domain/flow/issue-facts';

const repoRoot = path.resolve(__dirname, '..');
const manifestPath = path.join(repoRoot, 'manifest.yml');

const ManifestShape = v.looseObject({
  app: v.looseObject({ runtime: v.object({ name: v.string() }) }),
  modules: v.looseObject({
    function: v.array(v.looseObject({ key: v.string(), handler: v.string() })),
    'jira:issuePanel': v.array(v.looseObject({ key: v.string(), resource: v.string(), icon: v.string() })),
  }),
  resources: v.array(v.object({ key: v.string(), path: v.string() })),
  permissions: v.object({ scopes: v.array(v.string()) }),
  translations: v.object({
    resources: v.array(v.object({ key: v.string(), path: v.string() })),
    fallback: v.looseObject({ default: v.string() }),
  }),
});
type Manifest = v.InferOutput<typeof ManifestShape>;

function formatProblems(problems: readonly ValidationError[]): string {
  return problems.map((p) => `${p.level} (line ${p.line ?? '?'}): ${p.message}`).join('\n');
}

/** Every value of an `i18n` property anywhere in the manifest (module titles, descriptions, …). */
function i18nKeys(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(i18nKeys);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'i18n' && typeof value === 'string' ? [value] : i18nKeys(value),
  );
}

function readLocale(relativePath: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(repoRoot, relativePath), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${relativePath} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

// Compiling Forge's manifest schema takes several seconds on a small machine.
const VALIDATION_TIMEOUT_MS = 120_000;
const originalCwd = process.cwd();
let fullResult: ManifestValidationResult<unknown>;
let manifest: Manifest;

beforeAll(async () => {
  // @forge/manifest resolves translation files against the working directory, as the Forge CLI does.
  process.chdir(repoRoot);
  fullResult = await ProcessorBuilder.instance()
    .withValidation(ValidationTypes.FULL)
    .build()
    .process(manifestPath);
  manifest = v.parse(ManifestShape, fullResult.manifestObject?.yamlContent);
}, VALIDATION_TIMEOUT_MS);
afterAll(() => {
  process.chdir(originalCwd);
});

describe('manifest.yml', () => {
  it('passes @forge/manifest FULL validation without errors or warnings', () => {
    const problems = fullResult.errors ?? [];
    const hint = fs.existsSync(path.join(repoRoot, 'static/build'))
      ? ''
      : '\n(static/build is missing: run `npm run build:ui` first)';
    expect(formatProblems(problems) + (problems.length > 0 ? hint : '')).toBe('');
    expect(fullResult.success).toBe(true);
  });

  it(
    'passes @forge/manifest PRODUCT_TRIGGER validation (scopes of product events) without errors or warnings',
    async () => {
      const result = await ProcessorBuilder.instance()
        .withValidation(ValidationTypes.PRODUCT_TRIGGER)
        .build()
        .process(manifestPath);
      expect(formatProblems(result.errors ?? [])).toBe('');
      expect(result.success).toBe(true);
    },
    VALIDATION_TIMEOUT_MS,
  );

  it('runs on Node.js 22 and asks for exactly the scopes its Jira calls need', () => {
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
    // Reading work (flow), app storage, writing the improvement record's property, the CSI setup's configuration
    // calls, people's names, and JSM requests' CSAT; `npm run forge:lint` checks every Forge route against these.
    expect([...manifest.permissions.scopes].sort()).toEqual(
      [
        'manage:jira-configuration',
        'read:jira-user',
        'read:jira-work',
        'read:servicedesk-request',
        'storage:app',
        'write:jira-work',
      ].sort(),
    );
  });

  it('points every resource at the directory the UI build writes for that module', () => {
    expect(manifest.resources.length).toBeGreaterThan(0);
    for (const resource of manifest.resources) {
      // static/vite.config.ts builds `static/<module>/index.html` into `static/build/<module>/index.html`.
      expect(resource.path).toBe(`static/build/${resource.key}`);
      expect(fs.existsSync(path.join(repoRoot, 'static', resource.key, 'index.html'))).toBe(true);
      expect(fs.existsSync(path.join(repoRoot, resource.path, 'index.html'))).toBe(true);
    }
  });

  it('gives every issue panel an https icon or an svg inside its own resource', () => {
    for (const panel of manifest.modules['jira:issuePanel']) {
      const resourceIcon = /^resource:([^;]+);(.+\.svg)$/.exec(panel.icon);
      if (resourceIcon === null) {
        expect(panel.icon).toMatch(/^https:\/\/\S+\.svg$/);
      } else {
        const resource = manifest.resources.find((r) => r.key === resourceIcon[1]);
        expect(resource).toBeDefined();
        expect(fs.existsSync(path.join(repoRoot, resource?.path ?? '', resourceIcon[2] ?? ''))).toBe(true);
      }
    }
  });

  it('has every i18n key it uses, as a non-empty string, in every locale file', () => {
    const keys = i18nKeys(fullResult.manifestObject?.yamlContent);
    expect(keys).toContain('manifest.issuePanel.title');
    expect(manifest.translations.resources.map((r) => r.key).sort()).toEqual(['de-DE', 'en-US']);
    expect(manifest.translations.fallback.default).toBe('en-US');
    for (const { key: locale, path: localePath } of manifest.translations.resources) {
      const messages = readLocale(localePath);
      const missing = keys.filter((key) => typeof messages[key] !== 'string' || messages[key] === '');
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('keeps the locale files flat (key → string) with the same keys in German and English', () => {
    const english = readLocale('locales/en-US.json');
    const german = readLocale('locales/de-DE.json');
    for (const [file, messages] of [
      ['en-US', english],
      ['de-DE', german],
    ] as const) {
      const notStrings = Object.entries(messages)
        .filter(([, value]) => typeof value !== 'string')
        .map(([key]) => key);
      expect({ file, notStrings }).toEqual({ file, notStrings: [] });
    }
    expect(Object.keys(german).sort()).toEqual(Object.keys(english).sort());
  });

  it('names handlers that src/ exports as functions', async () => {
    for (const fn of manifest.modules.function) {
      const [file, exportName] = fn.handler.split('.');
      expect(file).toBeDefined();
      expect(exportName).toBeDefined();
      const moduleExports = (await import(path.join(repoRoot, 'src', `${file ?? ''}.ts`))) as Record<
        string,
        unknown
      >;
      expect(typeof moduleExports[exportName ?? '']).toBe('function');
    }
  });

  it('shows the improvement-record panel only on CSI issues (display condition on the CSI issue type names)', () => {
    const panels = manifest.modules['jira:issuePanel'] as readonly Readonly<Record<string, unknown>>[];
    const recordPanel = panels.find((panel) => panel.key === 'csi-record-panel');
    const flowPanel = panels.find((panel) => panel.key === 'flow-issue-panel');
    // The preview evaluates the same condition; its parser accepts only the issue-type-name forms.
    const condition = parseDisplayCondition(recordPanel?.displayConditions, 'csi-record-panel');
    // Shown exactly on the issues the app takes for CSI issues: the setup adopts a type whose name differs from
    // "Verbesserung (CSI)" / "Improvement (CSI)" only in case or surrounding spaces, and the resolvers accept it.
    for (const name of [
      CSI_ISSUE_TYPE_NAMES.de,
      CSI_ISSUE_TYPE_NAMES.en,
      'improvement (csi)',
      'VERBESSERUNG (CSI)',
      ' Improvement (CSI) ',
      'Störung',
      'Improvement',
      'Improvement (CSI) 2',
    ]) {
      expect([name, shownOnIssue(condition, name)]).toEqual([name, isCsiIssueTypeName(name)]);
    }
    // The flow panel stays on every issue.
    expect(flowPanel?.displayConditions).toBeUndefined();
  });

  it('runs the flow facts store: its queue consumer and nightly reconcile for 900 s, its JQL fields indexed', () => {
    const modules = manifest.modules as Readonly<
      Record<string, readonly Readonly<Record<string, unknown>>[]>
    >;
    const functionOf = (key: unknown) => manifest.modules.function.find((fn) => fn.key === key);
    // Views are computed from the facts: the queued flow jobs (consumer flow-job-consumer, queue flow-jobs) are gone.
    expect(modules['consumer']?.map((module) => module.queue).sort()).toEqual([
      'feedback-replies',
      'flow-facts',
    ]);
    const consumer = modules['consumer']?.find((module) => module.key === 'flow-facts-consumer');
    expect(consumer).toMatchObject({ queue: 'flow-facts', function: 'flow-facts-worker' });
    expect(functionOf(consumer?.function)).toMatchObject({
      handler: 'index.flowFactsHandler',
      timeoutSeconds: 900,
    });
    const nightly = modules['scheduledTrigger']?.find((module) => module.key === 'flow-facts-nightly');
    expect(nightly).toMatchObject({ function: 'flow-facts-reconcile', interval: 'day' });
    expect(functionOf(nightly?.function)).toMatchObject({
      handler: 'index.flowFactsReconcileHandler',
      timeoutSeconds: 900,
    });
    const index = modules['jira:entityProperty']?.find((module) => module.key === 'flow-facts-index');
    expect(index).toMatchObject({ entityType: 'issue', propertyKey: FLOW_PROPERTY_KEY });
    expect(index?.['values']).toEqual([
      { path: 'leadTimeDays', type: 'number', searchAlias: 'flowLeadTimeDays' },
      { path: 'cycleTimeDays', type: 'number', searchAlias: 'flowCycleTimeDays' },
      { path: 'ageDays', type: 'number', searchAlias: 'flowAgeDays' },
      { path: 'efficiency', type: 'number', searchAlias: 'flowEfficiency' },
      { path: 'blockedDays', type: 'number', searchAlias: 'flowBlockedDays' },
    ]);
    // Forge: function keys have at most 23 characters, and module and function keys share one namespace.
    const functionKeys = manifest.modules.function.map((fn) => fn.key);
    expect(functionKeys.filter((key) => key.length > 23)).toEqual([]);
    const moduleKeys: unknown[] = Object.entries(modules)
      .filter(([type]) => type !== 'function')
      .flatMap(([, entries]) => entries.map((entry) => entry['key']));
    expect(functionKeys.filter((key) => moduleKeys.includes(key))).toEqual([]);
  });

  it('wires every issue panel to a declared resource and resolver function', () => {
    const functionKeys = manifest.modules.function.map((f) => f.key);
    for (const panel of manifest.modules['jira:issuePanel']) {
      expect(manifest.resources.map((r) => r.key)).toContain(panel.resource);
      const resolver = (panel as { resolver?: { function?: string } }).resolver;
      expect(functionKeys).toContain(resolver?.function);
    }
  });
});
