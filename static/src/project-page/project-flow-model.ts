/**
 * What the project flow page shows, computed from the resolver's `ProjectFlowView` without rendering: loading
 * (asking again while the project's flow facts are being built), the chart series (uPlot's columnar data) and the text alternatives' numbers. Pure functions
 * except {@link loadProjectFlow}, which talks to the resolvers through the injected invoke.
 */
import type {
  FlowFactsBackfillProgress,
  ForecastConfidence,
  Histogram,
  ProjectFlowAnswer,
  ProjectFlowRequest,
  ProjectFlowView,
} from '../../../src/contract/project-flow';
import { ISSUE_ROW } from '../../../src/contract/project-flow';
import type { ResolverErrorCode } from '../../../src/contract/resolvers';
import { isResolverErrorCode } from '../api/resolver-types';
import type { FlowInvoke } from './flow-invoke';

const msPerDay = 86_400_000;

/** What the page is showing. */
export type ProjectPageState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'backfilling'; readonly progress: FlowFactsBackfillProgress }
  | { readonly phase: 'error'; readonly code: ResolverErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: ProjectFlowView };

export interface LoadOptions {
  /** Called with each progress report while the project's flow facts are being built. */
  readonly onBackfill?: (progress: FlowFactsBackfillProgress) => void;
  /** Waits between polls (2 s in the page; tests pass an instant one). */
  readonly sleep: (ms: number) => Promise<void>;
  /** True once the caller no longer wants the answer (a newer request started): polling stops. */
  readonly cancelled: () => boolean;
  readonly pollIntervalMs?: number;
}

function errorState(code: string, detail: string): ProjectPageState {
  return { phase: 'error', code: isResolverErrorCode(code) ? code : 'internal', detail };
}

/**
 * Asks `getProjectFlow` for the view; while the backend answers `backfilling` (the project's flow facts are being
 * built), reports the progress and asks it again after each wait, until it is ready or failed. Never rejects: every
 * failure becomes an error state.
 */
export async function loadProjectFlow(
  invoke: FlowInvoke,
  request: ProjectFlowRequest,
  options: LoadOptions,
): Promise<ProjectPageState> {
  try {
    let result = await invoke('getProjectFlow', request);
    for (;;) {
      if (!result.ok) return errorState(result.error.code, result.error.detail);
      const answer: ProjectFlowAnswer = result.value;
      if (answer.status === 'ready') return { phase: 'loaded', view: answer.view };
      if (answer.status === 'failed') return errorState(answer.error.code, answer.error.detail);
      options.onBackfill?.(answer.progress);
      await options.sleep(options.pollIntervalMs ?? 2000);
      if (options.cancelled()) return { phase: 'loading' };
      result = await invoke('getProjectFlow', request);
    }
  } catch (error) {
    return errorState('internal', error instanceof Error ? error.message : String(error));
  }
}

/** Epoch ms of UTC midnight of a `YYYY-MM-DD` date: daily series are plotted on a UTC axis (no zone shifts). */
export function dateToUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The cycle-time scatterplot: finished items by done instant, sorted, with their keys. */
export interface ScatterSeries {
  readonly doneMs: number[];
  readonly cycleTimeDays: number[];
  readonly keys: string[];
}

export function scatterSeries(view: ProjectFlowView): ScatterSeries {
  const points: { doneMs: number; days: number; key: string }[] = [];
  for (const rowIndex of view.cycleTime.pointRows) {
    const row = view.issues.rows[rowIndex];
    if (row === undefined) continue;
    const doneMs = row[ISSUE_ROW.doneMs];
    const days = row[ISSUE_ROW.cycleTimeDays];
    if (doneMs === null || days === null) continue;
    points.push({ doneMs, days, key: row[ISSUE_ROW.key] });
  }
  // uPlot's x values must ascend.
  points.sort((a, b) => a.doneMs - b.doneMs || a.key.localeCompare(b.key));
  return {
    doneMs: points.map((point) => point.doneMs),
    cycleTimeDays: points.map((point) => point.days),
    keys: points.map((point) => point.key),
  };
}

