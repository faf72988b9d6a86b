/**
 * The flow-metrics engine: one function from Jira issues to the report every screen and the CLI show
 * (FLOW-METRICS.md). Pure: no I/O, no clock (the report's instant comes in as `asOfMs`).
 */
import { isValidTimeZone } from './calendar';
import { finishFacts } from './engine-finish';
import type { FactsWithIssues, IssueWarnings } from './engine-finish';
import { emptyIssueReport } from './engine-issue';
import type { TimelineEntry } from './engine-issue';
import { reportIssueOf, wireReport } from './engine-report';
import { StatusRegistry } from './mapping';
import { buildTimeline } from './timeline';
import type { FlowFacts, FlowOptions, FlowReport, IssueFacts, JiraIssueInput, JiraStatusRef } from './types';

// The engine's seams live in their own modules; this one keeps the public entry points and their import path.
export { DEFAULT_FORECAST_DAYS, DEFAULT_WINDOW_DAYS } from './engine-summary';
export { reportOfFacts } from './engine-report';

export class FlowOptionsError extends Error {
  override readonly name = 'FlowOptionsError';
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
