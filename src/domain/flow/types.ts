/**
 * Types of the flow-metrics engine: the Jira issue shape it reads, the workflow mapping it applies and the
 * report it produces (the JSON contract of `npm run cli -- metrics`, FLOW-METRICS.md §5).
 *
 * Conventions: instants are epoch milliseconds (UTC) inside the engine and in its {@link FlowFacts}, which every
 * screen builds on; ISO-8601 UTC strings only in {@link FlowReport}, the CLI's wire format; durations carry their
 * unit in the name (`leadTimeMs`, `cycleTimeDays`); calendar dates are `YYYY-MM-DD` strings in the report's time
 * zone.
 */
import type { DatedForecast } from './forecast';

/** One item of a changelog history as Jira returns it. */
export interface JiraChangeItem {
  readonly field?: string | null;
  readonly fieldId?: string | null;
  readonly fieldtype?: string | null;
  readonly from?: string | null;
  readonly fromString?: string | null;
  readonly to?: string | null;
  readonly toString?: string | null;
}

/** One changelog history (a set of field changes made together). */
export interface JiraHistory {
  readonly id?: string;
  readonly created?: string;
  readonly items?: readonly JiraChangeItem[];
}

export interface JiraStatusRef {
  readonly id?: string;
  readonly name?: string;
  readonly statusCategory?: { readonly key?: string; readonly name?: string };
}

/** A Jira Cloud issue as `/rest/api/3/search/jql` (+ changelog) returns it; only what the engine reads. */
export interface JiraIssueInput {
  readonly key?: string;
  readonly id?: string;
  readonly fields?: {
    readonly created?: string;
    readonly status?: JiraStatusRef;
    readonly issuetype?: { readonly id?: string; readonly name?: string };
    readonly resolutiondate?: string | null;
    readonly summary?: string;
    readonly [other: string]: unknown;
  };
  readonly changelog?: { readonly histories?: readonly JiraHistory[] };
}

export type StageKind = 'backlog' | 'active' | 'waiting' | 'done';

/** A stage as the report and the project view list it. */
export interface StageRef {
  readonly name: string;
  readonly kind: StageKind;
  readonly statuses: readonly string[];
}

export interface WorkflowStage {
  readonly name: string;
  /** Status names (matched case-insensitively) or status ids. */
  readonly statuses: readonly string[];
  readonly kind: StageKind;
}

/** Stages ordered left to right, with the commitment point and the done point (FLOW-METRICS.md §2). */
export interface WorkflowMapping {
  readonly stages: readonly WorkflowStage[];
  readonly startStage: string;
  readonly doneStage: string;
}

export type MetricsMode = 'canonical' | 'jira-agile-metrics';
export type StartPolicy = 'first' | 'last';

/** Working calendar: which weekdays are worked, which dates are holidays, in which IANA time zone. */
export interface WorkingCalendar {
  readonly timeZone: string;
  /** ISO weekday numbers that are working days: 1 = Monday … 7 = Sunday. */
  readonly workingWeekdays: readonly number[];
  /** Holiday dates `YYYY-MM-DD` (local dates in `timeZone`). */
  readonly holidays: readonly string[];
}

export interface FlowOptions {
  readonly mode: MetricsMode;
  /**
   * Absent: the ITSM-aware defaults of the status mapping page (FLOW-METRICS.md §2) over the statuses made known
   * (`addKnownStatuses`, e.g. a project's workflows) and those the issues show with their Jira category.
   */
  readonly mapping?: WorkflowMapping;
  readonly startPolicy: StartPolicy;
  /** IANA time zone for day boundaries (default `UTC`). */
  readonly timeZone: string;
  /** The instant the report is computed for (epoch ms). */
  readonly asOfMs: number;
  /** Working calendar for working-day durations; absent: Monday–Friday without holidays in `timeZone`. */
  readonly calendar?: WorkingCalendar;
  /** Days of throughput history the forecast and Little's Law window use (default 90). */
  readonly windowDays?: number;
  /** Seed of the Monte Carlo PRNG (default 1). */
  readonly seed?: number;
  /**
   * The Monte Carlo questions: "how many by `byDate`" (default asOf's day + 30) and "when will `items` be done"
   * (default the aging WIP), with `trials` (default 10,000).
   */
  readonly forecast?: { readonly byDate?: string; readonly items?: number; readonly trials?: number };
}

/** Backward moves of one issue through the stages, replayed from its timeline (what value streams call rework). */
export interface IssueRework {
  /** The issue moved at least once to a stage left of the one it was in. */
  readonly movedBack: boolean;
  /** Stage indexes the issue entered (including its first status), ascending. */
  readonly visited: readonly number[];
  /** Stage indexes the issue was sent back into from a later stage, ascending. */
  readonly returnedTo: readonly number[];
}

export type WarningCode =
  | 'unmapped-status'
  | 'status-mismatch'
  | 'done-without-start'
  | 'change-before-created'
  | 'unparseable-timestamp'
  | 'missing-created'
  | 'missing-status';

