/**
 * Export and import of one OKR period: everything a period holds (objectives, key results, check-ins, links) as one
 * self-describing value, and back into a site that does not have those ids yet.
 */
import { periodKey as keyOfPeriod } from '../domain/okr/period';
import type { CheckIn, IssueKeyResultLink, KeyResult, Objective } from '../domain/okr/types';
import {
  CheckInSchema,
  KEY_RESULT_ID_PATTERN,
  KeyResultSchema,
  ObjectiveSchema,
} from '../domain/okr/validation';
import * as v from 'valibot';
import { writeNewPages } from './okr-check-ins';
import {
  addObjective,
  byTime,
  issueLinksKey,
  ISSUE_ID_PATTERN,
  krLinksKey,
  keyResultKey,
  measurementKey,
  objectiveKey,
  OKR_MAX_KEY_RESULTS_PER_ISSUE,
  OKR_MAX_KEY_RESULTS_PER_OBJECTIVE,
  OKR_MAX_LINKED_ISSUES_PER_KR,
  OKR_MAX_OBJECTIVES_PER_PERIOD,
  periodIndexKey,
  type MeasurementReservation,
  type PeriodIndex,
  type SequenceState,
} from './okr-store-keys';
import {
  OkrValidationError,
  type OkrImportSummary,
  type OkrPeriodExport,
  type OkrStorePort,
} from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

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

/** What an import writes through: the raw store, the store's own reads and links, and its retried updates. */
export interface OkrImportAccess {
  readonly store: StorePort;
  readonly okr: Pick<OkrStorePort, 'getObjective' | 'getKeyResult'>;
  /** Changes a period's index by compare-and-set with retry. */
  readonly updateIndex: (periodKey: string, change: (index: PeriodIndex) => PeriodIndex) => Promise<unknown>;
  /** Changes the id sequence by compare-and-set with retry. */
  readonly updateSequence: (change: (state: SequenceState) => SequenceState) => Promise<unknown>;
  /** Changes one side's link list (`okr-links-kr:…`, `okr-links-issue:…`) by compare-and-set with retry. */
  readonly updateList: (key: string, change: (ids: readonly string[]) => readonly string[]) => Promise<void>;
}

/**
 * Writes of an import running at once. One after another, a quarter's export (a few thousand measured values,
 * each with its measurement id, and the links) took minutes of KVS round trips, past the resolver's 25 s, and
 * stopped half-written (a retry is refused: the ids exist). 16 at once stay far below KVS's 1,000 requests a second.
 */
const IMPORT_PARALLEL_WRITES = 16;

/** Runs `work` over `items`, at most `parallel` at a time (rejects with the first failure). */
async function forEachParallel<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** `ids` with `added` appended (those not in it yet); `ids` itself when nothing is new. */
function merged(ids: readonly string[], added: readonly string[]): readonly string[] {
  const known = new Set(ids);
  const fresh = [...new Set(added)].filter((id) => !known.has(id));
  return fresh.length === 0 ? ids : [...ids, ...fresh];
}

/** The values of `pairs` grouped by their key, in order. */
function grouped(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [value]);
    else group.push(value);
  }
  return groups;
}

/**
 * Everything one period holds, archived entries included, as an export value.
 *
 * @param okr the store to read from
 * @param periodKey the period to export
 * @param clock now, epoch ms (read once, after the period was read: the export time)
 */
export async function exportPeriod(
  okr: Pick<OkrStorePort, 'listPeriod' | 'checkIns' | 'issuesOf'>,
  periodKey: string,
  clock: () => number,
): Promise<OkrPeriodExport> {
  const { objectives, keyResults } = await okr.listPeriod(periodKey, { includeArchived: true });
  const perKeyResult = await Promise.all(
    keyResults.map(async ({ value }) => ({
      checkIns: await okr.checkIns(value.id),
      issueIds: await okr.issuesOf(value.id),
      keyResultId: value.id,
    })),
  );
  return {
    format: 'three-ways-for-jira/okr-period',
    formatVersion: 1,
    periodKey,
    exportedAtMs: clock(),
    objectives: objectives.map((entry) => entry.value),
    keyResults: keyResults.map((entry) => entry.value),
    checkIns: perKeyResult.flatMap((entry) => entry.checkIns),
    links: perKeyResult.flatMap((entry) =>
      entry.issueIds.map((issueId): IssueKeyResultLink => ({ issueId, keyResultId: entry.keyResultId })),
    ),
  };
}

/**
 * Writes an export back: validated and checked for consistency and for ids the site has already before anything
 * is written ({@link OkrValidationError} names up to 20 problems).
 *
 * @param access where and how to write
 * @param data the export as parsed JSON (untrusted)
 */
