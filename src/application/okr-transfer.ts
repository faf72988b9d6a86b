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
  ISSUE_ID_PATTERN,
  keyResultKey,
  measurementKey,
  objectiveKey,
  OKR_MAX_KEY_RESULTS_PER_OBJECTIVE,
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
  readonly okr: Pick<OkrStorePort, 'getObjective' | 'getKeyResult' | 'linkIssue'>;
  /** Changes a period's index by compare-and-set with retry. */
  readonly updateIndex: (periodKey: string, change: (index: PeriodIndex) => PeriodIndex) => Promise<unknown>;
  /** Changes the id sequence by compare-and-set with retry. */
  readonly updateSequence: (change: (state: SequenceState) => SequenceState) => Promise<unknown>;
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

  for (const objective of exported.objectives)
    await store.put<Objective>(objectiveKey(objective.id), objective, null);
  for (const keyResult of exported.keyResults)
    await store.put<KeyResult>(keyResultKey(keyResult.id), keyResult, null);
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

  for (const keyResult of exported.keyResults) {
    const checkIns = exported.checkIns.filter((c) => c.keyResultId === keyResult.id).sort(byTime);
    for (const checkIn of checkIns) await reserveMeasurement(store, checkIn);
    await writeNewPages(store, keyResult.id, checkIns);
  }
  for (const link of exported.links) await okr.linkIssue(link.issueId, link.keyResultId);
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
      { checkInId: checkIn.id },
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
  for (const link of exported.links)
    if (!keyResultIds.has(link.keyResultId))
      problems.push({
        path: `link ${link.issueId}`,
        message: `its key result ${link.keyResultId} is not in the export`,
      });
  return problems;
}
