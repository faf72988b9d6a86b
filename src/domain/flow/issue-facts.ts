/**
 * One issue's flow facts as the app stores them (issue 13): exactly what the flow engine reads from a Jira issue
 * and its status/Flagged changelog, in a compact form keyed by ids, so a view can be computed from stored facts
 * and give the same numbers as from Jira itself (see {@link jiraIssueOfFacts}).
 *
 * Instants are epoch milliseconds (UTC); `created` keeps Jira's own instant string (its offset decides local
 * dates in compatibility mode). Statuses and issue types are ids: a rename changes only {@link FactsNames}.
 *
 * PART A implements the functions below (signatures are the contract; do not change them without telling the lead).
 */
import type { JiraIssueInput } from './types';

/**
 * A status reference inside a change: the Jira status id (digits), or, when Jira gave no id (old exports), the
 * name prefixed with `=` (e.g. `=In Progress`).
 */
export type FactsStatusRef = string;

/** One issue's facts. */
export interface IssueFactsRecord {
  /** Jira issue id (digits). */
  readonly id: string;
  /** Issue key as last read (changes when the issue moves). */
  readonly key: string;
  /** Project id (digits) the issue was in when read. */
  readonly projectId: string;
  /** Issue type id. */
  readonly typeId: string;
  /** Jira's `created` instant string as read (e.g. `2026-03-02T08:15:00.000+0100`). */
  readonly created: string;
  /** Current status ({@link FactsStatusRef}). */
  readonly status: FactsStatusRef;
  /** `resolutiondate`, epoch ms; null when unresolved. */
  readonly resolvedMs: number | null;
  /** Summary, at most {@link FACTS_SUMMARY_MAX_CHARS} characters (longer ones cut with "…"). */
  readonly summary: string;
  /** Jira's `updated`, epoch ms: a write of older facts never replaces newer ones. */
  readonly updatedMs: number;
  /**
   * Status changes in changelog order (only items with a target status name, as the engine reads them):
   * `[atMs, from (null when Jira gave none), to]`.
   */
  readonly changes: readonly (readonly [number, FactsStatusRef | null, FactsStatusRef])[];
  /** Flagged changes in changelog order: `[atMs, 1 = flagged | 0 = cleared]`. */
  readonly flags: readonly (readonly [number, 0 | 1])[];
}

/** Current names of the statuses and issue types records refer to (site-wide: Jira's ids are site-wide). */
export interface FactsNames {
  /** Status id → `[name, category key (new | indeterminate | done) or null]`. */
  readonly statuses: Readonly<Record<string, readonly [string, string | null]>>;
  /** Issue type id → name. */
  readonly types: Readonly<Record<string, string>>;
}

/** Longest stored summary, characters (the project page lists summaries; longer ones are cut). */
export const FACTS_SUMMARY_MAX_CHARS = 120;

/**
 * The issue property the app writes on every issue with facts (`jira:entityProperty` `flow-facts-index`), indexed
 * for JQL as `flowLeadTimeDays`, `flowCycleTimeDays`, `flowAgeDays`, `flowEfficiency`, `flowBlockedDays`.
 */
export const FLOW_PROPERTY_KEY = 'three-ways-flow';

/**
 * The property's value. Days are elapsed days (ms ÷ 86,400,000, 2 decimals); efficiency a fraction 0..1
 * (3 decimals). A measure that does not apply is absent (JQL then finds the issue with `flowAgeDays is EMPTY`).
 */
export interface FlowPropertyValue {
  /** created → done; only for done issues. */
  readonly leadTimeDays?: number;
  /** start → done; only for done issues that started. */
  readonly cycleTimeDays?: number;
  /** start → `asOfMs`; only for work in progress (started, not done). */
  readonly ageDays?: number;
  /** Active ÷ (start → done or asOf); when the engine gives one. */
  readonly efficiency?: number;
  /** Flagged time within [created, done or asOf), days; always present (0 when never flagged). */
  readonly blockedDays: number;
  /** Instant the values were computed for, epoch ms (ages grow daily: the nightly reconcile rewrites them). */
  readonly asOfMs: number;
}
