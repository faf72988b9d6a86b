/**
 * Where the FitSM self-assessments live in the store, versioned and split so every value stays within the
 * store's limit (Forge: 240 KiB per value, `StorePort.maxValueBytes`):
 * - `fitsm-assessments`: the history list (id, title, date, status, last change), at most
 *   `FITSM_LIMITS.assessments` entries;
 * - `fitsm-assessment:<id>`: the assessment's meta (title, date, assessors, status, scope, targets);
 * - `fitsm-assessment:<id>:<group>` (GR1…GR7, PR1…PR14): the ratings of that group's requirements.
 *
 * Why per group: 82 requirements × up to 10 assessors plus the agreed rating, each with up to 2,000 characters
 * of notes and 20 issue keys, can reach several MB; one group holds at most 6 requirements (≈ 66 ratings, about
 * 150 KB of plain-text notes), and a group whose value would still exceed the limit is refused
 * ({@link FitsmTooLargeError}) before anything is written. The split also keeps two assessors rating different
 * processes from ever conflicting; on the same group, a conflict is retried on fresh data (one slot changes).
 */
import { FITSM_GROUP_IDS, type FitsmGroupId, type FitsmRequirementId } from '../domain/fitsm/catalogue';
import type {
  FitsmAssessment,
  FitsmAssessmentMeta,
  FitsmAssessmentStatus,
  FitsmRatings,
} from '../domain/fitsm/assessment-types';
import { fitsmRequirementIdsOf } from '../domain/fitsm/assessment-levels';
import { StoreConflictError, type StorePort } from './ports/store-port';

export const FITSM_ASSESSMENTS_KEY = 'fitsm-assessments';

/** The meta's key. */
export function fitsmAssessmentKey(id: string): string {
  return `fitsm-assessment:${id}`;
}

/** The key of one group's ratings. */
export function fitsmRatingsKey(id: string, groupId: FitsmGroupId): string {
  return `fitsm-assessment:${id}:${groupId}`;
}

