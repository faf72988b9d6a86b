/**
 * The project page from the flow facts store (issue 13): no per-user cache of whole views. A project whose facts
 * are ready is measured now (its ids searched as the user, their stored facts read); a project whose facts are
 * not ready gets its backfill started and the page is told how far it is (`backfilling`), asking again until the
 * facts are ready.
 */
import type { FlowFactsBackfillProgress, ProjectFlowAnswer } from '../contract/project-flow';
import type { FactsSyncState, FlowFactsReader } from './ports/flow-facts-port';

/** What a view needs of the flow facts: the store's reading side with the projects' state, and the backfill. */
export interface FlowFactsViews {
  /** The store (`FlowFactsStore`): `lookup` for the measurement, `readState` for the project's phase. */
  readonly reader: FlowFactsReader & {
    readState(projectId: string): Promise<FactsSyncState | null>;
  };
  /**
   * Starts the project's backfill unless it runs or is done (`ensureBackfill` of `flow-facts-sync.ts` with the
   * app's Jira, store and queue; idempotent; a failed backfill is started again a minute after it failed, until then
   * its failed state is answered) and answers its state.
   */
  readonly startBackfill: (projectId: string, projectKey: string) => Promise<FactsSyncState>;
}

/** Where the project's facts stand: `ready`, or the answer to give while they are being built (or failed). */
export async function factsReadiness(
  facts: FlowFactsViews,
  projectId: string,
  projectKey: string,
): Promise<{ readonly ready: true } | { readonly ready: false; readonly answer: ProjectFlowAnswer }> {
  const stored = await facts.reader.readState(projectId);
  // A renamed project goes through the starter, which stores the new key: views find a project's facts by it.
  if (stored?.phase === 'ready' && stored.projectKey === projectKey) return { ready: true };
  const state = await facts.startBackfill(projectId, projectKey);
  if (state.phase === 'ready') return { ready: true };
  if (state.phase === 'failed')
    return {
      ready: false,
      answer: {
        status: 'failed',
        jobId: `flow-facts-${projectId}`,
        error: {
          code: 'internal',
          detail:
            `The flow data of project ${projectKey} could not be built (${state.error ?? 'no reason given'}). ` +
            'Try again in a minute: opening the page then starts it anew.',
        },
      },
    };
  return { ready: false, answer: { status: 'backfilling', progress: backfillProgressOf(state) } };
}

/**
 * The page's progress of a backfill state: the share loaded as a whole percent (0–100, floored so it reaches 100
 * only when every issue is loaded; null while the ids are listed), never the counts themselves — they are the
 * app's counts of every issue of the project, which a viewer hidden from some by issue security must not learn.
 */
export function backfillProgressOf(state: FactsSyncState): FlowFactsBackfillProgress {
  const count = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  const total = state.total === null ? null : count(state.total);
  const loaded = total === null ? 0 : Math.min(count(state.loaded), total);
  const percent = total === null ? null : total === 0 ? 100 : Math.floor((loaded / total) * 100);
  return {
    phase: state.phase === 'listing' || state.phase === 'loading' ? state.phase : 'queued',
    percent,
    runs: count(state.runs),
    updatedAtMs: Number.isFinite(state.updatedAtMs) ? state.updatedAtMs : 0,
  };
}
