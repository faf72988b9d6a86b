/**
 * Scheduled trigger `okr-daily-measure` (function `okr-measure-daily`, interval `day`): measures the open
 * periods' measured key results as the app (`application/okr-measure-daily.ts`). Forge calls it with
 * `{ context: { cloudId, moduleKey }, contextToken }`, does not retry a failed run and ignores the answer; the
 * handler therefore never throws: a failure is logged, and the next day's run measures again.
 */
import {
  measureOpenKeyResults,
  type DailyMeasureDeps,
  type DailyMeasureSummary,
} from '../../application/okr-measure-daily';

export interface OkrMeasureScheduleDeps extends DailyMeasureDeps {
  /** Now, epoch ms (the day and the periods measured). */
  readonly clock: () => number;
  /** Budget of the run in ms (default {@link import('../../application/okr-measure-daily').DAILY_MEASURE_BUDGET_MS}). */
  readonly budgetMs?: number;
}

/** What the scheduled function answers (Forge ignores it; tests and the preview's log read the summary). */
export interface OkrMeasureScheduleAnswer {
  readonly statusCode: 200 | 500;
  readonly summary: DailyMeasureSummary | null;
}

/** Builds the scheduled function over its ports. */
export function createOkrMeasureSchedule(
  deps: OkrMeasureScheduleDeps,
): (event?: unknown, context?: unknown) => Promise<OkrMeasureScheduleAnswer> {
  return async () => {
    try {
      const summary = await measureOpenKeyResults(deps, deps.clock(), deps.budgetMs);
      return { statusCode: 200, summary };
    } catch (error) {
      // Reading the periods failed (the store): nothing was measured; tomorrow's run tries again.
      deps.logError('okr-daily-measure: the run failed before measuring', error);
      return { statusCode: 500, summary: null };
    }
  };
}
