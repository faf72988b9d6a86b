/**
 * The project flow page's view as the domain computes it (`project-view.ts`); `src/contract/project-flow.ts`
 * re-exports these shapes as the resolver's answer (the contract depends on the domain, never the reverse).
 *
 * Units and conventions (everything in the view):
 * - Instants are epoch milliseconds (UTC) named `…Ms`; calendar dates are `YYYY-MM-DD` in `settings.timeZone`.
 * - Durations are days (`…Days`, elapsed time ÷ 86,400,000 ms, fractional), rounded to 2 decimals.
 * - Shares and efficiencies are fractions 0..1 rounded to 3 decimals; percentile ranks are 0..100 (1 decimal).
 * - Every number is computed from ONE engine report (`computeFlowReport` semantics).
 * - Large lists are columnar or tuples (see {@link ProjectFlowIssueRow}) so 20,000 issues stay well under the
 *   resolver's 5 MB answer limit (about 2.5 MB with 80-character summaries); a larger view gives up summaries and
 *   then issue rows to stay within 4.5 MB (`project-view-fit.ts`, flagged in `issues`).
 */
import type { LittlesLawReport, StageKind, StageRef } from './types';

/** Confidence levels of every forecast, in percent (as strings, the keys of the forecast records). */
export type ForecastConfidence = '50' | '70' | '85' | '95';

/**
 * One issue as a tuple (compact JSON):
 * `[key, summary, typeIndex, stageIndex, createdMs, startMs, doneMs, cycleTimeDays, leadTimeDays,
 *   flowEfficiency, blockedDays, warningCount]`
 * - `summary`: '' when `includeSummaries` is false; at most 80 characters (longer ones end with `…`).
 * - `typeIndex` into `issues.types`; `stageIndex` into `settings.stages` (current stage), -1 when unmapped.
 * - `createdMs` null when Jira's `created` was unusable (the issue then has a warning and no numbers).
 * - `startMs` / `doneMs` null when not started / not done; `cycleTimeDays`, `leadTimeDays`, `flowEfficiency`
 *   null when the engine has none (not done, no start).
 */
export type ProjectFlowIssueRow = readonly [
  key: string,
  summary: string,
  typeIndex: number,
  stageIndex: number,
  createdMs: number | null,
  startMs: number | null,
  doneMs: number | null,
  cycleTimeDays: number | null,
  leadTimeDays: number | null,
  flowEfficiency: number | null,
  blockedDays: number,
  warningCount: number,
];

/** A value at a percentile, e.g. `{ percentile: 85, days: 12.4 }`. */
export interface PercentileLine {
  readonly percentile: number;
  /** null without data. */
  readonly days: number | null;
}

/** Histogram with equal-width bins starting at 0: bin i counts values in `[i × binWidth, (i + 1) × binWidth)`. */
export interface Histogram {
  readonly binWidth: number;
  readonly counts: readonly number[];
}

/** Daily series over the range, one entry per local day from `startDate` (`dates.length` days). */
export interface DailySeries {
  readonly dates: readonly string[];
  /** CFD: `byStage[s][d]` = issues in stage `settings.stages[s]` at the end of day d (status-at-day counts). */
  readonly byStage: readonly (readonly number[])[];
  /** Work in progress at the end of each day (issues in stages from start to before done). */
  readonly wip: readonly number[];
  /** Items finished on each day. */
  readonly throughput: readonly number[];
}

export interface WeeklyPoint {
  /** Monday of the ISO week (`YYYY-MM-DD`; the first week may start before `from`, counts only days in range). */
  readonly weekStart: string;
  /** Items finished in the week (within the range). */
  readonly throughput: number;
  /**
   * Flow efficiency of the items finished that week: Σ active time ÷ Σ (done − start), 0..1; null when none
   * finished.
   */
  readonly flowEfficiency: number | null;
}

