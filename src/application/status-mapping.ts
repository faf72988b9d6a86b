/**
 * Use cases of the status-mapping settings page: read a project's flow settings with everything the editor
 * needs, save them (project administrators only, optimistic concurrency, validated), and the data-quality view
 * (unmapped statuses, issues the engine warns about).
 */
import type {
  DataQualityView,
  FlowSettingsValue,
  StatusMappingView,
  WarningGroup,
} from '../contract/status-mapping';
import { validateMapping } from '../domain/flow/mapping';
import {
  describeSettingsProblem,
  distinctProjectStatuses,
  findSettingsProblems,
  unmappedStatuses,
  type SettingsProblem,
} from '../domain/flow/mapping-defaults';
import type { JiraStatusRef } from '../domain/flow/types';
import { measureFlow } from './flow-measurement';
import type { JiraPort } from './ports/jira-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';
import {
  defaultProjectSettings,
  getProjectFlowSettings,
  listAllProjectStatuses,
  type ProjectSettingsOptions,
  type StoredProjectSettings,
} from './project-settings';

/** The Jira permissions that allow changing a project's flow settings (either is enough). */
export const SETTINGS_ADMIN_PERMISSIONS: readonly string[] = ['ADMINISTER_PROJECTS', 'ADMINISTER'];

/** Issue keys listed per warning in the data-quality view. */
export const WARNING_SAMPLE_SIZE = 50;

/** Issues the data-quality view reads at most (keeps the resolver within Forge's 25 s). */
export const DATA_QUALITY_ISSUE_LIMIT = 5000;

/** The acting user may not change the project's settings. */
export class NotProjectAdminError extends Error {
  override readonly name = 'NotProjectAdminError';
}

/** The settings break rules; `problems` says which (the message is their English text). */
export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[]) {
    super(problems.map((p) => describeSettingsProblem(p, 'en')).join(' '));
    this.problems = problems;
  }
}

/** Whether the acting user administers the project or Jira (one `mypermissions` request). */
export async function canAdministerProject(jira: JiraPort, projectKey: string): Promise<boolean> {
  const granted = await jira.getMyPermissions(SETTINGS_ADMIN_PERMISSIONS, projectKey);
  return SETTINGS_ADMIN_PERMISSIONS.some((key) => granted[key] === true);
}

function settingsValue(settings: StoredProjectSettings): FlowSettingsValue {
  return { mapping: settings.mapping, calendar: settings.calendar, percentiles: settings.percentiles };
}

/**
 * Everything the settings page shows: the saved (or default) settings with their version, the defaults, the
 * project's statuses, which of them no stage holds, and whether the user may edit. Four Jira requests at most
 * (project, statuses, permissions; the statuses serve the defaults too).
 */
export async function getStatusMapping(
  store: StorePort,
  jira: JiraPort,
  projectKey: string,
  options: ProjectSettingsOptions = {},
): Promise<StatusMappingView> {
  const project = await jira.getProject(projectKey);
  const [stored, statuses, canEdit] = await Promise.all([
    store.get<StoredProjectSettings>(mappingStoreKey(project.id)),
    listAllProjectStatuses(jira, project.id),
    canAdministerProject(jira, project.key),
  ]);
  const defaults = defaultProjectSettings(statuses, options);
  const current = stored === null ? defaults : stored.value;
  const distinct = distinctProjectStatuses(statuses);
  return {
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    ...settingsValue(current),
    version: stored?.version ?? null,
    derived: stored === null,
    canEdit,
    statuses: distinct.map((s) => ({ id: s.id, name: s.name, categoryKey: s.categoryKey })),
    defaults: settingsValue(defaults),
    unmappedStatuses: unmappedStatuses(distinct, current.mapping),
  };
}

/**
 * Saves a project's flow settings and returns the page's view of them. Order of checks: the user administers
 * the project or Jira ({@link NotProjectAdminError} otherwise, before anything is read or written), the settings
 * keep every rule ({@link InvalidSettingsError}), and nobody saved since they were loaded (`expectedVersion`;
 * the store throws `StoreConflictError` otherwise).
 */
