/**
 * Scheduled trigger `effect-check-daily` (function `effect-check-daily`, interval `day`): checks the effect of
 * every improvement due for it as the app (`application/effect-check-daily.ts`). Forge calls it with
 * `{ context: { cloudId, moduleKey }, contextToken }`, does not retry a failed run and ignores the answer; the
 * handler therefore never throws: a failure is logged, and the next day's run checks again.
 */
import {
  runDailyEffectChecks,
  type EffectDailyDeps,
  type EffectDailySummary,
} from '../../application/effect-check-daily';

export interface EffectCheckScheduleDeps extends EffectDailyDeps {
  /** Budget of the run in ms (default {@link import('../../application/effect-check-daily').EFFECT_DAILY_BUDGET_MS}). */
  readonly budgetMs?: number;
}

/** What the scheduled function answers (Forge ignores it; tests and the preview's log read the summary). */
export interface EffectCheckScheduleAnswer {
  readonly statusCode: 200 | 500;
  readonly summary: EffectDailySummary | null;
}

/** Builds the scheduled function over its ports. */
export function createEffectCheckSchedule(
  deps: EffectCheckScheduleDeps,
): (event?: unknown, context?: unknown) => Promise<EffectCheckScheduleAnswer> {
  return async () => {
    try {
      return { statusCode: 200, summary: await runDailyEffectChecks(deps, deps.budgetMs) };
    } catch (error) {
      // Reading the index failed (the store): nothing was checked; tomorrow's run tries again.
      deps.logError('effect-check-daily: the run failed before checking', error);
      return { statusCode: 500, summary: null };
    }
  };
}
