/**
 * The project page's view model against hand-computed numbers: five issues in March 2026 (UTC), the standard
 * workflow (Backlog → In Progress → Review (waiting) → Test → Done), report as of 2026-03-20 00:00 UTC.
 *
 * In Progress 03-03, Review 03-05, back to In Progress 03-06, Resolved 03-07 → cycle 4 d, active 3 d, rework.
 * In Progress 03-04, Testing 03-05, Resolved 03-06 → cycle 2 d, active 2 d.
 * In Progress 03-09, Resolved 03-17 → cycle 8 d, active 8 d.
 * In Progress 03-10, still open → age 10 d.   A-5: never started.
 */
import {
  buildProjectFlowView,
  histogram,
  littlesLawVerdict,
  weekStartOf,
} from '../../src/domain/flow/project-view';
import type { ProjectViewInput } from '../../src/domain/flow/project-view';
import type { FlowFacts } from '../../src/domain/flow/types';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import { issue, utc } from '../support/jira-fixtures';
import { AS_OF_MS, CALENDAR, ISSUES, at, reportOf } from './fixtures';

function inputOf(report: FlowFacts, overrides: Partial<ProjectViewInput> = {}): ProjectViewInput {
  return {
    facts: report,
    projectKey: 'A',
    from: '2026-03-02',
    to: '2026-03-20',
    percentiles: [50, 85, 95],
    calendar: CALENDAR,
    windowDays: 90,
    summaries: new Map(ISSUES.map((i) => [i.key ?? '', i.fields?.summary ?? ''])),
    issueTypes: [],
    jql: null,
    mappingVersion: null,
    mappingDerived: false,
    computedAtMs: AS_OF_MS,
    ...overrides,
  };
}

