/**
 * Use cases of the CSI review meeting (Review-Termin, issue 12): the cadence and the history, preparing a
 * meeting's agenda from the data, and saving its minutes, whose decisions are written into the improvement
 * records through the record's own save (`csi-record.ts`): validated, Edit Issues checked, one compare-and-set
 * each.
 *
 * Lost updates: each decision is saved against the record version the agenda snapshot holds (or the version this
 * meeting's own earlier save produced); a record changed since is reported as `conflict` for that decision and
 * the others still land. Rerunning the same minutes is idempotent: a record that already holds the decision is
 * `unchanged`, and a meeting that already holds the same minutes is answered as stored.
 *
 * Who: reading for every app user; the cadence, preparing and the minutes for Jira admins and the FitSM editor
 * group ({@link fitsmEditorGroupName}); a decision also needs Edit Issues on its improvement (the record's save
 * checks it).
 */
import {
  CsiEditForbiddenError,
  getCsiRecord,
  InvalidCsiRecordError,
  NotCsiIssueError,
  saveCsiRecord,
} from './csi-record';
import { IssueNotFoundError, JiraBadRequestError, JiraNotFoundError, JiraAccessError } from './errors';
import { omitKeys } from './effect-check-store';
import { prepareAgenda } from './fitsm-meeting-agenda';
import { readFitsmSettings } from './fitsm-settings';
import {
  FitsmMeetingTooLargeError,
  readMeeting,
  readMeetingConfig,
  readMeetingIndex,
  writeMeeting,
  writeMeetingConfig,
} from './fitsm-meeting-store';
import type { OkrJira } from './okr-session';
import { loadOkrAccess } from './okr-permissions';
import type { OkrStorePort } from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import type {
  FitsmMeetingConfigView,
  FitsmMeetingsView,
  FitsmMeetingView,
  SaveFitsmMeetingCadenceRequest,
  SaveFitsmMeetingMinutesAnswer,
  SaveFitsmMeetingMinutesRequest,
} from '../contract/fitsm-meeting';
import type { CsiRecordInput } from '../contract/csi';
import type { CsiRecord } from '../domain/csi/record-types';
import type { CsiLanguage } from '../domain/csi/transition-rules';
import {
  findCadenceProblems,
  isCalendarDate,
  nextMeeting,
  nextMeetings,
  occurrenceOn,
} from '../domain/fitsm/meeting-cadence';
import {
  meetingIdOf,
  planDecision,
  recordDecisionOf,
  sameMinutes,
  type MeetingDecision,
  type MeetingDecisionOutcome,
  type StoredMeeting,
} from '../domain/fitsm/meeting-minutes';

/** History lines listed by default, and at most. */
export const DEFAULT_HISTORY_LIMIT = 50;
export const MAX_HISTORY_LIMIT = 200;
/** CSI projects one meeting covers. */
export const MAX_MEETING_PROJECTS = 5;

