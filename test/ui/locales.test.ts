/**
 * The UI's strings exist in both languages: every key the Custom UI code uses (literal `t('…')` calls and the
 * keys it builds from codes) is present in `locales/en-US.json` and `locales/de-DE.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolverErrorCode } from '../../src/contract/resolvers';
import type { StageKind, WarningCode } from '../../src/domain/flow/types';

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

/** Keys in literal `t('…')` calls of the Custom UI sources. */
function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, 'static/src'))) {
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
