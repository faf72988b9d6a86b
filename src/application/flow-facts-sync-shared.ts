/**
 * What the flow facts sync's modules share (issue 13): the queue's messages, the dependencies, the timings, and
 * the two steps every path ends with (pushing a flush, writing changed issues' properties).
 */
import type { IssueFactsRecord } from '../domain/flow/issue-facts';
import type { FlowFactsStore } from './flow-facts-store';
import { settingsStamp } from './flow-facts-property-state';
import {
  propertySettings,
  writeFlowProperties,
  type PropertySettingsCache,
} from './flow-facts-sync-properties';
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

/**
 * A failed backfill is started again by a view only this long after it failed. Restarted at once, a backfill that
 * fails for good (the app may not browse the project) was restarted by every poll of the project page (every 2 s)
 * from its first id, and the page showed its progress bar for ever instead of the failure's cause.
 */
export const FAILED_RETRY_AFTER_MS = 60_000;

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
 * Writes the properties of records just given to the store, for those the store holds with exactly these facts
 * ({@link FlowFactsStore.heldEqual}): records a write stored but whose answer was lost (the store's retry then saw
 * them equal) get theirs too, and a record a newer one replaced meanwhile does not overwrite the newer property.
 * A failure is logged, not thrown: the facts are safe; the ids are noted stale and the nightly reconcile writes
 * them again. A write with settings other than the ones noted marks every property of the project for rewriting.
 */
export async function writePropertiesSafely(
  deps: FactsSyncDeps,
  projectId: string,
  records: readonly IssueFactsRecord[],
  cache: PropertySettingsCache,
): Promise<void> {
  if (records.length === 0) return;
  let held: readonly IssueFactsRecord[] = records;
  try {
    held = await deps.facts.heldEqual(projectId, records);
    if (held.length === 0) return;
    const names = await deps.facts.readNames();
    const stamp = settingsStamp(await propertySettings(deps, projectId, cache));
    await writeFlowProperties(deps, projectId, held, names, deps.clock(), cache);
    await deps.facts.notePropertiesWritten(projectId, stamp);
  } catch (error) {
    deps.logError?.(
      `flow-facts: the flow property of ${String(held.length)} issues of project ${projectId} was not written`,
      error,
    );
    try {
      await deps.facts.notePropertiesStale(
        projectId,
        held.map((record) => record.id),
      );
    } catch (noteError) {
      deps.logError?.(
        `flow-facts: the stale flow properties of project ${projectId} were not noted: they stay as written until the project's settings change`,
        noteError,
      );
    }
  }
}
