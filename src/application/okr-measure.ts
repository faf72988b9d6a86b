/**
 * Key results that measure themselves: the current value of a `measured` key result (flow metric, issue count,
 * issue progress) computed from Jira and recorded as a check-in of source `measured`, and, for the relative kinds,
 * the baseline measured once over the baseline period and kept on the key result.
 *
 * Measurement ids (the OKR store records one id once, see {@link measurementIdFor}): the daily run records
 * `measured:<local day>`, so it and its retries record one value per key result and day; a measurement asked for
 * on the OKR page records `measured:<local day>T<HH:mm>`, so it lands next to the day's scheduled value (a second
 * click in the same minute is recorded once). Days and minutes are read in the objective's period zone.
 *
 * Who measures decides what is counted, so both the daily run and "measure now" on the OKR page pass the app's
 * Jira client: a value (and the baseline stored for everyone) is a shared aggregate computed by the app, never one
 * that depends on what the person asking may browse.
 */
import { JqlRefinementError } from '../domain/flow/jql-scope';
import { isRelativeKind } from '../domain/okr/baseline';
import {
  measuredSpan,
  measurementIdFor,
  type MeasuredSpan,
  type MeasurementTrigger,
} from '../domain/okr/measure';
import { isPeriodClosed, periodKey } from '../domain/okr/period';
import type { CheckIn, KeyResult, KeyResultKind, Objective, OkrPeriod } from '../domain/okr/types';
import { JiraBadRequestError, JiraNotFoundError } from './errors';
import { requireOnDemandMeasurementAllowed } from './okr-daily-limits';
import {
  KeyResultMeasureError,
  measureCsatAverage,
  measureFlowMetric,
  measureIssueCount,
  measureIssueProgress,
  type KindDeps,
  type KindValue,
} from './okr-measure-kinds';
import {
  OkrConflictError,
  OkrNotFoundError,
  type OkrStorePort,
  type Versioned,
} from './ports/okr-store-port';

export { KeyResultMeasureError, type MeasureFailureCause } from './okr-measure-kinds';

/** The author recorded on measured check-ins. */
export const MEASURED_AUTHOR = 'app';

/** What measuring needs: Jira as whoever measures, the app's store (flow settings), the OKR store. */
export interface MeasureDeps extends KindDeps {
  readonly okr: OkrStorePort;
}

/** The objective's period has ended: its values no longer change (answered `period-closed`). */
export class OkrPeriodEndedError extends Error {
  override readonly name = 'OkrPeriodEndedError';
  constructor(readonly periodKey: string) {
    super(`The period ${periodKey} has ended: its key results are no longer measured.`);
  }
}

/** A recorded measurement. */
export interface KeyResultMeasurement {
  /** The key result as stored after the measurement (with the baseline, when one was stored). */
  readonly keyResult: Versioned<KeyResult>;
  readonly objective: Versioned<Objective>;
  /** The value recorded (unit of the key result). */
  readonly value: number;
  /** The baseline (flow metric, issue count) once measured; null otherwise. */
  readonly baselineValue: number | null;
  /** Issues the current value was computed from. */
  readonly issueCount: number;
  /** The check-in as stored; for a duplicate measurement id, the id of the earlier one. */
  readonly checkIn: CheckIn;
  /** True when this measurement id was recorded before (nothing new was written). */
  readonly duplicate: boolean;
}

/** The measurement id a measurement of `trigger` at `nowMs` records for a key result in `period`. */
export function measurementIdOf(trigger: MeasurementTrigger, period: OkrPeriod, nowMs: number): string {
  return measurementIdFor(trigger, nowMs, period.timeZone);
}

/**
 * Measures a key result at `nowMs` (epoch ms) and records the value as a check-in of source `measured`
 * (author {@link MEASURED_AUTHOR}, measurement id per {@link measurementIdOf}). A flow-metric or issue-count key
 * result without a baseline gets it first, once its baseline period has ended, stored on the key result with its
 * version (a concurrent edit wins: the baseline is then measured again next time).
 *
 * @throws OkrNotFoundError (key result or objective missing or archived), OkrPeriodEndedError,
 *   KeyResultMeasureError (not measured, not started, invalid JQL, no value yet, scope too large or not found),
 *   the Jira port's typed errors.
 */
export async function measureKeyResult(
  deps: MeasureDeps,
  keyResultId: string,
  nowMs: number,
  trigger: MeasurementTrigger = 'on-demand',
): Promise<KeyResultMeasurement> {
  const keyResult = await deps.okr.getKeyResult(keyResultId);
  if (keyResult === null || keyResult.value.archived) throw new OkrNotFoundError(keyResultId);
  const objective = await deps.okr.getObjective(keyResult.value.objectiveId);
  if (objective === null || objective.value.archived) throw new OkrNotFoundError(keyResult.value.objectiveId);
  const period = objective.value.period;
  if (isPeriodClosed(period, nowMs)) throw new OkrPeriodEndedError(periodKey(period));
  if (keyResult.value.source !== 'measured')
    throw new KeyResultMeasureError(
      'not-measured',
      `${keyResultId} takes ${keyResult.value.source} values: only issue progress, flow metrics, issue counts and CSAT are measured from Jira.`,
    );
  const span = measuredSpan(period, nowMs);
  if (span === null)
    throw new KeyResultMeasureError(
      'not-started',
      `The period ${periodKey(period)} has not begun: ${keyResultId} is measured from its first day on.`,
    );
  // Before Jira is asked: a refused click costs one history read, not a measurement.
  if (trigger === 'on-demand') await requireOnDemandMeasurementAllowed(deps.okr, keyResultId, nowMs);
  const measuring = await withJqlErrors(() =>
    measureWithBaseline(deps, keyResult, span, period.timeZone, nowMs),
  );
  if (measuring.current.value === null)
    throw new KeyResultMeasureError(
      'no-value',
      `No issue of the scope finished between ${span.firstDate} and ${span.lastDate}, so ${keyResultId} has no value yet: it is measured again daily.`,
    );
  const appended = await deps.okr.appendCheckIn({
    keyResultId,
    value: measuring.current.value,
    note: '',
    author: MEASURED_AUTHOR,
    atMs: nowMs,
    source: 'measured',
    measurementId: measurementIdOf(trigger, period, nowMs),
  });
  return {
    keyResult: measuring.keyResult,
    objective,
    value: measuring.current.value,
    baselineValue: baselineOf(measuring.keyResult.value.kind),
    issueCount: measuring.current.issueCount,
    checkIn: appended.checkIn,
    duplicate: appended.duplicate,
  };
}

