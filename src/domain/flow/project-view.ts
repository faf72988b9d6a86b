/**
 * The project flow page's view model, computed from ONE engine result (its facts, instants in epoch ms, plus the
 * issues' summaries), so every number on the page is the engine's. Pure: no clock, no I/O.
 *
 * Units: instants epoch ms, durations days (ms ÷ 86,400,000, 2 decimals), shares 0..1 (3 decimals), dates
 * `YYYY-MM-DD` in the report's time zone.
 */
import type {
  AgingWipItem,
  Histogram,
  LittlesLawVerdict,
  PercentileLine,
  ProjectFlowForecast,
  ProjectFlowIssueRow,
  ProjectFlowView,
  WeeklyPoint,
} from './project-view-types';
import { addDays, isoWeekdayOfDayNumber, localDate, toDayNumber } from './calendar';
import { LITTLES_LAW_STABLE_DEVIATION } from './littles-law';
import { percentile, sortNumbers } from './percentiles';
import { stageLookup, valueStream } from './value-stream';
import type { FlowFacts, IssueFacts, WorkingCalendar } from './types';

/** Bumped when the view's shape changes, so cached views of an older shape are recomputed. */
export const PROJECT_FLOW_SCHEMA_VERSION = 1;
/** Aging items listed at most (oldest first); the rest are counted. */
export const MAX_AGING_ITEMS = 2000;
/** Summaries are cut to this many characters. */
export const MAX_SUMMARY_CHARS = 80;
/** Days the default forecast looks ahead of the range's end. */
export const DEFAULT_FORECAST_HORIZON_DAYS = 30;

const MS_PER_DAY = 86_400_000;

/**
 * Rounds to `digits` decimals for the view's JSON (days to 2, shares to 3); unit-less.
 * @example round(6.8049, 2) === 6.8
 */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function roundOrNull(value: number | null | undefined, digits: number): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : round(value, digits);
}

function daysOf(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : round(ms / MS_PER_DAY, 2);
}

/** Bin widths tried for histograms, smallest first; the first giving ≤ 40 bins is used. */
const NICE_WIDTHS = [1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730, 1825];

/**
 * Equal-width histogram from 0 with a "nice" bin width (1, 2, 5, 7, 10, 14, 30 … units) giving at most 40 bins.
 *
 * @param values non-negative numbers in any unit (days, items).
 * @param minWidth smallest bin width allowed (e.g. 1 for whole items).
 * @example histogram([0.5, 1.2, 1.9, 3], 1) // { binWidth: 1, counts: [1, 2, 0, 1] }
 */