describe('buildProjectFlowView on five hand-computed issues', () => {
  const report = reportOf(ISSUES);
  const view = buildProjectFlowView(inputOf(report));

  it('lists every issue as a row with days rounded to 2 decimals and type/stage indexes', () => {
    expect(view.issues.types).toEqual(['Task', 'Bug']);
    expect(view.issues.rows[0]).toEqual([
      'A-1',
      'Issue A-1',
      0,
      4,
      utc(2026, 3, 2),
      utc(2026, 3, 3),
      utc(2026, 3, 7),
      4,
      5,
      0.75,
      0,
      0,
    ]);
    expect(view.issues.rows[1]?.[ISSUE_ROW.typeIndex]).toBe(1);
    expect(view.issues.rows[3]?.[ISSUE_ROW.doneMs]).toBeNull();
    expect(view.issues.rows[3]?.[ISSUE_ROW.stageIndex]).toBe(1);
    expect(view.issues.rows[4]?.[ISSUE_ROW.startMs]).toBeNull();
  });

  it('plots the three finished items with 50/85/95 % lines of 4, 6.8 and 7.6 days', () => {
    expect(view.cycleTime.pointRows).toEqual([0, 1, 2]);
    // Sorted cycle times 2, 4, 8: p85 at position 1.7 → 8 − 4 × 0.3 = 6.8; p95 at 1.9 → 8 − 4 × 0.1 = 7.6.
    expect(view.cycleTime.lines).toEqual([
      { percentile: 50, days: 4 },
      { percentile: 85, days: 6.8 },
      { percentile: 95, days: 7.6 },
    ]);
    expect(view.cycleTime.histogram).toEqual({ binWidth: 1, counts: [0, 0, 1, 0, 1, 0, 0, 0, 1] });
    expect(view.summary.cycleTime).toEqual({ p50: 4, p85: 6.8, p95: 7.6 });
    // Lead times 4, 5, 15: p85 = 15 − 10 × 0.3, p95 = 15 − 10 × 0.1.
    expect(view.summary.leadTime).toEqual({ p50: 5, p85: 12, p95: 14 });
  });

  it('keeps the daily WIP, throughput and CFD of the range', () => {
    expect(view.daily.dates).toHaveLength(19);
    expect(view.daily.wip).toEqual([0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);
    expect(view.daily.throughput.map((n, i) => (n > 0 ? view.daily.dates[i] : null)).filter(Boolean)).toEqual(
      ['2026-03-06', '2026-03-07', '2026-03-17'],
    );
    const doneIndex = view.settings.stages.findIndex((s) => s.name === 'Done');
    expect(view.daily.byStage[doneIndex]?.at(-1)).toBe(3);
    expect(view.daily.byStage[0]?.[0]).toBe(5);
  });

  it('computes weekly throughput and flow efficiency (Σ active ÷ Σ cycle time of the week)', () => {
    expect(view.weekly).toEqual([
      { weekStart: '2026-03-02', throughput: 2, flowEfficiency: 0.833 }, // (3 + 2) / (4 + 2)
      { weekStart: '2026-03-09', throughput: 0, flowEfficiency: null },
      { weekStart: '2026-03-16', throughput: 1, flowEfficiency: 1 },
    ]);
    expect(view.summary.flowEfficiency).toBe(0.929); // 13 / 14
    expect(view.throughput.dailyHistogram).toEqual({ binWidth: 1, counts: [16, 3] });
    expect(view.throughput.weeklyHistogram).toEqual({ binWidth: 1, counts: [1, 0, 1] });
    expect(view.summary.throughputPerWeek).toBe(1.11); // 3 / 19 × 7
  });

  it('ranks the aging item against the window and counts it above the 85th percentile', () => {
    expect(view.aging.items).toEqual([
      { key: 'A-4', stageIndex: 1, status: 'In Progress', ageDays: 10, percentileRank: 100 },
    ]);
    expect(view.aging.bands.map((b) => b.days)).toEqual([4, 6.8, 7.6]);
    expect(view.summary.agingAboveP85).toBe(1);
    expect(view.summary.wipNow).toBe(1);
  });

  it('splits the value stream over In Progress, Review and Test and flags In Progress as the bottleneck', () => {
    const vs = view.valueStream;
    expect(
      vs.stages.map((s) => [
        s.name,
        s.items,
        s.averageDays,
        s.p85Days,
        s.shareOfFlowTime,
        s.returnedShare,
        s.bottleneck,
      ]),
    ).toEqual([
      ['In Progress', 3, 4, 6.5, 0.857, 0.333, true], // 3 + 1 + 8 = 12 of 14 days; A-1 came back from Review
      ['Review', 1, 1, 1, 0.071, 0, false],
      ['Test', 1, 1, 1, 0.071, 0, false],
    ]);
    expect(vs.waitingShare).toBe(0.071);
    expect(vs.activeShare).toBe(0.929);
    expect(vs.reworkShare).toBe(0.333);
    expect(vs.bottleneckIndex).toBe(0);
  });

  it("reports Little's Law with the verdict 'cycle-time-shorter' (predicted 8.33 d vs measured 4.67 d)", () => {
    expect(view.littlesLaw).toEqual({
      verdict: 'cycle-time-shorter',
      windowStart: '2026-03-02',
      windowEnd: '2026-03-20',
      averageWip: 1.32, // 25 / 19
      averageThroughputPerDay: 0.158, // 3 / 19
      predictedCycleTimeDays: 8.33,
      meanCycleTimeDays: 4.67,
      deviation: 0.786,
    });
  });

  it('forecasts exactly as the engine with the default inputs', () => {
    const engine = report.summary.forecast;
    expect(view.forecast?.howMany).toEqual(engine?.howMany);
    expect(view.forecast?.when).toEqual(engine?.when);
    expect(view.forecast?.sampleDays).toBe(18);
  });

  it('forecasts for a requested date and item count', () => {
    const custom = buildProjectFlowView(inputOf(reportOf(ISSUES, { byDate: '2026-03-20', items: 5 })));
    expect(custom.forecast?.howMany).toEqual({
      byDate: '2026-03-20',
      itemsAtConfidence: { '50': 0, '70': 0, '85': 0, '95': 0 },
    });
    expect(custom.forecast?.when?.items).toBe(5);
  });

  it('limits the finished-item charts to the range', () => {
    const narrow = buildProjectFlowView(inputOf(report, { from: '2026-03-09', to: '2026-03-20' }));
    expect(narrow.cycleTime.pointRows).toEqual([2]);
    expect(narrow.daily.dates[0]).toBe('2026-03-09');
    expect(narrow.summary.finished).toBe(1);
    expect(narrow.valueStream.reworkShare).toBe(0);
  });

  it('counts data-quality warnings and unmapped statuses', () => {
    const odd = reportOf([...ISSUES, issue('A-6', at(2), [[at(3), 'Open', 'Limbo']])]);
    const v = buildProjectFlowView(inputOf(odd));
    expect(v.dataQuality.unmappedStatuses).toEqual(['Limbo']);
    expect(v.dataQuality.warningCounts['unmapped-status']).toBe(1);
    expect(v.dataQuality.issuesWithWarnings).toBe(1);
  });
});

describe('view helpers', () => {
  it('picks a bin width giving at most 40 bins', () => {
    expect(histogram([0.5, 1.2, 1.9, 3], 1)).toEqual({ binWidth: 1, counts: [1, 2, 0, 1] });
    expect(histogram([0, 100], 1)).toEqual({ binWidth: 5, counts: [1, ...new Array<number>(19).fill(0), 1] });
    expect(histogram([], 1)).toEqual({ binWidth: 1, counts: [] });
  });

  it('finds the Monday of the ISO week', () => {
    expect(weekStartOf('2026-03-05')).toBe('2026-03-02');
    expect(weekStartOf('2026-03-08')).toBe('2026-03-02');
    expect(weekStartOf('2026-03-09')).toBe('2026-03-09');
  });

  it("names Little's Law verdicts by the sign of the deviation", () => {
    expect(littlesLawVerdict(null)).toBe('insufficient-data');
    expect(littlesLawVerdict(0.2)).toBe('stable');
    expect(littlesLawVerdict(-0.21)).toBe('cycle-time-longer');
    expect(littlesLawVerdict(0.5)).toBe('cycle-time-shorter');
  });

  it("finds backward moves and the stages work was sent back into, from the engine's timeline", () => {
    const facts = reportOf(ISSUES);
    expect(facts.issues[0]?.rework).toEqual({
      movedBack: true,
      visited: [0, 1, 2, 4],
      returnedTo: [1],
    });
    expect(facts.issues[1]?.rework).toEqual({
      movedBack: false,
      visited: [0, 1, 3, 4],
      returnedTo: [],
    });
  });

  it('counts as rework only the moves the engine replays: none after asOf, none within a stage', () => {
    // B-1 is sent back to In Progress after asOf (03-21): not yet known on 03-20, so no rework (the changelog's
    // own re-reading counted it). B-2 moves Open → Reopened (both Backlog) before starting: not a move back.
    const facts = reportOf([
      issue('B-1', at(2), [
        [at(3), 'Open', 'In Progress'],
        [at(5), 'In Progress', 'Testing'],
        [at(21), 'Testing', 'In Progress'],
      ]),
      issue('B-2', at(2), [
        [at(3), 'Open', 'Reopened'],
        [at(4), 'Reopened', 'In Progress'],
      ]),
    ]);
    expect(facts.issues.map((i) => i.rework)).toEqual([
      { movedBack: false, visited: [0, 1, 3], returnedTo: [] },
      { movedBack: false, visited: [0, 1], returnedTo: [] },
    ]);
  });
});
