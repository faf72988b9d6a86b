/**
 * The OKR store over the app's key-value store ({@link StorePort}): objectives and key results as versioned values,
 * a per-period index the views read, check-ins in append-only pages, and issue ↔ key result links on both sides.
 *
 * Keys (all within Forge's key rules; ids are `O-<n>`/`KR-<n>`, measurement ids use `A-Z a-z 0-9 . _ : -`):
 * - `okr-seq`: the last objective and key result numbers handed out (compare-and-set);
 * - `okr-obj:<id>`, `okr-kr:<id>`: one objective / key result each, updated with its version (a stale update fails);
 * - `okr-period:<periodKey>`: the period's objectives with their key result ids (compare-and-set with retry);
 * - `okr-ci:<krId>:<page>`: pages 0, 1, 2 … of a key result's check-ins, each below the 240 KiB a value may take;
 *   a check-in is added to the last page by compare-and-set (a writer that loses the race reads again after a
 *   jittered, growing pause), and a full page is followed by a new one created with "must not exist" — so two
 *   writers can never both think they wrote, and 50 concurrent check-ins all land;
 * - `okr-ci-last:<krId>`: a hint of the last page (blind write; readers also probe past it, so a stale hint only
 *   costs a read);
 * - `okr-mid:<krId>:<measurementId>`: the check-in a measurement became and when it was reserved (created with
 *   "must not exist": a measurement sent twice is recorded once; one whose check-in never reached the pages is
 *   taken over after a lease, see `reserveMeasurement`);
 * - `okr-links-kr:<krId>`, `okr-links-issue:<issueId>`: the two sides of the links (compare-and-set with retry).
 */
import { randomUUID } from 'node:crypto';
import { periodKey as keyOfPeriod } from '../domain/okr/period';
import type { CheckIn, KeyResult, Objective } from '../domain/okr/types';
import {
  KEY_RESULT_ID_PATTERN,
  OBJECTIVE_ID_PATTERN,
  validateCheckIn,
  validateKeyResult,
  validateObjective,
} from '../domain/okr/validation';
import { appendToPages, readPages } from './okr-check-ins';
import {
  addObjective,
  byTime,
  issueLinksKey,
  ISSUE_ID_PATTERN,
  keyResultKey,
  krLinksKey,
  measurementKey,
  MEASUREMENT_LEASE_MS,
  OKR_MAX_KEY_RESULTS_PER_ISSUE,
  OKR_MAX_KEY_RESULTS_PER_OBJECTIVE,
  OKR_MAX_LINKED_ISSUES_PER_KR,
  OKR_MAX_OBJECTIVES_PER_PERIOD,
  objectiveKey,
  periodIndexKey,
  SEQUENCE_KEY,
  type LinkList,
  type MeasurementReservation,
  type PeriodIndex,
  type SequenceState,
} from './okr-store-keys';
import { exportPeriod, importPeriod } from './okr-transfer';
import {
  OkrBusyError,
  OkrConflictError,
  OkrNotFoundError,
  OkrValidationError,
  type AppendedCheckIn,
  type KeyResultChanges,
  type NewCheckIn,
  type NewKeyResult,
  type NewObjective,
  type ObjectiveChanges,
  type OkrImportSummary,
  type OkrPeriodContent,
  type OkrPeriodExport,
  type OkrStorePort,
  type Versioned,
} from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

export {
  OKR_MAX_KEY_RESULTS_PER_ISSUE,
  OKR_MAX_KEY_RESULTS_PER_OBJECTIVE,
  OKR_MAX_LINKED_ISSUES_PER_KR,
  OKR_MAX_OBJECTIVES_PER_PERIOD,
};
/** Looks at a reserved measurement whose check-in is not in the pages yet before answering busy. */
const PENDING_MEASUREMENT_CHECKS = 8;

/** Options of the store (defaults for production; tests inject time and randomness). */
export interface OkrStoreOptions {
  /** Now, epoch ms (recording times, export time). */
  readonly clock?: () => number;
  /** Waits `ms` milliseconds (between compare-and-set attempts). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1) (backoff jitter). */
  readonly random?: () => number;
  /** A new unique check-in id (letters, digits, `-`). */
  readonly newId?: () => string;
  /** Most compare-and-set attempts of one write before {@link OkrBusyError} (default 100). */
  readonly maxAttempts?: number;
  /** First backoff ceiling, ms (default 4); doubles per attempt up to {@link OkrStoreOptions.maxBackoffMs}. */
  readonly baseBackoffMs?: number;
  /** Largest backoff ceiling, ms (default 250). */
  readonly maxBackoffMs?: number;
}

