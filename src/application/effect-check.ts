/**
 * The effect check of an improvement ("did we get there?", issue 11): its configuration, when it is due, a run
 * (measure, analyse, comment once, give the linked key result a value, record), and adopting a run's proposed
 * result into the improvement record.
 *
 * Who acts: the panel's reads and the permission checks as the user (browse to see it, Edit Issues to configure,
 * run and adopt); measuring, commenting and the key-result check-in as the app, so a check's figures and its
 * comment do not depend on who asked. Storage: `effect-check-store.ts`.
 *
 * Time zone of the days (entered Verifying, due day, windows): the project's saved calendar zone
 * (`mapping:<projectId>`), else the zone stored with the configuration (the saver's), else UTC.
 */
import * as v from 'valibot';
import type { EffectCheckRunView, EffectCheckView } from '../contract/feedback';
import { EMPTY_CSI_RECORD } from '../domain/csi/record-types';
import { CSI_ISSUE_TYPE_NAMES, csiStatusKeyOfName } from '../domain/csi/workflow';
import {
  chartValues,
  effectCheckSchedule,
  effectLanguageOfIssueType,
  effectMetricName,
  effectRunWindows,
  enteredVerifyingOn,
  parseEffectCheckConfig,
  proposedEffectResult,
  type EffectCheckConfig,
  type EffectLanguage,
} from '../domain/feedback/effect-check';
import { effectHeadline, renderEffectComment } from '../domain/feedback/effect-check-text';
import { isValidTimeZone, localDate } from '../domain/flow/calendar';
import type { JiraHistory } from '../domain/flow/types';
import {
  CSI_EDIT_PERMISSION,
  CsiEditForbiddenError,
  isCsiIssueTypeName,
  NotCsiIssueError,
  readStoredCsiRecord,
  saveCsiRecord,
} from './csi-record';
import type { CsiRecordView } from '../contract/csi';
import { EffectCheckFailedError, measureEffect, type EffectMeasureDeps } from './effect-check-measure';
import {
  appendEffectRun,
  claimEffectComment,
  effectCommentKey,
  hasRunFor,
  omitKeys,
  readEffectConfig,
  readEffectRuns,
  writeEffectConfig,
  type EffectCommentEntry,
  type StoredEffectRun,
  type StoredEffectRuns,
} from './effect-check-store';
import { updateLinkedKeyResult } from './effect-check-key-result';
import { InvalidEffectConfigError, requireVisibleEffectScope } from './effect-check-scope';
import { loadOkrAccess } from './okr-permissions';
import { readOkrSettings } from './okr-settings';
import type { AdfNode, JiraPort, JiraUserAccessPort } from './ports/jira-port';
import { mappingStoreKey, StoreConflictError, type StorePort } from './ports/store-port';
import type { StoredProjectSettings } from './project-settings';

export { EffectCheckFailedError } from './effect-check-measure';
export { InvalidEffectConfigError } from './effect-check-scope';

/** The comment property naming an effect-check comment (set with the comment). */
export const EFFECT_COMMENT_PROPERTY = 'three-ways-effect-check';

/** Who started a run. */
export type EffectRunTrigger = 'schedule' | 'manual' | 'automation';

