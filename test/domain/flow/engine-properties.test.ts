/**
 * Property-based tests of the flow engine (fast-check): invariants FLOW-METRICS.md implies for any valid history,
 * checked on random issues over a small status set (mapped, unmapped and done statuses), random UTC offsets,
 * changes in random order (including equal instants and changes before created) and random report zones.
 *
 * Each run computes whole reports, so the run counts are kept small enough for the file to stay fast.
 */
import fc from 'fast-check';

import type { FlowReport, JiraHistory, JiraIssueInput } from '../../../src/domain/flow/types';
import {
  DAY,
  MINUTE,
  STANDARD_MAPPING,
  flaggedItem,
  instantOf,
  reportOf,
  statusItem,
  utc,
} from '../../support/jira-fixtures';

const STATUSES = [
  'Open',
  'Reopened',
  'In Progress',
  'Review',
  'Testing',
  'Resolved',
  'Closed',
  'Limbo',
] as const;
/** UTC offsets in minutes, as Jira writes them for users in different zones (incl. half hours). */
const OFFSETS_MIN = [0, 60, 120, -240, -300, 330, -180, 840] as const;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'] as const;
/** Four days before the Berlin spring DST change, so random series often cross it. */
const BASE_MS = utc(2024, 3, 28);

/** A Jira timestamp (`2024-03-28T10:00:00.000+0100`) for an instant, written in the given UTC offset. */
function jiraTimestamp(instantMs: number, offsetMin: number): string {
  const wall = new Date(instantMs + offsetMin * MINUTE).toISOString().slice(0, 23);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

interface GeneratedChange {
  readonly deltaMin: number;
  readonly to: number;
  readonly offset: number;
}

interface GeneratedIssue {
  readonly createdMin: number;
  readonly createdOffset: number;
  readonly initial: number;
  readonly changes: readonly GeneratedChange[];
  readonly flags: readonly number[];
  readonly order: 'oldest-first' | 'newest-first' | 'shuffled';
  readonly shuffleKeys: readonly number[];
}

/**
 * One issue: created within the first 5 days after BASE_MS, a chain of up to 8 status changes.
 * `monotone`: changes never go back in time and never precede created, and one offset per issue — the
 * conditions under which wall-clock dates follow instant order (compatibility-mode properties need them).
 */
function issueArbitrary(monotone: boolean): fc.Arbitrary<GeneratedIssue> {
  const status = fc.integer({ min: 0, max: STATUSES.length - 1 });
  const offset = fc.integer({ min: 0, max: OFFSETS_MIN.length - 1 });
  return fc.record({
    createdMin: fc.integer({ min: 0, max: 5 * 24 * 60 }),
    createdOffset: offset,
    initial: status,
    changes: fc.array(
      fc.record({
        // 0 gives equal instants; negatives give out-of-order instants and changes before created.
        deltaMin: monotone
          ? fc.integer({ min: 0, max: 2 * 24 * 60 })
          : fc.integer({ min: -90, max: 2 * 24 * 60 }),
        to: status,
        offset,
      }),
      { maxLength: 8 },
    ),
    flags: fc.array(fc.integer({ min: -60, max: 8 * 24 * 60 }), { maxLength: 4 }),
    order: fc.constantFrom('oldest-first' as const, 'newest-first' as const, 'shuffled' as const),
    shuffleKeys: fc.array(fc.integer(), { minLength: 12, maxLength: 12 }),
  });
}

function toJiraIssue(g: GeneratedIssue, index: number, singleOffset: boolean): JiraIssueInput {
  const createdMs = BASE_MS + g.createdMin * MINUTE;
  const offsetOf = (o: number): number => OFFSETS_MIN[singleOffset ? g.createdOffset : o] ?? 0;
  let atMs = createdMs;
  let current = STATUSES[g.initial] ?? 'Open';
  const histories: JiraHistory[] = g.changes.map((c, i) => {
    atMs += c.deltaMin * MINUTE;
    const to = STATUSES[c.to] ?? 'Open';
    const item = statusItem(current, to);
    current = to;
    return { id: `${index}-${i}`, created: jiraTimestamp(atMs, offsetOf(c.offset)), items: [item] };
  });
  g.flags.forEach((minutes, i) => {
    histories.push({
      id: `${index}-f${i}`,
      created: jiraTimestamp(createdMs + minutes * MINUTE, offsetOf(g.createdOffset)),
      items: [flaggedItem(i % 2 === 0)],
    });
  });
  if (g.order === 'newest-first') histories.reverse();
  if (g.order === 'shuffled') {
    const keyed = histories.map((h, i) => ({ h, k: g.shuffleKeys[i % g.shuffleKeys.length] ?? 0 }));
    keyed.sort((a, b) => a.k - b.k);
    histories.splice(0, histories.length, ...keyed.map((x) => x.h));
  }
  return {
    key: `P-${index}`,
    fields: {
      created: jiraTimestamp(createdMs, offsetOf(g.createdOffset)),
      status: { name: current },
      issuetype: { name: 'Task' },
    },
    changelog: { histories },
  };
}

interface Scenario {
  readonly issues: readonly JiraIssueInput[];
  readonly asOfMs: number;
  readonly timeZone: (typeof ZONES)[number];
  readonly startPolicy: 'first' | 'last';
  readonly seed: number;
}

function scenarioArbitrary(monotone: boolean): fc.Arbitrary<Scenario> {
  return fc
    .record({
      generated: fc.array(issueArbitrary(monotone), { minLength: 1, maxLength: 8 }),
      // asOf at least 6 days after BASE_MS: after every created, often before some changes.
      asOfMin: fc.integer({ min: 6 * 24 * 60, max: 14 * 24 * 60 }),
      timeZone: fc.constantFrom(...ZONES),
      startPolicy: fc.constantFrom('first' as const, 'last' as const),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map(({ generated, asOfMin, timeZone, startPolicy, seed }) => ({
      issues: generated.map((g, i) => toJiraIssue(g, i, monotone)),
      asOfMs: BASE_MS + asOfMin * MINUTE,
      timeZone,
      startPolicy,
      seed,
    }));
}

function canonicalReport(s: Scenario): FlowReport {
  return reportOf(s.issues, {
    asOfMs: s.asOfMs,
    timeZone: s.timeZone,
    startPolicy: s.startPolicy,
    seed: s.seed,
  });
}

/** The local date of an instant in a zone, from Intl (independent of the engine's calendar code). */
function localDateOf(instantMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instantMs));
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

const RUNS = 100;

test('time in status sums to done − created, or asOf − created for open issues', () => {
  fc.assert(
    fc.property(scenarioArbitrary(false), (s) => {
      const report = canonicalReport(s);
      expect(report.issues).toHaveLength(s.issues.length);
      for (const i of report.issues) {
        const createdMs = instantOf(i.created);
        if (createdMs === null) throw new Error('every generated issue has a created');
        const endMs = instantOf(i.doneAt) ?? s.asOfMs;
        expect(sum(Object.values(i.timeInStatusMs))).toBe(endMs - createdMs);
        if (i.leadTimeMs !== null) expect(i.leadTimeMs).toBe(endMs - createdMs);
      }
    }),
    { numRuns: RUNS },
  );
});

test('cycle time is never longer than lead time, and neither is negative', () => {
  fc.assert(
    fc.property(scenarioArbitrary(false), (s) => {
      for (const i of canonicalReport(s).issues) {
        if (i.leadTimeMs !== null) expect(i.leadTimeMs).toBeGreaterThanOrEqual(0);
        if (i.cycleTimeMs !== null) {
          expect(i.cycleTimeMs).toBeGreaterThanOrEqual(0);
          expect(i.leadTimeMs).not.toBeNull();
          expect(i.cycleTimeMs).toBeLessThanOrEqual(i.leadTimeMs ?? -1);
        }
        if (i.flowEfficiency !== null) {
          expect(i.flowEfficiency).toBeGreaterThanOrEqual(0);
          expect(i.flowEfficiency).toBeLessThanOrEqual(1);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test("each day's status counts sum to the issues created before that day's end; WIP is never negative", () => {
  fc.assert(
    fc.property(scenarioArbitrary(false), (s) => {
      const report = canonicalReport(s);
      const createdDates = report.issues.map((i) => localDateOf(instantOf(i.created) ?? NaN, s.timeZone));
      expect(report.daily[0]?.date).toBe([...createdDates].sort()[0]);
      expect(report.daily[report.daily.length - 1]?.date).toBe(localDateOf(s.asOfMs, s.timeZone));
      for (const day of report.daily) {
        // Created before the end of `day` ⟺ created on a local date ≤ day.
        expect(sum(Object.values(day.byStatus))).toBe(createdDates.filter((d) => d <= day.date).length);
        expect(day.wip).toBeGreaterThanOrEqual(0);
        expect(day.wip).toBeLessThanOrEqual(s.issues.length);
      }
      // Throughput adds up to the issues done by asOf.
      expect(sum(report.daily.map((d) => d.throughput))).toBe(
        report.issues.filter((i) => i.doneAt !== null).length,
      );
    }),
    { numRuns: RUNS },
  );
});

test('the same seed gives the same forecast', () => {
  fc.assert(
    fc.property(scenarioArbitrary(false), (s) => {
      expect(canonicalReport(s).summary.forecast).toEqual(canonicalReport(s).summary.forecast);
    }),
    { numRuns: 20 },
  );
});

test('compatibility mode: stage dates are non-decreasing left to right after backfill, and WIP is never negative', () => {
  const stageNames = STANDARD_MAPPING.stages.map((st) => st.name);
  const startIndex = stageNames.indexOf(STANDARD_MAPPING.startStage);
  const doneIndex = stageNames.indexOf(STANDARD_MAPPING.doneStage);
  fc.assert(
    fc.property(scenarioArbitrary(true), (s) => {
      const report = reportOf(s.issues, {
        asOfMs: s.asOfMs,
        timeZone: s.timeZone,
        mode: 'jira-agile-metrics',
        seed: s.seed,
      });
      for (const i of report.issues) {
        const dates = stageNames.map((name) => i.stageDates?.[name] ?? null);
        const firstNull = dates.indexOf(null);
        // After backfill only a tail of stages can be empty (no later non-empty stage to take a date from).
        if (firstNull >= 0) expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
        const present = dates.filter((d): d is string => d !== null);
        expect(present).toEqual([...present].sort());
        expect(i.startDate).toBe(dates[startIndex]);
        expect(i.doneDate).toBe(dates[doneIndex]);
        if (
          i.startDate !== null &&
          i.startDate !== undefined &&
          i.doneDate !== null &&
          i.doneDate !== undefined
        ) {
          expect(i.cycleTimeDays).toBe(Math.round((Date.parse(i.doneDate) - Date.parse(i.startDate)) / DAY));
        }
      }
      for (const day of report.daily) expect(day.wip).toBeGreaterThanOrEqual(0);
    }),
    { numRuns: RUNS },
  );
});