/** The OKR store over a {@link StorePort} (Forge KVS in the app, the in-memory store in tests and the preview). */
export class OkrStore implements OkrStorePort {
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly newId: () => string;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly store: StorePort,
    options: OkrStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? (() => randomUUID());
    this.maxAttempts = options.maxAttempts ?? 100;
    this.baseBackoffMs = options.baseBackoffMs ?? 4;
    this.maxBackoffMs = options.maxBackoffMs ?? 250;
  }

  // ── objectives ────────────────────────────────────────────────────────────────────────────────────────────

  async createObjective(input: NewObjective): Promise<Versioned<Objective>> {
    const draft = validateOrThrow(validateObjective, { ...input, id: 'O-1', archived: false }, 'objective');
    const id = `O-${String(await this.nextNumber('objective'))}`;
    const objective: Objective = { ...draft, id };
    // Listed first (within the period's room), then written: an id listed but never written is skipped by reads.
    await this.updateIndex(keyOfPeriod(objective.period), (index) =>
      addObjective(requireObjectiveRoom(index, keyOfPeriod(objective.period)), id, []),
    );
    const { version } = await this.store.put<Objective>(objectiveKey(id), objective, null);
    return { value: objective, version };
  }

  async getObjective(id: string): Promise<Versioned<Objective> | null> {
    if (!OBJECTIVE_ID_PATTERN.test(id)) return null;
    return this.store.get<Objective>(objectiveKey(id));
  }

  async updateObjective(
    id: string,
    expectedVersion: number,
    changes: ObjectiveChanges,
  ): Promise<Versioned<Objective>> {
    const stored = await this.getObjective(id);
    if (stored === null) throw new OkrNotFoundError(id);
    if (stored.version !== expectedVersion) throw new OkrConflictError(id, expectedVersion, stored.version);
    const { parentObjectiveId, ...rest } = changes;
    const merged: Objective = { ...stored.value, ...rest, id };
    // null removes the alignment; a merge alone could never drop the stored parent.
    const candidate =
      parentObjectiveId === null
        ? withoutParent(merged)
        : parentObjectiveId === undefined
          ? merged
          : { ...merged, parentObjectiveId };
    const next = validateOrThrow(validateObjective, candidate, 'objective');
    const oldPeriod = keyOfPeriod(stored.value.period);
    const newPeriod = keyOfPeriod(next.period);
    if (oldPeriod !== newPeriod)
      requireObjectiveRoom(
        (await this.store.get<PeriodIndex>(periodIndexKey(newPeriod)))?.value ?? { objectives: [] },
        newPeriod,
      );
    const version = await this.putVersioned(objectiveKey(id), id, next, expectedVersion);
    if (oldPeriod !== newPeriod) {
      // The key results travel with their objective: they take its period.
      let keyResultIds: readonly string[] = [];
      await this.updateIndex(oldPeriod, (index) => {
        keyResultIds = index.objectives.find((entry) => entry.id === id)?.keyResultIds ?? [];
        return { objectives: index.objectives.filter((entry) => entry.id !== id) };
      });
      await this.updateIndex(newPeriod, (index) => addObjective(index, id, keyResultIds));
    }
    return { value: next, version };
  }

  archiveObjective(id: string, expectedVersion: number): Promise<Versioned<Objective>> {
    return this.updateObjective(id, expectedVersion, { archived: true });
  }

  // ── key results ───────────────────────────────────────────────────────────────────────────────────────────

  async createKeyResult(input: NewKeyResult): Promise<Versioned<KeyResult>> {
    const draft = validateOrThrow(validateKeyResult, { ...input, id: 'KR-1', archived: false }, 'key result');
    const objective = await this.getObjective(draft.objectiveId);
    if (objective === null) throw new OkrNotFoundError(draft.objectiveId);
    if (objective.value.archived)
      throw new OkrValidationError(
        [
          {
            path: 'objectiveId',
            message: `${draft.objectiveId} is archived: restore it or choose another objective`,
          },
        ],
        'key result',
      );
    const id = `KR-${String(await this.nextNumber('keyResult'))}`;
    const keyResult: KeyResult = { ...draft, id };
    // Listed first (within the objective's room), then written, as for objectives.
    await this.updateIndex(keyOfPeriod(objective.value.period), (index) => {
      const entry = index.objectives.find((candidate) => candidate.id === draft.objectiveId);
      if ((entry?.keyResultIds.length ?? 0) >= OKR_MAX_KEY_RESULTS_PER_OBJECTIVE)
        throw new OkrValidationError(
          [
            {
              path: 'objectiveId',
              message: `${draft.objectiveId} has ${String(OKR_MAX_KEY_RESULTS_PER_OBJECTIVE)} key results already (archived ones count): split the objective`,
            },
          ],
          'key result',
        );
      const keyResultIds = [...(entry?.keyResultIds ?? []), id];
      return addObjective(index, draft.objectiveId, keyResultIds);
    });
    const { version } = await this.store.put<KeyResult>(keyResultKey(id), keyResult, null);
    return { value: keyResult, version };
  }

  async getKeyResult(id: string): Promise<Versioned<KeyResult> | null> {
    if (!KEY_RESULT_ID_PATTERN.test(id)) return null;
    return this.store.get<KeyResult>(keyResultKey(id));
  }

  async updateKeyResult(
    id: string,
    expectedVersion: number,
    changes: KeyResultChanges,
  ): Promise<Versioned<KeyResult>> {
    const stored = await this.getKeyResult(id);
    if (stored === null) throw new OkrNotFoundError(id);
    if (stored.version !== expectedVersion) throw new OkrConflictError(id, expectedVersion, stored.version);
    const next = validateOrThrow(
      validateKeyResult,
      { ...stored.value, ...changes, id, objectiveId: stored.value.objectiveId },
      'key result',
    );
    const version = await this.putVersioned(keyResultKey(id), id, next, expectedVersion);
    return { value: next, version };
  }

  archiveKeyResult(id: string, expectedVersion: number): Promise<Versioned<KeyResult>> {
    return this.updateKeyResult(id, expectedVersion, { archived: true });
  }

  async listPeriod(
    periodKey: string,
    options: { readonly includeArchived?: boolean } = {},
  ): Promise<OkrPeriodContent> {
    const index = (await this.store.get<PeriodIndex>(periodIndexKey(periodKey)))?.value ?? { objectives: [] };
    const objectives = (
      await Promise.all(index.objectives.map((entry) => this.getObjective(entry.id)))
    ).filter(
      (entry): entry is Versioned<Objective> =>
        entry !== null && (options.includeArchived === true || !entry.value.archived),
    );
    const visible = new Set(objectives.map((entry) => entry.value.id));
    const keyResultIds = index.objectives
      .filter((entry) => visible.has(entry.id))
      .flatMap((entry) => entry.keyResultIds);
    const keyResults = (await Promise.all(keyResultIds.map((id) => this.getKeyResult(id)))).filter(
      (entry): entry is Versioned<KeyResult> =>
        entry !== null && (options.includeArchived === true || !entry.value.archived),
    );
    return { objectives, keyResults };
  }

  // ── check-ins ─────────────────────────────────────────────────────────────────────────────────────────────

  async appendCheckIn(input: NewCheckIn): Promise<AppendedCheckIn> {
    const checkIn = validateOrThrow(
      validateCheckIn,
      { ...input, id: this.newId(), recordedAtMs: this.clock() },
      'check-in',
    );
    const keyResult = await this.getKeyResult(checkIn.keyResultId);
    if (keyResult === null) throw new OkrNotFoundError(checkIn.keyResultId);
    const reservation =
      checkIn.measurementId === undefined ? null : measurementKey(checkIn.keyResultId, checkIn.measurementId);
    let reserved: { readonly version: number; readonly reservedAtMs: number } | null = null;
    if (reservation !== null) {
      const outcome = await this.reserveMeasurement(reservation, checkIn);
      if ('recordedId' in outcome)
        return { checkIn: { ...checkIn, id: outcome.recordedId }, duplicate: true };
      reserved = outcome;
    }
    try {
      await appendToPages(
        { store: this.store, maxAttempts: this.maxAttempts, backoff: (attempt) => this.backoff(attempt) },
        checkIn,
      );
    } catch (error) {
      // Free the measurement id so the sender's retry can record it.
      if (reservation !== null) await this.store.delete(reservation);
      throw error;
    }
    if (reservation !== null && reserved !== null)
      await this.markRecorded(reservation, checkIn, reserved.version, reserved.reservedAtMs);
    return { checkIn, duplicate: false };
  }

  /**
   * Reserves the check-in's measurement id (created with "must not exist"); answers null when this writer holds it
   * and should append, or the id of the check-in recorded under it before (a duplicate). A reservation whose
   * check-in is not in the pages belongs to a writer still appending (looked at a few times, then
   * {@link OkrBusyError}: the sender sends again) or, after
   * {@link MEASUREMENT_LEASE_MS}, to one whose invocation ended between reserving and appending: this writer
   * takes it over, so the value is recorded instead of being answered as a duplicate forever.
   */
  private async reserveMeasurement(
    key: string,
    checkIn: CheckIn,
  ): Promise<{ readonly recordedId: string } | { readonly version: number; readonly reservedAtMs: number }> {
    const mine = { checkInId: checkIn.id, reservedAtMs: this.clock() };
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      const earlier = await this.store.get<MeasurementReservation>(key);
      try {
        if (earlier === null)
          return { ...(await this.store.put<MeasurementReservation>(key, mine, null)), ...mine };
        // Marked once appended: a replay costs one read, not the history's pages.
        if (earlier.value.recorded === true) return { recordedId: earlier.value.checkInId };
        const recorded = (await this.checkIns(checkIn.keyResultId)).some(
          (candidate) => candidate.id === earlier.value.checkInId,
        );
        if (recorded) return { recordedId: earlier.value.checkInId };
        if (this.clock() - (earlier.value.reservedAtMs ?? 0) >= MEASUREMENT_LEASE_MS)
          return { ...(await this.store.put<MeasurementReservation>(key, mine, earlier.version)), ...mine };
        // Its writer is most likely appending right now: look again shortly, then ask the sender to retry.
        if (attempt + 1 >= PENDING_MEASUREMENT_CHECKS) break;
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
      }
      await this.backoff(attempt);
    }
    throw new OkrBusyError(key, this.maxAttempts);
  }

  /** Marks this writer's reservation as appended (one taken over meanwhile stays as its new writer left it). */
  private async markRecorded(
    key: string,
    checkIn: CheckIn,
    version: number,
    reservedAtMs: number,
  ): Promise<void> {
    try {
      await this.store.put<MeasurementReservation>(
        key,
        { checkInId: checkIn.id, reservedAtMs, recorded: true },
        version,
      );
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }

  async checkIns(keyResultId: string): Promise<readonly CheckIn[]> {
    const pages = await readPages(this.store, keyResultId);
    return pages.flatMap((page) => page.checkIns).sort(byTime);
  }
  // ── links ─────────────────────────────────────────────────────────────────────────────────────────────────

  async linkIssue(issueId: string, keyResultId: string): Promise<void> {
    checkIssueId(issueId);
    if ((await this.getKeyResult(keyResultId)) === null) throw new OkrNotFoundError(keyResultId);
    await this.updateList(krLinksKey(keyResultId), (ids) => {
      if (ids.includes(issueId)) return ids;
      if (ids.length >= OKR_MAX_LINKED_ISSUES_PER_KR)
        throw new RangeError(
          `${keyResultId} has ${String(OKR_MAX_LINKED_ISSUES_PER_KR)} linked issues already: measure it by a JQL instead.`,
        );
      return [...ids, issueId];
    });
    await this.updateList(issueLinksKey(issueId), (ids) => {
      if (ids.includes(keyResultId)) return ids;
      if (ids.length >= OKR_MAX_KEY_RESULTS_PER_ISSUE)
        throw new RangeError(
          `The issue serves ${String(OKR_MAX_KEY_RESULTS_PER_ISSUE)} key results already.`,
        );
      return [...ids, keyResultId];
    });
  }

  async unlinkIssue(issueId: string, keyResultId: string): Promise<void> {
    checkIssueId(issueId);
    await this.updateList(krLinksKey(keyResultId), (ids) => ids.filter((id) => id !== issueId));
    await this.updateList(issueLinksKey(issueId), (ids) => ids.filter((id) => id !== keyResultId));
  }

  async issuesOf(keyResultId: string): Promise<readonly string[]> {
    return (await this.store.get<LinkList>(krLinksKey(keyResultId)))?.value.ids ?? [];
  }

  async keyResultsOf(issueId: string): Promise<readonly string[]> {
    checkIssueId(issueId);
    return (await this.store.get<LinkList>(issueLinksKey(issueId)))?.value.ids ?? [];
  }

  // ── export and import ─────────────────────────────────────────────────────────────────────────────────────

  exportPeriod(periodKey: string): Promise<OkrPeriodExport> {
    return exportPeriod(this, periodKey, () => this.clock());
  }

  importPeriod(data: unknown): Promise<OkrImportSummary> {
    return importPeriod(
      {
        store: this.store,
        okr: this,
        updateIndex: (periodKey, change) => this.updateIndex(periodKey, change),
        updateSequence: (change) =>
          this.updateWithRetry<SequenceState>(SEQUENCE_KEY, { objective: 0, keyResult: 0 }, change),
        updateList: (key, change) => this.updateList(key, change),
      },
      data,
    );
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────

  private async putVersioned(
    key: string,
    id: string,
    value: Objective | KeyResult,
    expectedVersion: number,
  ): Promise<number> {
    try {
      return (await this.store.put(key, value, expectedVersion)).version;
    } catch (error) {
      if (error instanceof StoreConflictError)
        throw new OkrConflictError(id, expectedVersion, error.actualVersion);
      throw error;
    }
  }

  /** Reads, changes and writes a value by compare-and-set until no one else wrote in between. */
  private async updateWithRetry<T>(key: string, empty: T, change: (current: T) => T): Promise<T> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      const stored = await this.store.get<T>(key);
      const next = change(stored?.value ?? empty);
      if (stored !== null && next === stored.value) return next;
      try {
        await this.store.put<T>(key, next, stored?.version ?? null);
        return next;
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        await this.backoff(attempt);
      }
    }
    throw new OkrBusyError(key, this.maxAttempts);
  }

  private updateIndex(periodKey: string, change: (index: PeriodIndex) => PeriodIndex): Promise<PeriodIndex> {
    return this.updateWithRetry<PeriodIndex>(periodIndexKey(periodKey), { objectives: [] }, change);
  }

  private async updateList(
    key: string,
    change: (ids: readonly string[]) => readonly string[],
  ): Promise<void> {
    await this.updateWithRetry<LinkList>(key, { ids: [] }, (list) => {
      const ids = change(list.ids);
      return ids === list.ids ? list : { ids };
    });
  }

  private async nextNumber(kind: keyof SequenceState): Promise<number> {
    const next = await this.updateWithRetry<SequenceState>(
      SEQUENCE_KEY,
      { objective: 0, keyResult: 0 },
      (state) => ({
        ...state,
        [kind]: state[kind] + 1,
      }),
    );
    return next[kind];
  }

  /** Full jitter: a random pause up to a ceiling that doubles per attempt, so contenders spread out. */
  private backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(attempt, 20));
    return this.sleep(Math.floor(this.random() * ceiling));
  }
}

