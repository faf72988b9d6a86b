/**
 * The daily effect-check run (scheduled trigger `effect-check-daily`): every configured improvement (the index of
 * `effect-check-store.ts`, no project search) that is in Verifying, whose due day (entered Verifying + N days, in
 * its zone) has come and that has no run for its current configuration version is checked as the app
 * ({@link runEffectCheck} with trigger `schedule`). A failure is logged and the others are still checked.
 *
 * Bounded: no new check starts once `budgetMs` of the run's time are used (Forge stops a scheduled function after
 * its `timeoutSeconds`, 900 s); the rest waits for the next day. Improvements already checked cost two store reads
 * and no Jira request; duplicated or concurrent runs post each comment once (the reservation in `runEffectCheck`).
 */
import { effectCheckStateAsApp, runEffectCheck, type EffectCheckDeps } from './effect-check';
import type { JiraServiceDeskPort } from './ports/service-desk-port';
import {
  hasRunFor,
  readEffectConfig,
  readEffectIndex,
  readEffectRuns,
  updateIndex,
} from './effect-check-store';

/** Time a run may start checks in, ms (the last one started still has time within 900 s). */
export const EFFECT_DAILY_BUDGET_MS = 600_000;

export interface EffectDailyDeps extends Omit<EffectCheckDeps, 'jira' | 'serviceDesk'> {
  /**
   * Jira as the app with its Jira Service Management reads (CSAT targets), a new client per improvement (each with
   * its own request budget).
   */
  readonly jira: () => EffectCheckDeps['jira'] & Pick<JiraServiceDeskPort, 'getRequestFeedback'>;
  /** Milliseconds since an arbitrary origin, for the budget (real time; the preview's clock may stand still). */
  readonly elapsedClock: () => number;
}

/** What one run did, issue ids in the order they were looked at. */
export interface EffectDailySummary {
  readonly checked: readonly string[];
  /** Checked already for the current configuration, or left to a concurrent run. */
  readonly skipped: readonly string[];
  /** Not in Verifying, or not due yet. */
  readonly notDue: readonly string[];
  readonly failed: readonly { readonly issueId: string; readonly message: string }[];
  /** Left for the next run: the budget was used up. */
  readonly deferred: readonly string[];
}

/** Checks every due improvement once (see the module comment); `budgetMs` bounds when checks may start. */
export async function runDailyEffectChecks(
  deps: EffectDailyDeps,
  budgetMs: number = EFFECT_DAILY_BUDGET_MS,
): Promise<EffectDailySummary> {
  const startedMs = deps.elapsedClock();
  const entries = await readEffectIndex(deps.store);
  const checked: string[] = [];
  const skipped: string[] = [];
  const notDue: string[] = [];
  const failed: { issueId: string; message: string }[] = [];
  const deferred: string[] = [];
  const gone: string[] = [];
  for (const { issueId } of entries) {
    if (deps.elapsedClock() - startedMs >= budgetMs) {
      deferred.push(issueId);
      continue;
    }
    try {
      const [{ entry, version }, runs] = await Promise.all([
        readEffectConfig(deps.store, issueId),
        readEffectRuns(deps.store, issueId),
      ]);
      if (entry?.config == null) {
        gone.push(issueId);
        continue;
      }
      if (hasRunFor(runs, version)) {
        skipped.push(issueId);
        continue;
      }
      const jira = deps.jira();
      const { state } = await effectCheckStateAsApp(deps.store, jira, issueId, deps.clock());
      if (state !== 'due') {
        notDue.push(issueId);
        continue;
      }
      const outcome = await runEffectCheck({ ...deps, jira, serviceDesk: jira }, issueId, 'schedule');
      (outcome.run === null ? skipped : checked).push(issueId);
    } catch (error) {
      deps.logError(`effect-check-daily: ${issueId} was not checked`, error);
      failed.push({ issueId, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (gone.length > 0)
    await updateIndex(deps.store, (current) => current.filter((e) => !gone.includes(e.issueId))).catch(
      (error: unknown) => {
        deps.logError('effect-check-daily: the index was not tidied', error);
      },
    );
  return { checked, skipped, notDue, failed, deferred };
}
