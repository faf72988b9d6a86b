/**
 * The queue consumer of feedback replies (manifest `consumer` `feedback-replies-consumer`, queue
 * `feedback-replies` → function `feedback-reply-worker`), as the app: posts one reply
 * (application/feedback-replies.ts `deliverFeedbackReply`). Jira's 429s are waited out by the Jira client
 * (Retry-After); what still fails for a transient reason is handed back to Forge with an `InvocationError`, and a
 * reply another delivery holds is tried again after 30 s (usually told by then), then once its lease has run out.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import {
  deliverFeedbackReply,
  FeedbackReplyBusyError,
  type FeedbackReplyMessage,
  type FeedbackReplyOutcome,
} from '../../application/feedback-replies';
import type { JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import { FEEDBACK_REPLY_STEPS } from '../../domain/feedback/replies';
import { isTransientJobFailure } from './transient-failure';
import { eventRetryAfterSeconds } from '../triggers/issue-event-trigger';

/** Redeliveries asked for at most (waits of about 10, 20, 40, 80 s; a busy reply waits out its lease instead). */
export const FEEDBACK_REPLY_MAX_RETRIES = 4;

/** The first wait of a delivery that met another one posting the same reply, seconds. */
const BUSY_FIRST_RETRY_SECONDS = 30;

/** Longest wait Forge allows before delivering again, seconds. */
const MAX_RETRY_AFTER_SECONDS = 900;

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The reply message of a Forge async event (`event.body`), or null when it is not a well-formed one. */
export function feedbackMessageOfEvent(event: unknown): FeedbackReplyMessage | null {
  const body = field(event, 'body');
  const strings = ['jobId', 'improvementIssueId', 'improvementKey', 'improvementSummary', 'projectId'];
  if (field(body, 'kind') !== 'feedback-reply') return null;
  if (!strings.every((name) => typeof field(body, name) === 'string')) return null;
  const key = field(body, 'feedbackIssueKey');
  if (typeof key !== 'string' || !/^[A-Z][A-Z0-9_]*-[0-9]+$/.test(key)) return null;
  if (!(FEEDBACK_REPLY_STEPS as readonly unknown[]).includes(field(body, 'step'))) return null;
  return body as FeedbackReplyMessage;
}

/** The consumer function Forge calls with an async event (`{ body, retryContext? }`). */
export function createFeedbackReplyConsumer(deps: {
  /** Jira as the app (`asApp()`), one client per delivery. */
  readonly jiraApp: () => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** Told of each outcome (the preview's log, tests). */
  readonly onOutcome?: (message: FeedbackReplyMessage, outcome: FeedbackReplyOutcome) => void;
}): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    const message = feedbackMessageOfEvent(event);
    if (message === null) {
      deps.logError('feedback reply event without a readable message', event);
      return undefined;
    }
    const retryCount = field(field(event, 'retryContext'), 'retryCount');
    const retries = typeof retryCount === 'number' ? retryCount : 0;
    try {
      const outcome = await deliverFeedbackReply(
        { store: deps.store, jira: deps.jiraApp(), clock: deps.clock },
        message,
      );
      deps.onOutcome?.(message, outcome);
      return undefined;
    } catch (error) {
      if (error instanceof FeedbackReplyBusyError) {
        // First a short wait: the holder is usually a duplicate delivery posting right now. After that, the rest
        // of the lease: a holder that stopped is taken over then.
        const leaseLeftSeconds = Math.ceil(error.retryAfterMs / 1000) + 5;
        return new InvocationError({
          retryAfter: Math.min(
            retries === 0 ? BUSY_FIRST_RETRY_SECONDS : MAX_RETRY_AFTER_SECONDS,
            leaseLeftSeconds,
          ),
          retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
        });
      }
      const transient = isTransientJobFailure(error);
      deps.logError(`feedback reply ${message.jobId} failed${transient ? ' (transient)' : ''}`, error);
      if (!transient || retries >= FEEDBACK_REPLY_MAX_RETRIES) return undefined;
      return new InvocationError({
        retryAfter: eventRetryAfterSeconds(retries),
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
  };
}