/**
 * Histogram bars: `centres` are the x values (bars are drawn centred on them, so a bar spans its bin and
 * percentile marks on the same axis fall into the right bar); `starts` label the bins in the data table.
 */
export function histogramSeries(histogram: Histogram): {
  readonly starts: number[];
  readonly centres: number[];
  readonly counts: number[];
} {
  return {
    starts: histogram.counts.map((_, index) => index * histogram.binWidth),
    centres: histogram.counts.map((_, index) => (index + 0.5) * histogram.binWidth),
    counts: [...histogram.counts],
  };
}

/**
 * The cumulative flow diagram as stacked running totals: the last stage (done) at the bottom, the first stage
 * on top, so the bands read left-to-right in workflow order from top to bottom.
 * `layers[i]` belongs to stage `stageIndexes[i]`; `layers[0]` is the bottom layer.
 */
export interface CfdSeries {
  readonly dayMs: number[];
  readonly stageIndexes: number[];
  readonly layers: number[][];
}

export function cfdSeries(view: ProjectFlowView): CfdSeries {
  const dayMs = view.daily.dates.map(dateToUtcMs);
  const stageIndexes = view.daily.byStage.map((_, index) => index).reverse();
  const layers: number[][] = [];
  let below: readonly number[] = dayMs.map(() => 0);
  for (const stageIndex of stageIndexes) {
    const counts = view.daily.byStage[stageIndex] ?? [];
    const layer = dayMs.map((_, day) => (below[day] ?? 0) + (counts[day] ?? 0));
    layers.push(layer);
    below = layer;
  }
  return { dayMs, stageIndexes, layers };
}

export type ThroughputGrain = 'day' | 'week';

/** Throughput per day or per ISO week (x = day / Monday, UTC axis). */
export function throughputSeries(
  view: ProjectFlowView,
  grain: ThroughputGrain,
): { readonly xMs: number[]; readonly counts: number[] } {
  if (grain === 'day') return { xMs: view.daily.dates.map(dateToUtcMs), counts: [...view.daily.throughput] };
  return {
    xMs: view.weekly.map((week) => dateToUtcMs(week.weekStart)),
    counts: view.weekly.map((week) => week.throughput),
  };
}

/** Weekly flow efficiency (null weeks are gaps). */
export function flowEfficiencySeries(view: ProjectFlowView): {
  readonly xMs: number[];
  readonly efficiency: (number | null)[];
} {
  return {
    xMs: view.weekly.map((week) => dateToUtcMs(week.weekStart)),
    efficiency: view.weekly.map((week) => week.flowEfficiency),
  };
}

/** A small deterministic offset (−0.3..0.3) so items of one stage do not sit on one vertical line. */
export function jitterOf(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 10_007;
  return ((hash % 61) - 30) / 100;
}

/** Aging WIP: x = stage index (+ jitter), y = age in days; sorted by x for uPlot. */
export function agingSeries(view: ProjectFlowView): {
  readonly x: number[];
  readonly ageDays: number[];
  readonly keys: string[];
  readonly stageIndexes: number[];
} {
  const points = view.aging.items
    .map((item) => ({ x: item.stageIndex + jitterOf(item.key), item }))
    .sort((a, b) => a.x - b.x);
  return {
    x: points.map((point) => point.x),
    ageDays: points.map((point) => point.item.ageDays),
    keys: points.map((point) => point.item.key),
    stageIndexes: points.map((point) => point.item.stageIndex),
  };
}

/** The confidence levels in display order. */
export const confidences: readonly ForecastConfidence[] = ['50', '70', '85', '95'];

/** The day `days` after a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * msPerDay).toISOString().slice(0, 10);
}

/** Parses "50, 85, 95" into sorted unique percentiles 1..99 (at most 5); null when invalid. */
export function parsePercentiles(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 5) return null;
  const values = parts.map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1 || value > 99)) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}
