/**
 * The OKR page's views: the overview of a period (objectives in alignment order with their key results'
 * progress, status, confidence and history) and a key result's detail (every check-in, the linked issues the
 * viewer may browse, improvements toward it). Built from the OKR store and the domain's summaries with the
 * thresholds of the OKR settings; people's names read as the viewer (`user/bulk`).
 */
import type {
  KeyResultDetail,
  KeyResultView,
  ObjectiveView,
  OkrOverview,
  OkrOverviewRequest,
  OkrPersonView,
} from '../contract/okr';
import { elapsedShare, periodKey as keyOfPeriod } from '../domain/okr/period';
import { startAndTarget, summarizeKeyResult, summarizeObjective } from '../domain/okr/progress';
import type { CheckIn, KeyResult, Objective, OkrPeriod } from '../domain/okr/types';
import { secretKey } from './okr-external-values';
import { hiddenOrMoreCount, readVisibleLinkedIssues } from './okr-linked-issues';
import {
  canAdministerOkrs,
  canCreateObjectives,
  canEditKeyResult,
  canEditObjective,
} from './okr-permissions';
import { currentQuarter, periodOptions, readClosure, type OkrPeriodClosure } from './okr-periods';
import type { OkrSession } from './okr-session';
import { OkrNotFoundError, type Versioned } from './ports/okr-store-port';

/** Values a sparkline shows. */
export const HISTORY_POINTS = 30;
/** Linked issues a key result's detail lists. */
export const DETAIL_LINKED_ISSUES = 200;
/** The module key of the web trigger external values are sent to. */
export const OKR_VALUES_WEB_TRIGGER = 'okr-values';

const CUSTOM_PERIOD_KEY = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** The period a period key names, read in `timeZone` (a quarter `2026-Q4` or custom dates `a..b`). */
export function periodOfKey(periodKey: string, timeZone: string): OkrPeriod {
  const custom = CUSTOM_PERIOD_KEY.exec(periodKey);
  if (custom !== null)
    return { kind: 'custom', startDate: custom[1] ?? '', endDate: custom[2] ?? '', timeZone };
  return { kind: 'quarter', quarter: periodKey, timeZone };
}

/** Display names of `accountIds` as the viewer may see them; an id Jira does not name shows as itself. */
export async function peopleOf(
  session: OkrSession,
  accountIds: Iterable<string>,
): Promise<ReadonlyMap<string, OkrPersonView>> {
  const ids = [...new Set(accountIds)];
  const people = new Map<string, OkrPersonView>(ids.map((id) => [id, { accountId: id, displayName: id }]));
  if (ids.length === 0) return people;
  try {
    for (const user of await session.jira.getUsers(ids))
      if (user.displayName !== undefined && user.displayName !== '')
        people.set(user.accountId, { accountId: user.accountId, displayName: user.displayName });
  } catch {
    // Names are a courtesy: without them the views show account ids rather than failing.
  }
  return people;
}

function personOf(people: ReadonlyMap<string, OkrPersonView>, accountId: string): OkrPersonView {
  return people.get(accountId) ?? { accountId, displayName: accountId };
}

/** What one key result's view is built from. */
export interface KeyResultFacts {
  readonly keyResult: Versioned<KeyResult>;
  readonly objective: Objective;
  readonly checkIns: readonly CheckIn[];
  readonly linkedIssueIds: readonly string[];
}

/** Reads the check-ins and links of key results, all at once. */
export async function keyResultFacts(
  session: OkrSession,
  objectives: ReadonlyMap<string, Objective>,
  keyResults: readonly Versioned<KeyResult>[],
): Promise<KeyResultFacts[]> {
  return Promise.all(
    keyResults.flatMap((keyResult) => {
      const objective = objectives.get(keyResult.value.objectiveId);
      if (objective === undefined) return [];
      return [
        Promise.all([
          session.okr.checkIns(keyResult.value.id),
          session.okr.issuesOf(keyResult.value.id),
        ]).then(([checkIns, linkedIssueIds]) => ({ keyResult, objective, checkIns, linkedIssueIds })),
      ];
    }),
  );
}

