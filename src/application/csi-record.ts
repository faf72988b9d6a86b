/**
 * Use cases of the improvement-record panel on CSI issues: read an issue's record with everything the panel
 * needs, and save it (editors only, validated, never silently overwriting a concurrent save).
 *
 * Lost updates: Jira's issue properties have no version to compare. The app keeps one in its own store under
 * `csi-record:<issueId>` (value `{ savedAt }`); a save first moves that version from the one the panel loaded to
 * the next (`StorePort.put` compare-and-set: someone else's save in between → `StoreConflictError`) and only then
 * writes the property. So of two concurrent saves from the same version exactly one writes.
 */
import * as v from 'valibot';
import type { CsiLinkedIssueView, CsiPersonView, CsiRecordInput, CsiRecordView } from '../contract/csi';
import {
  describeRecordProblems,
  findCrossFieldProblems,
  ISSUE_PROPERTY_MAX_CHARS,
  parseStoredCsiRecord,
  type CsiRecordProblem,
} from '../domain/csi/record';
import { nameIn } from '../domain/csi/provisioning';
import { DEFAULT_CSI_WEIGHTS, type CsiRecord, type CsiWeights } from '../domain/csi/record-types';
import { csiScore, findCsiWeightProblems } from '../domain/csi/scoring';
import { CSI_ISSUE_TYPE_NAMES, CSI_RECORD_PROPERTY_KEY, csiStatusKeyOfName } from '../domain/csi/workflow';
import type { JiraIssueInput } from '../domain/flow/types';
import type { JiraPort } from './ports/jira-port';
import type { StorePort } from './ports/store-port';

/** The Jira permission that allows changing the record (as it allows editing the issue). */
export const CSI_EDIT_PERMISSION = 'EDIT_ISSUES';

/** The issue fields the panel reads. */
export const CSI_RECORD_ISSUE_FIELDS: readonly string[] = [
  'summary',
  'status',
  'project',
  'issuetype',
  'issuelinks',
];

/** Store key of the version guarding an issue's record. */
export function csiRecordStoreKey(issueId: string): string {
  return `csi-record:${issueId}`;
}

/** Store key of a project's CSI settings (evaluation weights, stuck threshold). */
export function csiSettingsStoreKey(projectId: string): string {
  return `csi-settings:${projectId}`;
}

/** What `csi-record:<issueId>` holds. */
export interface StoredCsiRecordVersion {
  /** ISO instant of the save. */
  readonly savedAt: string;
}

/** What `csi-settings:<projectId>` holds (each member optional: defaults apply). */
export interface StoredCsiSettings {
  readonly weights?: CsiWeights;
  /** Days without a status change after which an open improvement counts as stuck. */
  readonly stuckAfterDays?: number;
}

/** The issue is not of the CSI issue type ("Verbesserung (CSI)" / "Improvement (CSI)"). */
export class NotCsiIssueError extends Error {
  override readonly name = 'NotCsiIssueError';
}

/** The acting user may not edit the issue (no EDIT_ISSUES in its project). */
export class CsiEditForbiddenError extends Error {
  override readonly name = 'CsiEditForbiddenError';
}

/** The record breaks a rule; `problems` say which (the message is their English text). */
export class InvalidCsiRecordError extends Error {
  override readonly name = 'InvalidCsiRecordError';
  readonly problems: readonly CsiRecordProblem[];

  constructor(problems: readonly CsiRecordProblem[]) {
    super(`The improvement record is invalid: ${describeRecordProblems(problems)}.`);
    this.problems = problems;
  }
}

/** Whether an issue type name is the CSI type's (German or English, case-insensitive, trimmed). */
export function isCsiIssueTypeName(name: string | undefined): boolean {
  return name !== undefined && nameIn(name, CSI_ISSUE_TYPE_NAMES);
}

/** The project's weights and stuck threshold; defaults for anything absent or unusable. */
export async function readCsiSettings(
  store: StorePort,
  projectId: string,
): Promise<{ weights: CsiWeights; stuckAfterDays: number | null }> {
  const stored = await store.get<StoredCsiSettings>(csiSettingsStoreKey(projectId));
  const value: unknown = stored?.value;
  const weightsValue: unknown =
    typeof value === 'object' && value !== null ? (value as { weights?: unknown }).weights : undefined;
  const weights =
    typeof weightsValue === 'object' &&
    weightsValue !== null &&
    findCsiWeightProblems(weightsValue as Record<string, unknown>).length === 0
      ? (weightsValue as CsiWeights)
      : DEFAULT_CSI_WEIGHTS;
  const stuckValue: unknown =
    typeof value === 'object' && value !== null
      ? (value as { stuckAfterDays?: unknown }).stuckAfterDays
      : undefined;
  const stuckAfterDays =
    typeof stuckValue === 'number' && Number.isInteger(stuckValue) && stuckValue > 0 ? stuckValue : null;
  return {
    weights: {
      benefit: weights.benefit,
      urgency: weights.urgency,
      effort: weights.effort,
      risk: weights.risk,
    },
    stuckAfterDays,
  };
}

