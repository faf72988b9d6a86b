/**
 * The nightly rewrite of a project's issue properties (issue 13): the property `three-ways-flow` is written when an
 * issue's facts change, so the reconcile writes again those whose numbers moved without a change of facts (the
 * age of work in progress grows daily), whose last write failed (noted stale), and, after the project's settings
 * changed (a saved status mapping or calendar, a changed workflow for the default mapping), every one of them.
 * Costs in `flow-facts-property-state.ts`.
 */
import { FLOW_PROPERTY_KEY, flowPropertyOf } from '../domain/flow/issue-facts';
import { mustRewriteAll, settingsStamp } from './flow-facts-property-state';
import {
  engineFactsOfRecords,
  isWorkInProgress,
  propertySettings,
  type PropertySettingsCache,
} from './flow-facts-sync-properties';
import type { FactsSyncDeps } from './flow-facts-sync-shared';

/** Properties sent per deadline check of a rewrite of every property (10 bulk requests of 100). */
const REWRITE_SLICE = 1_000;

/**
 * Writes, as of now, the property of every issue of the project in progress, of every issue whose last write
 * failed, and of all others too when the project's settings differ from those its properties were written with.
 * The rewrite of the others stops at `deadlineMs` (the next night starts it again). A failure is logged: the
 * facts are current, the next night writes again.
 *
 * @returns the number of properties written.
 */
export async function rewriteProperties(
  deps: FactsSyncDeps,
  projectId: string,
  settings: PropertySettingsCache,
  deadlineMs: number,
): Promise<number> {
  let written = 0;
  try {
    const before = await deps.facts.readPropertyState(projectId);
    const stamp = settingsStamp(await propertySettings(deps, projectId, settings));
    const all = mustRewriteAll(before, stamp);
    const stale = new Set(before.stale);
    const records = await deps.facts.readFacts(projectId);
    const nowMs = deps.clock();
    const names = await deps.facts.readNames();
    const facts = await engineFactsOfRecords(deps, projectId, records, names, nowMs, settings);
    const entryOf = (issueId: string) => {
      const issue = facts.get(issueId);
      return issue === undefined
        ? []
        : [{ issueId, properties: { [FLOW_PROPERTY_KEY]: flowPropertyOf(issue, nowMs) } }];
    };
    const first = records.filter((record) => {
      const issue = facts.get(record.id);
      return stale.has(record.id) || (issue !== undefined && isWorkInProgress(issue));
    });
    const firstEntries = first.flatMap((record) => entryOf(record.id));
    // In slices up to the deadline like the rest: a project with tens of thousands of issues in progress took
    // hundreds of bulk requests at once, past the scheduled function's 900 s (its sync point then never moved).
    const settledStale = new Set([...stale].filter((id) => !facts.has(id)));
    let complete = true;
    for (let start = 0; start < firstEntries.length; start += REWRITE_SLICE) {
      if (start > 0 && deps.clock() >= deadlineMs) {
        complete = false;
        break;
      }
      const entries = firstEntries.slice(start, start + REWRITE_SLICE);
      await deps.jiraApp.bulkSetIssueProperties(entries);
      written += entries.length;
      for (const entry of entries) if (stale.has(entry.issueId)) settledStale.add(entry.issueId);
    }
    if (all && complete) {
      const done = new Set(first.map((record) => record.id));
      const rest = records.filter((record) => !done.has(record.id));
      for (let start = 0; start < rest.length; start += REWRITE_SLICE) {
        if (deps.clock() >= deadlineMs) {
          complete = false;
          break;
        }
        const entries = rest.slice(start, start + REWRITE_SLICE).flatMap((record) => entryOf(record.id));
        if (entries.length > 0) await deps.jiraApp.bulkSetIssueProperties(entries);
        written += entries.length;
      }
    }
    // Stale ids the project no longer holds (deleted, moved away) leave the set too; those not reached stay.
    await deps.facts.settleProperties(projectId, before, {
      stamp,
      all: all && complete,
      written: [...settledStale],
    });
  } catch (error) {
    deps.logError?.(`flow-facts: the flow properties of project ${projectId} were not written again`, error);
  }
  return written;
}