/** The outside world of one invocation. */
export interface FitsmMeetingDeps {
  /** Jira as the acting user. */
  readonly jira: OkrJira;
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Epoch ms now. */
  readonly nowMs: number;
  readonly accountId: string | null;
  /** The viewer's IANA time zone (the default zone of a first cadence). */
  readonly timeZone: string;
  readonly language: CsiLanguage;
  readonly logWarning?: (message: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
}

/** The acting user may not change the meeting (neither Jira admin nor in the FitSM editor group). */
export class FitsmMeetingForbiddenError extends Error {
  override readonly name = 'FitsmMeetingForbiddenError';
}
/** No cadence is saved yet. */
export class FitsmMeetingNotConfiguredError extends Error {
  override readonly name = 'FitsmMeetingNotConfiguredError';
}
/** The meeting was held; its agenda stays as prepared. */
export class FitsmMeetingHeldError extends Error {
  override readonly name = 'FitsmMeetingHeldError';
}
/** No meeting with this id. */
export class FitsmMeetingNotFoundError extends Error {
  override readonly name = 'FitsmMeetingNotFoundError';
}
/** The cadence or the minutes break a rule; the message names the member and the rule. */
export class InvalidFitsmMeetingError extends Error {
  override readonly name = 'InvalidFitsmMeetingError';
}

/**
 * The name of the group whose members edit the FitSM pages besides Jira admins; null when none is configured
 * (then only Jira admins edit). The FitSM settings' (issue 12 part 1) group, read by their own reader.
 */
export async function fitsmEditorGroupName(store: StorePort): Promise<string | null> {
  return (await readFitsmSettings(store)).settings.editorGroupName;
}

/** Whether the acting user may edit (Jira admin or member of the FitSM editor group), asked of Jira. */
export async function canEditFitsmMeetings(
  deps: Pick<FitsmMeetingDeps, 'jira' | 'store' | 'accountId'>,
): Promise<boolean> {
  const access = await loadOkrAccess(deps.jira, await fitsmEditorGroupName(deps.store), deps.accountId);
  return access.isAdmin || access.isEditor;
}

async function requireEditor(deps: FitsmMeetingDeps): Promise<void> {
  if (!(await canEditFitsmMeetings(deps)))
    throw new FitsmMeetingForbiddenError(
      'Only Jira administrators and members of the FitSM editor group may change the CSI review meeting; ask a Jira administrator.',
    );
}

async function configView(store: StorePort): Promise<FitsmMeetingConfigView> {
  const { config, version } = await readMeetingConfig(store);
  return { cadence: config?.cadence ?? null, projectKeys: config?.projectKeys ?? [], version };
}

/** The cadence, the next three meetings and the history (newest first, `limit` lines). */
export async function getFitsmMeetings(deps: FitsmMeetingDeps, limit: number): Promise<FitsmMeetingsView> {
  const [config, index, canEdit] = await Promise.all([
    configView(deps.store),
    readMeetingIndex(deps.store),
    canEditFitsmMeetings(deps),
  ]);
  return {
    config,
    next: config.cadence === null ? [] : nextMeetings(config.cadence, deps.nowMs, 3),
    meetings: index.slice(0, limit),
    moreCount: Math.max(0, index.length - limit),
    canEdit,
  };
}

async function meetingView(
  deps: FitsmMeetingDeps,
  meeting: StoredMeeting,
  version: number,
  canEdit: boolean,
): Promise<FitsmMeetingView> {
  const ids = [
    ...new Set([...meeting.participantAccountIds, ...meeting.decisions.map((d) => d.deciderAccountId)]),
  ];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    try {
      for (const user of await deps.jira.getUsers(ids))
        names.set(user.accountId, user.displayName ?? user.accountId);
    } catch (error) {
      // Names are a courtesy: the meeting shows account ids rather than failing.
      deps.logWarning?.(`meeting ${meeting.id}: names not read (${String(error)})`);
    }
  }
  const browsable = await browsableProjects(deps, meeting);
  const shown = (issueKey: string | null): boolean =>
    issueKey === null || browsable.has(projectKeyOf(issueKey));
  // A key result stays (every app user reads OKRs), but the improvements serving it are named only where the
  // viewer may browse them: their keys would otherwise tell of issues Jira hides from this viewer.
  const items = meeting.agenda.items
    .filter((item) => shown(item.issueKey))
    .map((item) =>
      item.reason.code === 'key-result-status'
        ? { ...item, reason: { ...item.reason, improvementKeys: item.reason.improvementKeys.filter(shown) } }
        : item,
    );
  const decisions = meeting.decisions.filter((d) => shown(d.issueKey));
  return {
    meeting: { ...meeting, agenda: { ...meeting.agenda, items }, decisions },
    version,
    people: ids.map((accountId) => ({ accountId, displayName: names.get(accountId) ?? accountId })),
    canEdit,
    hiddenCount: meeting.agenda.items.length - items.length + meeting.decisions.length - decisions.length,
  };
}

/** The project key of an issue key (`CSI-15` → `CSI`). */
function projectKeyOf(issueKey: string): string {
  return issueKey.slice(0, issueKey.lastIndexOf('-'));
}

/**
 * The projects of the meeting's improvements the viewer may browse (one permission request per project, at most
 * the meeting's projects and those its decisions name): the stored agenda was read as whoever prepared it, so a
 * viewer sees only the improvements Jira would show them.
 */
