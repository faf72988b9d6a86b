import { deriveDefaultMapping } from '../domain/flow/mapping-defaults';
import type { JiraStatusRef, WorkflowMapping, WorkingCalendar } from '../domain/flow/types';
import type { JiraPort } from './ports/jira-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';

/** Percentiles shown when a project has not chosen its own (50/85/95 %, FLOW-METRICS.md). */
export const DEFAULT_PERCENTILES: readonly number[] = [50, 85, 95];

/** Monday–Friday, no holidays. */
export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

/** What the store holds under `mapping:<projectId>`. */
export interface StoredProjectSettings {
  readonly mapping: WorkflowMapping;
  readonly calendar: WorkingCalendar;
  readonly percentiles: readonly number[];
}

/** A project's flow settings as every flow view uses them. */
export interface ProjectFlowSettings extends StoredProjectSettings {
  readonly projectId: string;
  readonly projectKey: string;
  /** Store version of the saved settings; null when nothing is saved (the defaults apply). */
  readonly version: number | null;
  /** True when the mapping was derived from the project's statuses (nothing saved). */
  readonly derived: boolean;
}

export interface ProjectSettingsOptions {
  /** Time zone of the default calendar (default `UTC`); e.g. the acting user's Jira time zone. */
  readonly defaultTimeZone?: string;
  /**
   * The project's workflow statuses from elsewhere (the flow facts store keeps them for ready projects), asked
   * only when nothing is saved; null: ask Jira.
   */
  readonly storedStatuses?: (projectKey: string) => Promise<readonly JiraStatusRef[] | null>;
}

/** Every status of the project's workflows over all its issue types, in Jira's order (duplicates kept). */
export async function listAllProjectStatuses(
  jira: JiraPort,
  projectIdOrKey: string,
): Promise<JiraStatusRef[]> {
  const perType = await jira.listProjectStatuses(projectIdOrKey);
  return perType.flatMap((t) => t.statuses);
}

/**
 * The defaults of a project: mapping derived from its workflows' statuses and categories (ITSM-aware: "Wartet
 * auf …", "Waiting …", "Pending", "On hold" are waiting stages), Monday–Friday calendar, 50/85/95 %.
 */
export function defaultProjectSettings(
  statuses: readonly JiraStatusRef[],
  options: ProjectSettingsOptions = {},
): StoredProjectSettings {
  return {
    mapping: deriveDefaultMapping(statuses),
    calendar: {
      timeZone: options.defaultTimeZone ?? 'UTC',
      workingWeekdays: [...DEFAULT_WORKING_WEEKDAYS],
      holidays: [],
    },
    percentiles: [...DEFAULT_PERCENTILES],
  };
}

/**
 * A project's flow settings: the saved ones (`mapping:<projectId>` in the store) or, when none are saved, the
 * defaults derived from the project's statuses. Costs one Jira request (the project, for its id) plus one more
 * (its statuses) only when nothing is saved and `options.storedStatuses` has none.
 */
export async function getProjectFlowSettings(
  store: StorePort,
  jira: JiraPort,
  projectKey: string,
  options: ProjectSettingsOptions = {},
): Promise<ProjectFlowSettings> {
  const project = await jira.getProject(projectKey);
  const stored = await store.get<StoredProjectSettings>(mappingStoreKey(project.id));
  if (stored !== null) {
    return {
      projectId: project.id,
      projectKey: project.key,
      mapping: stored.value.mapping,
      calendar: stored.value.calendar,
      percentiles: stored.value.percentiles,
      version: stored.version,
      derived: false,
    };
  }
  const statuses =
    (await options.storedStatuses?.(project.key)) ?? (await listAllProjectStatuses(jira, project.id));
  return {
    projectId: project.id,
    projectKey: project.key,
    ...defaultProjectSettings(statuses, options),
    version: null,
    derived: true,
  };
}
