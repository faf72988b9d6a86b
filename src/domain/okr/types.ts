/**
 * The OKR model (OKR.md): objectives per period, their key results, the key results' check-ins and the links
 * between issues and key results. Plain data, JSON-serialisable, no behaviour: the rules live in `period.ts`,
 * `progress.ts` and `validation.ts`.
 *
 * Units: instants are epoch milliseconds (UTC, `…Ms`); calendar dates are `YYYY-MM-DD` read in the period's IANA
 * time zone; percentages are percent (−15 means "15 % less"); progress, expected progress and grades are shares
 * 0..1; confidence is 0..10.
 */

/** A quarter `YYYY-Qn`, read in an IANA time zone (its first local midnight to the next quarter's). */
export interface QuarterPeriod {
  readonly kind: 'quarter';
  /** e.g. `2026-Q4` (1 October 2026 to 31 December 2026, both inclusive). */
  readonly quarter: string;
  /** IANA zone the quarter's days are read in, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
}

/** A custom period: first and last calendar day (both inclusive) in an IANA time zone. */
export interface CustomPeriod {
  readonly kind: 'custom';
  /** First day, `YYYY-MM-DD`, from its local midnight. */
  readonly startDate: string;
  /** Last day, `YYYY-MM-DD`, inclusive (the period ends at the next day's local midnight). */
  readonly endDate: string;
  readonly timeZone: string;
}

/** The time an objective (or a baseline) covers. */
export type OkrPeriod = QuarterPeriod | CustomPeriod;

/** What an objective belongs to: a Jira project or a team. */
export type OkrScope =
  | { readonly type: 'project'; readonly projectKey: string }
  | { readonly type: 'team'; readonly teamId: string };

/** An objective: qualitative, inspiring, for one period. */
export interface Objective {
  /** `O-<n>`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly period: OkrPeriod;
  /** Atlassian account id of the owner. */
  readonly ownerAccountId: string;
  readonly scope: OkrScope;
  /** The objective this one aligns to (alignment tree); absent for a top-level objective. */
  readonly parentObjectiveId?: string;
  /** Archived objectives are kept (history, export) but shown nowhere by default. "Delete" archives. */
  readonly archived: boolean;
}

/** Which way a key result's value should move. */
export type KeyResultDirection = 'increase' | 'decrease' | 'stay-within';

/** The flow metrics a key result can measure (FLOW-METRICS.md). Times in days, throughput in issues per week. */
export const FLOW_KR_METRICS = [
  'leadTimeP50',
  'leadTimeP85',
  'cycleTimeP50',
  'cycleTimeP85',
  'throughputPerWeek',
  'wip',
  'flowEfficiency',
] as const;
export type FlowKrMetric = (typeof FLOW_KR_METRICS)[number];

/** The issues a measured key result counts: a whole project or a bounded JQL. */
export type MeasurementScope =
  { readonly type: 'project'; readonly projectKey: string } | { readonly type: 'jql'; readonly jql: string };

/**
 * How a key result's value is defined and reached (OKR.md "How key results get their values").
 *
 * - `metric`: a number from `start` to `target` (checked in by hand or pushed from outside, see {@link KeyResult.source}).
 * - `threshold`: keep the value at least / at most `threshold` (1 while it holds, else 0).
 * - `binary`: done (value 1) or not (value 0).
 * - `issueProgress`: share of issues done (status category Done): the linked issues or a JQL.
 * - `flowMetric`: a flow metric over a scope, this period against a baseline period, target = baseline × (1 + change %).
 * - `issueCount`: issues matching a JQL per week/month/period, against a baseline, target = baseline × (1 + change %).
 * - `csat`: the mean customer satisfaction rating (Jira Service Management CSAT, 1..5) of the requests a scope
 *   resolved in the period, against a baseline, target = baseline × (1 + change %); higher is better.
 */
export type KeyResultKind =
  | { readonly type: 'metric'; readonly start: number; readonly target: number }
  | { readonly type: 'threshold'; readonly operator: 'atLeast' | 'atMost'; readonly threshold: number }
  | { readonly type: 'binary' }
  | { readonly type: 'issueProgress'; readonly issues: { readonly type: 'linked' } | MeasurementScope }
  | {
      readonly type: 'flowMetric';
      readonly scope: MeasurementScope;
      readonly metric: FlowKrMetric;
      readonly baselinePeriod: OkrPeriod;
      /** Change of the baseline value to reach, percent (−15: 15 % less than the baseline). */
      readonly targetChangePercent: number;
      /** The metric measured over the baseline period, once measured (unit of the metric). */
      readonly baselineValue?: number;
    }
  | {
      readonly type: 'issueCount';
      readonly jql: string;
      /** The interval one value counts over: a week, a calendar month or the whole period. */
      readonly per: 'week' | 'month' | 'period';
      readonly baselinePeriod: OkrPeriod;
      readonly targetChangePercent: number;
      /** Issues per interval in the baseline period, once measured. */
      readonly baselineValue?: number;
    }
  | {
      readonly type: 'csat';
      /** The requests whose ratings count (those resolved on the period's days). */
      readonly scope: MeasurementScope;
      readonly baselinePeriod: OkrPeriod;
      readonly targetChangePercent: number;
      /** Mean rating (1..5) in the baseline period, once measured. */
      readonly baselineValue?: number;
    };

/** The kinds measured against a baseline: flow metric, issue count, CSAT. */
export type RelativeKeyResultKind = Extract<KeyResultKind, { type: 'flowMetric' | 'issueCount' | 'csat' }>;

/**
 * Where a key result's values come from: typed in (`manual`), pushed by another system through the signed web
 * trigger (`external`), or computed by the app from Jira (`measured`: issue progress, flow metric, issue count, CSAT).
 */
export type KeyResultSource = 'manual' | 'external' | 'measured';

/** A key result: measurable, with an owner and a weight in its objective's progress. */
export interface KeyResult {
  /** `KR-<n>` (what the issue property and JQL name). */
  readonly id: string;
  readonly objectiveId: string;
  readonly title: string;
  readonly ownerAccountId: string;
  /** Weight in the objective's progress, ≥ 0 (0: shown but not counted). */
  readonly weight: number;
  /** Unit shown with values, e.g. `days`, `sign-ins/day`, `%`; empty when the value has none. */
  readonly unit: string;
  readonly direction: KeyResultDirection;
  readonly kind: KeyResultKind;
  readonly source: KeyResultSource;
  readonly archived: boolean;
}

/** Who or what recorded a check-in's value. */
export type CheckInSource = 'manual' | 'measured' | 'external';

/** One value of a key result at one time, with the owner's confidence. */
export interface CheckIn {
  /** Unique within its key result. */
  readonly id: string;
  readonly keyResultId: string;
  /** The key result's value at {@link CheckIn.atMs} (unit of the key result). */
  readonly value: number;
  /** How sure the author is that the key result will be reached, 0..10; absent for measured values. */
  readonly confidence?: number;
  readonly note: string;
  /** Account id of the author; for measured/external values the app or the sending system's name. */
  readonly author: string;
  /** When the value held, epoch ms (may lie in the past: backdating). */
  readonly atMs: number;
  /** When the check-in was recorded, epoch ms (orders check-ins with the same `atMs`). */
  readonly recordedAtMs: number;
  readonly source: CheckInSource;
  /** The sender's id of the measurement (external, measured): one measurement is recorded once. */
  readonly measurementId?: string;
}

/** An issue serves a key result (many to many). */
export interface IssueKeyResultLink {
  /** Jira issue id (stable across moves, unlike the key). */
  readonly issueId: string;
  readonly keyResultId: string;
}
