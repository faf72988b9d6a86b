/**
 * Periods of the OKR views: which periods exist (the period picker), which are closed, and closing one with its
 * grading. A closed period is stored once under `okr-closed:<periodKey>` (created with "must not exist", so two
 * admins closing at once cannot both grade); from then on its objectives, key results and values do not change.
 * `okr-period-keys` lists the periods objectives were saved in through the app (custom dates included), so the
 * picker finds them without scanning the store.
 */
import type { OkrPeriodOption } from '../contract/okr';
import { periodBounds, periodKey as keyOfPeriod, previousQuarter } from '../domain/okr/period';
import { gradeObjective, summarizeKeyResult, type ObjectiveGrading } from '../domain/okr/progress';
import type { OkrPeriod } from '../domain/okr/types';
import { periodIndexKey, type PeriodIndex } from './okr-store-keys';
import { OkrValidationError, type OkrStorePort } from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import type { StatusThresholds } from '../domain/okr/progress';

export const PERIOD_KEYS_KEY = 'okr-period-keys';
export const closedPeriodKey = (periodKey: string) => `okr-closed:${periodKey}`;

/** A closed period: when, by whom, and each objective's grading. */
export interface OkrPeriodClosure {
  readonly periodKey: string;
  readonly closedAtMs: number;
  readonly closedByAccountId: string;
  readonly gradings: Readonly<Record<string, ObjectiveGrading>>;
}

interface PeriodRegistry {
  readonly periods: readonly { readonly periodKey: string; readonly period: OkrPeriod }[];
}

/** The period was closed (graded): its objectives and values no longer change. */
export class OkrPeriodClosedError extends Error {
  override readonly name = 'OkrPeriodClosedError';
  constructor(readonly periodKey: string) {
    super(
      `The period ${periodKey} is closed and graded: its objectives, key results and values no longer change.`,
    );
  }
}

/** The closure of a period, null while it is open. */
export async function readClosure(store: StorePort, periodKey: string): Promise<OkrPeriodClosure | null> {
  return (await store.get<OkrPeriodClosure>(closedPeriodKey(periodKey)))?.value ?? null;
}

/** @throws OkrPeriodClosedError when the period is closed. */
export async function requireOpenPeriod(store: StorePort, period: OkrPeriod): Promise<void> {
  const key = keyOfPeriod(period);
  if ((await readClosure(store, key)) !== null) throw new OkrPeriodClosedError(key);
}

/** The quarter holding `nowMs` in `timeZone`, e.g. `2026-Q4`. */
export function currentQuarter(nowMs: number, timeZone: string): OkrPeriod {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(nowMs));
  const year = parts.find((part) => part.type === 'year')?.value ?? '1970';
  const month = Number(parts.find((part) => part.type === 'month')?.value ?? '1');
  return { kind: 'quarter', quarter: `${year}-Q${String(Math.ceil(month / 3))}`, timeZone };
}

