/**
 * The OKR writes: objectives and key results (create, update with the version read, archive), manual check-ins,
 * closing a period with its grading, export and import, and the secret of an external key result. Each checks
 * who may do it ({@link OkrSession.access}, `okr-permissions.ts`) and that the period is open, then delegates to
 * the OKR store. Check-ins and edits of a closed period are refused ({@link OkrPeriodClosedError}).
 */
import type {
  CheckInAnswer,
  CheckInRequest,
  OkrImportAnswer,
  OkrOverview,
  RotatedSecret,
  SaveKeyResultRequest,
  SaveObjectiveRequest,
  SavedOkrEntity,
} from '../contract/okr';
import { kindAfterEdit } from '../domain/okr/baseline';
import { periodBounds, periodKey as keyOfPeriod } from '../domain/okr/period';
import type { Objective, OkrPeriod } from '../domain/okr/types';
import { OKR_LIMITS, validateKeyResult, validateObjective } from '../domain/okr/validation';
import { requireManualCheckInAllowed } from './okr-daily-limits';
import { rotateKeyResultSecret as rotateSecret } from './okr-external-values';
import {
  canAdministerOkrs,
  canCreateObjectives,
  canEditKeyResult,
  canEditObjective,
  OkrForbiddenError,
  requireAllowed,
} from './okr-permissions';
import { closePeriod, rememberPeriod, requireOpenPeriod } from './okr-periods';
import { requireVisibleScope } from './okr-scope-access';
import { saveOkrSettings } from './okr-settings';
import type { OkrSession } from './okr-session';
import { getKeyResultView, getOkrOverview, loadKeyResult, OKR_VALUES_WEB_TRIGGER } from './okr-views';
import type { JiraPort } from './ports/jira-port';
import { OkrNotFoundError, OkrValidationError, type OkrPeriodExport } from './ports/okr-store-port';
import { curlExample } from './okr-curl-example';

function invalid(path: string, message: string, what: string): OkrValidationError {
  return new OkrValidationError([{ path, message }], what);
}

async function requireObjective(
  session: OkrSession,
  id: string,
): Promise<{ value: Objective; version: number }> {
  const objective = await session.okr.getObjective(id);
  if (objective === null) throw new OkrNotFoundError(id);
  return objective;
}

/**
 * Refuses a change to a key result of an archived objective (check-in, secret): archiving the objective hides its
 * key results as archiving each would, so they take no values until it is restored.
 */
function requireObjectiveNotArchived(objective: Objective, keyResultId: string, what: string): void {
  if (objective.archived)
    throw invalid(
      'keyResultId',
      `the objective ${objective.id} of ${keyResultId} is archived: restore it before ${what}`,
      what === 'checking in' ? 'check-in' : 'key result',
    );
}

/** Ancestors followed at most when looking for a cycle (an alignment tree is far shallower). */
const MAX_ALIGNMENT_DEPTH = 100;

/**
 * Checks the parent an objective aligns to: it exists, is not the objective itself, lies in the same period (the
 * alignment tree is per period), and does not have the objective among its own ancestors (A → B → A would be a
 * cycle the tree cannot show). Each refusal names `objective.parentObjectiveId`.
 */
