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
 * - `okr-mid:<krId>:<measurementId>`: the check-in a measurement became (created with "must not exist": a
 *   measurement sent twice is recorded once);
 * - `okr-links-kr:<krId>`, `okr-links-issue:<issueId>`: the two sides of the links (compare-and-set with retry).
 */
import { randomUUID } from 'node:crypto';
import { periodKey as keyOfPeriod } from '../domain/okr/period';
import type { CheckIn, IssueKeyResultLink, KeyResult, Objective } from '../domain/okr/types';
import {
  CheckInSchema,
  KEY_RESULT_ID_PATTERN,
  KeyResultSchema,
  OBJECTIVE_ID_PATTERN,
  ObjectiveSchema,
  validateCheckIn,
  validateKeyResult,
  validateObjective,
} from '../domain/okr/validation';
import * as v from 'valibot';
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

/** Most issues linked to one key result, and key results one issue serves (bounded values, bounded views). */
export const OKR_MAX_LINKED_ISSUES_PER_KR = 5000;
export const OKR_MAX_KEY_RESULTS_PER_ISSUE = 100;

/** Issue ids as Jira gives them: digits. */
const ISSUE_ID_PATTERN = /^[1-9][0-9]{0,17}$/;

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

interface PeriodIndex {
  readonly objectives: readonly { readonly id: string; readonly keyResultIds: readonly string[] }[];
}
interface SequenceState {
  readonly objective: number;
  readonly keyResult: number;
}
interface CheckInPage {
  readonly checkIns: readonly CheckIn[];
}
interface MeasurementReservation {
  readonly checkInId: string;
}
interface LinkList {
  readonly ids: readonly string[];
}

const SEQUENCE_KEY = 'okr-seq';
const objectiveKey = (id: string) => `okr-obj:${id}`;
const keyResultKey = (id: string) => `okr-kr:${id}`;
const periodIndexKey = (periodKey: string) => `okr-period:${periodKey}`;
const pageKey = (keyResultId: string, page: number) => `okr-ci:${keyResultId}:${String(page)}`;
const lastPageKey = (keyResultId: string) => `okr-ci-last:${keyResultId}`;
const measurementKey = (keyResultId: string, measurementId: string) =>
  `okr-mid:${keyResultId}:${measurementId}`;
const krLinksKey = (keyResultId: string) => `okr-links-kr:${keyResultId}`;
const issueLinksKey = (issueId: string) => `okr-links-issue:${issueId}`;

/** Oldest first: by when the value held, then by when it was recorded. */
function byTime(a: CheckIn, b: CheckIn): number {
  return a.atMs - b.atMs || a.recordedAtMs - b.recordedAtMs;
}

