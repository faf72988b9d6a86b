/**
 * A queue of background work: work that does not fit a resolver's 25 s or must not hold up a trigger (the flow
 * facts' backfill runs and flushes, feedback replies) is pushed here and run by a consumer with a longer limit
 * (Forge: `consumer` module, up to 900 s).
 *
 * Implementations: `adapters/queue/memory-queue.ts` (tests, preview: runs the consumer in-process),
 * `adapters/queue/forge-queue.ts` (`@forge/events` `Queue`).
 */
export interface QueuePort<M extends QueueMessage = QueueMessage> {
  /**
   * Enqueues one message; resolves once the queue accepted it (not when it ran). With `delaySeconds` (0–900, as
   * Forge's `delayInSeconds`) the consumer runs no earlier than that: how issue events are coalesced.
   */
  push(message: M, options?: QueuePushOptions): Promise<void>;

  /**
   * Enqueues up to {@link QUEUE_MAX_EVENTS_PER_PUSH} messages in one request (Forge: one `push` of an array, at
   * most 50 events and 200 KB together). Optional: without it, callers push one by one.
   */
  pushBatch?(messages: readonly M[]): Promise<void>;
}

/** Options of one push. */
export interface QueuePushOptions {
  /** Seconds before the message may run (whole seconds, 0–{@link QUEUE_MAX_DELAY_SECONDS}). */
  readonly delaySeconds?: number;
}

/** Longest delay Forge's queue takes (`delayInSeconds`: 900). */
export const QUEUE_MAX_DELAY_SECONDS = 900;

/** Most events one push may carry (`@forge/events`: 50). */
export const QUEUE_MAX_EVENTS_PER_PUSH = 50;

/** Any message: JSON with an id (Forge's queue bodies are `Record<string, unknown>`, ≤ 200 KB a push). */
export interface QueueMessage {
  readonly jobId: string;
  readonly [field: string]: unknown;
}

/** Handles one message (the consumer); what it answers (e.g. whether to try again) is the queue's to read or ignore. */
export type QueueConsumer<M extends QueueMessage = QueueMessage> = (message: M) => Promise<unknown>;
