/**
 * The improvement-status trigger (manifest `trigger` `feedback-status-events` → function `feedback-status`): an
 * improvement (CSI issue) moving to Closed or In Implementation fans its feedback replies out through the
 * `feedback-replies` queue (application/feedback-replies.ts).
 *
 * A module of its own rather than a branch of the flow facts trigger (`issue-event-trigger.ts`): that one marks
 * issues pending in the flow facts over every relevant issue event, this one a fan-out over CSI status changes
 * only; each has its own filter (Forge starts this function for status changes alone) and its own retry, so a
 * failed fan-out never redelivers a pending mark and the other way round.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { isCsiIssueTypeName } from '../../application/csi-record';
import {
  enqueueFeedbackReplies,
  type FeedbackReplyMessage,
  type ImprovementStepChange,
} from '../../application/feedback-replies';
import type { QueuePort } from '../../application/ports/queue-port';
import type { StorePort } from '../../application/ports/store-port';
import type { FeedbackReplyStep } from '../../domain/feedback/replies';
import { csiStatusKeyOfName } from '../../domain/csi/workflow';
import { eventRetryAfterSeconds } from './issue-event-trigger';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * The reply step of an updated-issue event: `closed` or `in-implementation` when a CSI issue's changelog moves its
 * status to Closed/Abgeschlossen or In Implementation/In Umsetzung (the status item's `toString`), else null.
 */
export function improvementStepOfEvent(event: unknown): ImprovementStepChange | null {
  if (field(event, 'eventType') !== 'avi:jira:updated:issue') return null;
  const issue = field(event, 'issue');
  const fields = field(issue, 'fields');
  if (!isCsiIssueTypeName(text(field(field(fields, 'issuetype'), 'name')) ?? undefined)) return null;
  const items = field(field(event, 'changelog'), 'items');
  if (!Array.isArray(items)) return null;
  let step: FeedbackReplyStep | null = null;
  for (const item of items as unknown[]) {
    if (field(item, 'field') !== 'status' && field(item, 'fieldId') !== 'status') continue;
    const to = csiStatusKeyOfName(text(field(item, 'toString')) ?? '');
    if (to === 'closed') step = 'closed';
    else if (to === 'implementing') step = 'in-implementation';
  }
  const improvementIssueId = text(field(issue, 'id'));
  const improvementKey = text(field(issue, 'key'));
  const projectId = text(field(field(fields, 'project'), 'id'));
  if (step === null || improvementIssueId === null || improvementKey === null || projectId === null)
    return null;
  return {
    improvementIssueId,
    improvementKey,
    improvementSummary: text(field(fields, 'summary')) ?? '',
    projectId,
    step,
  };
}

/**
 * The trigger's handler: fans the replies out; a failure (store or queue unavailable) is logged and Forge is asked
 * to deliver the event again (pushing a reply twice is harmless: the consumer dedupes).
 */
export function createFeedbackStatusTrigger(deps: {
  readonly store: StorePort;
  readonly queue: QueuePort<FeedbackReplyMessage>;
  readonly logError: (message: string, error: unknown) => void;
}): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    const change = improvementStepOfEvent(event);
    if (change === null) return undefined;
    try {
      await enqueueFeedbackReplies(deps, change);
      return undefined;
    } catch (error) {
      deps.logError(
        `feedback replies of ${change.improvementKey} (${change.step}) could not be queued; asking for a retry`,
        error,
      );
      const retryCount = field(field(event, 'retryContext'), 'retryCount');
      return new InvocationError({
        retryAfter: eventRetryAfterSeconds(typeof retryCount === 'number' ? retryCount : 0),
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
  };
}