const ProjectFieldSchema = v.object({ id: v.string(), key: v.string() });

const LinkedIssueSchema = v.object({
  key: v.string(),
  fields: v.exactOptional(
    v.object({
      summary: v.exactOptional(v.string()),
      status: v.exactOptional(
        v.object({
          name: v.exactOptional(v.string()),
          statusCategory: v.exactOptional(v.object({ key: v.exactOptional(v.string()) })),
        }),
      ),
    }),
  ),
});

const IssueLinksFieldSchema = v.array(
  v.object({
    inwardIssue: v.exactOptional(LinkedIssueSchema),
    outwardIssue: v.exactOptional(LinkedIssueSchema),
  }),
);

/** The issues linked to an issue (either direction), each once, from its `issuelinks` field. */
export function linkedIssuesOf(issue: JiraIssueInput): CsiLinkedIssueView[] {
  const parsed = v.safeParse(IssueLinksFieldSchema, issue.fields?.['issuelinks'] ?? []);
  if (!parsed.success) return [];
  const byKey = new Map<string, CsiLinkedIssueView>();
  for (const link of parsed.output) {
    for (const other of [link.inwardIssue, link.outwardIssue]) {
      if (other === undefined || byKey.has(other.key)) continue;
      byKey.set(other.key, {
        key: other.key,
        summary: other.fields?.summary ?? '',
        statusName: other.fields?.status?.name ?? '',
        statusCategoryKey: other.fields?.status?.statusCategory?.key ?? null,
      });
    }
  }
  return [...byKey.values()];
}

/** What the use cases read of the issue. */
interface CsiIssue {
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly statusName: string;
  readonly project: { readonly id: string; readonly key: string };
  readonly linkedIssues: readonly CsiLinkedIssueView[];
}

async function readCsiIssue(jira: JiraPort, issueKey: string): Promise<CsiIssue> {
  const issue = await jira.getIssue(issueKey, CSI_RECORD_ISSUE_FIELDS);
  const key = issue.key ?? issueKey;
  const typeName = issue.fields?.issuetype?.name;
  if (!isCsiIssueTypeName(typeName)) {
    throw new NotCsiIssueError(
      `${key} is of the issue type "${typeName ?? '?'}", not "${CSI_ISSUE_TYPE_NAMES.de}" / ` +
        `"${CSI_ISSUE_TYPE_NAMES.en}"; improvement records belong to CSI issues (set CSI up in the project settings).`,
    );
  }
  const project = v.safeParse(ProjectFieldSchema, issue.fields?.['project']);
  if (!project.success || issue.id === undefined) {
    throw new Error(`Jira returned ${key} without its id or project`);
  }
  return {
    id: issue.id,
    key,
    summary: issue.fields?.summary ?? '',
    statusName: issue.fields?.status?.name ?? '',
    project: project.output,
    linkedIssues: linkedIssuesOf(issue),
  };
}

/** Display names of the people a record names (owner, evaluator, decider); ids Jira does not know keep their id. */
async function peopleOf(jira: JiraPort, record: CsiRecord): Promise<CsiPersonView[]> {
  const ids = [
    ...new Set(
      [
        record.ownerAccountId,
        record.evaluation?.evaluatedByAccountId ?? null,
        record.decision?.deciderAccountId ?? null,
        record.updatedByAccountId,
      ].filter((id): id is string => id !== null && id !== ''),
    ),
  ];
  if (ids.length === 0) return [];
  const users = await jira.getUsers(ids);
  const names = new Map(users.map((u) => [u.accountId, u.displayName ?? u.accountId]));
  return ids.map((accountId) => ({ accountId, displayName: names.get(accountId) ?? accountId }));
}

async function canEditIn(jira: JiraPort, projectKey: string): Promise<boolean> {
  const granted = await jira.getMyPermissions([CSI_EDIT_PERMISSION], projectKey);
  return granted[CSI_EDIT_PERMISSION] === true;
}

export interface CsiRecordOptions {
  /** Logs a stored record the app could not read (it is shown as empty). */
  readonly logWarning?: (message: string) => void;
}

async function buildView(
  jira: JiraPort,
  issue: CsiIssue,
  record: CsiRecord,
  version: number | null,
  weights: CsiWeights,
  canEdit: boolean,
): Promise<CsiRecordView> {
  return {
    issueKey: issue.key,
    issueId: issue.id,
    projectKey: issue.project.key,
    summary: issue.summary,
    statusName: issue.statusName,
    statusKey: csiStatusKeyOfName(issue.statusName),
    record,
    version,
    weights,
    canEdit,
    people: await peopleOf(jira, record),
    linkedIssues: issue.linkedIssues,
  };
}