/** The objective without its alignment (a top-level objective). */
function withoutParent(objective: Objective): Objective {
  const copy: { -readonly [Field in keyof Objective]: Objective[Field] } = { ...objective };
  delete copy.parentObjectiveId;
  return copy;
}

/** @throws OkrValidationError when the period holds {@link OKR_MAX_OBJECTIVES_PER_PERIOD} objectives. */
function requireObjectiveRoom(index: PeriodIndex, periodKey: string): PeriodIndex {
  if (index.objectives.length >= OKR_MAX_OBJECTIVES_PER_PERIOD)
    throw new OkrValidationError(
      [
        {
          path: 'period',
          message: `${periodKey} holds ${String(OKR_MAX_OBJECTIVES_PER_PERIOD)} objectives already (archived ones count): choose another period`,
        },
      ],
      'objective',
    );
  return index;
}

function checkIssueId(issueId: string): void {
  if (!ISSUE_ID_PATTERN.test(issueId))
    throw new RangeError(`Not an issue id: "${issueId}" (Jira issue ids are digits).`);
}

function validateOrThrow<T>(
  validate: (
    input: unknown,
  ) => { ok: true; value: T } | { ok: false; problems: readonly { path: string; message: string }[] },
  input: unknown,
  what: string,
): T {
  const result = validate(input);
  if (!result.ok) throw new OkrValidationError(result.problems, what);
  return result.value;
}
