/**
 * What the flow facts sync's modules share (issue 13): the queue's messages, the dependencies, the timings, and
 * the two steps every path ends with (pushing a flush, writing changed issues' properties).
 */
import type { IssueFactsRecord } from '../domain/flow/issue-facts';
import type { FlowFactsStore } from './flow-facts-store';
import { writeFlowProperties, type PropertySettingsCache } from './flow-facts-sync-properties';
import { FLOW_CHANGELOG_BATCH } from './load-flow-issues';
import type { JiraPort } from './ports/jira-port';
import type { QueuePort } from './ports/queue-port';
import type { StorePort } from './ports/store-port';

/** A message of the `flow-facts` queue. */
export type FactsMessage =
  | { kind: 'facts-backfill'; jobId: string; projectId: string; step: number }
  | { kind: 'facts-flush'; jobId: string; projectId: string };

/** What the sync needs. Jira is the app's (`asApp`): facts are the same for everyone, views filter per user. */
export interface FactsSyncDeps {
  readonly jiraApp: JiraPort;
  readonly store: StorePort;
  readonly facts: FlowFactsStore;
  readonly queue: QueuePort<FactsMessage>;
  /** Now, epoch ms. */
  readonly clock: () => number;
  /** How long one backfill run works before it chains the next (default {@link DEFAULT_RUN_BUDGET_MS}). */
  readonly runBudgetMs?: number;
  /** Time zone of the default calendar for projects without saved settings (default `UTC`). */
  readonly defaultTimeZone?: string;
  /** Told about failures the sync gets past by itself (a property write); default: none. */
  readonly logError?: (message: string, error: unknown) => void;
}

/** Seconds an issue event waits in the queue before its flush runs: later events of the same burst join it. */
export const FLUSH_DELAY_SECONDS = 10;

/** Seconds a flush waits again while its project's backfill is still running. */
export const FLUSH_BACKFILL_WAIT_SECONDS = 60;

/** One backfill run's working time: 600 s of the consumer's 900 s, so a slow last batch still ends in time. */
export const DEFAULT_RUN_BUDGET_MS = 600_000;

/**
 * A backfill without progress for this long is taken as dead (its consumer run was killed or its message lost)
 * and restarted from its cursor: longer than one consumer run (900 s) plus the queue's delay.
 */
export const BACKFILL_STALL_MS = 16 * 60_000;

/** Issue ids a backfill step loads at a time: one changelog bulk fetch, at most 1,000 issues held. */
export const BACKFILL_BATCH = FLOW_CHANGELOG_BATCH;

export const PROJECT_ID = /^[0-9]+$/;

export function checkProjectId(projectId: string): void {
  if (!PROJECT_ID.test(projectId))
    throw new RangeError(
      `"${projectId}" is no Jira project id (digits): flow facts are kept per project id.`,
    );
}

/** Pushes a flush of the project's pending ids. */
export async function pushFlush(deps: FactsSyncDeps, projectId: string, delaySeconds: number): Promise<void> {
  await deps.queue.push(
    { kind: 'facts-flush', jobId: `facts-flush:${projectId}:${String(deps.clock())}`, projectId },
    { delaySeconds },
  );
}

/**
 * Writes the properties of changed records after their facts are stored. A failure is logged, not thrown: the
 * facts are safe, and the nightly reconcile writes the properties of work in progress again.
 */
export async function writePropertiesSafely(
  deps: FactsSyncDeps,
  projectId: string,
  changed: readonly IssueFactsRecord[],
  cache: PropertySettingsCache,
): Promise<void> {
  if (changed.length === 0) return;
  try {
    const names = await deps.facts.readNames();
    await writeFlowProperties(deps, projectId, changed, names, deps.clock(), cache);
  } catch (error) {
    deps.logError?.(
      `flow-facts: the flow property of ${String(changed.length)} issues of project ${projectId} was not written`,
      error,
    );
  }
}
