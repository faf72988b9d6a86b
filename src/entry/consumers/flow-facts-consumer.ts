/**
 * The queue consumer of the flow facts store (manifest `consumer` `flow-facts-consumer`, queue `flow-facts` →
 * function `flow-facts-worker`, 900 s): one run of a project's backfill (`facts-backfill`, chained until done) or a
 * flush of the issues issue events marked (`facts-flush`, pushed with a short delay to coalesce them). It runs as
 * the app; the work itself is `application/flow-facts-sync.ts` `runFactsMessage`.
 *
 * A message that failed for a transient reason (Jira or the store unavailable or rate-limited) is handed back to
 * Forge with an `InvocationError`, so it is delivered again after a growing wait. Redelivery is safe: a backfill
 * message whose step is no longer the stored one does nothing, and a flush re-reads from Jira whatever is pending.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import * as v from 'valibot';
import type { FactsMessage } from '../../application/flow-facts-sync';
import { eventRetryAfterSeconds } from '../triggers/issue-event-trigger';
import { isTransientJobFailure } from './transient-failure';

/** The queue key of the flow facts store (manifest `consumer` `flow-facts-consumer`). */
export const FLOW_FACTS_QUEUE_KEY = 'flow-facts';

/**
 * Redeliveries the consumer asks Forge for at most (waits of about 10 s, 20 s, 40 s, 80 s, 160 s): a chained
 * backfill must not end on one bad minute of Jira; after these the project's state says what failed and the next
 * view starts the backfill again.
 */
export const FLOW_FACTS_MAX_RETRIES = 5;

const ProjectId = v.pipe(v.string(), v.regex(/^[0-9]{1,18}$/, 'a Jira project id (digits)'));
const JobId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/** The messages of the `flow-facts` queue, as `flow-facts-sync.ts` pushes them. */
export const FactsMessageSchema = v.variant('kind', [
  v.object({
    kind: v.literal('facts-backfill'),
    jobId: JobId,
    projectId: ProjectId,
    step: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({ kind: v.literal('facts-flush'), jobId: JobId, projectId: ProjectId }),
]);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The flow facts message of a Forge async event (`event.body`), or null when it is not a valid one. */
export function factsMessageOfEvent(event: unknown): FactsMessage | null {
  const parsed = v.safeParse(FactsMessageSchema, field(event, 'body'));
  return parsed.success ? parsed.output : null;
}

/**
 * The consumer function Forge calls with an async event (`{ body, retryContext? }`): validates the message, runs it
 * (`run`, i.e. `runFactsMessage` over the app's ports) and answers an `InvocationError` (Forge delivers the event
 * again after `retryAfter` seconds) when it failed for a transient reason and fewer than
 * {@link FLOW_FACTS_MAX_RETRIES} retries were asked for; otherwise nothing (the failure is logged).
 */
export function createFlowFactsConsumer(deps: {
  readonly run: (message: FactsMessage) => Promise<void>;
  readonly logError: (message: string, error: unknown) => void;
}): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    const message = factsMessageOfEvent(event);
    if (message === null) {
      deps.logError('flow facts event without a valid message (kind, jobId, projectId, step)', event);
      return undefined;
    }
    try {
      await deps.run(message);
      return undefined;
    } catch (error) {
      const transient = isTransientJobFailure(error);
      const retryCount = field(field(event, 'retryContext'), 'retryCount');
      const retries = typeof retryCount === 'number' ? retryCount : 0;
      const retry = transient && retries < FLOW_FACTS_MAX_RETRIES;
      deps.logError(
        `flow facts ${message.kind} of project ${message.projectId} (job ${message.jobId}) failed` +
          (transient ? (retry ? '; asking for a retry' : '; no retry left') : ''),
        error,
      );
      if (!retry) return undefined;
      return new InvocationError({
        retryAfter: eventRetryAfterSeconds(retries),
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
  };
}
