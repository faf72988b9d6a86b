/**
 * The keys and stored shapes of the OKR store (okr-store.ts describes the key layout), shared by the store, its
 * check-in paging and its period export/import so all three read and write the same values.
 */
import type { CheckIn } from '../domain/okr/types';

/** Issue ids as Jira gives them: digits. */
export const ISSUE_ID_PATTERN = /^[1-9][0-9]{0,17}$/;

export interface PeriodIndex {
  readonly objectives: readonly { readonly id: string; readonly keyResultIds: readonly string[] }[];
}
export interface SequenceState {
  readonly objective: number;
  readonly keyResult: number;
}
export interface CheckInPage {
  readonly checkIns: readonly CheckIn[];
}
export interface MeasurementReservation {
  readonly checkInId: string;
  /** When the writer reserved the id, epoch ms (absent in reservations written before it was kept: long ago). */
  readonly reservedAtMs?: number;
  /** Set once the check-in is in the pages: a replay is answered from this value alone. */
  readonly recorded?: true;
}

/**
 * How long a reserved measurement id whose check-in is not in the pages yet belongs to its writer, ms: longer than
 * any append takes (it gives up after its attempts, ~25 s) and than the invocations that append but the scheduled
 * run (a resolver stops after 25 s, a web trigger after 55 s); the scheduled run reserves only just before it appends.
 */
export const MEASUREMENT_LEASE_MS = 5 * 60_000;
export interface LinkList {
  readonly ids: readonly string[];
}

/**
 * Most objectives one period holds (archived ones count) and key results one objective has: the period's index,
 * one stored value, then stays below Forge's 240 KiB even with ten-digit ids (400 × 25 ids ≈ 193 KiB). Past it the
 * index write failed after the objective or key result had been written, leaving it stored but listed nowhere.
 */
export const OKR_MAX_OBJECTIVES_PER_PERIOD = 400;
export const OKR_MAX_KEY_RESULTS_PER_OBJECTIVE = 25;

/** Most issues linked to one key result, and key results one issue serves (bounded values, bounded views). */
export const OKR_MAX_LINKED_ISSUES_PER_KR = 5000;
export const OKR_MAX_KEY_RESULTS_PER_ISSUE = 100;

export const SEQUENCE_KEY = 'okr-seq';
export const objectiveKey = (id: string) => `okr-obj:${id}`;
export const keyResultKey = (id: string) => `okr-kr:${id}`;
export const periodIndexKey = (periodKey: string) => `okr-period:${periodKey}`;
export const pageKey = (keyResultId: string, page: number) => `okr-ci:${keyResultId}:${String(page)}`;
export const lastPageKey = (keyResultId: string) => `okr-ci-last:${keyResultId}`;
export const measurementKey = (keyResultId: string, measurementId: string) =>
  `okr-mid:${keyResultId}:${measurementId}`;
export const krLinksKey = (keyResultId: string) => `okr-links-kr:${keyResultId}`;
export const issueLinksKey = (issueId: string) => `okr-links-issue:${issueId}`;

/** Oldest first: by when the value held, then by when it was recorded. */
export function byTime(a: CheckIn, b: CheckIn): number {
  return a.atMs - b.atMs || a.recordedAtMs - b.recordedAtMs;
}

/**
 * The period index with the objective listed and the key result ids merged in (unchanged: the same index object,
 * so a compare-and-set update can skip the write).
 */
export function addObjective(index: PeriodIndex, id: string, keyResultIds: readonly string[]): PeriodIndex {
  const existing = index.objectives.find((entry) => entry.id === id);
  if (existing !== undefined && sameIds(existing.keyResultIds, keyResultIds)) return index;
  const merged =
    existing === undefined ? keyResultIds : [...new Set([...existing.keyResultIds, ...keyResultIds])];
  return {
    objectives: [...index.objectives.filter((entry) => entry.id !== id), { id, keyResultIds: merged }],
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
