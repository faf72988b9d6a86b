/**
 * Scheduled trigger `flow-facts-nightly` (function `flow-facts-reconcile`, interval `day`, 900 s): the flow facts
 * store's nightly repair as the app (`application/flow-facts-sync.ts` `reconcileFacts`): per ready project the
 * issues updated since the last sync and the full id list against the stored ids (events Forge lost), then the flow
 * property of work in progress (its age grows every day). Forge calls it with `{ context: { cloudId, moduleKey },
 * contextToken }`, does not retry a failed run and ignores the answer; the handler therefore never throws: a
 * failure is logged, and the next night's run repairs again.
 */
import type { FactsSyncDeps } from '../../application/flow-facts-sync';
import { reconcileFacts } from '../../application/flow-facts-sync';

/**
 * Working time of one nightly run: 10 minutes of the function's 900 s, so a project's last flush still ends in
 * time; projects not reached are reconciled the next night.
 */
export const FLOW_FACTS_RECONCILE_BUDGET_MS = 600_000;

export interface FlowFactsScheduleDeps {
  /** The sync's ports over the app's Jira (one client per run, within the run's deadline). */
  readonly sync: () => FactsSyncDeps;
  readonly logError: (message: string, error: unknown) => void;
  /** Budget of the run in ms (default {@link FLOW_FACTS_RECONCILE_BUDGET_MS}). */
  readonly budgetMs?: number;
}

/** What the scheduled function answers (Forge ignores it; tests and the preview's log read the summary). */
export interface FlowFactsScheduleAnswer {
  readonly statusCode: 200 | 500;
  readonly summary: { readonly projects: number; readonly marked: number } | null;
}

/** Builds the scheduled function over its ports. */
export function createFlowFactsSchedule(
  deps: FlowFactsScheduleDeps,
): (event?: unknown, context?: unknown) => Promise<FlowFactsScheduleAnswer> {
  return async () => {
    try {
      const sync = deps.sync();
      // An instant on the sync's clock: reconcileFacts starts no project after it.
      const deadlineMs = sync.clock() + (deps.budgetMs ?? FLOW_FACTS_RECONCILE_BUDGET_MS);
      return { statusCode: 200, summary: await reconcileFacts(sync, { deadlineMs }) };
    } catch (error) {
      deps.logError('flow-facts-nightly: the reconcile run failed', error);
      return { statusCode: 500, summary: null };
    }
  };
}
