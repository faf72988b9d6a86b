/**
 * The flow-metrics engine: one function from Jira issues to the report every screen and the CLI show
 * (FLOW-METRICS.md). Pure: no I/O, no clock (the report's instant comes in as `asOfMs`).
 */
import { addDays, buildDayGrid, dayIndex, isValidTimeZone, localDate } from './calendar';
import type { DayGrid } from './calendar';
import { canonicalIssueMetrics } from './canonical';
import type { CanonicalIssueMetrics } from './canonical';
import { compatIssueMetrics } from './compat';
import type { CompatIssueMetrics } from './compat';
import {
  addIssueToDaily,
  cumulativeStageCounts,
  emptyDailyCounts,
  finishDailyCounts,
  stageCountsFromStatus,
  wipFromStages,
} from './daily';
import { datedForecast } from './forecast';
import { littlesLawCheck } from './littles-law';
import { resolveMapping, StatusRegistry } from './mapping';
import { deriveDefaultMapping } from './mapping-defaults';
import type { ResolvedMapping } from './mapping';
import { percentile, percentileRank, sortNumbers } from './percentiles';
import { buildTimeline } from './timeline';
import type { IssueTimeline } from './timeline';
import { toIsoUtc } from './timestamps';
import type {
  AgingFacts,
  DailyRow,
  DurationSummary,
  FlowFacts,
  FlowOptions,
  FlowReport,
  ForecastReport,
  IssueFacts,
  IssueReport,
  IssueRework,
  JiraIssueInput,
  JiraStatusRef,
  LittlesLawReport,
  WarningCode,
  WorkflowMapping,
  WorkingCalendar,
} from './types';

const MS_PER_DAY = 86_400_000;
/** Default look-back for Little's Law, aging percentiles and the forecast sample, in days. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Default forecast horizon ("how many by asOf + 30 days"), in days. */
export const DEFAULT_FORECAST_DAYS = 30;

export class FlowOptionsError extends Error {
  override readonly name = 'FlowOptionsError';
}

/** What the accumulator keeps of one issue: its compact timeline and type, never the input object. */
interface TimelineEntry {
  readonly timeline: IssueTimeline;
  readonly issueType: string | null;
}

/** What the summary needs of an issue once its report row is built (the time-in-status map is not kept). */
interface AnalysedIssue extends TimelineEntry {
  readonly canonical: Pick<CanonicalIssueMetrics, 'startMs' | 'doneMs' | 'leadTimeMs' | 'cycleTimeMs'>;
  readonly compat: CompatIssueMetrics | null;
}

/**
 * Reads issues one at a time and computes the flow report of all of them at the end. Only a compact timeline
 * per issue is kept, so callers can stream issues from a file or from Jira pages without holding them all.
 */
export interface FlowAccumulator {
  /** Reads one issue; keeps only a compact timeline, never a reference to `issue`. */
  add(issue: JiraIssueInput): void;
  /**
   * Makes statuses and their Jira categories known (e.g. a project's workflow statuses, in Jira's order), so the
   * default mapping also maps statuses that issues only passed through and orders its stages as the status mapping
   * page does. Has no effect with an explicit mapping.
   */
  addKnownStatuses(statuses: readonly JiraStatusRef[]): void;
  /** Number of issues added. */
  readonly count: number;
  /** Computes the report of everything added, instants as ISO strings (the CLI's wire format). */
  finish(): FlowReport;
  /** Computes the facts of everything added, instants in epoch ms (what the screens build on). */
  finishFacts(): FlowFacts;
}

/** Working time per grid day, so working-day durations cost two binary searches per issue. */
interface WorkingGrid {
  readonly grid: DayGrid;
  /** `prefixDays[i]`: working days (fractional) before grid day i. */
  readonly prefixDays: Float64Array;
  readonly working: Uint8Array;
}

function buildWorkingGrid(grid: DayGrid, calendar: WorkingCalendar): WorkingGrid {
  const days = grid.dates.length;
  const holidays = new Set(calendar.holidays);
  const weekdays = new Set(calendar.workingWeekdays);
  const working = new Uint8Array(days);
  const prefixDays = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    const date = grid.dates[d] ?? '';
    const isoWeekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    working[d] = weekdays.has(isoWeekday) && !holidays.has(date) ? 1 : 0;
    prefixDays[d + 1] = (prefixDays[d] ?? 0) + (working[d] ?? 0);
  }
  return { grid, prefixDays, working };
}

