/**
 * Use case of the CSI register (project page): every CSI issue of a project with its improvement record, status
 * history and the names of the people its records name, computed into the register by `domain/csi/register`.
 *
 * Time zone (days overdue, days in status, stuck): the project's own calendar from its flow settings
 * (`mapping:<projectId>`, the status-mapping page) when saved, because the team set it for the project;
 * otherwise the acting user's Jira time zone (Forge context), so "today" is the viewer's today.
 */
import type { CsiRegisterView } from '../contract/csi';
import { parseStoredCsiRecord } from '../domain/csi/record';
import {
  buildCsiRegister,
  computeCsiFlow,
  csiRecordAccountIds,
  DEFAULT_CSI_STUCK_AFTER_DAYS,
  type CsiRegisterIssue,
} from '../domain/csi/register';
import { assessCsiCapability } from '../domain/csi/capability';
import type { CsiLanguage } from '../domain/csi/transition-rules';
import { CSI_RECORD_PROPERTY_KEY } from '../domain/csi/workflow';
import { isValidTimeZone } from '../domain/flow/calendar';
import type { JiraHistory } from '../domain/flow/types';
import { isCsiIssueTypeName, linkedIssuesOf, readCsiSettings } from './csi-record';
import type { JiraPort } from './ports/jira-port';
import { mappingStoreKey, type StorePort } from './ports/store-port';
import type { StoredProjectSettings } from './project-settings';

/** The issue fields the register reads. */
export const CSI_REGISTER_FIELDS: readonly string[] = [
  'summary',
  'status',
  'created',
  'updated',
  'issuelinks',
];

export interface CsiRegisterOptions {
  /** Epoch ms of the computation. */
  readonly asOfMs: number;
  /** The acting user's time zone (used when the project has no saved calendar). */
  readonly userTimeZone: string;
  /** Language of status names the data does not show. */
  readonly language: CsiLanguage;
  /** Logs records the app could not read (they count as empty). */
  readonly logWarning?: (message: string) => void;
}

/** The JQL of a project's CSI issues, by the issue type's id (a name Jira does not know would be a 400). */
export function csiRegisterJql(projectKey: string, issueTypeId: string): string {
  return `project = "${projectKey}" AND issuetype = ${issueTypeId} ORDER BY created ASC`;
}

async function registerTimeZone(store: StorePort, projectId: string, userTimeZone: string): Promise<string> {
  const stored = await store.get<StoredProjectSettings>(mappingStoreKey(projectId));
  const zone = stored?.value.calendar.timeZone;
  if (typeof zone === 'string' && isValidTimeZone(zone)) return zone;
  return isValidTimeZone(userTimeZone) ? userTimeZone : 'UTC';
}

/**
 * The register view of a project. Requests: project, its issue types, search pages (100 issues with the record
 * property), one changelog bulk fetch per 1,000 issues (status changes only), users in batches of 50.
 * A project without the CSI issue type answers `csiSetUp: false` with an empty register.
 */
export async function getCsiRegister(
  store: StorePort,
  jira: JiraPort,
  projectKey: string,
  options: CsiRegisterOptions,
): Promise<CsiRegisterView> {
  const project = await jira.getProject(projectKey);
  const [types, timeZone, settings] = await Promise.all([
    jira.listIssueTypesForProject(project.id),
    registerTimeZone(store, project.id, options.userTimeZone),
    readCsiSettings(store, project.id),
  ]);
  const stuckAfterDays = settings.stuckAfterDays ?? DEFAULT_CSI_STUCK_AFTER_DAYS;
  const csiType = types.find((t) => isCsiIssueTypeName(t.name));
  const base = {
    projectKey: project.key,
    projectName: project.name,
    asOf: new Date(options.asOfMs).toISOString(),
    timeZone,
    stuckAfterDays,
  };
  if (csiType === undefined) {
    return {
      ...base,
      csiSetUp: false,
      items: [],
      people: [],
      capability: assessCsiCapability([]),
      flow: computeCsiFlow([], options.asOfMs, timeZone, options.language),
    };
  }

  const found: Omit<CsiRegisterIssue, 'histories'>[] = [];
  for await (const page of jira.searchIssues(csiRegisterJql(project.key, csiType.id), CSI_REGISTER_FIELDS, {
    properties: [CSI_RECORD_PROPERTY_KEY],
  })) {
    for (const issue of page) {
      const key = issue.key ?? issue.id ?? '';
      const parsed = parseStoredCsiRecord(issue.properties?.[CSI_RECORD_PROPERTY_KEY]);
      if (parsed.problem !== null)
        options.logWarning?.(`${key}: ${parsed.problem}; counted as an empty record`);
      const fields = issue.fields;
      found.push({
        issueKey: key,
        issueId: issue.id ?? '',
        summary: fields?.summary ?? '',
        statusName: fields?.status?.name ?? '',
        statusCategoryKey: fields?.status?.statusCategory?.key ?? null,
        created: fields?.created ?? '',
        updated: typeof fields?.['updated'] === 'string' ? fields['updated'] : (fields?.created ?? ''),
        record: parsed.record,
        linkedIssueCount: linkedIssuesOf(issue).length,
      });
    }
  }
  const changelogs =
    found.length === 0
      ? new Map<string, readonly JiraHistory[]>()
      : await jira.bulkFetchChangelogs(
          found.map((i) => i.issueId),
          ['status'],
        );
  const accountIds = csiRecordAccountIds(found.map((i) => i.record));
  const users = accountIds.length === 0 ? [] : await jira.getUsers(accountIds);
  const names = new Map(users.map((u) => [u.accountId, u.displayName ?? u.accountId]));
  const people = new Map(accountIds.map((id) => [id, names.get(id) ?? id]));
  const issues: CsiRegisterIssue[] = found.map((i) => ({ ...i, histories: changelogs.get(i.issueId) ?? [] }));
  const computed = buildCsiRegister(issues, {
    asOfMs: options.asOfMs,
    timeZone,
    stuckAfterDays,
    people,
    language: options.language,
  });
  return {
    ...base,
    csiSetUp: true,
    ...computed,
    people: [...people].map(([accountId, displayName]) => ({ accountId, displayName })),
  };
}
