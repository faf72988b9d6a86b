/**
 * Use case of the CSI register (project page): every CSI issue of a project with its improvement record, status
 * history and the names of the people its records name, computed into the register by `domain/csi/register`.
 *
 * Time zone (days overdue, days in status, stuck): the project's own calendar from its flow settings
 * (`mapping:<projectId>`, the status-mapping page) when saved, because the team set it for the project;
 * otherwise the acting user's Jira time zone (Forge context), so "today" is the viewer's today.
 */
import type { CsiRegisterView } from '../contract/csi';
import { EMPTY_CSI_RECORD } from '../domain/csi/record-types';
import {
  buildCsiRegister,
  computeCsiFlow,
  csiRecordAccountIds,
  DEFAULT_CSI_STUCK_AFTER_DAYS,
  type CsiRegisterEffectCheck,
  type CsiRegisterIssue,
} from '../domain/csi/register';
import { assessCsiCapability } from '../domain/csi/capability';
import type { CsiLanguage } from '../domain/csi/transition-rules';
import { CSI_RECORD_PROPERTY_KEY } from '../domain/csi/workflow';
import { isValidTimeZone } from '../domain/flow/calendar';
import type { JiraHistory } from '../domain/flow/types';
import {
  checkCsiMirror,
  isCsiIssueTypeName,
  linkedIssuesOf,
  readCsiSettings,
  readStoredCsiRecord,
} from './csi-record';
import { readEffectConfig, readEffectRuns } from './effect-check-store';
import { currentYearAuditCounts } from './fitsm-audit';
import { listFeedbackTold } from './feedback-replies';
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
  /** Logs mirrors that do not match the stored record (the stored one counts). */
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

/** Stored records read from the app's store at once (each one KVS read). */
const STORE_READS_AT_ONCE = 20;

/**
 * The loop facts of one improvement from the app's store: feedback issues told at Closed (`feedback-reply:` keys,
 * {@link listFeedbackTold}) and its effect check (configuration and runs). Three reads plus two per feedback issue.
 */
async function readLoopFacts(
  store: StorePort,
  issueId: string,
  feedbackIssueKeys: readonly string[],
): Promise<{ toldAtClosed: number; effectCheck?: CsiRegisterEffectCheck }> {
  const [told, config, runs] = await Promise.all([
    feedbackIssueKeys.length === 0 ? [] : listFeedbackTold(store, issueId, feedbackIssueKeys),
    readEffectConfig(store, issueId),
    readEffectRuns(store, issueId),
  ]);
  const toldAtClosed = told.filter((t) => t.step === 'closed' && t.state === 'told').length;
  const all = [...(runs.latest === null ? [] : [runs.latest]), ...runs.history];
  if (config.entry === null && all.length === 0) return { toldAtClosed };
  const current = all.find((run) => run.configVersion === config.version) ?? null;
  return {
    toldAtClosed,
    effectCheck: {
      config: config.entry?.config ?? null,
      currentVerdict: current?.result.verdict ?? null,
      anyVerdict: all.some((run) => run.result.verdict !== 'insufficient-data'),
    },
  };
}

/**
 * The register view of a project. Requests: project, its issue types, search pages (100 issues with the record
 * property), one changelog bulk fetch per 1,000 issues (status changes only), users in batches of 50; and per
 * CSI issue store reads for its record, its effect check and its told feedback issues (20 issues at a time). Each item shows the record the app stores; an issue property that does
 * not mirror it (edited through Jira's REST API, a late write) is flagged `mirrorMismatch`, never believed.
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
  // The audit plan is the site's (one store read): the register counts its audits whether CSI is set up or not.
  const audits = await currentYearAuditCounts(store, options.asOfMs, timeZone);
  const stuckAfterDays = settings.stuckAfterDays ?? DEFAULT_CSI_STUCK_AFTER_DAYS;
  const csiType = types.find((t) => isCsiIssueTypeName(t.name));
  const base = {
    projectKey: project.key,
    projectName: project.name,
    asOf: new Date(options.asOfMs).toISOString(),
    timeZone,
    stuckAfterDays,
    audits,
  };
  if (csiType === undefined) {
    return {
      ...base,
      csiSetUp: false,
      items: [],
      people: [],
      capability: assessCsiCapability([], {
        auditFindings: { registered: audits.findingsRegistered, total: audits.findings },
      }),
      flow: computeCsiFlow([], options.asOfMs, timeZone, options.language),
    };
  }

  const searched: (Omit<CsiRegisterIssue, 'histories' | 'record'> & { readonly property: unknown })[] = [];
  for await (const page of jira.searchIssues(csiRegisterJql(project.key, csiType.id), CSI_REGISTER_FIELDS, {
    properties: [CSI_RECORD_PROPERTY_KEY],
  })) {
    for (const issue of page) {
      const fields = issue.fields;
      searched.push({
        issueKey: issue.key ?? issue.id ?? '',
        issueId: issue.id ?? '',
        summary: fields?.summary ?? '',
        statusName: fields?.status?.name ?? '',
        statusCategoryKey: fields?.status?.statusCategory?.key ?? null,
        created: fields?.created ?? '',
        updated: typeof fields?.['updated'] === 'string' ? fields['updated'] : (fields?.created ?? ''),
        property: issue.properties?.[CSI_RECORD_PROPERTY_KEY],
        linkedIssueCount: linkedIssuesOf(issue).length,
      });
    }
  }
  const found: Omit<CsiRegisterIssue, 'histories'>[] = [];
  for (let start = 0; start < searched.length; start += STORE_READS_AT_ONCE) {
    const batch = searched.slice(start, start + STORE_READS_AT_ONCE);
    const states = await Promise.all(batch.map((issue) => readStoredCsiRecord(store, issue.issueId)));
    const loops = await Promise.all(
      batch.map((issue, index) =>
        readLoopFacts(store, issue.issueId, states[index]?.stored?.record.feedbackIssueKeys ?? []),
      ),
    );
    batch.forEach(({ property, ...issue }, index) => {
      const stored = states[index]?.stored ?? null;
      const check = checkCsiMirror(stored, property);
      if (check.kind === 'mismatch')
        options.logWarning?.(`${issue.issueKey}: ${check.detail}; the register shows the stored record`);
      found.push({
        ...issue,
        record: stored?.record ?? EMPTY_CSI_RECORD,
        mirrorMismatch: check.kind === 'mismatch',
        ...loops[index],
      });
    });
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
    auditFindings: { registered: audits.findingsRegistered, total: audits.findings },
  });
  return {
    ...base,
    csiSetUp: true,
    ...computed,
    people: [...people].map(([accountId, displayName]) => ({ accountId, displayName })),
  };
}