/** What the app-side use cases need. */
export interface EffectCheckDeps extends EffectMeasureDeps {
  readonly store: StorePort;
  /** Epoch ms now. */
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

/** The issue fields the check reads. */
const ISSUE_FIELDS = ['summary', 'status', 'project', 'issuetype', 'created'];

const ProjectSchema = v.object({ id: v.string(), key: v.string() });

/** What the check reads of the improvement. */
interface EffectIssue {
  readonly id: string;
  readonly key: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly verifyingNow: boolean;
  readonly language: EffectLanguage;
  readonly histories: readonly JiraHistory[];
}

async function readEffectIssue(jira: JiraPort, issueIdOrKey: string): Promise<EffectIssue> {
  const issue = await jira.getIssue(issueIdOrKey, ISSUE_FIELDS);
  const key = issue.key ?? issueIdOrKey;
  const typeName = issue.fields?.issuetype?.name;
  if (!isCsiIssueTypeName(typeName))
    throw new NotCsiIssueError(
      `${key} is of the issue type "${typeName ?? '?'}", not "${CSI_ISSUE_TYPE_NAMES.de}" / "${CSI_ISSUE_TYPE_NAMES.en}"; effect checks belong to CSI improvements.`,
    );
  const project = v.safeParse(ProjectSchema, issue.fields?.['project']);
  if (!project.success || issue.id === undefined)
    throw new Error(`Jira returned ${key} without its id or project`);
  const histories = await jira.getIssueChangelog(issue.id);
  return {
    id: issue.id,
    key,
    projectId: project.output.id,
    projectKey: project.output.key,
    verifyingNow: csiStatusKeyOfName(issue.fields?.status?.name ?? '') === 'verifying',
    language: effectLanguageOfIssueType(typeName),
    histories,
  };
}

/** The zone of the improvement's days (see the module comment). */
async function effectTimeZone(store: StorePort, projectId: string, fallback: string | null): Promise<string> {
  const stored = await store.get<StoredProjectSettings>(mappingStoreKey(projectId));
  const zone = stored?.value.calendar.timeZone;
  if (typeof zone === 'string' && isValidTimeZone(zone)) return zone;
  return fallback !== null && isValidTimeZone(fallback) ? fallback : 'UTC';
}

async function mayEdit(jira: JiraPort, projectKey: string): Promise<boolean> {
  return (await jira.getMyPermissions([CSI_EDIT_PERMISSION], projectKey))[CSI_EDIT_PERMISSION] === true;
}

function viewOfRun(run: StoredEffectRun): EffectCheckRunView {
  return omitKeys(run, 'configVersion');
}

function buildView(
  issue: EffectIssue,
  timeZone: string,
  config: { entry: { config: EffectCheckConfig | null } | null; version: number | null },
  runs: StoredEffectRuns,
  nowMs: number,
  canEdit: boolean,
): EffectCheckView {
  const entered = enteredVerifyingOn(issue.histories, timeZone, nowMs);
  const cfg = config.entry?.config ?? null;
  const schedule = effectCheckSchedule({
    config: cfg,
    verifyingNow: issue.verifyingNow,
    enteredVerifyingOn: entered,
    checkedForCurrentConfig: cfg !== null && hasRunFor(runs, config.version),
    today: localDate(nowMs, timeZone),
  });
  return {
    issueKey: issue.key,
    issueId: issue.id,
    projectKey: issue.projectKey,
    timeZone,
    config: cfg,
    version: config.version,
    state: schedule.state,
    enteredVerifyingOn: entered,
    changeDate: schedule.changeDate,
    dueOn: schedule.dueOn,
    latest: runs.latest === null ? null : viewOfRun(runs.latest),
    history: runs.history.map((run) => omitKeys(run, 'configVersion')),
    canEdit,
  };
}

/**
 * The panel's view of an improvement's effect check, read as the user (`jira`): Jira answers 404 when they may
 * not browse it. `userTimeZone` is the zone of the days when neither the project nor the configuration has one.
 *
 * @throws NotCsiIssueError; Jira's typed errors.
 */
export async function getEffectCheck(
  store: StorePort,
  jira: JiraPort,
  issueKey: string,
  nowMs: number,
  userTimeZone: string | null,
): Promise<EffectCheckView> {
  const issue = await readEffectIssue(jira, issueKey);
  const [config, runs, canEdit] = await Promise.all([
    readEffectConfig(store, issue.id),
    readEffectRuns(store, issue.id),
    mayEdit(jira, issue.projectKey),
  ]);
  const timeZone = await effectTimeZone(store, issue.projectId, config.entry?.timeZone ?? userTimeZone);
  return buildView(issue, timeZone, config, runs, nowMs, canEdit);
}

/**
 * The state of an improvement's check as the app sees it (the daily run's question "is it due?"): the same rules
 * and zone as {@link getEffectCheck}, without the permission read.
 */
export async function effectCheckStateAsApp(
  store: StorePort,
  jira: JiraPort,
  issueId: string,
  nowMs: number,
): Promise<Pick<EffectCheckView, 'state' | 'dueOn' | 'changeDate'>> {
  const issue = await readEffectIssue(jira, issueId);
  const [config, runs] = await Promise.all([
    readEffectConfig(store, issue.id),
    readEffectRuns(store, issue.id),
  ]);
  const timeZone = await effectTimeZone(store, issue.projectId, config.entry?.timeZone ?? null);
  const { state, dueOn, changeDate } = buildView(issue, timeZone, config, runs, nowMs, false);
  return { state, dueOn, changeDate };
}

/**
 * Saves (or, with `config` null, removes) the configuration from `expectedVersion`, as the user: the configuration's
 * rules (`EffectCheckConfigSchema`, JQL trimmed) first, then Edit Issues on the improvement, then — for a new or
 * changed JQL — that the user may browse every issue it finds for the app (`effect-check-scope.ts`; `appJira`:
 * Jira as the app, null when absent). The stored zone is the project's calendar zone, else the saver's.
 *
 * @throws InvalidEffectConfigError, NotCsiIssueError, CsiEditForbiddenError (no Edit Issues, or a JQL beyond what
 *   the user sees), StoreConflictError (stale version); Jira's typed errors.
 */
export async function saveEffectCheckConfig(
  store: StorePort,
  jira: JiraPort,
  issueKey: string,
  config: EffectCheckConfig | null,
  expectedVersion: number | null,
  options: {
    readonly nowMs: number;
    readonly userTimeZone: string | null;
    readonly accountId: string | null;
    readonly appJira: Pick<JiraPort, 'searchIssueIds'> | null;
  },
): Promise<EffectCheckView> {
  let checked: EffectCheckConfig | null = null;
  if (config !== null) {
    const parsed = parseEffectCheckConfig(config);
    if (parsed.config === null)
      throw new InvalidEffectConfigError(`The effect check cannot be saved: ${parsed.problems}.`);
    checked = parsed.config;
  }
  const issue = await readEffectIssue(jira, issueKey);
  if (!(await mayEdit(jira, issue.projectKey)))
    throw new CsiEditForbiddenError(
      `You may not configure the effect check of ${issue.key} (Jira's "Edit Issues" permission in project ${issue.projectKey}); ask a project administrator.`,
    );
  const current = await readEffectConfig(store, issue.id);
  await requireVisibleEffectScope(
    { userJira: jira, appJira: options.appJira },
    issue.key,
    current.entry?.config ?? null,
    checked,
  );
  const timeZone = await effectTimeZone(store, issue.projectId, options.userTimeZone);
  const okrAccess = await saverOkrAccess(store, jira, options.accountId);
  await writeEffectConfig(
    store,
    issue.id,
    {
      config: checked,
      projectId: issue.projectId,
      timeZone,
      savedAt: new Date(options.nowMs).toISOString(),
      savedByAccountId: options.accountId,
      ...(okrAccess === null ? {} : { savedByOkrAccess: okrAccess }),
    },
    expectedVersion,
  );
  const [stored, runs] = await Promise.all([
    readEffectConfig(store, issue.id),
    readEffectRuns(store, issue.id),
  ]);
  return buildView(issue, timeZone, stored, runs, options.nowMs, true);
}

/**
 * The saver's OKR rights (Administer Jira, OKR editor group) as Jira tells them, for the run's check-in on the
 * linked key result; null when this Jira client cannot list the user's groups.
 */
async function saverOkrAccess(
  store: StorePort,
  jira: JiraPort,
  accountId: string | null,
): Promise<{ isAdmin: boolean; isEditor: boolean } | null> {
  const groups = (jira as Partial<Pick<JiraUserAccessPort, 'getMyGroupNames'>>).getMyGroupNames;
  if (accountId === null || typeof groups !== 'function') return null;
  const { settings } = await readOkrSettings(store);
  const access = await loadOkrAccess(
    { getMyPermissions: (keys) => jira.getMyPermissions(keys), getMyGroupNames: () => groups.call(jira) },
    settings.editorGroupName,
    accountId,
  );
  return { isAdmin: access.isAdmin, isEditor: access.isEditor };
}

/** What a run did. */
export interface EffectRunOutcome {
  /** The recorded run; null when a scheduled run left it to another writer (skipped). */
  readonly run: EffectCheckRunView | null;
  /** Whether this run posted the comment. */
  readonly posted: boolean;
  readonly skipped: 'held-by-another-run' | 'checked-already' | null;
}

function adfText(node: AdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(adfText).join('');
}

/**
 * Whether the comment is one the app wrote with `marker`: its last top-level node is a paragraph whose text is
 * the marker. A comment that quotes the reply (a customer answering it, someone pasting it) has the marker inside
 * a quote or next to other words, and must not be taken for it, or the reply would never be posted.
 */
function endsWithMarker(body: AdfNode, marker: string): boolean {
  const last = body.content?.[body.content.length - 1];
  return last !== undefined && last.type === 'paragraph' && adfText(last).trim() === marker;
}

/** The marker an effect-check comment carries in its last paragraph. */
export function effectCommentMarker(issueId: string, configVersion: number): string {
  return `[three-ways-effect-check ${issueId}/v${String(configVersion)}]`;
}

/**
 * Runs the effect check of an improvement now, as the app (`deps.jira`): measures the configured target around
 * the change date (the configured one, else the day it last entered Verifying), analyses it (FLOW-METRICS.md §6),
 * posts the plain-language comment on the improvement once per configuration version, gives the linked key
 * result the measured value where it takes one (`effect-check-key-result.ts`), and records the run. The exported
 * entry of the Automation action "Wirkung prüfen" and of the daily run.
 *
 * The comment is reserved before it is posted (`effect-check-comment:<issueId>:<version>`), so of concurrent or
 * repeated runs one posts. A scheduled run whose reservation another run holds does nothing (that run records);
 * one that finds the comment posted but no run recorded (its writer stopped) records the run without posting.
 * Manual and automation runs always measure and record; they post only when no run of this version has.
 *
 * @throws NotCsiIssueError; EffectCheckFailedError (not configured, no change date, bad JQL, too many issues, …);
 *   Jira's typed errors.
 */
export async function runEffectCheck(
  deps: EffectCheckDeps,
  issueIdOrKey: string,
  trigger: EffectRunTrigger,
): Promise<EffectRunOutcome> {
  const nowMs = deps.clock();
  const issue = await readEffectIssue(deps.jira, issueIdOrKey);
  const { entry, version } = await readEffectConfig(deps.store, issue.id);
  const config = entry?.config ?? null;
  if (config === null || version === null)
    throw new EffectCheckFailedError(
      `${issue.key} has no effect check configured: choose a target metric on the improvement first.`,
    );
  const timeZone = await effectTimeZone(deps.store, issue.projectId, entry?.timeZone ?? null);
  const changeDate = config.changeDate ?? enteredVerifyingOn(issue.histories, timeZone, nowMs);
  if (changeDate === null)
    throw new EffectCheckFailedError(
      `${issue.key} never entered Verifying, so its change date is unknown: set the change date in the configuration.`,
    );
  const commentKey = effectCommentKey(issue.id, version);
  const claim = await claimEffectComment(deps.store, commentKey, nowMs);
  if (trigger === 'schedule') {
    if (claim.kind === 'held') return { run: null, posted: false, skipped: 'held-by-another-run' };
    if (claim.kind === 'posted' && hasRunFor(await readEffectRuns(deps.store, issue.id), version))
      return { run: null, posted: false, skipped: 'checked-already' };
  }

  let measured;
  try {
    measured = await measureEffect(deps, config, effectRunWindows(config, changeDate), timeZone, nowMs);
  } catch (error) {
    // Nothing posted now: the next run (or one after a corrected JQL) takes the reservation over at once. Marked
    // unsure rather than deleted, since a reservation taken over from a stopped writer may stand for its comment:
    // the next writer looks for it before posting.
    if (claim.kind === 'mine')
      await deps.store
        .put<EffectCommentEntry>(
          commentKey,
          { state: 'reserved', reservedAtMs: nowMs, unsure: true },
          claim.version,
        )
        .catch(() => undefined);
    throw error;
  }
  const today = localDate(nowMs, timeZone);
  const metricName = effectMetricName(config.target, issue.language, measured.keyResultTitle);
  const proposedResult = proposedEffectResult(
    measured.result,
    metricName,
    measured.unit,
    today,
    issue.language,
  );

  let commentId: string | null = claim.kind === 'posted' ? claim.commentId : null;
  let posted = false;
  if (claim.kind === 'mine') {
    try {
      commentId = await postComment(deps, issue, version, claim.searchFirst, {
        language: issue.language,
        metricName,
        unit: measured.unit,
        result: measured.result,
        marker: effectCommentMarker(issue.id, version),
      });
      posted = true;
      await deps.store.put<EffectCommentEntry>(
        commentKey,
        { state: 'posted', reservedAtMs: nowMs, commentId },
        claim.version,
      );
    } catch (error) {
      if (!posted)
        await deps.store
          .put<EffectCommentEntry>(
            commentKey,
            { state: 'reserved', reservedAtMs: nowMs, unsure: true },
            claim.version,
          )
          .catch(() => undefined);
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }

  let keyResultUpdate: EffectCheckRunView['keyResultUpdate'] = null;
  if (claim.kind !== 'held' && proposedResult !== null) {
    try {
      keyResultUpdate = await updateLinkedKeyResult(deps, {
        issueId: issue.id,
        issueKey: issue.key,
        configVersion: version,
        target: config.target,
        unit: measured.unit,
        value: proposedResult.value,
        note: effectHeadline({
          language: issue.language,
          metricName,
          unit: measured.unit,
          result: measured.result,
        }),
        nowMs,
        checkInAccess:
          entry?.savedByOkrAccess === undefined
            ? null
            : { accountId: entry.savedByAccountId, ...entry.savedByOkrAccess },
      });
    } catch (error) {
      // The run stands without it; the next run of this version tries again (idempotent by measurement id).
      deps.logError(`effect check ${issue.key}: the linked key result was not updated`, error);
    }
  }

  const run = await appendEffectRun(deps.store, issue.id, {
    configVersion: version,
    ranAt: new Date(nowMs).toISOString(),
    trigger,
    target: config.target,
    better: measured.better,
    result: measured.result,
    unit: measured.unit,
    chart: { before: chartValues(measured.before), after: chartValues(measured.after) },
    proposedResult,
    // A scheduled run that finds the comment posted by a writer who stopped before recording its run is that run.
    commentId: posted || (trigger === 'schedule' && claim.kind === 'posted') ? commentId : null,
    keyResultUpdate,
  });
  return { run: viewOfRun(run), posted, skipped: null };
}

async function postComment(
  deps: EffectCheckDeps,
  issue: EffectIssue,
  version: number,
  searchFirst: boolean,
  input: Parameters<typeof renderEffectComment>[0],
): Promise<string> {
  if (searchFirst) {
    const comments = await deps.jira.getComments(issue.id);
    const found = comments.find((c) => endsWithMarker(c.body, input.marker));
    if (found !== undefined) return found.id;
  }
  const comment = await deps.jira.addComment(issue.id, renderEffectComment(input), {
    properties: [{ key: EFFECT_COMMENT_PROPERTY, value: { configVersion: version } }],
  });
  return comment.id;
}

/**
 * The view after a run the user asked for: Edit Issues as the user (`userJira`) first, then the run as the app
 * (`deps`), then the panel's view as the user.
 *
 * @throws CsiEditForbiddenError; as {@link runEffectCheck} and {@link getEffectCheck}.
 */
export async function runEffectCheckForUser(
  deps: EffectCheckDeps,
  userJira: JiraPort,
  issueKey: string,
  userTimeZone: string | null,
): Promise<EffectCheckView> {
  const issue = await readEffectIssue(userJira, issueKey);
  if (!(await mayEdit(userJira, issue.projectKey)))
    throw new CsiEditForbiddenError(
      `You may not run the effect check of ${issue.key} (Jira's "Edit Issues" permission in project ${issue.projectKey}); ask a project administrator.`,
    );
  await runEffectCheck(deps, issue.id, 'manual');
  return getEffectCheck(deps.store, userJira, issueKey, deps.clock(), userTimeZone);
}

/**
 * Writes a run's proposed result into the improvement record's measured result through the record's own save
 * (`saveCsiRecord`: Edit Issues, the record's rules, compare-and-set from `expectedRecordVersion`), as the user.
 *
 * @throws StoreConflictError when the record moved on from `expectedRecordVersion`; CsiEditForbiddenError;
 *   EffectCheckFailedError when the run is unknown or proposes nothing; NotCsiIssueError; Jira's typed errors.
 */
export async function adoptEffectResult(
  store: StorePort,
  jira: JiraPort,
  issueKey: string,
  runId: string,
  expectedRecordVersion: number | null,
  nowMs: number,
): Promise<CsiRecordView> {
  const issue = await readEffectIssue(jira, issueKey);
  if (!(await mayEdit(jira, issue.projectKey)))
    throw new CsiEditForbiddenError(
      `You may not change the record of ${issue.key} (Jira's "Edit Issues" permission in project ${issue.projectKey}); ask a project administrator.`,
    );
  const runs = await readEffectRuns(store, issue.id);
  const run = [runs.latest, ...runs.history].find((r) => r !== null && r.runId === runId) ?? null;
  if (run === null)
    throw new EffectCheckFailedError(`${issue.key} has no effect-check run ${runId}: reload the panel.`);
  if (run.proposedResult === null)
    throw new EffectCheckFailedError(
      `The run ${runId} proposes no result (${run.result.verdict === 'insufficient-data' ? 'too little data' : 'no values after the change'}): run the check again later.`,
    );
  const state = await readStoredCsiRecord(store, issue.id);
  if (state.version !== expectedRecordVersion)
    throw new StoreConflictError(`csi-record:${issue.id}`, expectedRecordVersion, state.version);
  const record = state.stored?.record ?? EMPTY_CSI_RECORD;
  const input = omitKeys(record, 'score', 'updatedAt', 'updatedByAccountId');
  return saveCsiRecord(
    store,
    jira,
    issue.key,
    { ...input, result: run.proposedResult },
    expectedRecordVersion,
    {
      nowMs,
    },
  );
}