/** Working days (fractional, each day weighted by its own 23/24/25 h length) before instant `t`. */
function workingDaysBefore(w: WorkingGrid, t: number): number {
  const days = w.grid.dates.length;
  const d = dayIndex(w.grid, t);
  if (d < 0) return 0;
  if (d >= days) return w.prefixDays[days] ?? 0;
  const dayStart = w.grid.startsMs[d] ?? t;
  const dayEnd = w.grid.startsMs[d + 1] ?? t;
  const partial = w.working[d] === 1 && dayEnd > dayStart ? (t - dayStart) / (dayEnd - dayStart) : 0;
  return (w.prefixDays[d] ?? 0) + partial;
}

function summarize(values: number[], unit: 'ms' | 'days'): DurationSummary {
  const sorted = sortNumbers(values);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p85: percentile(sorted, 85),
    p95: percentile(sorted, 95),
    unit,
  };
}

/**
 * Computes the flow report of a set of issues (FLOW-METRICS.md §3 canonical, §4 compatibility mode).
 *
 * - Per issue: start, done, lead and cycle time (ms), time in status (ms), flow efficiency (0..1), blocked time,
 *   cycle time in calendar days inclusive and in working days (calendar of `options.calendar`), warnings.
 * - Daily series from the local day of the earliest `created` to the local day of `asOfMs`, days in
 *   `options.timeZone` (DST-aware: a day is 23, 24 or 25 hours).
 * - Summary: lead/cycle time percentiles (type 7), throughput per week over the whole series, Little's Law check,
 *   aging WIP and a seeded Monte Carlo forecast over the last `windowDays` full days.
 *
 * Issues without a usable `created` are listed with a warning and no numbers. Changes after `asOfMs` are not
 * yet known and ignored.
 *
 * @throws FlowOptionsError for an unknown time zone; MappingError for an inconsistent mapping.
 */
export function computeFlowReport(issues: readonly JiraIssueInput[], options: FlowOptions): FlowReport {
  const accumulator = createFlowAccumulator(options);
  for (const issue of issues) accumulator.add(issue);
  return accumulator.finish();
}

/** {@link computeFlowReport} with instants in epoch ms and each issue's rework ({@link FlowFacts}). */
export function computeFlowFacts(issues: readonly JiraIssueInput[], options: FlowOptions): FlowFacts {
  const accumulator = createFlowAccumulator(options);
  for (const issue of issues) accumulator.add(issue);
  return accumulator.finishFacts();
}

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
 * Creates a {@link FlowAccumulator} for the given options (semantics as {@link computeFlowReport}).
 * @throws FlowOptionsError for an unknown time zone or an invalid asOf.
 */
export function createFlowAccumulator(options: FlowOptions): FlowAccumulator {
  const { asOfMs, timeZone, mode } = options;
  if (!isValidTimeZone(timeZone)) {
    throw new FlowOptionsError(
      `Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin or UTC.`,
    );
  }
  if (!Number.isFinite(asOfMs)) throw new FlowOptionsError('asOf is not a valid instant.');
  const registry = new StatusRegistry();
  const known: JiraStatusRef[] = [];
  const entries: TimelineEntry[] = [];
  const failed: IssueFacts[] = [];
  const keepChanges = mode === 'jira-agile-metrics';
  let count = 0;
  let finished = false;
  return {
    get count() {
      return count;
    },
    addKnownStatuses(statuses: readonly JiraStatusRef[]): void {
      for (const status of statuses) {
        if (status.name) registry.intern(status.name, status.id ?? null, status.statusCategory?.key ?? null);
      }
      if (options.mapping === undefined) known.push(...statuses);
    },
    add(issue: JiraIssueInput): void {
      if (finished) throw new Error('FlowAccumulator.add after finish');
      count++;
      const status = issue.fields?.status;
      if (status?.name) registry.intern(status.name, status.id ?? null, status.statusCategory?.key ?? null);
      const result = buildTimeline(issue, registry, asOfMs, keepChanges);
      if (result.timeline === null) {
        failed.push(emptyIssueReport(result.key, result.warning));
        return;
      }
      if (result.timeline.createdMs > asOfMs) return; // not yet created at asOf
      entries.push({ timeline: result.timeline, issueType: issue.fields?.issuetype?.name ?? null });
    },
    finish(): FlowReport {
      // Each issue goes to the wire form as it is built: 100,000 facts are never held next to their reports.
      return wireReport(finishOnce(false, reportIssueOf));
    },
    finishFacts(): FlowFacts {
      return finishOnce(true, (facts) => facts);
    },
  };

  function finishOnce<I extends IssueWarnings>(
    withRework: boolean,
    issueOut: (facts: IssueFacts) => I,
  ): FactsWithIssues<I> {
    if (finished) throw new Error('FlowAccumulator.finish called twice');
    finished = true;
    const facts = finishFacts(entries, failed, registry, known, options, withRework, issueOut);
    // The facts are all callers need now; let the timelines go while they are still in use.
    entries.length = 0;
    failed.length = 0;
    return facts;
  }
}