async function checkParent(
  session: OkrSession,
  objectiveId: string | undefined,
  parentId: string,
  period: OkrPeriod,
): Promise<void> {
  const refuse = (message: string) => invalid('objective.parentObjectiveId', message, 'objective');
  if (parentId === objectiveId) throw refuse('an objective cannot align to itself: choose another');
  const parent = await session.okr.getObjective(parentId);
  if (parent === null) throw refuse(`${parentId} does not exist: choose another`);
  if (keyOfPeriod(parent.value.period) !== keyOfPeriod(period))
    throw refuse(
      `${parentId} belongs to ${keyOfPeriod(parent.value.period)}: align to an objective of ${keyOfPeriod(period)}`,
    );
  if (objectiveId === undefined) return; // a new objective has no children yet, so no cycle
  const seen = new Set<string>([parentId]);
  let ancestorId = parent.value.parentObjectiveId;
  for (let depth = 0; ancestorId !== undefined && depth < MAX_ALIGNMENT_DEPTH; depth += 1) {
    if (ancestorId === objectiveId)
      throw refuse(
        `${parentId} already aligns to ${objectiveId} (directly or through others): aligning back would make a cycle, choose another`,
      );
    if (seen.has(ancestorId)) return; // an older loop that does not pass through this objective
    seen.add(ancestorId);
    ancestorId = (await session.okr.getObjective(ancestorId))?.value.parentObjectiveId;
  }
}

/** Checks the objective's fields before anything is read (a malformed period cannot name a store key). */
function checkObjectiveFields(input: SaveObjectiveRequest['objective']): void {
  const result = validateObjective({ ...input, id: 'O-1', archived: false });
  if (!result.ok) throw new OkrValidationError(result.problems, 'objective');
}

/** Checks a key result's fields before Jira is searched for its scope (the store checks them again on write). */
function checkKeyResultFields(input: SaveKeyResultRequest['keyResult']): void {
  const result = validateKeyResult({ ...input, id: 'KR-1', archived: false });
  if (!result.ok) throw new OkrValidationError(result.problems, 'key result');
}

/** Creates or updates an objective. */
export async function saveObjective(
  session: OkrSession,
  request: SaveObjectiveRequest,
): Promise<SavedOkrEntity> {
  const input = request.objective;
  checkObjectiveFields(input);
  if (input.parentObjectiveId !== undefined)
    await checkParent(session, request.id, input.parentObjectiveId, input.period);
  await requireOpenPeriod(session.store, input.period);
  if (request.id === undefined) {
    requireAllowed(
      canCreateObjectives(session.access),
      'Only Jira administrators and members of the OKR editor group may create objectives; ask one of them.',
    );
    // Remembered first (idempotent): an invocation stopped between the two writes must not leave an objective in
    // a custom period the picker and the daily run do not know (a remembered period without objectives is hidden).
    await rememberPeriod(session.store, input.period);
    const created = await session.okr.createObjective(input);
    return { id: created.value.id, version: created.version };
  }
  const stored = await requireObjective(session, request.id);
  requireAllowed(
    canEditObjective(session.access, stored.value),
    `Only Jira administrators, the OKR editor group and the owner may edit ${request.id}.`,
  );
  await requireOpenPeriod(session.store, stored.value.period);
  await rememberPeriod(session.store, input.period);
  const { parentObjectiveId, ...rest } = input;
  // The form sends the whole objective: no parent means "top-level", so a stored alignment is removed (null).
  const updated = await session.okr.updateObjective(request.id, request.expectedVersion ?? 0, {
    ...rest,
    parentObjectiveId: parentObjectiveId ?? null,
  });
  return { id: updated.value.id, version: updated.version };
}

/** Archives ("deletes") an objective: kept for history and export, hidden from the views. */
export async function archiveObjective(
  session: OkrSession,
  id: string,
  expectedVersion: number,
): Promise<SavedOkrEntity> {
  const stored = await requireObjective(session, id);
  requireAllowed(
    canEditObjective(session.access, stored.value),
    `Only Jira administrators, the OKR editor group and the owner may archive ${id}.`,
  );
  await requireOpenPeriod(session.store, stored.value.period);
  const archived = await session.okr.archiveObjective(id, expectedVersion);
  return { id, version: archived.version };
}

/**
 * Creates or updates a key result (it stays with its objective). A new or changed measured scope is checked
 * against what the saving user may browse ({@link requireVisibleScope}; `appJira`: Jira as the app, null when
 * absent) before anything is written.
 */