async function browsableProjects(deps: FitsmMeetingDeps, meeting: StoredMeeting): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const item of meeting.agenda.items) {
    if (item.issueKey !== null) keys.add(projectKeyOf(item.issueKey));
    if (item.reason.code === 'key-result-status')
      for (const issueKey of item.reason.improvementKeys) keys.add(projectKeyOf(issueKey));
  }
  for (const decision of meeting.decisions) keys.add(projectKeyOf(decision.issueKey));
  const granted = await Promise.all(
    [...keys].map(async (projectKey) => {
      try {
        const permissions = await deps.jira.getMyPermissions(['BROWSE_PROJECTS'], projectKey);
        return permissions['BROWSE_PROJECTS'] === true ? projectKey : null;
      } catch (error) {
        // A project that is gone or hidden answers 404: its items are not shown.
        if (isNotFound(error)) return null;
        throw error;
      }
    }),
  );
  return new Set(granted.filter((key): key is string => key !== null));
}

/** One meeting with its agenda and minutes. @throws FitsmMeetingNotFoundError */
export async function getFitsmMeeting(deps: FitsmMeetingDeps, meetingId: string): Promise<FitsmMeetingView> {
  const [stored, canEdit] = await Promise.all([
    readMeeting(deps.store, meetingId),
    canEditFitsmMeetings(deps),
  ]);
  if (stored === null) throw new FitsmMeetingNotFoundError(`There is no CSI review meeting ${meetingId}.`);
  return meetingView(deps, stored.meeting, stored.version, canEdit);
}

/**
 * Saves the cadence and the projects (editors; each project must exist for the acting user).
 *
 * @throws InvalidFitsmMeetingError, StoreConflictError, Jira's not-found for an unknown project.
 */
export async function saveFitsmMeetingCadence(
  deps: FitsmMeetingDeps,
  request: SaveFitsmMeetingCadenceRequest,
): Promise<FitsmMeetingConfigView> {
  await requireEditor(deps);
  const problems = findCadenceProblems(request.cadence);
  if (problems.length > 0)
    throw new InvalidFitsmMeetingError(
      `The cadence is invalid: ${problems.map((p) => `cadence.${p.path}: ${p.message}`).join('; ')}.`,
    );
  const projectKeys = [...new Set(request.projectKeys)];
  // Each project as Jira names it (a wrong key answers not-found here, not later in every agenda).
  const projects = await Promise.all(projectKeys.map((key) => deps.jira.getProject(key)));
  const version = await writeMeetingConfig(
    deps.store,
    {
      cadence: request.cadence,
      projectKeys: projects.map((p) => p.key),
      savedAt: new Date(deps.nowMs).toISOString(),
      savedByAccountId: deps.accountId,
    },
    request.expectedVersion,
  );
  return { cadence: request.cadence, projectKeys: projects.map((p) => p.key), version };
}

/**
 * Prepares (or refreshes) the agenda of the meeting on `date` (default: the next meeting of the cadence) and stores
 * it as planned, keeping minutes already written. Editors only.
 *
 * @throws FitsmMeetingNotConfiguredError, FitsmMeetingHeldError, StoreConflictError (the meeting changed since
 *   `expectedVersion`), FitsmMeetingTooLargeError.
 */
export async function prepareFitsmMeeting(
  deps: FitsmMeetingDeps,
  date: string | undefined,
  expectedVersion: number | null,
): Promise<FitsmMeetingView> {
  await requireEditor(deps);
  const { config } = await readMeetingConfig(deps.store);
  if (config === null)
    throw new FitsmMeetingNotConfiguredError(
      'No cadence is saved for the CSI review meeting: save its cadence and projects first.',
    );
  if (date !== undefined && !isCalendarDate(date))
    throw new InvalidFitsmMeetingError(`date: ${date} is not a calendar date YYYY-MM-DD.`);
  const occurrence =
    date === undefined ? nextMeeting(config.cadence, deps.nowMs) : occurrenceOn(config.cadence, date);
  const id = meetingIdOf(occurrence.date);
  const [existing, index] = await Promise.all([readMeeting(deps.store, id), readMeetingIndex(deps.store)]);
  if (existing?.meeting.status === 'held')
    throw new FitsmMeetingHeldError(
      `The meeting of ${occurrence.date} was held; its agenda stays as it was. Prepare the next meeting instead.`,
    );
  if ((existing?.version ?? null) !== expectedVersion)
    throw new StoreConflictError(`fitsm-meeting:${id}`, expectedVersion, existing?.version ?? null);
  const lastHeld = index.find((m) => m.status === 'held' && m.date < occurrence.date) ?? null;
  const agenda = await prepareAgenda(
    { ...deps, timeZone: config.cadence.timeZone },
    config.projectKeys,
    lastHeld?.startsAtMs ?? null,
  );
  const now = new Date(deps.nowMs).toISOString();
  const meeting: StoredMeeting = {
    schemaVersion: 1,
    id,
    date: occurrence.date,
    startsAtMs: occurrence.startsAtMs,
    status: 'planned',
    projectKeys: config.projectKeys,
    participantAccountIds: existing?.meeting.participantAccountIds ?? [],
    agenda: { ...agenda, preparedAt: now },
    minutes: existing?.meeting.minutes ?? '',
    decisions: existing?.meeting.decisions ?? [],
    updatedAt: now,
    updatedByAccountId: deps.accountId,
  };
  const version = await writeMeeting(deps.store, meeting, expectedVersion);
  return meetingView(deps, meeting, version, true);
}

