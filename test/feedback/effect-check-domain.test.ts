/**
 * The effect check's domain (issue 11), by worked examples: the configuration's rules, the day an improvement
 * entered Verifying and its due day across the change to summer time in Europe/Berlin, §6's windows, the samples
 * of issue counts and key results, the chart's downsampling, the comment in German and English, and the register's
 * loop.
 */
import {
  chartValues,
  checkInSamples,
  dailyCountSamples,
  effectCheckSchedule,
  effectRunWindows,
  enteredVerifyingOn,
  parseEffectCheckConfig,
  proposedEffectResult,
  type EffectCheckConfig,
} from '../../src/domain/feedback/effect-check';
import {
  describeEffectWarning,
  effectHeadline,
  renderEffectComment,
} from '../../src/domain/feedback/effect-check-text';
import { csiLoopOf } from '../../src/domain/csi/register';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { localDate } from '../../src/domain/flow/calendar';
import { JqlRefinementError } from '../../src/domain/flow/jql-scope';
import { requiredJql } from '../../src/domain/okr/measure';
import { analyseSamples } from '../../src/domain/flow/effect';
import type { JiraHistory } from '../../src/domain/flow/types';

const BERLIN = 'Europe/Berlin';

const config: EffectCheckConfig = {
  target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' },
  better: 'lower',
  changeDate: null,
  verifyAfterDays: 30,
  beforeDays: 90,
};

function toStatus(created: string, toString: string): JiraHistory {
  return { created, items: [{ field: 'status', fieldId: 'status', fromString: 'x', toString }] };
}