/**
 * The panel's view of a CSI issue's record, read as the acting user: the issue, the property (tolerantly: a
 * stored value the app cannot read is shown as the empty record and logged), the version guarding it, whether
 * the user may edit, the project's weights, the people named and the linked issues.
 *
 * @throws NotCsiIssueError when the issue is not of the CSI type; Jira's typed errors (not found, forbidden, …).
 */
export async function getCsiRecord(
  store: StorePort,
  jira: JiraPort,
  issueKey: string,
  options: CsiRecordOptions = {},
): Promise<CsiRecordView> {
  const issue = await readCsiIssue(jira, issueKey);
  const [property, stored, canEdit, settings] = await Promise.all([
    jira.getIssueProperty(issue.id, CSI_RECORD_PROPERTY_KEY),
    store.get<StoredCsiRecordVersion>(csiRecordStoreKey(issue.id)),
    canEditIn(jira, issue.project.key),
    readCsiSettings(store, issue.project.id),
  ]);
  const parsed = parseStoredCsiRecord(property);
  if (parsed.problem !== null) {
    options.logWarning?.(`${issue.key}: ${parsed.problem}; shown as an empty record until it is saved again`);
  }
  return buildView(jira, issue, parsed.record, stored?.version ?? null, settings.weights, canEdit);
}

export interface SaveCsiRecordOptions extends CsiRecordOptions {
  /** Epoch ms now (the record's `updatedAt`). */
  readonly nowMs: number;
  /** The acting user's account id (the record's `updatedByAccountId`); asked of Jira when absent. */
  readonly actingAccountId?: string | null;
}

/**
 * Saves a record (already shape-checked by the entry point with `CsiRecordInputSchema`) and returns the panel's
 * view of it. Order: the issue is a CSI issue ({@link NotCsiIssueError}); the user may edit it
 * ({@link CsiEditForbiddenError}, before anything is written); the record keeps the rules across fields and
 * names only feedback issues linked to this issue ({@link InvalidCsiRecordError}); the version is still
 * `expectedVersion` (`StoreConflictError`); then the property is written with the score computed with the
 * project's weights, `updatedAt` and `updatedByAccountId`.
 */
export async function saveCsiRecord(
  store: StorePort,
  jira: JiraPort,
  issueKey: string,
  input: CsiRecordInput,
  expectedVersion: number | null,
  options: SaveCsiRecordOptions,
): Promise<CsiRecordView> {
  const issue = await readCsiIssue(jira, issueKey);
  if (!(await canEditIn(jira, issue.project.key))) {
    throw new CsiEditForbiddenError(
      `You may not edit ${issue.key} (Jira's "Edit Issues" permission in project ${issue.project.key}); ask a project administrator.`,
    );
  }
  const problems = findCrossFieldProblems(input);
  const linked = new Set(issue.linkedIssues.map((l) => l.key));
  input.feedbackIssueKeys.forEach((key, index) => {
    if (!linked.has(key)) {
      problems.push({
        path: `feedbackIssueKeys.${index}`,
        message: `${key} is not linked to ${issue.key}; link it in Jira first`,
      });
    }
  });
  if (problems.length > 0) throw new InvalidCsiRecordError(problems);

  const settings = await readCsiSettings(store, issue.project.id);
  const actingAccountId = options.actingAccountId ?? (await jira.getMyself()).accountId;
  const savedAt = new Date(options.nowMs).toISOString();
  const record: CsiRecord = {
    schemaVersion: 1,
    source: input.source,
    sourceDetail: input.sourceDetail,
    service: input.service.trim(),
    ownerAccountId: input.ownerAccountId,
    evaluation: input.evaluation,
    score: input.evaluation === null ? null : csiScore(input.evaluation.ratings, settings.weights),
    decision: input.decision,
    baseline: input.baseline,
    target: input.target,
    result: input.result,
    lessonsLearned: input.lessonsLearned,
    nextReviewOn: input.nextReviewOn,
    keyResultId: input.keyResultId,
    feedbackIssueKeys: [...input.feedbackIssueKeys],
    updatedAt: savedAt,
    updatedByAccountId: actingAccountId,
  };
  const size = JSON.stringify(record).length;
  if (size > ISSUE_PROPERTY_MAX_CHARS) {
    throw new InvalidCsiRecordError([
      {
        path: 'record',
        message: `is ${size} characters as JSON; Jira stores at most ${ISSUE_PROPERTY_MAX_CHARS}: shorten the texts`,
      },
    ]);
  }
  const { version } = await store.put<StoredCsiRecordVersion>(
    csiRecordStoreKey(issue.id),
    { savedAt },
    expectedVersion,
  );
  await jira.setIssueProperty(issue.id, CSI_RECORD_PROPERTY_KEY, record);
  return buildView(jira, issue, record, version, settings.weights, true);
}
