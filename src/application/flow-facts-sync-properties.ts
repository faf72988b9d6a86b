/**
 * The issue property `three-ways-flow` (issue 13) written from stored facts: per issue its lead, cycle and blocked
 * time, age and flow efficiency as the project's own settings measure them, so JQL (`flowAgeDays > 10`) and
 * Automation find aging work. Written in bulk, as the app, after the facts are stored: a failed write loses no
 * facts (the nightly reconcile writes again).
 */
import { createFlowAccumulator } from '../domain/flow/engine';
import type { IssueFactsRecord, FactsNames } from '../domain/flow/issue-facts';
import { FLOW_PROPERTY_KEY, flowPropertyOf, jiraIssueOfFacts } from '../domain/flow/issue-facts';
import type { IssueFacts, JiraStatusRef, WorkflowMapping, WorkingCalendar } from '../domain/flow/types';
import { statusRefsOf, type WorkflowStatusDeps } from './flow-facts-statuses';
import type { JiraPort } from './ports/jira-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';
import { DEFAULT_WORKING_WEEKDAYS, type StoredProjectSettings } from './project-settings';

/** What writing properties needs (a subset of the sync's dependencies). */
export interface FlowPropertyDeps {
  readonly jiraApp: JiraPort;
  readonly store: StorePort;
  /** Time zone of the default calendar when the project saved no settings (default `UTC`). */
  readonly defaultTimeZone?: string;
  /** The flow facts store: its stored workflow statuses spare the status request (the views use the same list). */
  readonly facts?: Pick<WorkflowStatusDeps['facts'], 'readWorkflowStatuses'>;
}

/** A project's settings as the properties measure with them. */
export interface PropertySettings {
  /** The saved mapping; null: the defaults derived from `knownStatuses`. */
  readonly mapping: WorkflowMapping | null;
  readonly calendar: WorkingCalendar;
  /** The project's workflow statuses in Jira's order (only read when no mapping is saved). */
  readonly knownStatuses: readonly JiraStatusRef[];
}

/**
 * Settings per project id, read once per consumer run (a run lasts minutes; a mapping saved meanwhile applies
 * from the next run): the backfill then asks for the project's statuses once, not once per 1,000 issues.
 */
export type PropertySettingsCache = Map<string, Promise<PropertySettings>>;

/**
 * A project's settings for its properties: the saved mapping and calendar (`mapping:<projectId>`, read directly:
 * the project id is known, so no project request as in `getProjectFlowSettings`), or, when nothing is saved, the
 * project's workflow statuses from which the engine derives the default mapping as the views do: the list stored
 * with the facts (the one the views read), else one request.
 */
export function propertySettings(
  deps: FlowPropertyDeps,
  projectId: string,
  cache?: PropertySettingsCache,
): Promise<PropertySettings> {
  const cached = cache?.get(projectId);
  if (cached !== undefined) return cached;
  const read = (async (): Promise<PropertySettings> => {
    const saved = await deps.store.get<StoredProjectSettings>(mappingStoreKey(projectId));
    if (saved !== null)
      return { mapping: saved.value.mapping, calendar: saved.value.calendar, knownStatuses: [] };
    const stored = (await deps.facts?.readWorkflowStatuses(projectId)) ?? null;
    const knownStatuses =
      stored === null
        ? (await deps.jiraApp.listProjectStatuses(projectId)).flatMap((type) => type.statuses)
        : statusRefsOf(stored.statuses);
    return {
      mapping: null,
      calendar: {
        timeZone: deps.defaultTimeZone ?? 'UTC',
        workingWeekdays: [...DEFAULT_WORKING_WEEKDAYS],
        holidays: [],
      },
      knownStatuses,
    };
  })();
  if (cache !== undefined) {
    cache.set(projectId, read);
    // A failed read is not kept: the next batch asks again.
    read.catch(() => cache.delete(projectId));
  }
  return read;
}

/**
 * The engine's per-issue facts of records of ONE project, as of `asOfMs`, with the project's settings
 * ({@link propertySettings}). Keyed by issue id.
 *
 * The records go through {@link jiraIssueOfFacts} into the same accumulator the views use (without a saved
 * mapping: the project's statuses made known, as `measureFlow` does), so a property shows exactly the numbers
 * the project page shows for the issue.
 */
export async function engineFactsOfRecords(
  deps: FlowPropertyDeps,
  projectId: string,
  records: readonly IssueFactsRecord[],
  names: FactsNames,
  asOfMs: number,
  cache?: PropertySettingsCache,
): Promise<Map<string, IssueFacts>> {
  const byId = new Map<string, IssueFacts>();
  if (records.length === 0) return byId;
  const settings = await propertySettings(deps, projectId, cache);
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    ...(settings.mapping === null ? {} : { mapping: settings.mapping }),
    startPolicy: 'first',
    timeZone: settings.calendar.timeZone,
    asOfMs,
    calendar: settings.calendar,
  });
  if (settings.mapping === null) accumulator.addKnownStatuses(settings.knownStatuses);
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
  cache?: PropertySettingsCache,
): Promise<number> {
  if (records.length === 0) return 0;
  const facts = await engineFactsOfRecords(deps, projectId, records, names, asOfMs, cache);
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
