/**
 * The issue property `three-ways-flow` (issue 13) written from stored facts: per issue its lead, cycle and blocked
 * time, age and flow efficiency as the project's own settings measure them, so JQL (`flowAgeDays > 10`) and
 * Automation find aging work. Written in bulk, as the app, after the facts are stored: a failed write loses no
 * facts (the nightly reconcile writes again).
 */
import { createFlowAccumulator } from '../domain/flow/engine';
import type { IssueFactsRecord, FactsNames } from '../domain/flow/issue-facts';
import { FLOW_PROPERTY_KEY, flowPropertyOf, jiraIssueOfFacts } from '../domain/flow/issue-facts';
import type { IssueFacts } from '../domain/flow/types';
import type { JiraPort } from './ports/jira-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';
import type { StoredProjectSettings } from './project-settings';

/** What writing properties needs (a subset of the sync's dependencies). */
export interface FlowPropertyDeps {
  readonly jiraApp: JiraPort;
  readonly store: StorePort;
  /** Time zone of the default calendar when the project saved no settings (default `UTC`). */
  readonly defaultTimeZone?: string;
}

/**
 * The engine's per-issue facts of records of ONE project, as of `asOfMs`, with the project's settings: the saved
 * mapping and calendar (`mapping:<projectId>`), or, when nothing is saved, the defaults the views derive from the
 * project's workflow statuses (one status list request). Keyed by issue id.
 *
 * The records go through {@link jiraIssueOfFacts} into the same accumulator the views use, so a property shows
 * exactly the numbers the project page shows for the issue.
 */
export async function engineFactsOfRecords(
  deps: FlowPropertyDeps,
  projectId: string,
  records: readonly IssueFactsRecord[],
  names: FactsNames,
  asOfMs: number,
): Promise<Map<string, IssueFacts>> {
  const byId = new Map<string, IssueFacts>();
  if (records.length === 0) return byId;
  // Read directly from the store (not getProjectFlowSettings): the project id is known, so no project request.
  const saved = await deps.store.get<StoredProjectSettings>(mappingStoreKey(projectId));
  const calendar = saved?.value.calendar ?? {
    timeZone: deps.defaultTimeZone ?? 'UTC',
    workingWeekdays: [1, 2, 3, 4, 5],
    holidays: [],
  };
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    ...(saved === null ? {} : { mapping: saved.value.mapping }),
    startPolicy: 'first',
    timeZone: calendar.timeZone,
    asOfMs,
    calendar,
  });
  if (saved === null) {
    // As measureFlow does without a mapping: the workflows' statuses, in Jira's order, make the default mapping.
    const perType = await deps.jiraApp.listProjectStatuses(projectId);
    accumulator.addKnownStatuses(perType.flatMap((type) => type.statuses));
  }
  const idOfKey = new Map<string, string>();
  for (const record of records) {
    idOfKey.set(record.key, record.id);
    accumulator.add(jiraIssueOfFacts(record, names));
  }
  for (const issue of accumulator.finishFacts().issues) {
    const id = idOfKey.get(issue.key);
    if (id !== undefined) byId.set(id, issue);
  }
  return byId;
}

/**
 * Writes the flow property of the given records (one project's) as of `asOfMs`: `POST issue/properties/multi`
 * through {@link JiraPort.bulkSetIssueProperties} (the client sends at most 100 issues per request). Only issues
 * the engine measured get a property (an issue created after `asOfMs` is left out).
 *
 * @returns the number of issues whose property was sent.
 */
export async function writeFlowProperties(
  deps: FlowPropertyDeps,
  projectId: string,
  records: readonly IssueFactsRecord[],
  names: FactsNames,
  asOfMs: number,
): Promise<number> {
  if (records.length === 0) return 0;
  const facts = await engineFactsOfRecords(deps, projectId, records, names, asOfMs);
  const entries = records.flatMap((record) => {
    const issue = facts.get(record.id);
    return issue === undefined
      ? []
      : [{ issueId: record.id, properties: { [FLOW_PROPERTY_KEY]: flowPropertyOf(issue, asOfMs) } }];
  });
  if (entries.length > 0) await deps.jiraApp.bulkSetIssueProperties(entries);
  return entries.length;
}

/** Engine facts of an issue in progress: started, not done (its age grows every day). */
export function isWorkInProgress(issue: IssueFacts): boolean {
  return issue.startMs !== null && issue.doneMs === null;
}