/** What the summary needs of an issue in any form: its warnings. */
interface IssueWarnings {
  readonly warnings: readonly string[];
}

/** {@link FlowFacts} with the issues in another form (the CLI's: {@link IssueReport}). */
type FactsWithIssues<I> = Omit<FlowFacts, 'issues'> & { readonly issues: readonly I[] };

function finishFacts<I extends IssueWarnings>(
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

function emptyIssueReport(key: string, warning: WarningCode): IssueFacts {
  return {
    key,
    createdMs: null,
    startMs: null,
    doneMs: null,
    leadTimeMs: null,
    cycleTimeMs: null,
    flowEfficiency: null,
    timeInStatusMs: {},
    warnings: [warning],
  };
}

/**
 * Backward moves through the stages, from the engine's replayed visits (so the same ordering, clamping, asOf cut
 * and self-transition rules as every other number): a visit to a mapped stage left of the last mapped stage the
 * issue was in is a move back; unmapped visits are skipped, so a move through an unmapped status still counts when
 * it lands left of where the issue was; moves within a stage are not rework.
 */
function reworkOfTimeline(timeline: IssueTimeline, mapping: ResolvedMapping): IssueRework {
  let current = -1;
  const visited: number[] = [];
  const returnedTo: number[] = [];
  for (const visit of timeline.visits) {
    const stage = mapping.stageOfStatus[visit.status] ?? -1;
    if (stage < 0) continue;
    if (current >= 0 && stage < current && !returnedTo.includes(stage)) returnedTo.push(stage);
    if (!visited.includes(stage)) visited.push(stage);
    current = stage;
  }
  const ascending = (x: number, y: number): number => x - y;
  return {
    movedBack: returnedTo.length > 0,
    visited: visited.sort(ascending),
    returnedTo: returnedTo.sort(ascending),
  };
}

function issueFacts(
  e: TimelineEntry,
  c: CanonicalIssueMetrics,
  compat: CompatIssueMetrics | null,
  mapping: ResolvedMapping,
  statusNames: readonly string[],
  grid: DayGrid,
  workingGrid: WorkingGrid,
  withRework: boolean,
): IssueFacts {
  const t = e.timeline;
  const timeInStatusMs: Record<string, number> = {};
  for (const [status, ms] of c.timeInStatusMs) timeInStatusMs[statusNames[status] ?? ''] = ms;
  const lastVisit = t.visits[t.visits.length - 1];
  const stageIndex = lastVisit === undefined ? -1 : (mapping.stageOfStatus[lastVisit.status] ?? -1);
  const base = {
    key: t.key,
    createdMs: t.createdMs,
    startMs: c.startMs,
    doneMs: c.doneMs,
    leadTimeMs: c.leadTimeMs,
    cycleTimeMs: c.cycleTimeMs,
    flowEfficiency: c.flowEfficiency,
    timeInStatusMs,
    warnings: c.warnings.length === 0 ? [] : [...c.warnings],
    status: lastVisit === undefined ? null : (statusNames[lastVisit.status] ?? null),
    stage: mapping.stages[stageIndex]?.name ?? null,
    issueType: e.issueType,
    blockedMs: c.blockedMs,
    cycleTimeCalendarDays:
      c.startMs === null || c.doneMs === null
        ? null
        : dayIndex(grid, c.doneMs) - dayIndex(grid, c.startMs) + 1,
    cycleTimeWorkingDays:
      c.startMs === null || c.doneMs === null
        ? null
        : workingDaysBefore(workingGrid, c.doneMs) - workingDaysBefore(workingGrid, c.startMs),
    // The CLI's report carries no rework: not computed for it.
    rework: withRework ? reworkOfTimeline(t, mapping) : null,
  };
  if (compat === null) return base;
  const stageDates: Record<string, string | null> = {};
  mapping.stages.forEach((stage, i) => (stageDates[stage.name] = compat.stageDates[i] ?? null));
  return {
    ...base,
    stageDates,
    startDate: compat.startDate,
    doneDate: compat.doneDate,
    cycleTimeDays: compat.cycleTimeDays,
  };
}

/**
 * The CLI's report (FLOW-METRICS.md §5) of the engine's facts: instants as ISO-8601 UTC strings, the fields in the
 * contract's order, rework left out (it is no part of the contract).
 */
export function reportOfFacts(facts: FlowFacts): FlowReport {
  return wireReport({ ...facts, issues: facts.issues.map(reportIssueOf) });
}

/** The report around issues already in the wire form: asOf and the aging items' starts as ISO strings. */
function wireReport(facts: FactsWithIssues<IssueReport>): FlowReport {
  return {
    mode: facts.mode,
    timeZone: facts.timeZone,
    asOf: toIsoUtc(facts.asOfMs),
    startPolicy: facts.startPolicy,
    stages: facts.stages,
    startStage: facts.startStage,
    doneStage: facts.doneStage,
    issues: facts.issues,
    daily: facts.daily,
    summary: {
      ...facts.summary,
      aging: facts.summary.aging.map(({ startMs, ...item }) => ({
        key: item.key,
        status: item.status,
        stage: item.stage,
        startAt: toIsoUtc(startMs),
        ageMs: item.ageMs,
        percentileRank: item.percentileRank,
      })),
    },
  };
}

/**
 * One issue of the CLI's report. Built as object literals, not spreads: for 100,000 issues a spread per issue costs
 * more than the whole engine's finish.
 */
function reportIssueOf(f: IssueFacts): IssueReport {
  const created = f.createdMs === null ? null : toIsoUtc(f.createdMs);
  const startAt = f.startMs === null ? null : toIsoUtc(f.startMs);
  const doneAt = f.doneMs === null ? null : toIsoUtc(f.doneMs);
  if (f.status === undefined)
    return {
      key: f.key,
      created,
      startAt,
      doneAt,
      leadTimeMs: f.leadTimeMs,
      cycleTimeMs: f.cycleTimeMs,
      flowEfficiency: f.flowEfficiency,
      timeInStatusMs: f.timeInStatusMs,
      warnings: f.warnings,
    };
  if (f.stageDates === undefined)
    return {
      key: f.key,
      created,
      startAt,
      doneAt,
      leadTimeMs: f.leadTimeMs,
      cycleTimeMs: f.cycleTimeMs,
      flowEfficiency: f.flowEfficiency,
      timeInStatusMs: f.timeInStatusMs,
      warnings: f.warnings,
      status: f.status,
      stage: f.stage ?? null,
      issueType: f.issueType ?? null,
      blockedMs: f.blockedMs ?? 0,
      cycleTimeCalendarDays: f.cycleTimeCalendarDays ?? null,
      cycleTimeWorkingDays: f.cycleTimeWorkingDays ?? null,
    };
  return {
    key: f.key,
    created,
    startAt,
    doneAt,
    leadTimeMs: f.leadTimeMs,
    cycleTimeMs: f.cycleTimeMs,
    flowEfficiency: f.flowEfficiency,
    timeInStatusMs: f.timeInStatusMs,
    warnings: f.warnings,
    status: f.status,
    stage: f.stage ?? null,
    issueType: f.issueType ?? null,
    blockedMs: f.blockedMs ?? 0,
    cycleTimeCalendarDays: f.cycleTimeCalendarDays ?? null,
    cycleTimeWorkingDays: f.cycleTimeWorkingDays ?? null,
    stageDates: f.stageDates,
    startDate: f.startDate ?? null,
    doneDate: f.doneDate ?? null,
    cycleTimeDays: f.cycleTimeDays ?? null,
  };
}

function countWarnings(reports: readonly IssueWarnings[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of reports) for (const w of r.warnings) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}

interface SeriesContext {
  readonly grid: DayGrid;
  readonly wip: Int32Array;
  readonly throughput: Int32Array;
  readonly seriesDays: number;
  readonly asOfMs: number;
  readonly windowDays: number;
  readonly seed: number;
  readonly mode: FlowOptions['mode'];
  readonly forecast: NonNullable<FlowOptions['forecast']>;
}

function buildSummary(
  analysed: readonly AnalysedIssue[],
  mapping: ResolvedMapping,
  statusNames: readonly string[],
  ctx: SeriesContext,
): Omit<FlowFacts['summary'], 'warningCounts'> {
  const { grid, asOfMs } = ctx;
  const days = ctx.seriesDays;
  const leadTimes: number[] = [];
  const cycleTimes: number[] = [];
  const compatCycleDays: number[] = [];
  for (const a of analysed) {
    if (a.canonical.leadTimeMs !== null) leadTimes.push(a.canonical.leadTimeMs);
    if (a.canonical.cycleTimeMs !== null) cycleTimes.push(a.canonical.cycleTimeMs);
    if (a.compat?.cycleTimeDays !== null && a.compat?.cycleTimeDays !== undefined)
      compatCycleDays.push(a.compat.cycleTimeDays);
  }
  let totalThroughput = 0;
  for (let d = 0; d < days; d++) totalThroughput += ctx.throughput[d] ?? 0;

  // The window: the last `windowDays` days of the series ending with asOf's day (Little's Law, aging ranks);
  // the forecast samples the full days before asOf's day, since today is not over yet.
  const windowStart = Math.max(0, days - ctx.windowDays);
  const asOfDay = days - 1;
  const windowCycleTimes: number[] = [];
  for (const a of analysed) {
    const { doneMs, cycleTimeMs } = a.canonical;
    if (doneMs === null || cycleTimeMs === null) continue;
    const day = dayIndex(grid, doneMs);
    if (day >= windowStart && day <= asOfDay) windowCycleTimes.push(cycleTimeMs);
  }
  const sortedWindowCycle = sortNumbers(windowCycleTimes);

  let littlesLaw: LittlesLawReport | null = null;
  if (days > 0) {
    let wipSum = 0;
    let doneSum = 0;
    for (let d = windowStart; d < days; d++) {
      wipSum += ctx.wip[d] ?? 0;
      doneSum += ctx.throughput[d] ?? 0;
    }
    const span = days - windowStart;
    const meanCycleMs =
      windowCycleTimes.length === 0
        ? null
        : windowCycleTimes.reduce((s, v) => s + v, 0) / windowCycleTimes.length;
    const check = littlesLawCheck({
      averageWip: wipSum / span,
      averageThroughputPerDay: doneSum / span,
      meanCycleTimeDays: meanCycleMs === null ? null : meanCycleMs / MS_PER_DAY,
    });
    littlesLaw = {
      windowStart: grid.dates[windowStart] ?? '',
      windowEnd: grid.dates[asOfDay] ?? '',
      ...check,
    };
  }

  const aging: AgingFacts[] = [];
  for (const a of analysed) {
    const last = a.timeline.visits[a.timeline.visits.length - 1];
    if (last === undefined || a.canonical.doneMs !== null) continue;
    const stage = mapping.stageOfStatus[last.status] ?? -1;
    if (stage < mapping.startStageIndex || stage >= mapping.doneStageIndex || a.canonical.startMs === null)
      continue;
    const ageMs = asOfMs - a.canonical.startMs;
    aging.push({
      key: a.timeline.key,
      status: statusNames[last.status] ?? '',
      stage: mapping.stages[stage]?.name ?? '',
      startMs: a.canonical.startMs,
      ageMs,
      percentileRank: percentileRank(sortedWindowCycle, ageMs),
    });
  }
  aging.sort((x, y) => y.ageMs - x.ageMs);

  return {
    leadTime: summarize(leadTimes, 'ms'),
    cycleTime:
      ctx.mode === 'jira-agile-metrics' ? summarize(compatCycleDays, 'days') : summarize(cycleTimes, 'ms'),
    throughputPerWeek: days === 0 ? 0 : (totalThroughput / days) * 7,
    littlesLaw,
    wipNow: ctx.wip[asOfDay] ?? 0,
    aging,
    forecast: buildForecast(ctx, aging.length),
  };
}

/**
 * The Monte Carlo forecast over the full days of the window before asOf's day (asOf's own day is not over): how
 * many by the asked date (default asOf's day + {@link DEFAULT_FORECAST_DAYS}) and when the asked number of items
 * (default the aging WIP) will be done.
 */
function buildForecast(ctx: SeriesContext, wipCount: number): ForecastReport | null {
  const fullDays = ctx.seriesDays - 1;
  const from = Math.max(0, fullDays - ctx.windowDays);
  const sample = Array.from(ctx.throughput.subarray(from, Math.max(from, fullDays)));
  const asOfDate = ctx.grid.dates[ctx.seriesDays - 1] ?? localDate(ctx.asOfMs, 'UTC');
  const { byDate, items, trials } = ctx.forecast;
  return datedForecast(sample, asOfDate, {
    byDate: byDate ?? addDays(asOfDate, DEFAULT_FORECAST_DAYS),
    items: items ?? wipCount,
    seed: ctx.seed,
    ...(trials === undefined ? {} : { trials }),
  });
}