export async function importPeriod(access: OkrImportAccess, data: unknown): Promise<OkrImportSummary> {
  const { store, okr } = access;
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
    ...exported.objectives.map(async (o) => ((await okr.getObjective(o.id)) === null ? null : o.id)),
    ...exported.keyResults.map(async (kr) => ((await okr.getKeyResult(kr.id)) === null ? null : kr.id)),
  ]);
  for (const id of taken)
    if (id !== null)
      problems.push({
        path: id,
        message: `${id} exists on this site already: import into a site without it`,
      });
  // The period's index must keep room for them (see OKR_MAX_OBJECTIVES_PER_PERIOD).
  const listed =
    (await store.get<PeriodIndex>(periodIndexKey(exported.periodKey)))?.value.objectives.length ?? 0;
  if (listed + exported.objectives.length > OKR_MAX_OBJECTIVES_PER_PERIOD)
    problems.push({
      path: 'objectives',
      message: `${exported.periodKey} would hold ${String(listed + exported.objectives.length)} objectives; at most ${String(OKR_MAX_OBJECTIVES_PER_PERIOD)} fit`,
    });
  for (const objective of exported.objectives) {
    const count = exported.keyResults.filter((kr) => kr.objectiveId === objective.id).length;
    if (count > OKR_MAX_KEY_RESULTS_PER_OBJECTIVE)
      problems.push({
        path: objective.id,
        message: `has ${String(count)} key results; at most ${String(OKR_MAX_KEY_RESULTS_PER_OBJECTIVE)} fit`,
      });
  }
  if (problems.length > 0) throw new OkrValidationError(problems.slice(0, 20), 'export');

  await forEachParallel(exported.objectives, IMPORT_PARALLEL_WRITES, (objective) =>
    store.put<Objective>(objectiveKey(objective.id), objective, null),
  );
  await forEachParallel(exported.keyResults, IMPORT_PARALLEL_WRITES, (keyResult) =>
    store.put<KeyResult>(keyResultKey(keyResult.id), keyResult, null),
  );
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
    await access.updateIndex(key, (index) =>
      entries.reduce((acc, entry) => addObjective(acc, entry.id, entry.keyResultIds), index),
    );
  await raiseSequence(access, exported);

  await forEachParallel(exported.checkIns, IMPORT_PARALLEL_WRITES, (checkIn) =>
    reserveMeasurement(store, checkIn),
  );
  await forEachParallel(exported.keyResults, IMPORT_PARALLEL_WRITES, (keyResult) =>
    writeNewPages(
      store,
      keyResult.id,
      exported.checkIns.filter((c) => c.keyResultId === keyResult.id).sort(byTime),
    ),
  );
  // Links by list, not one by one: each key result's list and each issue's list are changed once.
  const issuesByKeyResult = grouped(exported.links.map((link) => [link.keyResultId, link.issueId] as const));
  const keyResultsByIssue = grouped(exported.links.map((link) => [link.issueId, link.keyResultId] as const));
  await forEachParallel([...issuesByKeyResult], IMPORT_PARALLEL_WRITES, ([keyResultId, issueIds]) =>
    access.updateList(krLinksKey(keyResultId), (ids) => merged(ids, issueIds)),
  );
  await forEachParallel([...keyResultsByIssue], IMPORT_PARALLEL_WRITES, ([issueId, keyResultIds]) =>
    access.updateList(issueLinksKey(issueId), (ids) => {
      const next = merged(ids, keyResultIds);
      if (next.length > OKR_MAX_KEY_RESULTS_PER_ISSUE)
        throw new OkrValidationError(
          [
            {
              path: `link ${issueId}`,
              message: `the issue would serve ${String(next.length)} key results; at most ${String(OKR_MAX_KEY_RESULTS_PER_ISSUE)}`,
            },
          ],
          'export',
        );
      return next;
    }),
  );
  return {
    objectives: exported.objectives.length,
    keyResults: exported.keyResults.length,
    checkIns: exported.checkIns.length,
    links: exported.links.length,
  };
}

/** Marks an imported measurement as recorded (already marked: the key result is new, so it was this one). */
async function reserveMeasurement(store: StorePort, checkIn: CheckIn): Promise<void> {
  if (checkIn.measurementId === undefined) return;
  try {
    await store.put<MeasurementReservation>(
      measurementKey(checkIn.keyResultId, checkIn.measurementId),
      { checkInId: checkIn.id, recorded: true },
      null,
    );
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
  }
}

/** After an import, new ids continue above the imported ones. */
async function raiseSequence(access: OkrImportAccess, exported: OkrPeriodExport): Promise<void> {
  const highest = (ids: readonly string[]) => Math.max(0, ...ids.map((id) => Number(id.split('-')[1])));
  const objective = highest(exported.objectives.map((o) => o.id));
  const keyResult = highest(exported.keyResults.map((kr) => kr.id));
  await access.updateSequence((state) =>
    state.objective >= objective && state.keyResult >= keyResult
      ? state
      : {
          objective: Math.max(state.objective, objective),
          keyResult: Math.max(state.keyResult, keyResult),
        },
  );
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
  const linksPerKeyResult = new Map<string, number>();
  for (const link of exported.links) {
    if (!keyResultIds.has(link.keyResultId))
      problems.push({
        path: `link ${link.issueId}`,
        message: `its key result ${link.keyResultId} is not in the export`,
      });
    linksPerKeyResult.set(link.keyResultId, (linksPerKeyResult.get(link.keyResultId) ?? 0) + 1);
  }
  for (const [keyResultId, count] of linksPerKeyResult)
    if (count > OKR_MAX_LINKED_ISSUES_PER_KR)
      problems.push({
        path: keyResultId,
        message: `has ${String(count)} linked issues; at most ${String(OKR_MAX_LINKED_ISSUES_PER_KR)}`,
      });
  return problems;
}