/** The record as the panel would send it: everything but what the save derives. */
function inputOf(record: CsiRecord): CsiRecordInput {
  return omitKeys(record, 'score', 'updatedAt', 'updatedByAccountId');
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof NotCsiIssueError ||
    error instanceof IssueNotFoundError ||
    error instanceof JiraNotFoundError ||
    error instanceof JiraBadRequestError
  );
}

/**
 * Writes one decision into its record against `guardVersion` (see the module's note); never throws for a
 * decision's own failure (each is an outcome), only for errors of the invocation itself (unknown errors).
 */
async function applyDecision(
  deps: FitsmMeetingDeps,
  decision: MeetingDecision,
  decidedOn: string,
  guardVersion: number | null | undefined,
): Promise<MeetingDecisionOutcome> {
  const base = { ...decision, rationale: decision.rationale.trim(), decidedOn };
  const outcome = (
    result: MeetingDecisionOutcome['result'],
    detail: string,
    recordVersion: number | null = null,
  ): MeetingDecisionOutcome => ({ ...base, result, detail, recordVersion });
  if (guardVersion === undefined)
    return outcome(
      'not-on-agenda',
      `${decision.issueKey} is not on this meeting's agenda; prepare the agenda again to take it up.`,
    );
  try {
    const current = await getCsiRecord(deps.store, deps.jira, decision.issueKey, {
      ...(deps.logWarning === undefined ? {} : { logWarning: deps.logWarning }),
    });
    const wanted = recordDecisionOf(decision, decidedOn);
    const plan = planDecision(current.record, wanted);
    if (plan.kind === 'unchanged') return outcome('unchanged', '', current.version);
    if (plan.kind === 'invalid') return outcome('invalid', `${decision.issueKey}: ${plan.detail}.`);
    if (!current.canEdit)
      return outcome(
        'forbidden',
        `You may not edit ${decision.issueKey} (Jira's "Edit Issues" in project ${current.projectKey}); ask a project administrator.`,
      );
    if (current.version !== guardVersion)
      return outcome(
        'conflict',
        `${decision.issueKey} was changed after the agenda was prepared (record version ${String(current.version)}, ` +
          `the agenda has ${String(guardVersion)}): prepare the agenda again and decide on the current record.`,
      );
    const saved = await saveCsiRecord(
      deps.store,
      deps.jira,
      decision.issueKey,
      inputOf(plan.record),
      guardVersion,
      {
        nowMs: deps.nowMs,
        actingAccountId: deps.accountId,
        ...(deps.logWarning === undefined ? {} : { logWarning: deps.logWarning }),
      },
    );
    return outcome('applied', '', saved.version);
  } catch (error) {
    if (error instanceof StoreConflictError)
      return outcome(
        'conflict',
        `${decision.issueKey} was saved by someone else at the same moment: prepare the agenda again and decide on the current record.`,
      );
    if (error instanceof CsiEditForbiddenError) return outcome('forbidden', error.message);
    if (error instanceof InvalidCsiRecordError) return outcome('invalid', error.message);
    if (isNotFound(error)) return outcome('not-found', `${decision.issueKey}: ${(error as Error).message}`);
    if (error instanceof JiraAccessError) return outcome('failed', `${decision.issueKey}: ${error.message}`);
    throw error;
  }
}

/** Longest English detail of a decision's outcome (issue key, versions, the advice): room kept for it. */
const OUTCOME_DETAIL_ROOM = 400;

/**
 * Refuses minutes whose meeting would not fit one stored value, before any decision is written (else decisions
 * would land and the minutes naming them would not). Each outcome is measured with room for its detail.
 *
 * @throws FitsmMeetingTooLargeError
 */
