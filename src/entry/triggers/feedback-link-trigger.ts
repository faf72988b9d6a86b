/**
 * The feedback-link trigger (manifest `trigger` `feedback-link-events` → function `feedback-link`): an issue link
 * created or deleted between an improvement (CSI issue) and another issue records or drops the other issue as the
 * improvement's feedback (application/feedback-links.ts). Runs as the app.
 *
 * Forge's issue link events (`avi:jira:created:issuelink`, `avi:jira:deleted:issuelink`) carry `id`,
 * `sourceIssueId`, `destinationIssueId`, `sourceProjectId`, `destinationProjectId`, `issueLinkType` and
 * `atlassianId`, not the issues' types: whether a side is an improvement is read from Jira, as is whether the link
 * still exists (events may come twice or out of order). No manifest filter: a deleted link of any type may be the
 * last one between the two, so every link event is looked at.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import {
  reconcileFeedbackLinkEvent,
  type FeedbackLinkDeps,
  type FeedbackLinkEvent,
} from '../../application/feedback-links';
import { eventRetryAfterSeconds } from './issue-event-trigger';

/**
 * Seconds a link to an improvement without a stored record waits before the trigger creates the record: time for
 * whoever is registering the improvement (Automation action, feedback web trigger) to save it first
 * (application/feedback-links.ts).
 */
export const NEW_RECORD_GRACE_SECONDS = 30;

/** The events the trigger subscribes to. */
export const FEEDBACK_LINK_EVENT_TYPES: readonly string[] = [
  'avi:jira:created:issuelink',
  'avi:jira:deleted:issuelink',
];

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function id(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return typeof value === 'string' && /^\d{1,18}$/.test(value) ? value : null;
}

/** The link event's pair of issues; null for any other event or one without both issue ids. */
export function feedbackLinkEventOf(event: unknown): FeedbackLinkEvent | null {
  const type = field(event, 'eventType');
  if (typeof type !== 'string' || !FEEDBACK_LINK_EVENT_TYPES.includes(type)) return null;
  const sourceIssueId = id(field(event, 'sourceIssueId'));
  const destinationIssueId = id(field(event, 'destinationIssueId'));
  if (sourceIssueId === null || destinationIssueId === null || sourceIssueId === destinationIssueId)
    return null;
  const actor = field(event, 'atlassianId');
  return {
    sourceIssueId,
    destinationIssueId,
    actorAccountId: typeof actor === 'string' && actor !== '' && actor.length <= 128 ? actor : null,
  };
}

/**
 * The trigger's handler: reconciles the pair; a failure (Jira or the store unavailable, lost compare-and-sets) is
 * logged and Forge is asked to deliver the event again (reconciling twice is harmless). A link to an improvement
 * that has no stored record yet is recorded on the second delivery, {@link NEW_RECORD_GRACE_SECONDS} later, so the
 * registration that made the link saves its record first.
 */
export function createFeedbackLinkTrigger(deps: {
  readonly jiraApp: () => FeedbackLinkDeps['jira'];
  readonly store: FeedbackLinkDeps['store'];
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    const linkEvent = feedbackLinkEventOf(event);
    if (linkEvent === null) return undefined;
    const retryValue = field(field(event, 'retryContext'), 'retryCount');
    const retryCount = typeof retryValue === 'number' ? retryValue : 0;
    try {
      const outcomes = await reconcileFeedbackLinkEvent(
        {
          jira: deps.jiraApp(),
          store: deps.store,
          clock: deps.clock,
          logWarning: (message) => {
            deps.logError(message, null);
          },
          // First delivery: a record that does not exist yet is left to whoever is registering the improvement.
          createMissingRecords: retryCount > 0,
        },
        linkEvent,
      );
      if (outcomes.some((outcome) => outcome.result === 'deferred')) {
        return new InvocationError({
          retryAfter: NEW_RECORD_GRACE_SECONDS,
          retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
        });
      }
      return undefined;
    } catch (error) {
      deps.logError(
        `feedback link ${linkEvent.sourceIssueId} – ${linkEvent.destinationIssueId} could not be recorded; asking for a retry`,
        error,
      );
      return new InvocationError({
        retryAfter: eventRetryAfterSeconds(retryCount),
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
  };
}
