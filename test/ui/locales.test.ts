/**
 * The app's strings exist in both languages: every key the Custom UI code and the backend use (literal `t('…')`
 * calls and the keys they build from codes) is present in `locales/en-US.json` and `locales/de-DE.json`, both
 * files hold the same keys, and a concept has one name wherever it is shown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolverErrorCode } from '../../src/contract/resolvers';
import type { StageKind, WarningCode } from '../../src/domain/flow/types';
import { CSI_SOURCES, type CsiDecisionOutcome } from '../../src/domain/csi/record-types';
import { CSI_CSV_COLUMNS } from '../../src/domain/csi/register-csv';
import type { CsiMissingItem } from '../../src/domain/csi/transition-rules';
import type { CsiTransitionRule } from '../../src/domain/csi/workflow';

const repoRoot = path.resolve(__dirname, '../..');
const readLocale = (file: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(repoRoot, 'locales', file), 'utf8')) as Record<string, string>;
const english = readLocale('en-US.json');
const german = readLocale('de-DE.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Keys in literal `t('…')` calls of the sources under `dir` (default: the Custom UI). */
function literalKeys(dir = 'static/src'): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, dir))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'$`{}]+)'/g)) {
      if (match[1] !== undefined) keys.add(match[1]);
    }
  }
  return [...keys];
}

// The unions below are listed in full so that a new code without a string fails to compile here first.
const errorCodes: Record<ResolverErrorCode, true> = {
  'invalid-payload': true,
  'not-found': true,
  forbidden: true,
  'jira-unavailable': true,
  internal: true,
};
const warningCodes: Record<WarningCode, true> = {
  'unmapped-status': true,
  'status-mismatch': true,
  'done-without-start': true,
  'change-before-created': true,
  'unparseable-timestamp': true,
  'missing-created': true,
  'missing-status': true,
};
const stageKinds: Record<StageKind, true> = { backlog: true, active: true, waiting: true, done: true };

const builtKeys = [
  ...Object.keys(errorCodes).map((code) => `error.${code}`),
  ...Object.keys(warningCodes).map((code) => `warning.${code}`),
  'warning.unknown',
  ...Object.keys(stageKinds).map((kind) => `stageKind.${kind}`),
  ...['leadTime', 'age', 'cycleTime', 'flowEfficiency'].flatMap((m) => [
    `issuePanel.metric.${m}`,
    `issuePanel.metric.${m}.help`,
  ]),
  ...['notStarted', 'stillOpen', 'noStart', 'notAvailable', 'unknown'].map((v) => `issuePanel.value.${v}`),
  ...['created', 'started', 'done'].map((d) => `issuePanel.date.${d}`),
  'issuePanel.sort.visit',
  'issuePanel.sort.time',
  'issuePanel.timeInStatus.caption.visit',
  'issuePanel.timeInStatus.caption.time',
];

describe('UI strings in locales/*.json', () => {
  const used = [...new Set([...literalKeys(), ...builtKeys])].sort();

  it('finds the literal keys of the issue panel', () => {
    expect(used).toEqual(
      expect.arrayContaining(['issuePanel.heading', 'issuePanel.loading', 'issuePanel.retry']),
    );
  });

  it.each([
    ['en-US', english],
    ['de-DE', german],
  ])('%s has a non-empty string for every key the UI uses', (_locale, messages) => {
    expect(used.filter((key) => typeof messages[key] !== 'string' || messages[key].trim() === '')).toEqual(
      [],
    );
  });

  it('German and English use the same placeholders in every UI string', () => {
    const placeholders = (text: string | undefined): string[] =>
      [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    const differing = used.filter(
      (key) => placeholders(english[key]).join() !== placeholders(german[key]).join(),
    );
    expect(differing).toEqual([]);
  });
});

// The backend's words (validator refusals, transition rules, the register's CSV) are served by Forge's i18n from
// the same files; these unions are listed in full so a new code without a string fails to compile here first.
const missingItems: Record<CsiMissingItem, true> = {
  evaluation: true,
  decision: true,
  'decision-approved': true,
  decider: true,
  baseline: true,
  target: true,
  result: true,
};
const transitionRules: Record<CsiTransitionRule, true> = { approve: true, verify: true, close: true };
const outcomes: Record<CsiDecisionOutcome, true> = { approved: true, rejected: true, deferred: true };

const backendKeys = [
  ...literalKeys('src'),
  ...Object.keys(missingItems).map((item) => `csiRules.missing.${item}`),
  ...Object.keys(transitionRules).map((rule) => `csiRules.rule.${rule}`),
  ...CSI_CSV_COLUMNS.map((column) => `csiRegister.csv.${column}`),
  'csiRegister.csv.yes',
  'csiRegister.csv.no',
  ...CSI_SOURCES.map((source) => `csiRegister.source.${source}`),
  ...Object.keys(outcomes).map((outcome) => `csiRegister.decision.${outcome}`),
];

describe('backend strings in locales/*.json', () => {
  const used = [...new Set(backendKeys)].sort();

  it("finds the literal keys of the workflow validator and the transition rules' words", () => {
    expect(used).toEqual(
      expect.arrayContaining([
        'csiValidator.noIssue',
        'csiValidator.mirrorMismatch',
        'csiRules.whatToDo',
        'csiRules.missingList',
      ]),
    );
  });

  it.each([
    ['en-US', english],
    ['de-DE', german],
  ])('%s has a non-empty string for every key the backend uses', (_locale, messages) => {
    expect(used.filter((key) => typeof messages[key] !== 'string' || messages[key].trim() === '')).toEqual(
      [],
    );
  });

  it('German and English use the same placeholders in every backend string', () => {
    const placeholders = (text: string | undefined): string[] =>
      [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    expect(
      used.filter((key) => placeholders(english[key]).join() !== placeholders(german[key]).join()),
    ).toEqual([]);
  });
});

describe('the locale files', () => {
  it('hold the same keys in German and English', () => {
    const englishKeys = Object.keys(english);
    const germanKeys = new Set(Object.keys(german));
    expect(englishKeys.filter((key) => !germanKeys.has(key))).toEqual([]);
    expect([...germanKeys].filter((key) => !(key in english))).toEqual([]);
  });

  it('name a source and a decision the same in the record panel, the register page and its CSV', () => {
    // The register's CSV once said "Kundenfeedback" where the page said "Kundenrückmeldung".
    for (const messages of [english, german]) {
      for (const source of CSI_SOURCES) {
        expect(messages[`csiRecord.source.${source}`]).toBe(messages[`csiRegister.source.${source}`]);
      }
      for (const outcome of Object.keys(outcomes)) {
        expect(messages[`csiRecord.decision.${outcome}`]).toBe(messages[`csiRegister.decision.${outcome}`]);
      }
    }
    expect(german['csiRegister.source.customer-feedback']).toBe('Kundenrückmeldung');
  });
});