function assertMeetingFits(
  store: StorePort,
  meeting: StoredMeeting,
  next: Pick<StoredMeeting, 'status' | 'minutes' | 'participantAccountIds'> & {
    readonly decisions: readonly MeetingDecision[];
  },
): void {
  const probe: StoredMeeting = {
    ...meeting,
    ...next,
    decisions: next.decisions.map((d) => ({
      ...d,
      decidedOn: meeting.date,
      result: 'not-on-agenda',
      detail: 'x'.repeat(OUTCOME_DETAIL_ROOM),
      recordVersion: Number.MAX_SAFE_INTEGER,
    })),
    updatedAt: new Date(0).toISOString(),
    updatedByAccountId: 'x'.repeat(128),
  };
  const bytes = store.storedBytes(probe);
  if (bytes > store.maxValueBytes)
    throw new FitsmMeetingTooLargeError(
      `The minutes of ${meeting.date} would take ${String(bytes)} bytes stored with the agenda, at most ` +
        `${String(store.maxValueBytes)} fit: shorten the minutes or the rationales. No decision was written.`,
    );
}

/**
 * Saves a meeting's minutes (editors) and writes each decision into its improvement record (see the module's
 * note), one after the other; answers the meeting and each decision's outcome. A decision whose improvement
 * appears twice in the minutes is refused as invalid before anything is written.
 *
 * @throws FitsmMeetingNotFoundError, InvalidFitsmMeetingError, StoreConflictError (the meeting itself changed since
 *   `expectedVersion` with other minutes), FitsmMeetingTooLargeError.
 */
export async function saveFitsmMeetingMinutes(
  deps: FitsmMeetingDeps,
  request: SaveFitsmMeetingMinutesRequest,
): Promise<SaveFitsmMeetingMinutesAnswer> {
  await requireEditor(deps);
  const stored = await readMeeting(deps.store, request.meetingId);
  if (stored === null)
    throw new FitsmMeetingNotFoundError(
      `There is no CSI review meeting ${request.meetingId}: prepare it first.`,
    );
  const keys = request.decisions.map((d) => d.issueKey);
  const twice = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (twice.length > 0)
    throw new InvalidFitsmMeetingError(
      `decisions: ${[...new Set(twice)].join(', ')} decided more than once; one decision per improvement and meeting.`,
    );
  const next = {
    status: request.status,
    minutes: request.minutes,
    participantAccountIds: [...new Set(request.participantAccountIds)],
    decisions: request.decisions,
  };
  if (stored.version !== request.expectedVersion) {
    // The same minutes saved before (a rerun after a lost answer): answered as stored, nothing written twice.
    if (sameMinutes(stored.meeting, next))
      return {
        meeting: await meetingView(deps, stored.meeting, stored.version, true),
        outcomes: stored.meeting.decisions,
      };
    throw new StoreConflictError(
      `fitsm-meeting:${request.meetingId}`,
      request.expectedVersion,
      stored.version,
    );
  }
  const meeting = stored.meeting;
  assertMeetingFits(deps.store, meeting, next);
  const agendaVersions = new Map<string, number | null>();
  for (const item of meeting.agenda.items)
    if (item.issueKey !== null) agendaVersions.set(item.issueKey, item.recordVersion);
  // This meeting's own earlier writes move the guard on: correcting a decision in the same meeting is no conflict.
  for (const earlier of meeting.decisions)
    if (
      (earlier.result === 'applied' || earlier.result === 'unchanged') &&
      agendaVersions.has(earlier.issueKey)
    )
      agendaVersions.set(earlier.issueKey, earlier.recordVersion);
  const outcomes: MeetingDecisionOutcome[] = [];
  // One after the other: each is its own compare-and-set, and Jira's rate limit is shared by the invocation.
  for (const decision of request.decisions) {
    const guard = agendaVersions.has(decision.issueKey) ? agendaVersions.get(decision.issueKey) : undefined;
    outcomes.push(await applyDecision(deps, decision, meeting.date, guard));
  }
  const updated: StoredMeeting = {
    ...meeting,
    ...next,
    decisions: outcomes,
    updatedAt: new Date(deps.nowMs).toISOString(),
    updatedByAccountId: deps.accountId,
  };
  const version = await writeMeeting(deps.store, updated, stored.version);
  return { meeting: await meetingView(deps, updated, version, true), outcomes };
}