/** The stored baseline of a relative kind; null for other kinds or while not measured. */
function baselineOf(kind: KeyResultKind): number | null {
  return isRelativeKind(kind) && kind.baselineValue !== undefined ? kind.baselineValue : null;
}

async function measureWithBaseline(
  deps: MeasureDeps,
  keyResult: Versioned<KeyResult>,
  span: MeasuredSpan,
  timeZone: string,
  nowMs: number,
): Promise<{ readonly keyResult: Versioned<KeyResult>; readonly current: KindValue }> {
  const kind = keyResult.value.kind;
  switch (kind.type) {
    case 'issueProgress':
      return {
        keyResult,
        current: await measureIssueProgress(deps, kind, () => deps.okr.issuesOf(keyResult.value.id)),
      };
    case 'flowMetric':
    case 'issueCount':
    case 'csat': {
      // Issue counts and CSAT search by instants written in the searcher's zone (JQL dates are read in it).
      const searcherTimeZone =
        kind.type === 'flowMetric' ? timeZone : ((await deps.jira.getMyself()).timeZone ?? 'UTC');
      const measure = (of: MeasuredSpan): Promise<KindValue> =>
        kind.type === 'flowMetric'
          ? measureFlowMetric(deps, kind, of, timeZone)
          : kind.type === 'issueCount'
            ? measureIssueCount(deps, kind, of, searcherTimeZone)
            : measureCsatAverage(deps, kind, of, timeZone, searcherTimeZone);
      let stored = keyResult;
      if (kind.baselineValue === undefined) {
        const baselineSpan = measuredSpan(kind.baselinePeriod, nowMs);
        // Only a baseline period that has ended gives the baseline; until then the value is recorded without one.
        if (baselineSpan?.complete === true) {
          const baseline = await measure(baselineSpan);
          if (baseline.value !== null) stored = await storeBaseline(deps.okr, keyResult, baseline.value);
        }
      }
      return { keyResult: stored, current: await measure(span) };
    }
    default:
      throw new KeyResultMeasureError(
        'not-measured',
        `${keyResult.value.id} is a ${kind.type} key result: only issue progress, flow metrics, issue counts and CSAT are measured from Jira.`,
      );
  }
}

/** The kind without its baseline: what the baseline was measured for. */
function definitionOf(kind: KeyResultKind): string {
  if (!isRelativeKind(kind)) return JSON.stringify(kind);
  return JSON.stringify({ ...kind, baselineValue: null });
}

/**
 * Stores the baseline on the key result (versioned). When someone else changed the key result meanwhile it is read
 * again: a baseline stored by them is kept; a changed definition (scope, metric, baseline period) gets none now
 * (measured next time, for the new definition); otherwise the update is tried again.
 */
async function storeBaseline(
  okr: OkrStorePort,
  measured: Versioned<KeyResult>,
  baselineValue: number,
): Promise<Versioned<KeyResult>> {
  const definition = definitionOf(measured.value.kind);
  let current = measured;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const kind = current.value.kind;
    if (!isRelativeKind(kind)) return current;
    if (kind.baselineValue !== undefined || definitionOf(kind) !== definition) return current;
    try {
      return await okr.updateKeyResult(current.value.id, current.version, {
        kind: { ...kind, baselineValue },
      });
    } catch (error) {
      if (!(error instanceof OkrConflictError)) throw error;
      const reread = await okr.getKeyResult(current.value.id);
      if (reread === null) throw new OkrNotFoundError(current.value.id);
      current = reread;
    }
  }
  return current;
}

/**
 * Turns what Jira or the app says about a JQL into a measure failure naming it: the app's own check of the JQL,
 * Jira's 400 with its messages (a field or value that does not exist, a syntax error), and a project Jira does
 * not show the measurer.
 */
async function withJqlErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JqlRefinementError)
      throw new KeyResultMeasureError('invalid-jql', `The JQL is invalid: ${error.message}`);
    if (error instanceof JiraBadRequestError)
      throw new KeyResultMeasureError(
        'invalid-jql',
        `Jira refused the JQL: ${error.jiraMessages.length > 0 ? error.jiraMessages.join('; ') : error.message}. Correct the key result's JQL.`,
      );
    if (error instanceof JiraNotFoundError)
      throw new KeyResultMeasureError(
        'scope-not-found',
        `The key result's project does not exist or is not visible to whoever measures: ${error.message}`,
      );
    throw error;
  }
}
