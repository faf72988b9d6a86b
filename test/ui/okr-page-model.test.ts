/**
 * The OKR page's logic without React: alignment depth, the current quarter, numbers as typed in German and
 * English, `invalid-okr` details mapped onto form fields, the key result draft's derived direction and source,
 * and the settings' threshold rules.
 */
import type { ObjectiveView } from '../../src/contract/okr';
import { keyResultOfDraft, newKeyResultDraft } from '../../static/src/okr-page/key-result-draft';
import {
  currentQuarterOf,
  fieldErrorsOf,
  parseNumber,
  periodFirstDate,
  selfAndDescendants,
  treeRows,
} from '../../static/src/okr-page/okr-model';
import { settingsOfDraft } from '../../static/src/okr-page/okr-settings';
import { objectiveView } from './okr-page-fixtures';

const tree: ObjectiveView[] = [
  objectiveView('O-1', 'Service verbessern', 'on-track', []),
  objectiveView('O-2', 'Help Desk', 'on-track', [], { parent: 'O-1' }),
  objectiveView('O-3', 'Wissensdatenbank', 'on-track', [], { parent: 'O-2' }),
  objectiveView('O-4', 'Ausgerichtet auf ein gefiltertes Ziel', 'on-track', [], { parent: 'O-99' }),
];

it('gives each objective its depth below its parent; an objective whose parent is not listed is top level', () => {
  expect(treeRows(tree).map((row) => row.depth)).toEqual([0, 1, 2, 0]);
  expect([...selfAndDescendants(tree, 'O-2')].sort()).toEqual(['O-2', 'O-3']);
});

it('finds the current quarter in the viewer zone and the first day of a period', () => {
  expect(currentQuarterOf(Date.UTC(2026, 2, 31, 23), 'Europe/Berlin')).toBe('2026-Q2');
  expect(currentQuarterOf(Date.UTC(2026, 2, 31, 23), 'UTC')).toBe('2026-Q1');
  expect(periodFirstDate({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' })).toBe('2026-10-01');
  expect(
    periodFirstDate({ kind: 'custom', startDate: '2026-02-15', endDate: '2026-05-14', timeZone: 'UTC' }),
  ).toBe('2026-02-15');
});

it('reads numbers with a decimal comma or point, a minus sign, and refuses words and grouping', () => {
  expect(parseNumber('3,5')).toBe(3.5);
  expect(parseNumber(' -15 ')).toBe(-15);
  expect(parseNumber('\u221215')).toBe(-15);
  expect(parseNumber('1.234,5')).toBeNull();
  expect(parseNumber('viel')).toBeNull();
  expect(parseNumber('')).toBeNull();
});

it('maps invalid-okr details onto the form fields, the rest to no field', () => {
  const fields = ['title', 'target', 'baselineQuarter', 'quarter', 'timeZone'];
  expect(
    fieldErrorsOf(
      'keyResult.title: the title is empty: write one; keyResult.kind.target: the target value must be a number; ' +
        'keyResult.kind.baselinePeriod.quarter: the quarter must be written as 2026-Q4; keyResult: a decreasing ' +
        'key result needs a target below its start: swap them or choose "increase"',
      fields,
    ),
  ).toEqual({
    title: 'the title is empty: write one',
    target: 'the target value must be a number',
    baselineQuarter: 'the quarter must be written as 2026-Q4',
    '': 'a decreasing key result needs a target below its start: swap them or choose "increase"',
  });
  expect(
    fieldErrorsOf(
      'The key result is invalid: kind.target: the target value must be a finite number; keyResult: a decreasing ' +
        'key result needs a target below its start: swap them or choose "increase".',
      fields,
    ),
  ).toEqual({
    target: 'the target value must be a finite number',
    '': 'a decreasing key result needs a target below its start: swap them or choose "increase"',
  });
  expect(fieldErrorsOf('objective.period.quarter: the quarter must be written as 2026-Q4', fields)).toEqual({
    quarter: 'the quarter must be written as 2026-Q4',
  });
  expect(fieldErrorsOf('the store refused it', fields)).toEqual({ '': 'the store refused it' });
});

it('builds key results with the direction and source their kind fixes, and names missing numbers', () => {
  const base = newKeyResultDraft('acc-anna', { kind: 'quarter', quarter: '2025-Q4', timeZone: 'UTC' });
  expect(
    keyResultOfDraft('O-1', { ...base, title: 'X', kindType: 'metric', start: '', target: 'viel' }),
  ).toEqual({
    ok: false,
    problems: { start: 'required', target: 'notANumber' },
  });
  const threshold = keyResultOfDraft('O-1', {
    ...base,
    title: 'Verfügbarkeit halten',
    kindType: 'threshold',
    operator: 'atLeast',
    threshold: '99,9',
    source: 'external',
  });
  expect(threshold.ok && threshold.value).toMatchObject({
    direction: 'stay-within',
    source: 'external',
    kind: { type: 'threshold', operator: 'atLeast', threshold: 99.9 },
  });
  const count = keyResultOfDraft('O-1', {
    ...base,
    title: 'Fehlgeschlagene Anmeldungen',
    kindType: 'issueCount',
    jql: 'labels = failed-sign-in',
    per: 'month',
    targetChangePercent: '-15',
  });
  expect(count.ok && count.value).toMatchObject({
    direction: 'decrease',
    source: 'measured',
    kind: {
      type: 'issueCount',
      jql: 'labels = failed-sign-in',
      per: 'month',
      baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: 'UTC' },
      targetChangePercent: -15,
    },
  });
  const linked = keyResultOfDraft('O-1', { ...base, title: 'Änderungen liefern', kindType: 'issueProgress' });
  expect(linked.ok && linked.value).toMatchObject({
    direction: 'increase',
    source: 'measured',
    kind: { type: 'issueProgress', issues: { type: 'linked' } },
  });
});

it('takes thresholds in whole percent, at risk below on track', () => {
  expect(
    settingsOfDraft({ editorGroupName: ' okr-editors ', onTrackPercent: '70', atRiskPercent: '40' }),
  ).toEqual({
    ok: true,
    settings: { editorGroupName: 'okr-editors', thresholds: { onTrack: 0.7, atRisk: 0.4 } },
  });
  expect(settingsOfDraft({ editorGroupName: '', onTrackPercent: '40', atRiskPercent: '70' })).toEqual({
    ok: false,
    problems: { atRisk: 'thresholdOrder' },
  });
  expect(settingsOfDraft({ editorGroupName: '', onTrackPercent: '120', atRiskPercent: '0' })).toEqual({
    ok: false,
    problems: { onTrack: 'thresholdRange', atRisk: 'thresholdRange' },
  });
});