const ExportSchema = v.object({
  format: v.literal(
    'three-ways-for-jira/okr-period',
    'this is not an OKR period export of Three Ways for Jira',
  ),
  formatVersion: v.literal(1, 'this export has a format version this app cannot read'),
  periodKey: v.pipe(v.string(), v.regex(/^[0-9A-Za-z.:_-]{1,64}$/, 'the period key is malformed')),
  exportedAtMs: v.number(),
  objectives: v.array(ObjectiveSchema),
  keyResults: v.array(KeyResultSchema),
  checkIns: v.array(CheckInSchema),
  links: v.array(
    v.object({
      issueId: v.pipe(v.string(), v.regex(ISSUE_ID_PATTERN, 'an issue id is digits')),
      keyResultId: v.pipe(
        v.string(),
        v.regex(KEY_RESULT_ID_PATTERN, 'the key result id must look like KR-12'),
      ),
    }),
  ),
});

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
    const { version } = await this.store.put<Objective>(objectiveKey(id), objective, null);
    await this.updateIndex(keyOfPeriod(objective.period), (index) => addObjective(index, id, []));
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
    const next = validateOrThrow(validateObjective, { ...stored.value, ...changes, id }, 'objective');
    const version = await this.putVersioned(objectiveKey(id), id, next, expectedVersion);
    const oldPeriod = keyOfPeriod(stored.value.period);
    const newPeriod = keyOfPeriod(next.period);
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
    const { version } = await this.store.put<KeyResult>(keyResultKey(id), keyResult, null);
    await this.updateIndex(keyOfPeriod(objective.value.period), (index) => {
      const entry = index.objectives.find((candidate) => candidate.id === draft.objectiveId);
      const keyResultIds = [...(entry?.keyResultIds ?? []), id];
      return addObjective(index, draft.objectiveId, keyResultIds);
    });
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
    if (reservation !== null) {
      try {
        await this.store.put<MeasurementReservation>(reservation, { checkInId: checkIn.id }, null);
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        const earlier = await this.store.get<MeasurementReservation>(reservation);
        return { checkIn: { ...checkIn, id: earlier?.value.checkInId ?? checkIn.id }, duplicate: true };
      }
    }
    try {
      await this.appendToPages(checkIn);
    } catch (error) {
      // Free the measurement id so the sender's retry can record it.
      if (reservation !== null) await this.store.delete(reservation);
      throw error;
    }
    return { checkIn, duplicate: false };
  }

  async checkIns(keyResultId: string): Promise<readonly CheckIn[]> {
    const pages = await this.readPages(keyResultId);
    return pages.flatMap((page) => page.checkIns).sort(byTime);
  }

  /** Adds one check-in to the key result's last page, or opens the next page when the last one is full. */
  private async appendToPages(checkIn: CheckIn): Promise<void> {
    const krId = checkIn.keyResultId;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      let page = (await this.store.get<number>(lastPageKey(krId)))?.value ?? 0;
      let stored = await this.store.get<CheckInPage>(pageKey(krId, page));
      // The hint may lag behind (it is written after a page is opened): walk to the real last page.
      for (;;) {
        const next = await this.store.get<CheckInPage>(pageKey(krId, page + 1));
        if (next === null) break;
        page += 1;
        stored = next;
      }
      try {
        if (stored === null) {
          await this.store.put<CheckInPage>(pageKey(krId, page), { checkIns: [checkIn] }, null);
          return;
        }
        const grown: CheckInPage = { checkIns: [...stored.value.checkIns, checkIn] };
        if (this.store.storedBytes(grown) <= this.store.maxValueBytes) {
          await this.store.put<CheckInPage>(pageKey(krId, page), grown, stored.version);
          return;
        }
        await this.store.put<CheckInPage>(pageKey(krId, page + 1), { checkIns: [checkIn] }, null);
        await this.store.set<number>(lastPageKey(krId), page + 1);
        return;
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        await this.backoff(attempt);
      }
    }
    throw new OkrBusyError(pageKey(krId, 0), this.maxAttempts);
  }

  /**
   * Writes a new key result's whole history as full pages (an import): one write per page instead of one
   * compare-and-set round per check-in. The pages must not exist yet.
   */
  private async writeNewPages(keyResultId: string, checkIns: readonly CheckIn[]): Promise<void> {
    const pages: CheckIn[][] = [];
    let current: CheckIn[] = [];
    for (const checkIn of checkIns) {
      const grown = [...current, checkIn];
      if (current.length > 0 && this.store.storedBytes({ checkIns: grown }) > this.store.maxValueBytes) {
        pages.push(current);
        current = [checkIn];
      } else current = grown;
    }
    if (current.length > 0) pages.push(current);
    for (const [page, content] of pages.entries())
      await this.store.put<CheckInPage>(pageKey(keyResultId, page), { checkIns: content }, null);
    if (pages.length > 1) await this.store.set<number>(lastPageKey(keyResultId), pages.length - 1);
  }

  private async readPages(keyResultId: string): Promise<CheckInPage[]> {
    const hint = (await this.store.get<number>(lastPageKey(keyResultId)))?.value ?? 0;
    const known = await Promise.all(
      Array.from({ length: hint + 1 }, (_, page) => this.store.get<CheckInPage>(pageKey(keyResultId, page))),
    );
    const pages = known
      .filter((page): page is Versioned<CheckInPage> => page !== null)
      .map((page) => page.value);
    for (let page = hint + 1; ; page += 1) {
      const next = await this.store.get<CheckInPage>(pageKey(keyResultId, page));
      if (next === null) break;
      pages.push(next.value);
    }
    return pages;
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

  async exportPeriod(periodKey: string): Promise<OkrPeriodExport> {
    const { objectives, keyResults } = await this.listPeriod(periodKey, { includeArchived: true });
    const perKeyResult = await Promise.all(
      keyResults.map(async ({ value }) => ({
        checkIns: await this.checkIns(value.id),
        issueIds: await this.issuesOf(value.id),
        keyResultId: value.id,
      })),
    );
    return {
      format: 'three-ways-for-jira/okr-period',
      formatVersion: 1,
      periodKey,
      exportedAtMs: this.clock(),
      objectives: objectives.map((entry) => entry.value),
      keyResults: keyResults.map((entry) => entry.value),
      checkIns: perKeyResult.flatMap((entry) => entry.checkIns),
      links: perKeyResult.flatMap((entry) =>
        entry.issueIds.map((issueId): IssueKeyResultLink => ({ issueId, keyResultId: entry.keyResultId })),
      ),
    };
  }

  async importPeriod(data: unknown): Promise<OkrImportSummary> {
    const parsed = v.safeParse(ExportSchema, data);
    if (!parsed.success)
      throw new OkrValidationError(
        parsed.issues
          .slice(0, 20)
          .map((issue) => ({ path: v.getDotPath(issue) ?? 'export', message: issue.message })),
        'export',
      );
    const exported = parsed.output as unknown as OkrPeriodExport;
    const problems = consistencyProblems(exported);
    // Ids that exist already would be overwritten or mixed: refuse before anything is written.
    const taken = await Promise.all([
      ...exported.objectives.map(async (o) => ((await this.getObjective(o.id)) === null ? null : o.id)),
      ...exported.keyResults.map(async (kr) => ((await this.getKeyResult(kr.id)) === null ? null : kr.id)),
    ]);
    for (const id of taken)
      if (id !== null)
        problems.push({
          path: id,
          message: `${id} exists on this site already: import into a site without it`,
        });
    if (problems.length > 0) throw new OkrValidationError(problems.slice(0, 20), 'export');

    for (const objective of exported.objectives)
      await this.store.put<Objective>(objectiveKey(objective.id), objective, null);
    for (const keyResult of exported.keyResults)
      await this.store.put<KeyResult>(keyResultKey(keyResult.id), keyResult, null);
    const byPeriod = new Map<string, { id: string; keyResultIds: string[] }[]>();
    for (const objective of exported.objectives) {
      const list = byPeriod.get(keyOfPeriod(objective.period)) ?? [];
      list.push({
        id: objective.id,
        keyResultIds: exported.keyResults.filter((kr) => kr.objectiveId === objective.id).map((kr) => kr.id),
      });
      byPeriod.set(keyOfPeriod(objective.period), list);
    }
    for (const [key, entries] of byPeriod)
      await this.updateIndex(key, (index) =>
        entries.reduce((acc, entry) => addObjective(acc, entry.id, entry.keyResultIds), index),
      );
    await this.raiseSequence(exported);

    for (const keyResult of exported.keyResults) {
      const checkIns = exported.checkIns.filter((c) => c.keyResultId === keyResult.id).sort(byTime);
      for (const checkIn of checkIns) await this.reserveMeasurement(checkIn);
      await this.writeNewPages(keyResult.id, checkIns);
    }
    for (const link of exported.links) await this.linkIssue(link.issueId, link.keyResultId);
    return {
      objectives: exported.objectives.length,
      keyResults: exported.keyResults.length,
      checkIns: exported.checkIns.length,
      links: exported.links.length,
    };
  }

  /** Marks an imported measurement as recorded (already marked: the key result is new, so it was this one). */
  private async reserveMeasurement(checkIn: CheckIn): Promise<void> {
    if (checkIn.measurementId === undefined) return;
    try {
      await this.store.put<MeasurementReservation>(
        measurementKey(checkIn.keyResultId, checkIn.measurementId),
        { checkInId: checkIn.id },
        null,
      );
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
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

  /** After an import, new ids continue above the imported ones. */
  private async raiseSequence(exported: OkrPeriodExport): Promise<void> {
    const highest = (ids: readonly string[]) => Math.max(0, ...ids.map((id) => Number(id.split('-')[1])));
    const objective = highest(exported.objectives.map((o) => o.id));
    const keyResult = highest(exported.keyResults.map((kr) => kr.id));
    await this.updateWithRetry<SequenceState>(SEQUENCE_KEY, { objective: 0, keyResult: 0 }, (state) =>
      state.objective >= objective && state.keyResult >= keyResult
        ? state
        : {
            objective: Math.max(state.objective, objective),
            keyResult: Math.max(state.keyResult, keyResult),
          },
    );
  }

  /** Full jitter: a random pause up to a ceiling that doubles per attempt, so contenders spread out. */
  private backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(attempt, 20));
    return this.sleep(Math.floor(this.random() * ceiling));
  }
}