/**
 * One issue's flow measures, the same in {@link IssueReport} (instants as ISO strings) and {@link IssueFacts}
 * (instants in epoch ms).
 */
export interface IssueFlowMeasures {
  readonly key: string;
  readonly leadTimeMs: number | null;
  readonly cycleTimeMs: number | null;
  readonly flowEfficiency: number | null;
  readonly timeInStatusMs: Record<string, number>;
  readonly warnings: string[];
  /** Current status (as of the report) and its stage; null when unknown or unmapped. */
  readonly status?: string | null;
  readonly stage?: string | null;
  readonly issueType?: string | null;
  /** Flagged (blocked) time within `[created, done or asOf)`, ms. */
  readonly blockedMs?: number;
  /** Cycle time as calendar days inclusive: date(done) − date(start) + 1 in the report's time zone. */
  readonly cycleTimeCalendarDays?: number | null;
  /** Cycle time in working days (fractional) of the working calendar. */
  readonly cycleTimeWorkingDays?: number | null;
  /** Compatibility mode only. */
  readonly stageDates?: Record<string, string | null>;
  readonly startDate?: string | null;
  readonly doneDate?: string | null;
  readonly cycleTimeDays?: number | null;
}

export interface IssueReport extends IssueFlowMeasures {
  readonly created: string | null;
  readonly startAt: string | null;
  readonly doneAt: string | null;
}

/**
 * One issue's flow facts with instants in epoch ms (what {@link IssueReport} carries as ISO strings), plus its
 * rework. Issues without a usable `created` have only the first nine fields, all null or empty.
 */
export interface IssueFacts extends IssueFlowMeasures {
  readonly createdMs: number | null;
  readonly startMs: number | null;
  readonly doneMs: number | null;
  /**
   * Backward moves (stage indexes of {@link FlowFacts.stages}); absent for issues without a timeline, null when
   * the caller did not ask (the CLI's report).
   */
  readonly rework?: IssueRework | null;
}

export interface DailyRow {
  readonly date: string;
  readonly byStatus: Record<string, number>;
  readonly byStage: Record<string, number>;
  readonly wip: number;
  readonly throughput: number;
}

export interface DurationSummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p85: number | null;
  readonly p95: number | null;
  readonly unit: 'ms' | 'days';
}

export interface LittlesLawReport {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly averageWip: number;
  readonly averageThroughputPerDay: number;
  /** WIP ÷ throughput, days. */
  readonly predictedCycleTimeDays: number | null;
  readonly meanCycleTimeDays: number | null;
  /** (predicted − mean) ÷ mean, as the engine reports it. */
  readonly deviation: number | null;
  readonly stable: boolean | null;
}

export interface AgingItem {
  readonly key: string;
  readonly status: string;
  readonly stage: string;
  readonly startAt: string;
  readonly ageMs: number;
  /** Share (0..100) of items finished in the window whose cycle time is below this item's age; null without finished items. */
  readonly percentileRank: number | null;
}

/** An aging item with its start in epoch ms. */
export interface AgingFacts extends Omit<AgingItem, 'startAt'> {
  readonly startMs: number;
}

/** The Monte Carlo forecast of a report (FLOW-METRICS.md §3.11): one shape for the CLI and every screen. */
export type ForecastReport = DatedForecast;

export interface FlowSummary {
  readonly leadTime: DurationSummary;
  readonly cycleTime: DurationSummary;
  readonly throughputPerWeek: number;
  readonly littlesLaw: LittlesLawReport | null;
  readonly wipNow: number;
  readonly aging: readonly AgingItem[];
  readonly forecast: ForecastReport | null;
  readonly warningCounts: Record<string, number>;
}

/**
 * The engine's result with instants in epoch ms: what the flow measurement service, the project page, the gadget
 * and the issue panel build on. {@link FlowReport} is the same with ISO strings, for the CLI.
 */
export interface FlowFacts {
  readonly mode: MetricsMode;
  readonly timeZone: string;
  readonly asOfMs: number;
  readonly startPolicy: StartPolicy;
  readonly stages: FlowReport['stages'];
  readonly startStage: string;
  readonly doneStage: string;
  readonly issues: readonly IssueFacts[];
  readonly daily: readonly DailyRow[];
  readonly summary: Omit<FlowSummary, 'aging'> & { readonly aging: readonly AgingFacts[] };
}

/** The report of `npm run cli -- metrics --format json` (FLOW-METRICS.md §5). */
export interface FlowReport {
  readonly mode: MetricsMode;
  readonly timeZone: string;
  readonly asOf: string;
  readonly startPolicy: StartPolicy;
  readonly stages: readonly StageRef[];
  readonly startStage: string;
  readonly doneStage: string;
  readonly issues: readonly IssueReport[];
  readonly daily: readonly DailyRow[];
  readonly summary: FlowSummary;
}
