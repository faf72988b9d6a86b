/**
 * The flow engine's aggregate finish: resolves the mapping, builds the day grids, turns every accumulated timeline
 * into its facts (`engine-issue.ts`), counts the daily series and adds the summary (`engine-summary.ts`). Pure.
 */
import { addDays, buildDayGrid, localDate } from './calendar';
import { canonicalIssueMetrics } from './canonical';
import { compatIssueMetrics } from './compat';
import {
  addIssueToDaily,
  cumulativeStageCounts,
  emptyDailyCounts,
  finishDailyCounts,
  stageCountsFromStatus,
  wipFromStages,
} from './daily';
import { buildWorkingGrid, issueFacts } from './engine-issue';
import type { AnalysedIssue, TimelineEntry } from './engine-issue';
import { buildSummary, DEFAULT_WINDOW_DAYS } from './engine-summary';
import { resolveMapping } from './mapping';
import type { ResolvedMapping, StatusRegistry } from './mapping';
import { deriveDefaultMapping } from './mapping-defaults';
import type { DailyRow, FlowFacts, FlowOptions, IssueFacts, JiraStatusRef, WorkflowMapping } from './types';

/** What the summary needs of an issue in any form: its warnings. */
export interface IssueWarnings {
  readonly warnings: readonly string[];
}

/** {@link FlowFacts} with the issues in another form (the CLI's: `IssueReport`). */
export type FactsWithIssues<I> = Omit<FlowFacts, 'issues'> & { readonly issues: readonly I[] };

/**
 * The default mapping when none is given: the ITSM-aware defaults of the status mapping page
 * ({@link deriveDefaultMapping}, FLOW-METRICS.md §2) over the statuses made known (a project's workflows, in
 * Jira's order) followed by those the issues showed with their category. So the CLI, the gadget and the page
 * measure a project with the same stages when nobody saved a mapping.
 */
function defaultMappingOf(known: readonly JiraStatusRef[], registry: StatusRegistry): WorkflowMapping {
  const seen: JiraStatusRef[] = [...known];
  for (const status of registry.statuses)
    if (status.categoryKey !== null)
      seen.push({
        name: status.name,
        ...(status.id === null ? {} : { id: status.id }),
        statusCategory: { key: status.categoryKey },
      });
  return deriveDefaultMapping(seen);
}

/**
 * The facts of all accumulated issues (the accumulator's `finish` and `finishFacts` in `engine.ts`): each issue
 * goes through `issueOut` as it is built, so a caller that wants another form never holds both forms of all issues.
 */
