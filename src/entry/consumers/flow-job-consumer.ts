/**
 * The queue consumer of flow jobs (manifest `consumer` `flow-job-consumer`, queue `flow-jobs` → function
 * `flow-job-worker`). It runs as the app: Forge documents no user for async-event consumers (offline impersonation
 * would need `allowImpersonation` scopes), so the job carries the ids of the issues its user may browse, read as
 * that user in the resolver, and `jiraApp` loads only those.
 *
 * A job that failed for a transient reason (Jira or the store unavailable or rate-limited) is handed back to Forge
 * with an `InvocationError`, so the event is delivered again after a growing wait. Redelivery is safe: the job is
 * claimed with a compare-and-set from `queued` (application/project-flow.ts `runProjectFlowJob`), so a delivery of
 * a job already claimed, done or failed does nothing, and one whose claim failed gets its next chance.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { flowMessageOfEvent } from '../../adapters/queue/forge-queue';
import { JiraUnavailableError } from '../../application/errors';
import type { JiraPort } from '../../application/ports/jira-port';
import type { FlowJobMessage } from '../../application/ports/queue-port';
import { StoreConflictError, StoreValueTooLargeError } from '../../application/ports/store-port';
import type { StorePort } from '../../application/ports/store-port';
import { runProjectFlowJob } from '../../application/project-flow';
import { eventRetryAfterSeconds } from '../triggers/issue-event-trigger';

/** How a job run ended: done (or nothing to do), or failed with the reason and whether trying again may help. */
export type FlowJobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly transient: boolean; readonly error: unknown };

/**
 * Redeliveries the consumer asks Forge for at most (retry counts 0, 1, 2 get one more delivery each, waits of about
 * 10 s, 20 s and 40 s): well inside the job's stall limit of 16 minutes, after which its user is told it failed.
 */
export const FLOW_JOB_MAX_RETRIES = 3;

/**
 * Whether a failed job run may succeed when the same message is delivered again: Jira's "try again" failures and
 * the storage service's own errors are transient; a write conflict (another delivery won), a value too large to
 * store and errors of the code itself (type, range, reference, syntax) are not.
 */
export function isTransientJobFailure(error: unknown): boolean {
  if (error instanceof JiraUnavailableError) return true;
  if (error instanceof StoreConflictError || error instanceof StoreValueTooLargeError) return false;
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  )
    return false;
  return error instanceof Error;
}

/** The consumer of one flow-job message over `deps`; tests and the in-memory queue call it directly. */
export function createFlowJobConsumer(deps: {
  /** Jira as the app (`asApp()` on Forge). */
  readonly jiraApp: () => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  readonly forecastTrials?: number;
  /** Waits between the job's own store retries (default a timer; tests pass one that returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
}): (message: FlowJobMessage) => Promise<FlowJobOutcome> {
  return async (message) => {
    try {
      await runProjectFlowJob(message, {
        jira: deps.jiraApp(),
        store: deps.store,
        clock: deps.clock,
        ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
        ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
      });
      return { kind: 'done' };
    } catch (error) {
      const transient = isTransientJobFailure(error);
      deps.logError(`flow job ${message.jobId} failed${transient ? ' (transient)' : ''}`, error);
      return { kind: 'failed', transient, error };
    }
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The consumer function Forge calls with an async event (`{ body, retryContext? }`): runs the job and answers an
 * `InvocationError` (Forge delivers the event again after `retryAfter` seconds) when it failed for a transient
 * reason and fewer than {@link FLOW_JOB_MAX_RETRIES} retries were asked for; otherwise nothing.
 */
export function createFlowJobEventHandler(
  consume: (message: FlowJobMessage) => Promise<FlowJobOutcome>,
  logError: (message: string, error: unknown) => void,
): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    const message = flowMessageOfEvent(event);
    if (message === null) {
      logError('flow job event without a readable message', event);
      return undefined;
    }
    const outcome = await consume(message);
    if (outcome.kind === 'done' || !outcome.transient) return undefined;
    const retryCount = field(field(event, 'retryContext'), 'retryCount');
    const retries = typeof retryCount === 'number' ? retryCount : 0;
    if (retries >= FLOW_JOB_MAX_RETRIES) {
      logError(
        `flow job ${message.jobId}: no retry left after ${String(retries)} redeliveries`,
        outcome.error,
      );
      return undefined;
    }
    return new InvocationError({
      retryAfter: eventRetryAfterSeconds(retries),
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  };
}