/** A key result's view at the session's now. */
export function keyResultView(
  session: OkrSession,
  facts: KeyResultFacts,
  people: ReadonlyMap<string, OkrPersonView>,
): KeyResultView {
  const { keyResult, objective, checkIns } = facts;
  const kr = keyResult.value;
  const summary = summarizeKeyResult(
    kr,
    checkIns,
    objective.period,
    session.nowMs,
    session.settings.thresholds,
  );
  const range = startAndTarget(kr.kind);
  const measured = checkIns.filter((checkIn) => checkIn.source !== 'manual');
  return {
    keyResult: kr,
    version: keyResult.version,
    owner: personOf(people, kr.ownerAccountId),
    start: range?.start ?? null,
    target: range?.target ?? (kr.kind.type === 'threshold' ? kr.kind.threshold : null),
    currentValue: summary.currentValue,
    currentAtMs: summary.currentAtMs,
    progress: summary.progress,
    expected: summary.expected,
    status: summary.status,
    confidence: summary.confidence,
    history: checkIns
      .slice(-HISTORY_POINTS)
      .map((checkIn) => ({ atMs: checkIn.atMs, value: checkIn.value, source: checkIn.source })),
    linkedIssueCount: facts.linkedIssueIds.length,
    lastMeasuredAtMs:
      measured.length === 0 ? null : Math.max(...measured.map((checkIn) => checkIn.recordedAtMs)),
    canEdit: canEditKeyResult(session.access, objective, kr),
  };
}

/**
 * Objectives in alignment order: every parent before its children, roots and siblings by number (`O-2` before
 * `O-10`); an objective whose parent is not listed counts as a root.
 */
export function alignmentOrder<T extends { readonly id: string; readonly parentObjectiveId?: string }>(
  objectives: readonly T[],
): T[] {
  const byNumber = (a: T, b: T) => Number(a.id.slice(2)) - Number(b.id.slice(2));
  const ids = new Set(objectives.map((objective) => objective.id));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const objective of objectives) {
    const parent = objective.parentObjectiveId;
    if (parent === undefined || !ids.has(parent) || parent === objective.id) roots.push(objective);
    else children.set(parent, [...(children.get(parent) ?? []), objective]);
  }
  const ordered: T[] = [];
  const seen = new Set<string>();
  const visit = (objective: T): void => {
    if (seen.has(objective.id)) return;
    seen.add(objective.id);
    ordered.push(objective);
    for (const child of (children.get(objective.id) ?? []).sort(byNumber)) visit(child);
  };
  for (const root of roots.sort(byNumber)) visit(root);
  // A cycle of parents (possible only through an import) has no root: list its members after the rest.
  for (const objective of [...objectives].sort(byNumber)) visit(objective);
  return ordered;
}

/** The objectives of `projectKey` and every objective they align to (their ancestors), or all without one. */
function inScope(objectives: readonly Objective[], projectKey: string | undefined): Objective[] {
  if (projectKey === undefined) return [...objectives];
  const byId = new Map(objectives.map((objective) => [objective.id, objective]));
  const kept = new Set<string>();
  for (const objective of objectives) {
    if (objective.scope.type !== 'project' || objective.scope.projectKey !== projectKey) continue;
    let current: Objective | undefined = objective;
    while (current !== undefined && !kept.has(current.id)) {
      kept.add(current.id);
      current = current.parentObjectiveId === undefined ? undefined : byId.get(current.parentObjectiveId);
    }
  }
  return objectives.filter((objective) => kept.has(objective.id));
}

/** An objective's view from its key results' views. */
function objectiveView(
  session: OkrSession,
  objective: Versioned<Objective>,
  keyResults: readonly KeyResultView[],
  people: ReadonlyMap<string, OkrPersonView>,
  closure: OkrPeriodClosure | null,
): ObjectiveView {
  const counted = keyResults.filter((view) => !view.keyResult.archived);
  const summary = summarizeObjective(
    objective.value,
    counted.map((view) => ({ progress: view.progress, weight: view.keyResult.weight })),
    session.nowMs,
    session.settings.thresholds,
  );
  return {
    objective: objective.value,
    version: objective.version,
    owner: personOf(people, objective.value.ownerAccountId),
    progress: summary.progress,
    expected: summary.expected,
    status: summary.status,
    keyResults,
    grading: closure?.gradings[objective.value.id] ?? null,
    canEdit: canEditObjective(session.access, objective.value),
  };
}

