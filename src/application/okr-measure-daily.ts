/**
 * The daily measurement run (scheduled trigger `okr-daily-measure`): every non-archived `measured` key result of
 * the open periods is measured as the app and its value recorded with the day's measurement id
 * (`measured:<local day>`), so a retried or repeated run records one value per key result and day.
 *
 * Bounded: the run starts no new measurement once `budgetMs` of its time are used (Forge stops a scheduled
 * function after its `timeoutSeconds`, 900 s at most), and what is left is measured on the next day's run. The
 * order turns by one place each day, so a site with more key results than one run measures does not starve the
 * same ones every day. Key results already measured today cost one store read and no Jira request; a reservation
 * whose check-in was never recorded (its writer stopped between reserving and appending) is measured again once
 * its lease ran out, so the day's value is not lost.
 *
 * Periods looked at: the quarters around now (those holding now in any time zone) and the custom periods the
 * app remembered when objectives were saved in them (`okr-period-keys`); an objective counts when its period has
 * begun and not ended at `nowMs`.
 */
import { localDayNumber } from '../domain/flow/calendar';
import { measuredSpan } from '../domain/okr/measure';
import { isPeriodClosed } from '../domain/okr/period';
import type { KeyResult, Objective, OkrPeriod } from '../domain/okr/types';
import { measureKeyResult, measurementIdOf } from './okr-measure';
import { PERIOD_KEYS_KEY } from './okr-periods';
import { MEASUREMENT_LEASE_MS, measurementKey, type MeasurementReservation } from './okr-store-keys';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';
import type { OkrStorePort } from './ports/okr-store-port';
import type { StorePort } from './ports/store-port';

/** Time a run may start measurements in, ms: the last one started still has time within Forge's 900 s. */
export const DAILY_MEASURE_BUDGET_MS = 600_000;

/** What the run needs. */
export interface DailyMeasureDeps {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Jira as the app, a new client per key result (each with its own request budget). */
  readonly jira: () => JiraPort;
  /** Milliseconds since an arbitrary origin, for the budget (real time; the preview's clock may stand still). */
  readonly elapsedClock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** The flow facts store (issue 13): flow-metric key results are measured from it. Absent: live from Jira. */
  readonly facts?: FlowFactsReader;
}

/** What one run did, key result ids in the order they were looked at. */
export interface DailyMeasureSummary {
  readonly measured: readonly string[];
  /** Measured today already (by an earlier run). */
  readonly alreadyMeasured: readonly string[];
  /** Reserved for today by another writer within its lease and not yet recorded: most likely being appended now. */
  readonly pending: readonly string[];
  readonly failed: readonly { readonly keyResultId: string; readonly message: string }[];
  /** Left for the next run: the budget was used up. */
  readonly deferred: readonly string[];
}

/** The quarters holding `nowMs` somewhere on Earth (UTC−12 to UTC+14), e.g. `['2026-Q4']` or two at a turn. */
export function quartersAround(nowMs: number): readonly string[] {
  const keys = new Set<string>();
  for (const shiftHours of [-12, 0, 14]) {
    const date = new Date(nowMs + shiftHours * 3_600_000);
    keys.add(`${String(date.getUTCFullYear())}-Q${String(Math.floor(date.getUTCMonth() / 3) + 1)}`);
  }
  return [...keys];
}

interface Candidate {
  readonly keyResult: KeyResult;
  readonly period: OkrPeriod;
}

/** The measured key results of the objectives open at `nowMs`, by key result number. */
async function openMeasuredKeyResults(deps: DailyMeasureDeps, nowMs: number): Promise<Candidate[]> {
  const remembered =
    (await deps.store.get<{ readonly periods: readonly { readonly periodKey: string }[] }>(PERIOD_KEYS_KEY))
      ?.value.periods ?? [];
  const periodKeys = new Set([...quartersAround(nowMs), ...remembered.map((entry) => entry.periodKey)]);
  const candidates: Candidate[] = [];
  for (const periodKey of periodKeys) {
    const content = await deps.okr.listPeriod(periodKey);
    const open = new Map<string, Objective>();
    for (const { value: objective } of content.objectives)
      // An archived objective hides its key results: they are not measured (measuring one would fail as not found).
      if (
        !objective.archived &&
        measuredSpan(objective.period, nowMs) !== null &&
        !isPeriodClosed(objective.period, nowMs)
      )
        open.set(objective.id, objective);
    for (const { value: keyResult } of content.keyResults) {
      const objective = open.get(keyResult.objectiveId);
      if (objective !== undefined && keyResult.source === 'measured' && !keyResult.archived)
        candidates.push({ keyResult, period: objective.period });
    }
  }
  return candidates.sort((a, b) => numberOf(a.keyResult.id) - numberOf(b.keyResult.id));
}

function numberOf(keyResultId: string): number {
  return Number(keyResultId.slice(keyResultId.indexOf('-') + 1));
}

/**
 * Measures every open measured key result once for the day at `nowMs` (epoch ms), as the app. A failure is
 * logged and the others are still measured.
 */
export async function measureOpenKeyResults(
  deps: DailyMeasureDeps,
  nowMs: number,
  budgetMs: number = DAILY_MEASURE_BUDGET_MS,
): Promise<DailyMeasureSummary> {
  const startedMs = deps.elapsedClock();
  const candidates = await openMeasuredKeyResults(deps, nowMs);
  const turn = candidates.length === 0 ? 0 : localDayNumber(nowMs, 'UTC') % candidates.length;
  const ordered = [...candidates.slice(turn), ...candidates.slice(0, turn)];
  const measured: string[] = [];
  const alreadyMeasured: string[] = [];
  const pending: string[] = [];
  const failed: { keyResultId: string; message: string }[] = [];
  const deferred: string[] = [];
  for (const { keyResult, period } of ordered) {
    const id = keyResult.id;
    if (deps.elapsedClock() - startedMs >= budgetMs) {
      deferred.push(id);
      continue;
    }
    try {
      const reserved = await deps.store.get<MeasurementReservation>(
        measurementKey(id, measurementIdOf('daily', period, nowMs)),
      );
      // Measured only once its check-in is recorded: an orphaned reservation (the writer stopped before
      // appending) is measured again, and the store takes it over once its lease ran out.
      if (reserved?.value.recorded === true) {
        alreadyMeasured.push(id);
        continue;
      }
      if (reserved !== null && nowMs - (reserved.value.reservedAtMs ?? 0) < MEASUREMENT_LEASE_MS) {
        pending.push(id);
        continue;
      }
      const result = await measureKeyResult(
        {
          jira: deps.jira(),
          store: deps.store,
          okr: deps.okr,
          ...(deps.facts === undefined ? {} : { facts: deps.facts }),
        },
        id,
        nowMs,
        'daily',
      );
      (result.duplicate ? alreadyMeasured : measured).push(id);
    } catch (error) {
      deps.logError(`okr-daily-measure: ${id} was not measured`, error);
      failed.push({ keyResultId: id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { measured, alreadyMeasured, pending, failed, deferred };
}