export async function saveKeyResult(
  session: OkrSession,
  request: SaveKeyResultRequest,
  appJira: Pick<JiraPort, 'searchIssueIds'> | null,
): Promise<SavedOkrEntity> {
  const scopeDeps = { userJira: session.jira, appJira, isJiraAdmin: session.access.isAdmin };
  const input = request.keyResult;
  const objective = await requireObjective(session, input.objectiveId);
  if (request.id === undefined) {
    requireAllowed(
      canEditObjective(session.access, objective.value),
      `Only Jira administrators, the OKR editor group and the owner of ${input.objectiveId} may add key results to it.`,
    );
    await requireOpenPeriod(session.store, objective.value.period);
    checkKeyResultFields(input);
    await requireVisibleScope(scopeDeps, undefined, null, input.kind);
    const created = await session.okr.createKeyResult(input);
    return { id: created.value.id, version: created.version };
  }
  const { keyResult } = await loadKeyResult(session, request.id);
  if (keyResult.value.objectiveId !== input.objectiveId)
    throw invalid(
      'keyResult.objectiveId',
      `${request.id} belongs to ${keyResult.value.objectiveId}: a key result cannot move to another objective`,
      'key result',
    );
  requireAllowed(
    canEditKeyResult(session.access, objective.value, keyResult.value),
    `Only Jira administrators, the OKR editor group and the owners of ${request.id} or its objective may edit it.`,
  );
  await requireOpenPeriod(session.store, objective.value.period);
  // The store keeps the objective of a key result; the rest are the changes. The stored baseline stays only
  // while the measurement definition does (a changed scope, metric, JQL, interval or baseline period drops it,
  // so the next measurement measures the new baseline).
  checkKeyResultFields(input);
  await requireVisibleScope(scopeDeps, request.id, keyResult.value.kind, input.kind);
  const { title, ownerAccountId, weight, unit, direction, source } = input;
  const kind = kindAfterEdit(keyResult.value.kind, input.kind);
  const updated = await session.okr.updateKeyResult(request.id, request.expectedVersion ?? 0, {
    title,
    ownerAccountId,
    weight,
    unit,
    direction,
    kind,
    source,
  });
  return { id: request.id, version: updated.version };
}

/** Archives a key result. */
export async function archiveKeyResult(
  session: OkrSession,
  id: string,
  expectedVersion: number,
): Promise<SavedOkrEntity> {
  const { keyResult, objective } = await loadKeyResult(session, id);
  requireAllowed(
    canEditKeyResult(session.access, objective.value, keyResult.value),
    `Only Jira administrators, the OKR editor group and the owners of ${id} or its objective may archive it.`,
  );
  await requireOpenPeriod(session.store, objective.value.period);
  const archived = await session.okr.archiveKeyResult(id, expectedVersion);
  return { id, version: archived.version };
}

/**
 * Records a manual check-in by the acting user: not on an archived key result, not in a closed period, not in the
 * future and not before the period began (backdating within the period is allowed), confidence 0..10.
 */