export function finishFacts<I extends IssueWarnings>(
  entries: readonly TimelineEntry[],
  failed: readonly IssueFacts[],
  registry: StatusRegistry,
  known: readonly JiraStatusRef[],
  options: FlowOptions,
  withRework: boolean,
  issueOut: (facts: IssueFacts) => I,
): FactsWithIssues<I> {
  const { asOfMs, timeZone, startPolicy, mode } = options;
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const calendar = options.calendar ?? { timeZone, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
  const mapping = resolveMapping(options.mapping ?? defaultMappingOf(known, registry), registry);
  let minCreatedMs = Infinity;
  for (const e of entries) if (e.timeline.createdMs < minCreatedMs) minCreatedMs = e.timeline.createdMs;

  const asOfDate = localDate(asOfMs, timeZone);
  const firstDate = Number.isFinite(minCreatedMs) ? localDate(minCreatedMs, timeZone) : asOfDate;
  const grid = buildDayGrid(firstDate, asOfDate, timeZone);
  const calendarGrid =
    calendar.timeZone === timeZone
      ? grid
      : buildDayGrid(
          localDate(Math.min(minCreatedMs, asOfMs), calendar.timeZone),
          localDate(asOfMs, calendar.timeZone),
          calendar.timeZone,
        );
  const workingGrid = buildWorkingGrid(calendarGrid, calendar);
  const days = grid.dates.length;

  const statusNames = registry.statuses.map((s) => s.name);
  const counts = emptyDailyCounts(registry.statuses.length, days);
  // One pass per issue: its metrics, its report row and its daily counts; only what the summary needs is kept.
  const issueReports: I[] = [];
  const analysed: AnalysedIssue[] = [];
  for (const e of entries) {
    const canonical = canonicalIssueMetrics(e.timeline, mapping, startPolicy, asOfMs);
    const compat = mode === 'jira-agile-metrics' ? compatIssueMetrics(e.timeline, mapping) : null;
    issueReports.push(
      issueOut(issueFacts(e, canonical, compat, mapping, statusNames, grid, workingGrid, withRework)),
    );
    addIssueToDaily(counts, grid, e.timeline, canonical.doneMs);
    const { startMs, doneMs, leadTimeMs, cycleTimeMs } = canonical;
    analysed.push({ ...e, canonical: { startMs, doneMs, leadTimeMs, cycleTimeMs }, compat });
  }
  for (const report of failed) issueReports.push(issueOut(report));
  finishDailyCounts(counts);
  const byStage = stageCountsFromStatus(counts, mapping, days);
  let wip = wipFromStages(byStage, mapping, days);
  let throughput = counts.throughput;
  let stageSeries = byStage;
  let seriesDates = grid.dates;

  if (mode === 'jira-agile-metrics') {
    const compatFirst = analysed.reduce<string>(
      (min, a) => (a.timeline.createdWallDate < min ? a.timeline.createdWallDate : min),
      asOfDate,
    );
    const dates: string[] = [];
    for (let date = compatFirst; date <= asOfDate; date = addDays(date, 1)) dates.push(date);
    seriesDates = dates;
    stageSeries = cumulativeStageCounts(
      analysed.map((a) => a.compat?.stageDates ?? []),
      mapping.stages.length,
      dates,
    );
    const startCum = stageSeries[mapping.startStageIndex];
    const doneCum = stageSeries[mapping.doneStageIndex];
    wip = new Int32Array(dates.length);
    throughput = new Int32Array(dates.length);
    for (let d = 0; d < dates.length; d++) {
      wip[d] = (startCum?.[d] ?? 0) - (doneCum?.[d] ?? 0);
      throughput[d] = (doneCum?.[d] ?? 0) - (d > 0 ? (doneCum?.[d - 1] ?? 0) : 0);
    }
  }

  const gridDayOf = new Map(grid.dates.map((date, i) => [date, i] as const));
  const statusOrder = orderStatuses(mapping, statusNames);
  const daily: DailyRow[] = seriesDates.map((date, d) => {
    const byStatusRow: Record<string, number> = {};
    // Status counts are on the canonical grid; in compatibility mode the dates are the same local dates.
    const gridDay = mode === 'jira-agile-metrics' ? (gridDayOf.get(date) ?? -1) : d;
    for (const s of statusOrder)
      byStatusRow[statusNames[s] ?? ''] = gridDay >= 0 ? (counts.byStatus[s]?.[gridDay] ?? 0) : 0;
    const byStageRow: Record<string, number> = {};
    mapping.stages.forEach((stage, i) => (byStageRow[stage.name] = stageSeries[i]?.[d] ?? 0));
    return {
      date,
      byStatus: byStatusRow,
      byStage: byStageRow,
      wip: wip[d] ?? 0,
      throughput: throughput[d] ?? 0,
    };
  });

  const summary = buildSummary(analysed, mapping, statusNames, {
    grid,
    wip,
    throughput,
    seriesDays: seriesDates.length,
    asOfMs,
    windowDays,
    seed: options.seed ?? 1,
    mode,
    forecast: options.forecast ?? {},
  });

  return {
    mode,
    timeZone,
    asOfMs,
    startPolicy,
    stages: mapping.stages,
    startStage: mapping.stages[mapping.startStageIndex]?.name ?? '',
    doneStage: mapping.stages[mapping.doneStageIndex]?.name ?? '',
    issues: issueReports,
    daily,
    summary: { ...summary, warningCounts: countWarnings(issueReports) },
  };
}

/** Statuses in stage order (left to right), unmapped ones last, each group in order of first appearance. */
function orderStatuses(mapping: ResolvedMapping, statusNames: readonly string[]): number[] {
  const indices = statusNames.map((_, i) => i);
  const rank = (s: number): number => {
    const stage = mapping.stageOfStatus[s] ?? -1;
    return stage < 0 ? mapping.stages.length : stage;
  };
  return indices.sort((a, b) => rank(a) - rank(b) || a - b);
}

function countWarnings(reports: readonly IssueWarnings[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of reports) for (const w of r.warnings) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}
