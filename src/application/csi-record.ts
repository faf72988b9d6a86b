/**
 * Use cases of the improvement-record panel on CSI issues: read an issue's record with everything the panel
 * needs, and save it (editors only, validated, never silently overwriting a concurrent save).
 *
 * Where the record lives: in the app's own store under `csi-record:<issueId>` (value `{ record, savedAt }`), the
 * one authoritative copy. A save is one compare-and-set of that value from the version the panel loaded to the
 * next (`StorePort.put`; someone else's save in between → `StoreConflictError`): of two concurrent saves from the
 * same version exactly one is stored and told "saved". Only then is the issue property `three-ways-csi` written:
 * a searchable mirror for JQL with the version and digest of the record it mirrors (`domain/csi/record-mirror`).
 * Jira's properties have no version of their own and any issue editor may write them through the REST API, so
 * the mirror is never read as the record: reads compare it with the stored record, repair it when they may, and
 * report a mismatch they cannot repair.
 */
import { createHash } from 'node:crypto';
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
import {
  compareCsiMirror,
  csiMirrorValue,
  type CsiMirrorCheck,
  type VersionedCsiRecord,
} from '../domain/csi/record-mirror';
import {
  DEFAULT_CSI_WEIGHTS,
  EMPTY_CSI_RECORD,
  type CsiRecord,
  type CsiWeights,
} from '../domain/csi/record-types';
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

/** Store key of an issue's improvement record (the authoritative copy, with its version). */
export function csiRecordStoreKey(issueId: string): string {
  return `csi-record:${issueId}`;
}

/** Hex SHA-256 of a text: the digest the record's mirror carries. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Store key of a project's CSI settings (evaluation weights, stuck threshold). */
export function csiSettingsStoreKey(projectId: string): string {
  return `csi-settings:${projectId}`;
}

/** What `csi-record:<issueId>` holds. */
export interface StoredCsiRecordEntry {
  /** ISO instant of the save. */
  readonly savedAt: string;
  /** The record as saved (absent in entries of app versions that kept only the version here). */
  readonly record?: CsiRecord;
}

/** An issue's stored record: the version to save against (null: never saved) and the record (null: none). */
export interface StoredCsiRecordState {
  readonly version: number | null;
  readonly stored: VersionedCsiRecord | null;
}

/**
 * The stored record of an issue. An entry without a usable record (written by an older app version, or broken)
 * keeps its version for the compare-and-set but has no record.
 */
export async function readStoredCsiRecord(store: StorePort, issueId: string): Promise<StoredCsiRecordState> {
  const entry = await store.get<StoredCsiRecordEntry>(csiRecordStoreKey(issueId));
  if (entry === null) return { version: null, stored: null };
  const raw: unknown = (entry.value as { record?: unknown } | null)?.record;
  const parsed = raw === undefined ? null : parseStoredCsiRecord(raw);
  return {
    version: entry.version,
    stored:
      parsed === null || parsed.problem !== null ? null : { record: parsed.record, version: entry.version },
  };
}

/**
 * Writes the mirror of `stored` into the issue property. A save that took long (429 retries) could land after a
 * later save's mirror, so the stored version is read again afterwards and, when it moved on, the newest record is
 * mirrored once more; what still slips through is found by the next read ({@link compareCsiMirror}).
 */
export async function writeCsiMirror(
  store: StorePort,
  jira: Pick<JiraPort, 'setIssueProperty'>,
  issueId: string,
  stored: VersionedCsiRecord,
): Promise<void> {
  await jira.setIssueProperty(issueId, CSI_RECORD_PROPERTY_KEY, csiMirrorValue(stored, sha256Hex));
  const now = await readStoredCsiRecord(store, issueId);
  if (now.stored !== null && now.stored.version > stored.version) {
    await jira.setIssueProperty(issueId, CSI_RECORD_PROPERTY_KEY, csiMirrorValue(now.stored, sha256Hex));
  }
}