export interface AgingWipItem {
  readonly key: string;
  /** Index into `settings.stages`. */
  readonly stageIndex: number;
  readonly status: string;
  /** asOf − start, in days. */
  readonly ageDays: number;
  /** Share (0..100) of items finished in the aging window whose cycle time is below this age; null without any. */
  readonly percentileRank: number | null;
}

/** One stage of the value stream: the stages from the start stage up to (not including) the done stage. */
export interface ValueStreamStage {
  /** Index into `settings.stages`. */
  readonly stageIndex: number;
  readonly name: string;
  readonly kind: StageKind;
  /** Finished items (in range) that spent time in this stage. */
  readonly items: number;
  /** Mean time in the stage of those items, days (null when none). */
  readonly averageDays: number | null;
  /** 85th percentile of the time in the stage of those items, days. */
  readonly p85Days: number | null;
  /** Share of all in-process time (start…done stages, finished items) spent in this stage, 0..1. */
  readonly shareOfFlowTime: number;
  /**
   * Share of the items that visited this stage and were later sent back into it from a later stage, 0..1
   * (1 − this ≈ the stage's "% complete and accurate" as the next stages see it).
   */
  readonly returnedShare: number;
  /** The stage holding work longest (largest total time among start…done stages); exactly one or none. */
  readonly bottleneck: boolean;
}

export interface ValueStream {
  readonly stages: readonly ValueStreamStage[];
  /** Of the finished items' in-process time: share in waiting-kind stages and in active-kind stages, 0..1. */
  readonly waitingShare: number;
  readonly activeShare: number;
  /** Share of finished items (in range) that moved backwards to an earlier stage at least once, 0..1. */
  readonly reworkShare: number;
  /** Index into `stages` of the bottleneck, -1 when none. */
  readonly bottleneckIndex: number;
}

/** Plain-language verdict of the Little's Law check; the UI translates `projectFlow.littlesLaw.<code>`. */
export type LittlesLawVerdict =
  | 'stable' // average cycle time within ±20 % of WIP ÷ throughput
  | 'cycle-time-longer' // items take longer than the current WIP and throughput predict: aging or growing WIP
  | 'cycle-time-shorter' // items finish faster than predicted: WIP shrinking or old items piling up unfinished
  | 'insufficient-data'; // no throughput or no finished items in the window

export interface ProjectFlowForecast {
  /** Days of daily throughput sampled (the full days of the window before asOf's day). */
  readonly sampleDays: number;
  readonly trials: number;
  readonly seed: number;
  /** "At least N items by <date>" at each confidence; null without history. */
  readonly howMany: {
    readonly byDate: string;
    readonly itemsAtConfidence: Readonly<Record<ForecastConfidence, number>>;
  } | null;
  /** "<N> items done by <date>" at each confidence (null date: not within ten years); null without history. */
  readonly when: {
    readonly items: number;
    readonly dateAtConfidence: Readonly<Record<ForecastConfidence, string | null>>;
  } | null;
}