export function histogram(values: readonly number[], minWidth = 1): Histogram {
  if (values.length === 0) return { binWidth: minWidth, counts: [] };
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const binWidth =
    NICE_WIDTHS.find((w) => w >= minWidth && Math.floor(max / w) + 1 <= 40) ?? Math.ceil(max / 40);
  const counts = new Array<number>(Math.floor(max / binWidth) + 1).fill(0);
  for (const v of values) {
    const bin = Math.floor(Math.max(0, v) / binWidth);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { binWidth, counts };
}

/**
 * Monday (`YYYY-MM-DD`) of the ISO week of a local date.
 * @example weekStartOf('2026-03-05') // '2026-03-02' (a Thursday → its Monday)
 */
export function weekStartOf(date: string): string {
  return addDays(date, 1 - isoWeekdayOfDayNumber(toDayNumber(date)));
}

/**
 * Plain-language verdict of a Little's Law check: `stable` within ±20 %; `cycle-time-longer` when the measured
 * mean cycle time exceeds the predicted one by more (deviation = (predicted − mean) ÷ mean < −0.2: aging or
 * growing WIP), `cycle-time-shorter` when it falls short (deviation > 0.2: WIP left unfinished or shrinking).
 *
 * @example littlesLawVerdict(-0.5) // 'cycle-time-longer'
 */
export function littlesLawVerdict(deviation: number | null): LittlesLawVerdict {
  if (deviation === null) return 'insufficient-data';
  if (Math.abs(deviation) <= LITTLES_LAW_STABLE_DEVIATION) return 'stable';
  return deviation < 0 ? 'cycle-time-longer' : 'cycle-time-shorter';
}

/** Everything beyond the engine's facts the view needs. */
export interface ProjectViewInput {
  /** The engine's facts (canonical mode), with the forecast asked for the page's date and items. */
  readonly facts: FlowFacts;
  readonly projectKey: string;
  /** First and last local day of the range (inclusive), in the report's time zone. */
  readonly from: string;
  readonly to: string;
  readonly percentiles: readonly number[];
  readonly calendar: WorkingCalendar;
  /** The engine's window (aging ranks, Little's Law, forecast sample), days. */
  readonly windowDays: number;
  /** Per issue key: its summary (absent: ''). */
  readonly summaries: ReadonlyMap<string, string>;
  readonly issueTypes: readonly string[];
  readonly jql: string | null;
  readonly mappingVersion: number | null;
  readonly mappingDerived: boolean;
  readonly computedAtMs: number;
}

function percentileLines(sortedMs: Float64Array, percentiles: readonly number[]): PercentileLine[] {
  return percentiles.map((p) => ({ percentile: p, days: daysOf(percentile(sortedMs, p)) }));
}

function cutSummary(summary: string): string {
  return summary.length <= MAX_SUMMARY_CHARS ? summary : `${summary.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}

/**
 * Builds the project flow page's view from one engine report (canonical mode):
 * - issue rows for every reported issue; scatter points = items whose done day lies in `[from, to]`, with the
 *   requested percentile lines and a cycle-time histogram over them (days);
 * - daily series (CFD by stage, WIP, throughput) for the days of `[from, to]` the report covers, weekly
 *   throughput and flow efficiency (Σ efficiency × cycle time ÷ Σ cycle time of the items finished that week),
 *   daily and weekly throughput histograms (weekly: only whole ISO weeks inside the range);
 * - aging WIP from the report with percentile bands over the cycle times finished in the engine's window (the
 *   population of the engine's ranks);
 * - value stream of the items finished in the range ({@link valueStream});
 * - the engine's Monte Carlo forecast (asked with the page's date and item count, see `FlowOptions.forecast`);
 *   Little's Law as the engine computed it, with a verdict code.
 *
 * @example
 * const view = buildProjectFlowView({ facts: computeFlowFacts(issues, options), from: '2026-01-01', ... });
 * view.cycleTime.lines // [{ percentile: 50, days: 3.2 }, { percentile: 85, days: 9.75 }, ...]
 */
export function buildProjectFlowView(input: ProjectViewInput): ProjectFlowView {
  const { facts: report, from, to } = input;
  const tz = report.timeZone;
  const asOfMs = report.asOfMs;
  const stages = report.stages;
  const lookup = stageLookup(stages);
  const stageIndexOfName = new Map(stages.map((s, i) => [s.name, i]));
  const startStageIndex = stageIndexOfName.get(report.startStage) ?? 0;
  const doneStageIndex = stageIndexOfName.get(report.doneStage) ?? stages.length - 1;
  const inRange = (date: string): boolean => date >= from && date <= to;

  // Issue rows and the finished-in-range population.
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const rows: ProjectFlowIssueRow[] = [];
  const pointRows: number[] = [];
  const pointCycleMs: number[] = [];
  const leadMs: number[] = [];
  const finished: IssueFacts[] = [];
  const weekly = new Map<string, { throughput: number; activeMs: number; cycleMs: number }>();
  let activeSumMs = 0;
  let cycleSumMs = 0;
  let issuesWithWarnings = 0;
  const unmapped = new Set<string>();
  for (const issue of report.issues) {
    const typeName = issue.issueType ?? '';
    let t = typeIndex.get(typeName);
    if (t === undefined) {
      t = types.length;
      types.push(typeName);
      typeIndex.set(typeName, t);
    }
    const stageIndex =
      issue.stage === null || issue.stage === undefined ? -1 : (stageIndexOfName.get(issue.stage) ?? -1);
    const doneMs = issue.doneMs;
    const row: ProjectFlowIssueRow = [
      issue.key,
      cutSummary(input.summaries.get(issue.key) ?? ''),
      t,
      stageIndex,
      issue.createdMs,
      issue.startMs,
      doneMs,
      daysOf(issue.cycleTimeMs),
      daysOf(issue.leadTimeMs),
      roundOrNull(issue.flowEfficiency, 3),
      daysOf(issue.blockedMs ?? 0) ?? 0,
      issue.warnings.length,
    ];
    if (issue.warnings.length > 0) issuesWithWarnings++;
    for (const status of Object.keys(issue.timeInStatusMs))
      if (!lookup.has(status.toLowerCase())) unmapped.add(status);
    if (issue.status && !lookup.has(issue.status.toLowerCase())) unmapped.add(issue.status);
    if (doneMs !== null && inRange(localDate(doneMs, tz))) {
      finished.push(issue);
      if (issue.leadTimeMs !== null) leadMs.push(issue.leadTimeMs);
      if (issue.cycleTimeMs !== null) {
        pointRows.push(rows.length);
        pointCycleMs.push(issue.cycleTimeMs);
        const week = weekStartOf(localDate(doneMs, tz));
        const w = weekly.get(week) ?? { throughput: 0, activeMs: 0, cycleMs: 0 };
        if (issue.flowEfficiency !== null) {
          w.activeMs += issue.flowEfficiency * issue.cycleTimeMs;
          w.cycleMs += issue.cycleTimeMs;
          activeSumMs += issue.flowEfficiency * issue.cycleTimeMs;
          cycleSumMs += issue.cycleTimeMs;
        }
        weekly.set(week, w);
      }
    }
    rows.push(row);
  }
  const sortedCycle = sortNumbers(pointCycleMs);
  const sortedLead = sortNumbers(leadMs);

  // Daily series within the range.
  const days = report.daily.filter((d) => inRange(d.date));
  const byStage = stages.map((s) => days.map((d) => d.byStage[s.name] ?? 0));
  const wip = days.map((d) => d.wip);
  const throughput = days.map((d) => d.throughput);
  for (const d of days) {
    const week = weekStartOf(d.date);
    const w = weekly.get(week) ?? { throughput: 0, activeMs: 0, cycleMs: 0 };
    w.throughput += d.throughput;
    weekly.set(week, w);
  }
  const weeklyPoints: WeeklyPoint[] = [...weekly.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([weekStart, w]) => ({
      weekStart,
      throughput: w.throughput,
      flowEfficiency: w.cycleMs > 0 ? round(w.activeMs / w.cycleMs, 3) : null,
    }));
  const fullWeekCounts = weeklyPoints
    .filter(
      (w) =>
        w.weekStart >= from &&
        addDays(w.weekStart, 6) <= to &&
        addDays(w.weekStart, 6) <= (days.at(-1)?.date ?? ''),
    )
    .map((w) => w.throughput);
  const totalThroughput = throughput.reduce((s, v) => s + v, 0);

  // Aging WIP with bands over the engine's window population.
  const ll = report.summary.littlesLaw;
  const windowCycle: number[] = [];
  if (ll !== null) {
    for (const issue of report.issues) {
      const doneMs = issue.doneMs;
      if (doneMs === null || issue.cycleTimeMs === null) continue;
      const day = localDate(doneMs, tz);
      if (day >= ll.windowStart && day <= ll.windowEnd) windowCycle.push(issue.cycleTimeMs);
    }
  }
  const sortedWindow = sortNumbers(windowCycle);
  const p85WindowMs = percentile(sortedWindow, 85);
  const agingAll = report.summary.aging;
  const agingItems: AgingWipItem[] = agingAll.slice(0, MAX_AGING_ITEMS).map((a) => ({
    key: a.key,
    stageIndex: stageIndexOfName.get(a.stage) ?? -1,
    status: a.status,
    ageDays: round(a.ageMs / MS_PER_DAY, 2),
    percentileRank: roundOrNull(a.percentileRank, 1),
  }));

  const vs = valueStream(stages, startStageIndex, doneStageIndex, finished);
  const forecast: ProjectFlowForecast | null = report.summary.forecast;

  const rangeDays = days.length;
  return {
    schemaVersion: PROJECT_FLOW_SCHEMA_VERSION,
    projectKey: input.projectKey,
    asOfMs,
    computedAtMs: input.computedAtMs,
    cache: 'miss',
    settings: {
      from,
      to,
      timeZone: tz,
      stages: stages.map((s) => ({ name: s.name, kind: s.kind, statuses: [...s.statuses] })),
      startStage: report.startStage,
      doneStage: report.doneStage,
      workingWeekdays: [...input.calendar.workingWeekdays],
      holidays: [...input.calendar.holidays],
      percentiles: [...input.percentiles],
      issueTypes: [...input.issueTypes],
      jql: input.jql,
      windowDays: input.windowDays,
      mappingVersion: input.mappingVersion,
      mappingDerived: input.mappingDerived,
    },
    summary: {
      issuesLoaded: report.issues.length,
      finished: finished.length,
      wipNow: report.summary.wipNow,
      throughputPerWeek: rangeDays === 0 ? 0 : round((totalThroughput / rangeDays) * 7, 2),
      cycleTime: {
        p50: daysOf(percentile(sortedCycle, 50)),
        p85: daysOf(percentile(sortedCycle, 85)),
        p95: daysOf(percentile(sortedCycle, 95)),
      },
      leadTime: {
        p50: daysOf(percentile(sortedLead, 50)),
        p85: daysOf(percentile(sortedLead, 85)),
        p95: daysOf(percentile(sortedLead, 95)),
      },
      flowEfficiency: cycleSumMs > 0 ? round(activeSumMs / cycleSumMs, 3) : null,
      agingAboveP85: p85WindowMs === null ? 0 : agingAll.filter((a) => a.ageMs > p85WindowMs).length,
    },
    issues: { types, rows },
    cycleTime: {
      pointRows,
      lines: percentileLines(sortedCycle, input.percentiles),
      histogram: histogram(
        pointCycleMs.map((ms) => ms / MS_PER_DAY),
        1,
      ),
    },
    daily: { dates: days.map((d) => d.date), byStage, wip, throughput },
    weekly: weeklyPoints,
    throughput: {
      dailyHistogram: histogram(throughput, 1),
      weeklyHistogram: histogram(fullWeekCounts, 1),
    },
    aging: {
      items: agingItems,
      omitted: Math.max(0, agingAll.length - MAX_AGING_ITEMS),
      bands: percentileLines(sortedWindow, input.percentiles),
      windowStart: ll?.windowStart ?? from,
      windowEnd: ll?.windowEnd ?? to,
    },
    valueStream: {
      stages: vs.stages.map((s) => ({
        stageIndex: s.stageIndex,
        name: s.name,
        kind: s.kind,
        items: s.items,
        averageDays: roundOrNull(s.averageDays, 2),
        p85Days: roundOrNull(s.p85Days, 2),
        shareOfFlowTime: round(s.shareOfFlowTime, 3),
        returnedShare: round(s.returnedShare, 3),
        bottleneck: s.bottleneck,
      })),
      waitingShare: round(vs.waitingShare, 3),
      activeShare: round(vs.activeShare, 3),
      reworkShare: round(vs.reworkShare, 3),
      bottleneckIndex: vs.bottleneckIndex,
    },
    forecast,
    littlesLaw:
      ll === null
        ? null
        : {
            verdict: littlesLawVerdict(ll.deviation),
            windowStart: ll.windowStart,
            windowEnd: ll.windowEnd,
            averageWip: round(ll.averageWip, 2),
            averageThroughputPerDay: round(ll.averageThroughputPerDay, 3),
            predictedCycleTimeDays: roundOrNull(ll.predictedCycleTimeDays, 2),
            meanCycleTimeDays: roundOrNull(ll.meanCycleTimeDays, 2),
            deviation: roundOrNull(ll.deviation, 3),
          },
    dataQuality: {
      warningCounts: { ...report.summary.warningCounts },
      issuesWithWarnings,
      unmappedStatuses: [...unmapped].filter((s) => s !== '').sort(),
    },
  };
}
