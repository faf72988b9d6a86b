/**
 * The FitSM self-assessment's use cases (issue 12): list the history with the latest levels, read one assessment
 * with its levels and gaps, create or change an assessment's meta, rate one requirement (one slot: an assessor's
 * rating or the agreed one) without losing a concurrent rating, compare two assessments, export one. Editing is
 * for Jira admins and the FitSM editor group (asked of Jira, `fitsm-settings.ts`); every app user reads.
 * Storage: `fitsm-assessment-store.ts`.
 */
import type {
  FitsmAssessmentsView,
  FitsmAssessmentView,
  FitsmExportView,
  FitsmLevelsSummaryView,
  RateFitsmRequirementRequest,
  SaveFitsmAssessmentRequest,
} from '../contract/fitsm-assessment';
import { fitsmRatingIn, withFitsmRatingIn } from '../domain/fitsm/assessment';
import {
  compareFitsmAssessments as compareAssessments,
  type FitsmComparison,
} from '../domain/fitsm/assessment-compare';
import { fitsmAssessmentCsv, fitsmAssessmentJson } from '../domain/fitsm/assessment-export';
import { fitsmGaps } from '../domain/fitsm/assessment-gaps';
import { computeFitsmLevels } from '../domain/fitsm/assessment-levels';
import {
  fitsmMetaProblems,
  fitsmRatingProblems,
  isFitsmRequirementId,
} from '../domain/fitsm/assessment-rules';
import { FITSM_LIMITS, type FitsmAssessmentMeta, type FitsmRating } from '../domain/fitsm/assessment-types';
import {
  FITSM_PROCESS_IDS,
  fitsmGroupIdOf,
  type FitsmGroupId,
  type FitsmRequirementId,
} from '../domain/fitsm/catalogue';
import {
  FITSM_WRITE_ATTEMPTS,
  FitsmBusyError,
  fitsmAssessmentKey,
  loadFitsmAssessment,
  putFitsmGroupRatings,
  readFitsmGroupRatings,
  readFitsmIndex,
  readFitsmMeta,
  upsertFitsmIndexEntry,
  type LoadedFitsmAssessment,
  type StoredFitsmMeta,
} from './fitsm-assessment-store';
import { loadFitsmAccess, requireFitsmEditor, type FitsmAccess } from './fitsm-settings';
import type { JiraPort, JiraUserAccessPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** What the use cases need of one invocation. */
export interface FitsmAssessmentDeps {
  /** Jira as the acting user (who may edit is asked of it). */
  readonly jira: Pick<JiraPort, 'getMyPermissions' | 'getUsers'> &
    Pick<JiraUserAccessPort, 'getMyGroupNames'>;
  readonly store: StorePort;
  /** Epoch ms now. */
  readonly nowMs: number;
  readonly accountId: string | null;
  /** The reader's language (CSV headers, summaries). */
  readonly language: 'de' | 'en';
}

/** The assessment or rating breaks a rule; the message names the field and the rule. */
export class InvalidFitsmAssessmentError extends Error {
  override readonly name = 'InvalidFitsmAssessmentError';
}

/** No assessment has this id. */
export class FitsmAssessmentNotFoundError extends Error {
  override readonly name = 'FitsmAssessmentNotFoundError';
}

/** The assessment is agreed: its ratings stay as they are until it is set back to draft. */
export class FitsmAssessmentAgreedError extends Error {
  override readonly name = 'FitsmAssessmentAgreedError';
}

/** The assessment or rating was changed by someone else since the user loaded it. */
export class FitsmAssessmentConflictError extends Error {
  override readonly name = 'FitsmAssessmentConflictError';
}

function invalid(problems: readonly string[]): void {
  if (problems.length > 0) throw new InvalidFitsmAssessmentError(problems.join('; '));
}

async function loadOrFail(store: StorePort, id: string): Promise<LoadedFitsmAssessment> {
  const loaded = await loadFitsmAssessment(store, id);
  if (loaded === null)
    throw new FitsmAssessmentNotFoundError(`No FitSM assessment ${id}; reload the list of assessments.`);
  return loaded;
}

function summaryOf(loaded: LoadedFitsmAssessment): FitsmLevelsSummaryView {
  const levels = computeFitsmLevels(loaded.assessment);
  const { maturity } = levels;
  return {
    assessmentId: loaded.assessment.id,
    title: loaded.assessment.title,
    date: loaded.assessment.date,
    maturity: {
      level: maturity.level,
      missing: maturity.missing,
      atMost: maturity.atMost,
      limitedBy: maturity.limitedBy,
    },
    capability: FITSM_PROCESS_IDS.map((processId) => {
      const group = levels.capability[processId];
      return {
        processId,
        level: group.level,
        atMost: group.atMost,
        inScope: group.inScope,
        missingCount: group.missing.length,
      };
    }),
  };
}

/** Everyone an assessment names: assessors, who rated, who changed it last. */
function accountIdsOf(loaded: LoadedFitsmAssessment): string[] {
  const ids = new Set<string>(loaded.assessment.assessors);
  if (loaded.meta.updatedBy !== null) ids.add(loaded.meta.updatedBy);
  for (const ratings of Object.values(loaded.assessment.ratings)) {
    if (ratings === undefined) continue;
    for (const [assessor, rating] of Object.entries(ratings.byAssessor))
      ids.add(assessor).add(rating.ratedBy);
    if (ratings.agreed) ids.add(ratings.agreed.ratedBy);
  }
  return [...ids];
}

/** Display names as the viewer may see them (`user/bulk`); an id Jira does not name shows as itself. */
async function peopleOf(
  deps: FitsmAssessmentDeps,
  accountIds: readonly string[],
): Promise<Map<string, string>> {
  const people = new Map(accountIds.map((id) => [id, id]));
  if (accountIds.length === 0) return people;
  try {
    for (const user of await deps.jira.getUsers(accountIds))
      if (user.displayName !== undefined && user.displayName !== '')
        people.set(user.accountId, user.displayName);
  } catch {
    // Names are a courtesy: without them the page and the CSV show account ids rather than failing.
  }
  return people;
}

async function viewOf(deps: FitsmAssessmentDeps, loaded: LoadedFitsmAssessment, access: FitsmAccess) {
  const [{ items }, people] = await Promise.all([
    readFitsmIndex(deps.store),
    peopleOf(deps, accountIdsOf(loaded)),
  ]);
  const at = items.findIndex((item) => item.id === loaded.assessment.id);
  // The history is newest first: the one after this entry is the one before it in time.
  const previous = at >= 0 ? items[at + 1] : items.find((item) => item.date < loaded.assessment.date);
  const view: FitsmAssessmentView = {
    assessment: loaded.assessment,
    version: loaded.metaVersion,
    updatedAt: loaded.meta.updatedAt,
    updatedBy: loaded.meta.updatedBy,
    levels: computeFitsmLevels(loaded.assessment),
    gaps: fitsmGaps(loaded.assessment),
    previousId: previous?.id ?? null,
    people: Object.fromEntries(people),
    canEdit: access.canEdit,
  };
  return view;
}

/** The history of assessments (newest first) with the newest one's levels. */
export async function getFitsmAssessments(deps: FitsmAssessmentDeps): Promise<FitsmAssessmentsView> {
  const [access, { items }] = await Promise.all([
    loadFitsmAccess(deps.jira, deps.store, deps.accountId),
    readFitsmIndex(deps.store),
  ]);
  const newest = items[0];
  const loaded = newest === undefined ? null : await loadFitsmAssessment(deps.store, newest.id);
  return {
    assessments: items.map(({ id, title, date, status, updatedAt }) => ({
      id,
      title,
      date,
      status,
      updatedAt,
    })),
    latest: loaded === null ? null : summaryOf(loaded),
    canEdit: access.canEdit,
  };
}

/** One assessment with its levels, gaps and the one before it. */
export async function getFitsmAssessment(
  deps: FitsmAssessmentDeps,
  id: string,
): Promise<FitsmAssessmentView> {
  const [access, loaded] = await Promise.all([
    loadFitsmAccess(deps.jira, deps.store, deps.accountId),
    loadOrFail(deps.store, id),
  ]);
  return viewOf(deps, loaded, access);
}

/** Ids are `fa-<date>-<n>`: readable, and the n-th assessment of a day gets the next free n. */
const MAX_ASSESSMENTS_PER_DAY = 20;

/**
 * Creates an assessment (`input.id` null) or changes its meta at `input.expectedVersion`.
 * @throws InvalidFitsmAssessmentError, FitsmForbiddenError, FitsmAssessmentNotFoundError,
 *   FitsmAssessmentConflictError (changed since loaded).
 */
export async function saveFitsmAssessment(
  deps: FitsmAssessmentDeps,
  input: SaveFitsmAssessmentRequest,
): Promise<FitsmAssessmentView> {
  const access = await loadFitsmAccess(deps.jira, deps.store, deps.accountId);
  requireFitsmEditor(access, 'create or change FitSM assessments');
  const fields: Omit<FitsmAssessmentMeta, 'id'> = {
    title: input.title.trim(),
    date: input.date,
    assessors: input.assessors,
    status: input.status,
    outOfScope: input.outOfScope,
    targetLevel: input.targetLevel,
    targetByGroup: input.targetByGroup,
  };
  invalid(fitsmMetaProblems({ ...fields, title: input.title }));
  const stamp = { updatedAt: new Date(deps.nowMs).toISOString(), updatedBy: deps.accountId };
  let id: string;
  if (input.id === null) {
    const { items } = await readFitsmIndex(deps.store);
    if (items.length >= FITSM_LIMITS.assessments)
      invalid([
        `the history holds ${String(FITSM_LIMITS.assessments)} assessments, the most it keeps; export and remove old ones first`,
      ]);
    id = await createMeta(deps.store, { ...fields, ...stamp });
  } else {
    id = input.id;
    const current = await readFitsmMeta(deps.store, id);
    if (current === null)
      throw new FitsmAssessmentNotFoundError(`No FitSM assessment ${id}; reload the list.`);
    if (input.expectedVersion !== current.version) throw conflict();
    try {
      await deps.store.put<StoredFitsmMeta>(
        fitsmAssessmentKey(id),
        { id, ...fields, ...stamp },
        current.version,
      );
    } catch (error) {
      if (error instanceof StoreConflictError) throw conflict();
      throw error;
    }
  }
  await upsertFitsmIndexEntry(deps.store, id);
  return viewOf(deps, await loadOrFail(deps.store, id), access);
}

function conflict(): FitsmAssessmentConflictError {
  return new FitsmAssessmentConflictError(
    'The assessment was changed by someone else after you loaded it. Reload it; your input is kept.',
  );
}

async function createMeta(store: StorePort, meta: Omit<StoredFitsmMeta, 'id'>): Promise<string> {
  for (let n = 1; n <= MAX_ASSESSMENTS_PER_DAY; n += 1) {
    const id = `fa-${meta.date}-${String(n)}`;
    try {
      await store.put<StoredFitsmMeta>(fitsmAssessmentKey(id), { id, ...meta }, null);
      return id;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new InvalidFitsmAssessmentError(
    `date: ${meta.date} already has ${String(MAX_ASSESSMENTS_PER_DAY)} assessments; date this one on another day`,
  );
}

function sameRating(
  current: { readonly ratedAt: string; readonly ratedBy: string } | null,
  expected: RateFitsmRequirementRequest['expected'],
): boolean {
  if (current === null || expected === null) return current === expected;
  return current.ratedAt === expected.ratedAt && current.ratedBy === expected.ratedBy;
}

/**
 * Sets or clears one slot of one requirement: re-read and re-applied on a concurrent write to the same process
 * (only this slot changes, so another assessor's rating written in between stays), refused when this slot itself
 * changed since the user saw it (`expected`).
 * @throws InvalidFitsmAssessmentError, FitsmForbiddenError, FitsmAssessmentNotFoundError,
 *   FitsmAssessmentAgreedError, FitsmAssessmentConflictError, FitsmTooLargeError, FitsmBusyError.
 */
export async function rateFitsmRequirement(
  deps: FitsmAssessmentDeps,
  input: RateFitsmRequirementRequest,
): Promise<FitsmAssessmentView> {
  const access = await loadFitsmAccess(deps.jira, deps.store, deps.accountId);
  requireFitsmEditor(access, 'rate FitSM requirements');
  const groupId = fitsmGroupIdOf(input.requirementId);
  if (!isFitsmRequirementId(input.requirementId) || groupId === undefined)
    throw new InvalidFitsmAssessmentError(
      `requirementId: ${input.requirementId} is no FitSM requirement (e.g. PR14.1)`,
    );
  if (input.rating !== null) invalid(fitsmRatingProblems(input.rating));
  const meta = await readFitsmMeta(deps.store, input.assessmentId);
  if (meta === null)
    throw new FitsmAssessmentNotFoundError(`No FitSM assessment ${input.assessmentId}; reload.`);
  if (meta.meta.status === 'agreed') throw agreedError(meta.meta.title);
  if (input.slot.kind === 'assessor' && !meta.meta.assessors.includes(input.slot.accountId))
    invalid([
      `slot.accountId: ${input.slot.accountId} is not an assessor of this assessment; add them first`,
    ]);
  const rating =
    input.rating === null
      ? null
      : {
          level: input.rating.level,
          notes: input.rating.notes,
          issueKeys: input.rating.issueKeys,
          ratedBy: deps.accountId ?? 'unknown',
          ratedAt: new Date(deps.nowMs).toISOString(),
        };
  const group = groupId;
  for (let attempt = 0; attempt < FITSM_WRITE_ATTEMPTS; attempt += 1) {
    const current = await readFitsmGroupRatings(deps.store, input.assessmentId, group);
    if (!sameRating(fitsmRatingIn(current.ratings, input.requirementId, input.slot), input.expected))
      throw conflict();
    const before = fitsmRatingIn(current.ratings, input.requirementId, input.slot);
    const next = withFitsmRatingIn(current.ratings, input.requirementId, input.slot, rating);
    try {
      await putFitsmGroupRatings(deps.store, input.assessmentId, group, next, current.version);
      // The status was read before the write and lives in another value: an agreement that landed in between
      // would otherwise get this rating after it was agreed. Checked again after the write, and taken back.
      const after = await readFitsmMeta(deps.store, input.assessmentId);
      if (after?.meta.status === 'agreed') {
        await takeBackRating(deps.store, input, input.requirementId, group, { written: rating, before });
        throw agreedError(after.meta.title);
      }
      return await viewOf(deps, await loadOrFail(deps.store, input.assessmentId), access);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new FitsmBusyError(`Ratings of ${group} are being saved by others right now; try again in a moment.`);
}

function agreedError(title: string): FitsmAssessmentAgreedError {
  return new FitsmAssessmentAgreedError(
    `The assessment "${title}" is agreed; its ratings stay as they are. Set it back to draft to change them.`,
  );
}

/**
 * Puts back what a slot held before `written` was saved, as long as the slot still holds `written` (a later
 * writer's value stays); re-read on a concurrent write to the same group.
 */
async function takeBackRating(
  store: StorePort,
  input: Pick<RateFitsmRequirementRequest, 'assessmentId' | 'slot'>,
  requirementId: FitsmRequirementId,
  group: FitsmGroupId,
  { written, before }: { readonly written: FitsmRating | null; readonly before: FitsmRating | null },
): Promise<void> {
  for (let attempt = 0; attempt < FITSM_WRITE_ATTEMPTS; attempt += 1) {
    const current = await readFitsmGroupRatings(store, input.assessmentId, group);
    const held = fitsmRatingIn(current.ratings, requirementId, input.slot);
    const stillOurs =
      held === null || written === null
        ? held === written
        : held.ratedAt === written.ratedAt && held.ratedBy === written.ratedBy;
    if (!stillOurs) return;
    try {
      const restored = withFitsmRatingIn(current.ratings, requirementId, input.slot, before);
      await putFitsmGroupRatings(store, input.assessmentId, group, restored, current.version);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
}

/** Compares two assessments (earlier first). */
export async function compareFitsmAssessments(
  deps: FitsmAssessmentDeps,
  beforeId: string,
  afterId: string,
): Promise<FitsmComparison> {
  const [before, after] = await Promise.all([
    loadOrFail(deps.store, beforeId),
    loadOrFail(deps.store, afterId),
  ]);
  return compareAssessments(before.assessment, after.assessment);
}

/** One assessment as a CSV (reader's language) or JSON file. */
export async function exportFitsmAssessment(
  deps: FitsmAssessmentDeps,
  id: string,
  format: 'csv' | 'json',
): Promise<FitsmExportView> {
  const loaded = await loadOrFail(deps.store, id);
  const { assessment } = loaded;
  const base = `fitsm-assessment-${assessment.id}`;
  if (format === 'csv')
    return {
      fileName: `${base}.csv`,
      mimeType: 'text/csv;charset=utf-8',
      content: fitsmAssessmentCsv(assessment, deps.language, await peopleOf(deps, accountIdsOf(loaded))),
    };
  return {
    fileName: `${base}.json`,
    mimeType: 'application/json',
    content: JSON.stringify(fitsmAssessmentJson(assessment, new Date(deps.nowMs)), null, 2),
  };
}