export interface ProjectFlowView {
  /** Bumped on incompatible changes of this shape (cached views of another version are recomputed). */
  readonly schemaVersion: number;
  readonly projectKey: string;
  /** The instant the numbers are computed for (end of `to`, or now when `to` is today), epoch ms. */
  readonly asOfMs: number;
  /** When the view was computed (may be earlier than "now" when served from cache), epoch ms. */
  readonly computedAtMs: number;
  /** 'hit': served from the cache; 'miss': computed for this request. */
  readonly cache: 'hit' | 'miss';
  /**
   * True when the project's flow facts are catching up after many changes at once (events were dropped, e.g. a
   * bulk edit): the figures may be a few minutes old until the catch-up is done. Absent otherwise.
   */
  readonly factsCatchingUp?: true;
  readonly settings: {
    readonly from: string;
    readonly to: string;
    readonly timeZone: string;
    readonly stages: readonly StageRef[];
    readonly startStage: string;
    readonly doneStage: string;
    readonly workingWeekdays: readonly number[];
    readonly holidays: readonly string[];
    readonly percentiles: readonly number[];
    readonly issueTypes: readonly string[];
    readonly jql: string | null;
    /** Days of history used by aging ranks, Little's Law and the forecast. */
    readonly windowDays: number;
    /** Version of the stored mapping; null when derived defaults are used. */
    readonly mappingVersion: number | null;
    readonly mappingDerived: boolean;
  };
  readonly summary: {
    /** Issues loaded (all of the scope that could matter for the range). */
    readonly issuesLoaded: number;
    /** Items finished within the range. */
    readonly finished: number;
    /** WIP at asOf. */
    readonly wipNow: number;
    /** Items finished per week within the range. */
    readonly throughputPerWeek: number;
    /** Cycle-time percentiles (50/85/95) of the items finished in the range, days. */
    readonly cycleTime: {
      readonly p50: number | null;
      readonly p85: number | null;
      readonly p95: number | null;
    };
    readonly leadTime: {
      readonly p50: number | null;
      readonly p85: number | null;
      readonly p95: number | null;
    };
    /** Σ active ÷ Σ cycle time of the items finished in the range, 0..1. */
    readonly flowEfficiency: number | null;
    /** Open started items older than the 85th percentile of the aging window. */
    readonly agingAboveP85: number;
  };
  /** Per-issue table (scatter plot, CSV export, click-through). */
  readonly issues: {
    /** Issue type names referenced by `typeIndex`. */
    readonly types: readonly string[];
    readonly rows: readonly ProjectFlowIssueRow[];
    /**
     * True when the answer was too large for one resolver answer and every row's summary was left out ('')
     * (`project-view-fit.ts`); absent otherwise.
     */
    readonly summariesOmitted?: boolean;
    /**
     * Issue rows left out to fit one answer, after the summaries (absent: none): first rows no chart points to,
     * then work in progress, then the oldest scatter points. Key figures, percentile lines, histograms, series,
     * aging WIP and the rest are computed over all issues.
     */
    readonly rowsOmitted?: number;
  };
  readonly cycleTime: {
    /** Indexes into `issues.rows` of the items finished in the range with a cycle time (the scatter points). */
    readonly pointRows: readonly number[];
    /** One line per requested percentile, over those points. */
    readonly lines: readonly PercentileLine[];
    /** Histogram of their cycle time, bin width in days. */
    readonly histogram: Histogram;
  };
  readonly daily: DailySeries;
  readonly weekly: readonly WeeklyPoint[];
  readonly throughput: {
    /** `counts[k]` = days in range with k items finished (bin width 1). */
    readonly dailyHistogram: Histogram;
    /** `counts[k]` = weeks (full ISO weeks within the range) with k… items finished; bin width ≥ 1. */
    readonly weeklyHistogram: Histogram;
  };
  readonly aging: {
    /** Oldest first; at most 2,000 items (the rest counted in `omitted`). */
    readonly items: readonly AgingWipItem[];
    readonly omitted: number;
    /** Percentile bands over the cycle times finished in the aging window (the population of the ranks). */
    readonly bands: readonly PercentileLine[];
    readonly windowStart: string;
    readonly windowEnd: string;
  };
  readonly valueStream: ValueStream;
  readonly forecast: ProjectFlowForecast | null;
  /** The engine's Little's Law check with the page's verdict in place of `stable`. */
  readonly littlesLaw: (Omit<LittlesLawReport, 'stable'> & { readonly verdict: LittlesLawVerdict }) | null;
  readonly dataQuality: {
    /** Warning code → number of issues with it (e.g. `unmapped-status`, `status-mismatch`). */
    readonly warningCounts: Readonly<Record<string, number>>;
    readonly issuesWithWarnings: number;
    /** Status names seen in issues but not in any stage. */
    readonly unmappedStatuses: readonly string[];
  };
}