function addObjective(index: PeriodIndex, id: string, keyResultIds: readonly string[]): PeriodIndex {
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

/** References an export makes that it does not contain, and ids it repeats. */
function consistencyProblems(exported: OkrPeriodExport): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const objectiveIds = new Set(exported.objectives.map((o) => o.id));
  const keyResultIds = new Set(exported.keyResults.map((kr) => kr.id));
  if (objectiveIds.size !== exported.objectives.length)
    problems.push({ path: 'objectives', message: 'an objective id appears twice' });
  if (keyResultIds.size !== exported.keyResults.length)
    problems.push({ path: 'keyResults', message: 'a key result id appears twice' });
  for (const objective of exported.objectives)
    if (keyOfPeriod(objective.period) !== exported.periodKey)
      problems.push({
        path: objective.id,
        message: `belongs to ${keyOfPeriod(objective.period)}, not ${exported.periodKey}`,
      });
  for (const keyResult of exported.keyResults)
    if (!objectiveIds.has(keyResult.objectiveId))
      problems.push({
        path: keyResult.id,
        message: `its objective ${keyResult.objectiveId} is not in the export`,
      });
  const checkInIds = new Set<string>();
  for (const checkIn of exported.checkIns) {
    if (!keyResultIds.has(checkIn.keyResultId))
      problems.push({
        path: `checkIn ${checkIn.id}`,
        message: `its key result ${checkIn.keyResultId} is not in the export`,
      });
    const unique = `${checkIn.keyResultId}:${checkIn.id}`;
    if (checkInIds.has(unique)) problems.push({ path: `checkIn ${checkIn.id}`, message: 'appears twice' });
    checkInIds.add(unique);
  }
  for (const link of exported.links)
    if (!keyResultIds.has(link.keyResultId))
      problems.push({
        path: `link ${link.issueId}`,
        message: `its key result ${link.keyResultId} is not in the export`,
      });
  return problems;
}