/** The meta as stored, with who changed it last. */
export interface StoredFitsmMeta extends FitsmAssessmentMeta {
  /** ISO 8601 instant of the last change of meta or ratings. */
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** One entry of the history list. */
export interface FitsmAssessmentIndexEntry {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly status: FitsmAssessmentStatus;
  readonly updatedAt: string;
}

interface StoredIndex {
  readonly items: readonly FitsmAssessmentIndexEntry[];
}

/** One group's ratings as stored. */
export interface StoredGroupRatings {
  readonly ratings: FitsmRatings;
}

/** A value would not fit the store; the message says what to shorten. */
export class FitsmTooLargeError extends Error {
  override readonly name = 'FitsmTooLargeError';
}

/** The store stayed busy: every retry met a concurrent write. */
export class FitsmBusyError extends Error {
  override readonly name = 'FitsmBusyError';
}

/** An assessment as loaded: the whole of it plus the versions to write against. */
export interface LoadedFitsmAssessment {
  readonly assessment: FitsmAssessment;
  readonly meta: StoredFitsmMeta;
  readonly metaVersion: number;
  /** Store version per group (null: no rating stored yet). */
  readonly groupVersions: Readonly<Record<FitsmGroupId, number | null>>;
}

/** Attempts of a read-modify-write before it gives up with {@link FitsmBusyError}. */
export const FITSM_WRITE_ATTEMPTS = 5;

/** The history list, newest date first (then newest change). */
export async function readFitsmIndex(
  store: StorePort,
): Promise<{ readonly items: readonly FitsmAssessmentIndexEntry[]; readonly version: number | null }> {
  const stored = await store.get<StoredIndex>(FITSM_ASSESSMENTS_KEY);
  const items = [...(stored?.value.items ?? [])].sort(
    (a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt),
  );
  return { items, version: stored?.version ?? null };
}

/**
 * Puts an assessment's entry into the history list (replacing one of the same id) as its meta stands now,
 * retrying on concurrent writes. The entry is read from the stored meta after the list, not taken from the
 * caller: two saves of one assessment may reach the list in either order, and the later meta must win.
 */
export async function upsertFitsmIndexEntry(store: StorePort, id: string): Promise<void> {
  for (let attempt = 0; attempt < FITSM_WRITE_ATTEMPTS; attempt += 1) {
    const stored = await store.get<StoredIndex>(FITSM_ASSESSMENTS_KEY);
    const meta = await readFitsmMeta(store, id);
    if (meta === null) return;
    const { title, date, status, updatedAt } = meta.meta;
    const entry: FitsmAssessmentIndexEntry = { id, title, date, status, updatedAt };
    const items = [...(stored?.value.items ?? []).filter((item) => item.id !== id), entry];
    try {
      await store.put<StoredIndex>(FITSM_ASSESSMENTS_KEY, { items }, stored?.version ?? null);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new FitsmBusyError(
    'The list of assessments is being changed by others right now; try again in a moment.',
  );
}

/** The meta and its version; null when the assessment does not exist. */
export async function readFitsmMeta(
  store: StorePort,
  id: string,
): Promise<{ readonly meta: StoredFitsmMeta; readonly version: number } | null> {
  const stored = await store.get<StoredFitsmMeta>(fitsmAssessmentKey(id));
  return stored === null ? null : { meta: stored.value, version: stored.version };
}

/** One group's ratings and their version (empty and null when none are stored). */
export async function readFitsmGroupRatings(
  store: StorePort,
  id: string,
  groupId: FitsmGroupId,
): Promise<{ readonly ratings: FitsmRatings; readonly version: number | null }> {
  const stored = await store.get<StoredGroupRatings>(fitsmRatingsKey(id, groupId));
  if (stored === null) return { ratings: {}, version: null };
  // Only the group's own requirements count, whatever a hand-edited value holds.
  const own = new Set<string>(fitsmRequirementIdsOf(groupId));
  const ratings = Object.fromEntries(
    Object.entries(stored.value.ratings).filter(([requirementId]) => own.has(requirementId)),
  ) as FitsmRatings;
  return { ratings, version: stored.version };
}

/** The whole assessment (meta and the 21 groups, read at once); null when it does not exist. */
export async function loadFitsmAssessment(
  store: StorePort,
  id: string,
): Promise<LoadedFitsmAssessment | null> {
  const [meta, groups] = await Promise.all([
    readFitsmMeta(store, id),
    Promise.all(FITSM_GROUP_IDS.map((groupId) => readFitsmGroupRatings(store, id, groupId))),
  ]);
  if (meta === null) return null;
  const ratings: Partial<Record<FitsmRequirementId, unknown>> = {};
  const groupVersions = {} as Record<FitsmGroupId, number | null>;
  FITSM_GROUP_IDS.forEach((groupId, index) => {
    const group = groups[index];
    if (group === undefined) return;
    Object.assign(ratings, group.ratings);
    groupVersions[groupId] = group.version;
  });
  const m = meta.meta;
  return {
    // Only the assessment's own members: the stored meta also carries who changed it last.
    assessment: {
      id: m.id,
      title: m.title,
      date: m.date,
      assessors: m.assessors,
      status: m.status,
      outOfScope: m.outOfScope,
      targetLevel: m.targetLevel,
      targetByGroup: m.targetByGroup,
      ratings: ratings as FitsmRatings,
    },
    meta: meta.meta,
    metaVersion: meta.version,
    groupVersions,
  };
}

/**
 * Writes one group's ratings at `expectedVersion`.
 * @throws FitsmTooLargeError (writing nothing) when they would exceed the store's value size;
 *   StoreConflictError when someone wrote the group in between.
 */
export async function putFitsmGroupRatings(
  store: StorePort,
  id: string,
  groupId: FitsmGroupId,
  ratings: FitsmRatings,
  expectedVersion: number | null,
): Promise<number> {
  const value: StoredGroupRatings = { ratings };
  const bytes = store.storedBytes(value);
  if (bytes > store.maxValueBytes)
    throw new FitsmTooLargeError(
      `The ratings of ${groupId} would take ${String(bytes)} bytes, more than the ${String(store.maxValueBytes)} one stored value may hold; shorten the evidence notes of ${groupId}'s requirements.`,
    );
  return (await store.put<StoredGroupRatings>(fitsmRatingsKey(id, groupId), value, expectedVersion)).version;
}