describe('parseEffectCheckConfig', () => {
  it('takes a valid configuration and trims the JQL', () => {
    expect(
      parseEffectCheckConfig({ ...config, target: { kind: 'csat', jql: '  project = HD  ' } }).config,
    ).toEqual({ ...config, target: { kind: 'csat', jql: 'project = HD' } });
    expect(
      parseEffectCheckConfig({
        ...config,
        target: { kind: 'key-result', keyResultId: 'KR-12' },
        changeDate: '2026-02-28',
        verifyAfterDays: 7,
        beforeDays: 365,
      }).problems,
    ).toBeNull();
  });

  it.each([
    ['an empty JQL', { target: { kind: 'flow', metric: 'lead-time', jql: '   ' } }, 'target.jql'],
    ['a JQL of 1,001 characters', { target: { kind: 'issue-count', jql: 'x'.repeat(1_001) } }, 'target.jql'],
    // What the measurement would refuse at the run (it wraps the JQL in parentheses) is refused at the save.
    [
      'a JQL with ORDER BY',
      { target: { kind: 'issue-count', jql: 'project = HD ORDER BY created' } },
      'target.jql',
    ],
    [
      'a JQL that closes the parentheses it is wrapped in',
      { target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD) OR (project = TEAM' } },
      'target.jql',
    ],
    ['a JQL with an open quote', { target: { kind: 'csat', jql: 'summary ~ "x' } }, 'target.jql'],
    ['6 days in Verifying', { verifyAfterDays: 6 }, 'verifyAfterDays'],
    ['366 days before', { beforeDays: 366 }, 'beforeDays'],
    ['half days', { beforeDays: 30.5 }, 'beforeDays'],
    ['30 February', { changeDate: '2026-02-30' }, 'changeDate'],
    [
      'a key result id OKR never gives',
      { target: { kind: 'key-result', keyResultId: 'KR-0' } },
      'target.keyResultId',
    ],
    ['an unknown kind', { target: { kind: 'velocity', jql: 'x' } }, 'target.kind'],
    ['an extra member', { target: { kind: 'csat', jql: 'x', metric: 'lead-time' } }, 'target.metric'],
  ])('refuses %s, naming the field', (_label, patch, path) => {
    const parsed = parseEffectCheckConfig({ ...config, ...patch });
    expect(parsed.config).toBeNull();
    expect(parsed.problems).toContain(path);
  });

  it('takes a JQL of exactly 1,000 characters, the most the measurement wraps', () => {
    expect(
      parseEffectCheckConfig({ ...config, target: { kind: 'csat', jql: 'x'.repeat(1_000) } }).problems,
    ).toBeNull();
    // A longer one could be saved before but never measured: the run refused it.
    expect(() => requiredJql('x'.repeat(1_001))).toThrow(JqlRefinementError);
  });
});

describe('enteredVerifyingOn and the due day', () => {
  // 28 March 2026 23:30 UTC is 00:30 CET on 29 March, the night clocks go to summer time (02:00 → 03:00).
  const histories: JiraHistory[] = [
    toStatus('2026-02-10T09:00:00.000+0000', 'Wirksamkeitsprüfung'),
    toStatus('2026-02-20T09:00:00.000+0000', 'In Umsetzung'),
    toStatus('2026-03-28T23:30:00.000+0000', 'Verifying'),
  ];

  it('is the local day of the last entry into Verifying (German or English name)', () => {
    expect(enteredVerifyingOn(histories, BERLIN, Date.UTC(2026, 5, 1))).toBe('2026-03-29');
    expect(enteredVerifyingOn(histories, 'UTC', Date.UTC(2026, 5, 1))).toBe('2026-03-28');
    // Changes after the instant asked about are not known yet.
    expect(enteredVerifyingOn(histories, BERLIN, Date.UTC(2026, 2, 1))).toBe('2026-02-10');
    expect(
      enteredVerifyingOn(
        [toStatus('2026-03-01T09:00:00.000+0000', 'Abgeschlossen')],
        BERLIN,
        Date.UTC(2026, 5, 1),
      ),
    ).toBeNull();
  });

  it('is due N calendar days later from local midnight, across the change to summer time', () => {
    const entered = enteredVerifyingOn(histories, BERLIN, Date.UTC(2026, 5, 1));
    const at = (ms: number) =>
      effectCheckSchedule({
        config,
        verifyingNow: true,
        enteredVerifyingOn: entered,
        checkedForCurrentConfig: false,
        today: localDate(ms, BERLIN),
      });
    // 27 April 23:59 CEST (21:59 UTC): still waiting; 28 April 00:00 CEST (22:00 UTC): due.
    expect(at(Date.UTC(2026, 3, 27, 21, 59))).toEqual({
      state: 'waiting',
      changeDate: '2026-03-29',
      dueOn: '2026-04-28',
    });
    expect(at(Date.UTC(2026, 3, 27, 22, 0))).toEqual({
      state: 'due',
      changeDate: '2026-03-29',
      dueOn: '2026-04-28',
    });
  });

  it('names the other states', () => {
    const base = {
      verifyingNow: true,
      enteredVerifyingOn: '2026-03-29',
      checkedForCurrentConfig: false,
      today: '2026-05-01',
    };
    expect(effectCheckSchedule({ ...base, config: null }).state).toBe('not-configured');
    expect(effectCheckSchedule({ ...base, config, verifyingNow: false })).toEqual({
      state: 'not-verifying',
      changeDate: '2026-03-29',
      dueOn: null,
    });
    expect(effectCheckSchedule({ ...base, config, checkedForCurrentConfig: true }).state).toBe('checked');
    expect(effectCheckSchedule({ ...base, config: { ...config, changeDate: '2026-03-15' } }).changeDate).toBe(
      '2026-03-15',
    );
  });
});

describe('windows and samples', () => {
  const windows = effectRunWindows({ ...config, beforeDays: 7, verifyAfterDays: 7 }, '2026-03-29');

  it('puts the before window [D − B, D) and the after window [D, D + N)', () => {
    expect(effectRunWindows(config, '2026-03-01')).toEqual({
      changeDate: '2026-03-01',
      before: { from: '2025-12-01', to: '2026-03-01' },
      after: { from: '2026-03-01', to: '2026-03-31' },
    });
  });

  it('counts issues per local day with empty days as 0, and no day from today on', () => {
    const created = [
      Date.UTC(2026, 2, 22, 10), // 22 March: first day of the before window
      Date.UTC(2026, 2, 22, 23, 30), // 00:30 CET on 23 March
      Date.UTC(2026, 2, 28, 22, 30), // 23:30 CET on 28 March: last before day
      Date.UTC(2026, 2, 28, 23, 30), // 01:30 CEST on 29 March: D
      Date.UTC(2026, 2, 31, 8),
      Date.UTC(2026, 2, 31, 9),
      Date.UTC(2026, 3, 1, 9), // today: not counted
    ];
    expect(dailyCountSamples(created, windows, BERLIN, '2026-04-01')).toEqual({
      before: [1, 1, 0, 0, 0, 0, 1],
      after: [1, 0, 2],
    });
  });

  it('takes a key result’s last check-in of each local day', () => {
    const checkIns = [
      { value: 10, atMs: Date.UTC(2026, 2, 25, 8), recordedAtMs: 1 },
      { value: 12, atMs: Date.UTC(2026, 2, 25, 16), recordedAtMs: 2 },
      { value: 11, atMs: Date.UTC(2026, 2, 25, 16), recordedAtMs: 1 },
      { value: 7, atMs: Date.UTC(2026, 2, 30, 8), recordedAtMs: 3 },
      { value: 99, atMs: Date.UTC(2026, 3, 20, 8), recordedAtMs: 4 }, // after the after window
    ];
    expect(checkInSamples(checkIns, windows, BERLIN)).toEqual({ before: [12], after: [7] });
  });
});

describe('chartValues', () => {
  it('keeps a small sample whole, sorted', () => {
    expect(chartValues([3, 1, 2])).toEqual([1, 2, 3]);
  });

  it('keeps 200 evenly spaced order statistics of a large sample, with its minimum and maximum', () => {
    const values = Array.from({ length: 1_000 }, (_, i) => (i * 7919) % 1_000); // 0..999 shuffled
    const chart = chartValues(values);
    expect(chart).toHaveLength(200);
    expect(chart[0]).toBe(0);
    expect(chart[199]).toBe(999);
    expect([...chart].sort((a, b) => a - b)).toEqual(chart);
    // rank round(i · 999 / 199): i = 100 → 502
    expect(chart[100]).toBe(502);
  });
});

describe('the comment', () => {
  // Lead times in days: medians 1.1 before and 0.4 after, clearly apart.
  const before = Array.from({ length: 21 }, (_, i) => 0.9 + i * 0.02);
  const after = Array.from({ length: 21 }, (_, i) => 0.3 + i * 0.01);
  const result = analyseSamples(before, after, {
    metric: 'lead-time',
    timeZone: BERLIN,
    changeDate: '2026-03-29',
    beforeDays: 90,
    afterDays: 30,
    alpha: 0.05,
    seed: 1,
    resamples: 500,
  });

  it('says what changed, by how much, how sure and the verdict, in German', () => {
    expect(result.verdict).toBe('improved');
    expect(
      effectHeadline({ language: 'de', metricName: 'Durchlaufzeit (Median)', unit: 'days', result }),
    ).toBe(
      'Wirkung geprüft: Durchlaufzeit (Median) von 1,1 auf 0,4 Tage gesunken (−64 %), Mann-Whitney p < 0,001 – verbessert.',
    );
  });

  it('and in English', () => {
    expect(effectHeadline({ language: 'en', metricName: 'Lead time (median)', unit: 'days', result })).toBe(
      'Effect checked: Lead time (median) fell from 1.1 to 0.4 days (−64%), Mann-Whitney p < 0.001 – improved.',
    );
  });

  it('names the windows, n before and after, the interval, and ends with the marker', () => {
    const doc = renderEffectComment({
      language: 'de',
      metricName: 'Durchlaufzeit (Median)',
      unit: 'days',
      result,
      marker: '[three-ways-effect-check 1/v1]',
    });
    const texts = doc.content.map((p) => p.content?.[0]?.text ?? '');
    expect(texts[1]).toBe(
      'Verglichen: vorher 2025-12-29 bis 2026-03-28 (n = 21), nachher 2026-03-29 bis 2026-04-27 (n = 21); Änderungsdatum 2026-03-29.',
    );
    expect(texts[2]).toMatch(/^95-%-Intervall der Medianänderung \(Bootstrap\): −\d+ % bis −\d+ %\.$/);
    expect(texts.at(-1)).toBe('[three-ways-effect-check 1/v1]');
  });

  it('explains too little data and says the warnings in words', () => {
    const small = analyseSamples([5, 6, 7], [1, 2, 3, 4], {
      metric: 'csat',
      timeZone: BERLIN,
      changeDate: '2026-03-29',
      beforeDays: 90,
      afterDays: 30,
      alpha: 0.05,
      seed: 1,
      resamples: 100,
      asOfMs: Date.UTC(2026, 3, 10),
      better: 'higher',
    });
    expect(small.verdict).toBe('insufficient-data');
    const de = renderEffectComment({
      language: 'de',
      metricName: 'Kundenzufriedenheit (CSAT, Median)',
      unit: 'rating',
      result: small,
      marker: 'm',
    }).content.map((p) => p.content?.[0]?.text ?? '');
    expect(de[0]).toBe(
      'Wirkung geprüft: Kundenzufriedenheit (CSAT, Median) – zu wenige Daten für ein Urteil (vorher n = 3, nachher n = 4; je mindestens 8 nötig).',
    );
    expect(de).toContain('Vor der Änderung gibt es nur 3 Werte; ein Urteil braucht mindestens 8.');
    expect(de).toContain('Nach der Änderung gibt es nur 4 Werte; ein Urteil braucht mindestens 8.');
    expect(de).toContain('Der Zeitraum danach läuft noch bis 2026-04-27; die Daten reichen bis 2026-04-10.');
    expect(de.some((t) => t.startsWith('Was tun: die Fenster verlängern'))).toBe(true);
    expect(describeEffectWarning('bootstrap-resamples-undefined (12 of 10000)', 'en')).toBe(
      '12 of 10000 bootstrap resamples had a median of 0 before and are left out of the interval.',
    );
    // Too little data proposes no measured result.
    expect(proposedEffectResult(small, 'x', 'rating', '2026-04-10', 'de')).toBeNull();
    expect(proposedEffectResult(result, 'Durchlaufzeit (Median)', 'days', '2026-04-28', 'de')).toEqual({
      name: 'Durchlaufzeit (Median)',
      value: 0.4,
      unit: 'Tage',
      measuredOn: '2026-04-28',
    });
  });
});

describe('the register’s loop', () => {
  const histories = [toStatus('2026-03-28T23:30:00.000+0000', 'Wirksamkeitsprüfung')];
  const record = { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-1', 'HD-2'] };
  const loop = (
    patch: Parameters<typeof csiLoopOf>[0]['effectCheck'],
    statusKey: 'verifying' | 'closed',
    today: string,
  ) =>
    csiLoopOf(
      { record, histories, toldAtClosed: 2, ...(patch === undefined ? {} : { effectCheck: patch }) },
      statusKey,
      Date.UTC(2026, 5, 1),
      BERLIN,
      today,
    );

  it('shows feedback in, decided, done, told and the effect check', () => {
    expect(loop(undefined, 'closed', '2026-05-01')).toEqual({
      feedbackIn: 2,
      decided: false,
      done: true,
      told: 2,
      effect: 'none',
    });
    const configured = { config, currentVerdict: null, anyVerdict: false };
    expect(loop(configured, 'verifying', '2026-04-27').effect).toBe('waiting');
    expect(loop(configured, 'verifying', '2026-04-28').effect).toBe('due');
    expect(
      loop({ ...configured, currentVerdict: 'improved', anyVerdict: true }, 'closed', '2026-05-01').effect,
    ).toBe('improved');
    // Configured but removed: none.
    expect(
      loop({ config: null, currentVerdict: null, anyVerdict: true }, 'closed', '2026-05-01').effect,
    ).toBe('none');
  });
});