export async function checkInKeyResult(session: OkrSession, request: CheckInRequest): Promise<CheckInAnswer> {
  const { keyResult, objective } = await loadKeyResult(session, request.keyResultId);
  requireAllowed(
    canEditKeyResult(session.access, objective.value, keyResult.value),
    `Only Jira administrators, the OKR editor group and the owners of ${request.keyResultId} or its objective may check in on it.`,
  );
  const author = session.access.accountId;
  if (author === null)
    throw new OkrForbiddenError('The invocation names no user: sign in to Jira and try again.');
  if (keyResult.value.archived)
    throw invalid(
      'keyResultId',
      `${request.keyResultId} is archived: restore it before checking in`,
      'check-in',
    );
  requireObjectiveNotArchived(objective.value, request.keyResultId, 'checking in');
  await requireOpenPeriod(session.store, objective.value.period);
  const atMs = request.atMs ?? session.nowMs;
  if (atMs > session.nowMs)
    throw invalid('atMs', 'the check-in lies in the future: give a time up to now', 'check-in');
  const { startMs } = periodBounds(objective.value.period);
  if (atMs < startMs)
    throw invalid(
      'atMs',
      `the check-in lies before the period ${keyOfPeriod(objective.value.period)} began: give a time within it`,
      'check-in',
    );
  if (
    request.confidence !== undefined &&
    !(
      Number.isInteger(request.confidence) &&
      request.confidence >= 0 &&
      request.confidence <= OKR_LIMITS.confidence
    )
  )
    throw invalid('confidence', 'the confidence is a whole number from 0 to 10', 'check-in');
  await requireManualCheckInAllowed(session.okr, request.keyResultId, session.nowMs);
  const appended = await session.okr.appendCheckIn({
    keyResultId: request.keyResultId,
    value: request.value,
    ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
    note: request.note,
    author,
    atMs,
    source: 'manual',
  });
  return { checkInId: appended.checkIn.id, view: await getKeyResultView(session, request.keyResultId) };
}

/** A period as JSON (Jira admins and the OKR editor group: it lists every check-in and link). */
export async function exportOkrPeriod(session: OkrSession, periodKey: string): Promise<OkrPeriodExport> {
  requireAllowed(
    canCreateObjectives(session.access),
    'Only Jira administrators and members of the OKR editor group may export a period.',
  );
  return session.okr.exportPeriod(periodKey);
}

/** Restores an exported period (Jira admins). */
export async function importOkrPeriod(session: OkrSession, data: unknown): Promise<OkrImportAnswer> {
  requireAllowed(canAdministerOkrs(session.access), 'Only Jira administrators may import OKRs.');
  const summary = await session.okr.importPeriod(data);
  const period = (data as { readonly objectives?: readonly { readonly period?: OkrPeriod }[] })
    .objectives?.[0]?.period;
  if (period !== undefined) await rememberPeriod(session.store, period);
  return summary;
}

/**
 * Issues a new secret for an external key result (its owners, the objective's owner, editors and admins) and
 * answers it once with the web trigger's URL and a ready-to-run `curl` example.
 */
export async function rotateKeyResultSecret(
  session: OkrSession,
  keyResultId: string,
): Promise<RotatedSecret> {
  const { keyResult, objective } = await loadKeyResult(session, keyResultId);
  requireAllowed(
    canEditKeyResult(session.access, objective.value, keyResult.value),
    `Only Jira administrators, the OKR editor group and the owners of ${keyResultId} or its objective may rotate its secret.`,
  );
  requireObjectiveNotArchived(objective.value, keyResultId, 'giving it a secret');
  const { secret } = await rotateSecret(
    { store: session.store, okr: session.okr, clock: () => session.nowMs },
    keyResultId,
  );
  const webTriggerUrl = await session.webTriggerUrl(OKR_VALUES_WEB_TRIGGER);
  return { keyResultId, secret, webTriggerUrl, curlExample: curlExample(webTriggerUrl, keyResultId, secret) };
}

/** Closes and grades a period (Jira admins) and answers its overview. */
export async function closeOkrPeriod(session: OkrSession, periodKey: string): Promise<OkrOverview> {
  requireAllowed(canAdministerOkrs(session.access), 'Only Jira administrators may close an OKR period.');
  await closePeriod(
    session,
    periodKey,
    session.nowMs,
    session.access.accountId ?? 'unknown',
    session.settings.thresholds,
  );
  return getOkrOverview(session, { periodKey });
}

/** Saves the OKR settings (Jira admins). */
export async function saveSettings(
  session: OkrSession,
  settings: unknown,
  expectedVersion: number | null,
): Promise<{ readonly version: number }> {
  requireAllowed(canAdministerOkrs(session.access), 'Only Jira administrators may change the OKR settings.');
  return saveOkrSettings(session.store, settings, expectedVersion);
}