/** The overview of a period (the OKR page and the gadget). */
export async function getOkrOverview(session: OkrSession, request: OkrOverviewRequest): Promise<OkrOverview> {
  const current = currentQuarter(session.nowMs, session.timeZone);
  const periodKey = request.periodKey ?? keyOfPeriod(current);
  const [content, closure] = await Promise.all([
    session.okr.listPeriod(periodKey, { includeArchived: request.includeArchived === true }),
    readClosure(session.store, periodKey),
  ]);
  const period = content.objectives[0]?.value.period ?? periodOfKey(periodKey, session.timeZone);
  const objectives = alignmentOrder(
    inScope(
      content.objectives.map((entry) => entry.value),
      request.projectKey,
    ),
  );
  const versioned = new Map(content.objectives.map((entry) => [entry.value.id, entry]));
  const byId = new Map(objectives.map((objective) => [objective.id, objective]));
  const facts = await keyResultFacts(
    session,
    byId,
    content.keyResults.filter((entry) => byId.has(entry.value.objectiveId)),
  );
  const [people, periods] = await Promise.all([
    peopleOf(session, [
      ...objectives.map((objective) => objective.ownerAccountId),
      ...facts.map((fact) => fact.keyResult.value.ownerAccountId),
    ]),
    periodOptions(session.store, current, period),
  ]);
  const views = facts.map((fact) => keyResultView(session, fact, people));
  return {
    periodKey,
    period,
    elapsed: elapsedShare(period, session.nowMs),
    asOfMs: session.nowMs,
    objectives: objectives.flatMap((objective) => {
      const entry = versioned.get(objective.id);
      if (entry === undefined) return [];
      const keyResults = views.filter((view) => view.keyResult.objectiveId === objective.id);
      return [objectiveView(session, entry, keyResults, people, closure)];
    }),
    periods,
    closed: closure !== null,
    canCreate: canCreateObjectives(session.access),
    canAdminister: canAdministerOkrs(session.access),
  };
}

/** A key result with its objective. @throws OkrNotFoundError when either is missing. */
export async function loadKeyResult(
  session: Pick<OkrSession, 'okr'>,
  keyResultId: string,
): Promise<{ readonly keyResult: Versioned<KeyResult>; readonly objective: Versioned<Objective> }> {
  const keyResult = await session.okr.getKeyResult(keyResultId);
  if (keyResult === null) throw new OkrNotFoundError(keyResultId);
  const objective = await session.okr.getObjective(keyResult.value.objectiveId);
  if (objective === null) throw new OkrNotFoundError(keyResult.value.objectiveId);
  return { keyResult, objective };
}

/** The view of one key result (after a check-in, a save). */
export async function getKeyResultView(session: OkrSession, keyResultId: string): Promise<KeyResultView> {
  const { keyResult, objective } = await loadKeyResult(session, keyResultId);
  const [facts] = await keyResultFacts(session, new Map([[objective.value.id, objective.value]]), [
    keyResult,
  ]);
  if (facts === undefined) throw new OkrNotFoundError(keyResultId);
  const people = await peopleOf(session, [keyResult.value.ownerAccountId]);
  return keyResultView(session, facts, people);
}

/** A key result's detail: its view, every check-in, the linked issues the viewer may browse, the web trigger. */
export async function getKeyResultDetail(session: OkrSession, keyResultId: string): Promise<KeyResultDetail> {
  const { keyResult, objective } = await loadKeyResult(session, keyResultId);
  const [facts] = await keyResultFacts(session, new Map([[objective.value.id, objective.value]]), [
    keyResult,
  ]);
  if (facts === undefined) throw new OkrNotFoundError(keyResultId);
  const [visible, secret] = await Promise.all([
    readVisibleLinkedIssues(
      session.jira,
      new Map([[keyResultId, facts.linkedIssueIds]]),
      DETAIL_LINKED_ISSUES,
    ),
    session.store.get(secretKey(keyResultId)),
  ]);
  const linkedIssues = visible.get(keyResultId) ?? [];
  const people = await peopleOf(session, [
    keyResult.value.ownerAccountId,
    ...facts.checkIns.filter((checkIn) => checkIn.source === 'manual').map((checkIn) => checkIn.author),
  ]);
  const view = keyResultView(session, facts, people);
  return {
    view,
    objective: { id: objective.value.id, title: objective.value.title, period: objective.value.period },
    checkIns: facts.checkIns.map((checkIn) => ({
      id: checkIn.id,
      value: checkIn.value,
      confidence: checkIn.confidence ?? null,
      note: checkIn.note,
      author: personOf(people, checkIn.author),
      atMs: checkIn.atMs,
      recordedAtMs: checkIn.recordedAtMs,
      source: checkIn.source,
    })),
    linkedIssues,
    hiddenOrMoreCount: hiddenOrMoreCount(facts.linkedIssueIds, linkedIssues),
    webTriggerUrl:
      keyResult.value.source === 'external' && view.canEdit
        ? await session.webTriggerUrl(OKR_VALUES_WEB_TRIGGER)
        : null,
    hasSecret: secret !== null,
  };
}