export async function saveStatusMapping(
  store: StorePort,
  jira: JiraPort,
  projectKey: string,
  settings: FlowSettingsValue,
  expectedVersion: number | null,
  options: ProjectSettingsOptions = {},
): Promise<StatusMappingView> {
  const project = await jira.getProject(projectKey);
  if (!(await canAdministerProject(jira, project.key))) {
    throw new NotProjectAdminError(
      `Only administrators of project ${project.key} may change its status mapping.`,
    );
  }
  const problems = findSettingsProblems(settings.mapping, settings.calendar, settings.percentiles);
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  validateMapping(settings.mapping); // the engine's own rules, so a saved mapping always runs
  const value: StoredProjectSettings = {
    mapping: {
      stages: settings.mapping.stages.map((s) => ({
        name: s.name.trim(),
        kind: s.kind,
        statuses: [...s.statuses],
      })),
      startStage: settings.mapping.startStage.trim(),
      doneStage: settings.mapping.doneStage.trim(),
    },
    calendar: {
      timeZone: settings.calendar.timeZone,
      workingWeekdays: [...new Set(settings.calendar.workingWeekdays)].sort((a, b) => a - b),
      holidays: [...new Set(settings.calendar.holidays)].sort(),
    },
    percentiles: [...new Set(settings.percentiles)].sort((a, b) => a - b),
  };
  await store.put<StoredProjectSettings>(mappingStoreKey(project.id), value, expectedVersion);
  return getStatusMapping(store, jira, project.key, options);
}

/**
 * The data-quality view of a project under its current settings: statuses no stage holds (the project's
 * workflow statuses and statuses issues passed through), and the engine's warnings over the project's issues
 * (`project = KEY`, at most `limit` issues) counted per warning code with the first
 * {@link WARNING_SAMPLE_SIZE} issue keys each. The engine runs canonically as of `asOfMs` in the settings' time
 * zone and calendar.
 */
export async function getDataQuality(
  store: StorePort,
  jira: JiraPort,
  projectKey: string,
  asOfMs: number,
  options: ProjectSettingsOptions & { readonly limit?: number } = {},
): Promise<DataQualityView> {
  const limit = options.limit ?? DATA_QUALITY_ISSUE_LIMIT;
  const settings = await getProjectFlowSettings(store, jira, projectKey, options);
  const statuses: JiraStatusRef[] = await listAllProjectStatuses(jira, settings.projectId);
  const {
    facts: report,
    loaded: read,
    truncated,
  } = await measureFlow(jira, {
    scope: { kind: 'jql', jql: `project = ${settings.projectKey} ORDER BY created ASC` },
    period: null,
    mapping: settings.mapping,
    calendar: settings.calendar,
    asOfMs,
    maxIssues: limit,
  });

  const groups = new Map<string, { count: number; issueKeys: string[] }>();
  let issuesWithWarnings = 0;
  const seenStatuses: string[] = [];
  for (const issue of report.issues) {
    if (issue.warnings.length > 0) issuesWithWarnings++;
    for (const code of issue.warnings) {
      let group = groups.get(code);
      if (group === undefined) {
        group = { count: 0, issueKeys: [] };
        groups.set(code, group);
      }
      group.count++;
      if (group.issueKeys.length < WARNING_SAMPLE_SIZE) group.issueKeys.push(issue.key);
    }
    seenStatuses.push(...Object.keys(issue.timeInStatusMs));
    if (issue.status !== undefined && issue.status !== null) seenStatuses.push(issue.status);
  }
  const known = distinctProjectStatuses([...statuses, ...seenStatuses.map((name) => ({ name }))]);
  const warnings: WarningGroup[] = [...groups.entries()]
    .map(([code, g]) => ({ code, count: g.count, issueKeys: g.issueKeys }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    projectKey: settings.projectKey,
    asOf: new Date(asOfMs).toISOString(),
    issueCount: read,
    truncated,
    unmappedStatuses: unmappedStatuses(known, settings.mapping),
    issuesWithWarnings,
    warnings,
  };
}
