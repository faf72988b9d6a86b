/**
 * Automation action "Feedbackschleife schließen" (manifest `action` `close-feedback-loop`, function
 * `closeFeedbackLoopAction`): tells the feedback givers of an improvement now: one reply per feedback issue of its
 * record is queued, exactly once each (the reply consumer dedupes by improvement, issue and step, so running the
 * action after the status trigger already did posts nothing twice). The rule's user must be allowed to edit the
 * improvement.
 */
import * as v from 'valibot';
import { closeFeedbackLoopNow } from '../../application/automation-actions';
import type { FeedbackReplyMessage } from '../../application/feedback-replies';
import type { JiraPort } from '../../application/ports/jira-port';
import type { QueuePort } from '../../application/ports/queue-port';
import type { StorePort } from '../../application/ports/store-port';
import type { TextsPort } from '../../application/ports/texts-port';
import { FEEDBACK_REPLY_STEPS } from '../../domain/feedback/replies';
import {
  actorOf,
  answerOf,
  failure,
  optionalText,
  parseInputs,
  requiredText,
  type ActionAnswer,
} from './action-support';

/** The manifest key of the action. */
export const CLOSE_FEEDBACK_LOOP_ACTION_KEY = 'close-feedback-loop';

/** The inputs (manifest `inputs`). */
export const CloseFeedbackLoopInputsSchema = v.object({
  issueKey: requiredText(100, 'issueKey (the improvement)'),
  step: v.pipe(
    optionalText(40, 'step'),
    v.check(
      (step) => step === null || (FEEDBACK_REPLY_STEPS as readonly string[]).includes(step),
      `step must be empty (from the improvement's status) or one of ${FEEDBACK_REPLY_STEPS.join(', ')}`,
    ),
  ),
});

export interface CloseFeedbackLoopActionDeps {
  readonly jira: (accountId: string | null) => JiraPort;
  readonly store: StorePort;
  readonly queue: QueuePort<FeedbackReplyMessage>;
  readonly texts: TextsPort;
  readonly logError: (message: string, error: unknown) => void;
}

/** The action's function: outputs `enqueued` (replies queued), `step`, `skipped` (why none: opted-out, step-off). */
export function createCloseFeedbackLoopAction(deps: CloseFeedbackLoopActionDeps) {
  return async (payload: unknown, context?: unknown): Promise<ActionAnswer> => {
    const parsed = parseInputs(CloseFeedbackLoopInputsSchema, payload);
    if (!parsed.ok) return failure(deps.texts, 'invalidInputs', parsed.detail);
    const { issueKey, step } = parsed.value;
    const accountId = actorOf(context);
    return answerOf(CLOSE_FEEDBACK_LOOP_ACTION_KEY, deps, async () => {
      const fanOut = await closeFeedbackLoopNow(
        { store: deps.store, queue: deps.queue },
        deps.jira(accountId),
        issueKey,
        (step ?? null) as (typeof FEEDBACK_REPLY_STEPS)[number] | null,
      );
      return { enqueued: fanOut.enqueued, step: fanOut.step, skipped: fanOut.skipped ?? '' };
    });
  };
}