/** Compares an issue property's value with the stored record (see {@link compareCsiMirror}). */
export function checkCsiMirror(stored: VersionedCsiRecord | null, propertyValue: unknown): CsiMirrorCheck {
  return compareCsiMirror(stored, propertyValue, sha256Hex);
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
  mirror: CsiRecordView['mirror'],
): Promise<CsiRecordView> {
  return {
    mirror,
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
 * The panel's view of a CSI issue's record, read as the acting user: the issue, the record from the app's store
 * (never from the issue property), its version, whether the user may edit, the project's weights, the people
 * named and the linked issues. The property is compared with the stored record: a mirror that does not match is
 * rewritten from the stored record when the user may edit the issue (`mirror: 'repaired'`), else reported
 * (`mismatch`, logged); a property holding a record the app never saved is reported as `unsaved` and left as it
 * is (its content is not believed, and nothing stored could replace it).
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
  const [property, state, canEdit, settings] = await Promise.all([
    jira.getIssueProperty(issue.id, CSI_RECORD_PROPERTY_KEY),
    readStoredCsiRecord(store, issue.id),
    canEditIn(jira, issue.project.key),
    readCsiSettings(store, issue.project.id),
  ]);
  const check = checkCsiMirror(state.stored, property);
  let mirror: CsiRecordView['mirror'] = 'in-sync';
  if (check.kind === 'mismatch' && check.reason === 'no-stored-record') {
    // Nothing to restore it from, and its content is not taken over (anyone who may edit the issue could have
    // written it): the panel shows the empty stored record and asks for the record to be entered and saved.
    mirror = 'unsaved';
    options.logWarning?.(
      `${issue.key}: ${check.detail}; it is not used until the record is saved in the panel`,
    );
  } else if (check.kind === 'mismatch') {
    mirror = 'mismatch';
    if (canEdit && state.stored !== null) {
      try {
        await writeCsiMirror(store, jira, issue.id, state.stored);
        mirror = 'repaired';
      } catch (error) {
        options.logWarning?.(`${issue.key}: the record's mirror could not be repaired (${String(error)})`);
      }
    }
    if (mirror === 'mismatch')
      options.logWarning?.(
        `${issue.key}: ${check.detail}; the stored record is shown, the property is not used`,
      );
  }
  const record = state.stored?.record ?? EMPTY_CSI_RECORD;
  return buildView(jira, issue, record, state.version, settings.weights, canEdit, mirror);
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
  // As every reader will see it (the stored schema's normal form), so the mirror's digest matches on reads.
  const normalized = parseStoredCsiRecord(record);
  if (normalized.problem !== null)
    throw new Error(`the record to save does not parse: ${normalized.problem}`);
  // Measured as the property Jira will be sent: the record with its mirror tag (version and digest, ~95 more
  // characters). A record that fits only without the tag would be saved with a mirror Jira refuses every time.
  const mirrored = csiMirrorValue(
    { record: normalized.record, version: (expectedVersion ?? 0) + 1 },
    sha256Hex,
  );
  const size = JSON.stringify(mirrored).length;
  if (size > ISSUE_PROPERTY_MAX_CHARS) {
    throw new InvalidCsiRecordError([
      {
        path: 'record',
        message: `is ${size} characters as JSON; Jira stores at most ${ISSUE_PROPERTY_MAX_CHARS}: shorten the texts`,
      },
    ]);
  }
  // The save itself: one compare-and-set of the authoritative record (a conflict stores nothing).
  const { version } = await store.put<StoredCsiRecordEntry>(
    csiRecordStoreKey(issue.id),
    { savedAt, record: normalized.record },
    expectedVersion,
  );
  let mirror: CsiRecordView['mirror'] = 'in-sync';
  try {
    await writeCsiMirror(store, jira, issue.id, { record: normalized.record, version });
  } catch (error) {
    // The record is saved; only its searchable copy lags. The next read of the panel writes it again.
    mirror = 'mismatch';
    options.logWarning?.(
      `${issue.key}: record version ${String(version)} saved, its mirror not written (${String(error)})`,
    );
  }
  return buildView(jira, issue, normalized.record, version, settings.weights, true, mirror);
}