/** Records that objectives exist in `period` (for the picker); nothing happens when it is known. */
export async function rememberPeriod(store: StorePort, period: OkrPeriod): Promise<void> {
  const key = keyOfPeriod(period);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const stored = await store.get<PeriodRegistry>(PERIOD_KEYS_KEY);
    const periods = stored?.value.periods ?? [];
    if (periods.some((entry) => entry.periodKey === key)) return;
    try {
      await store.put<PeriodRegistry>(
        PERIOD_KEYS_KEY,
        { periods: [...periods, { periodKey: key, period }] },
        stored?.version ?? null,
      );
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
}

/**
 * The periods to offer: the remembered ones and the quarters from four before to one after `current`, each with
 * its objective count (from the period index, archived ones included) and whether it is closed; periods without
 * objectives are left out except `current` and `requested`. Sorted by start, newest first.
 */
export async function periodOptions(
  store: StorePort,
  current: OkrPeriod,
  requested: OkrPeriod,
): Promise<readonly OkrPeriodOption[]> {
  const candidates = new Map<string, OkrPeriod>();
  const registry = (await store.get<PeriodRegistry>(PERIOD_KEYS_KEY))?.value.periods ?? [];
  for (const entry of registry) candidates.set(entry.periodKey, entry.period);
  if (current.kind === 'quarter') {
    let quarter = current.quarter;
    const next = nextQuarter(quarter);
    candidates.set(next, { ...current, quarter: next });
    for (let back = 0; back <= 4; back += 1) {
      if (!candidates.has(quarter)) candidates.set(quarter, { ...current, quarter });
      quarter = previousQuarter(quarter);
    }
  }
  candidates.set(keyOfPeriod(current), current);
  candidates.set(keyOfPeriod(requested), requested);
  const keep = new Set([keyOfPeriod(current), keyOfPeriod(requested)]);
  const options = await Promise.all(
    [...candidates].map(async ([periodKey, period]) => {
      const [index, closure] = await Promise.all([
        store.get<PeriodIndex>(periodIndexKey(periodKey)),
        store.get<OkrPeriodClosure>(closedPeriodKey(periodKey)),
      ]);
      return {
        periodKey,
        period,
        objectiveCount: index?.value.objectives.length ?? 0,
        closed: closure !== null,
      };
    }),
  );
  return options
    .filter((option) => option.objectiveCount > 0 || keep.has(option.periodKey))
    .sort((a, b) => startOf(b.period) - startOf(a.period) || a.periodKey.localeCompare(b.periodKey));
}

function startOf(period: OkrPeriod): number {
  try {
    return periodBounds(period).startMs;
  } catch {
    return 0;
  }
}

function nextQuarter(quarter: string): string {
  const [year = '1970', q = '1'] = quarter.split('-Q');
  return q === '4' ? `${String(Number(year) + 1)}-Q1` : `${year}-Q${String(Number(q) + 1)}`;
}

/**
 * Closes a period: grades every objective of it (archived ones too, for the record) from its key results'
 * progress at `nowMs`, and stores the grading once.
 *
 * @throws OkrValidationError while the period has not ended; OkrPeriodClosedError when it was closed already.
 */
export async function closePeriod(
  deps: { readonly store: StorePort; readonly okr: OkrStorePort },
  periodKey: string,
  nowMs: number,
  closedByAccountId: string,
  thresholds: StatusThresholds,
): Promise<OkrPeriodClosure> {
  if ((await readClosure(deps.store, periodKey)) !== null) throw new OkrPeriodClosedError(periodKey);
  const content = await deps.okr.listPeriod(periodKey, { includeArchived: true });
  if (content.objectives.length === 0)
    throw new OkrValidationError(
      [{ path: 'periodKey', message: `${periodKey} has no objectives: there is nothing to grade` }],
      'period',
    );
  const gradings: Record<string, ObjectiveGrading> = {};
  // Every history at once: one objective after another took a round of KVS reads each, and a full period (400
  // objectives) some 25 s, the resolver's whole budget.
  const gradedKeyResults = content.keyResults.filter((entry) => !entry.value.archived);
  const histories = new Map(
    await Promise.all(
      gradedKeyResults.map(async ({ value: kr }) => [kr.id, await deps.okr.checkIns(kr.id)] as const),
    ),
  );
  for (const { value: objective } of content.objectives) {
    const keyResults = gradedKeyResults.filter((entry) => entry.value.objectiveId === objective.id);
    const progress = keyResults.map(({ value: kr }) => ({
      keyResultId: kr.id,
      weight: kr.weight,
      progress: summarizeKeyResult(kr, histories.get(kr.id) ?? [], objective.period, nowMs, thresholds)
        .progress,
    }));
    try {
      gradings[objective.id] = gradeObjective(objective, progress, nowMs);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new OkrValidationError(
        [
          {
            path: 'periodKey',
            message: `${periodKey} has not ended yet: close it once its last day is over`,
          },
        ],
        'period',
      );
    }
  }
  const closure: OkrPeriodClosure = { periodKey, closedAtMs: nowMs, closedByAccountId, gradings };
  try {
    await deps.store.put<OkrPeriodClosure>(closedPeriodKey(periodKey), closure, null);
  } catch (error) {
    if (error instanceof StoreConflictError) throw new OkrPeriodClosedError(periodKey);
    throw error;
  }
  return closure;
}
