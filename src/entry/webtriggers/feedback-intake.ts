/**
 * The `feedback-intake` web trigger: survey tools and monitoring alerts POST feedback for a project (JSON, signed
 * with the project's secret; see `application/feedback-intake.ts`). The handler only reads the request in Forge's
 * shape (header names compared case-insensitively, values in lists), checks method and content type, delegates,
 * and answers JSON: `{ feedbackIssueKey, improvementKey, duplicate }` or `{ error: { code, message } }`. Answers are
 * for machines and their operators, so they are in English. Bodies are never logged (they may carry personal data).
 */
import { receiveFeedback, type FeedbackIntakeDeps } from '../../application/feedback-intake';
import { JiraUnavailableError } from '../../application/errors';
import { ImprovementRegistrationBusyError } from '../../application/register-improvement';
import type { WebTriggerRequest, WebTriggerResponse } from '../composition-root';
import {
  errorResponse as error,
  headerOf,
  outcomeResponse,
  signedRequestOf,
  type JsonWebResponse,
} from './json-web-response';

/** The parts of Forge's web trigger request read here. */
export type FeedbackIntakeWebRequest = Pick<WebTriggerRequest, 'method' | 'body'> & {
  readonly headers?: WebTriggerRequest['headers'];
};
export type FeedbackIntakeWebResponse = JsonWebResponse & WebTriggerResponse;

export interface FeedbackIntakeWebDeps extends FeedbackIntakeDeps {
  /** Server-side log of unexpected failures (never the request's body). */
  readonly logError: (message: string, error: unknown) => void;
}

/** `application/json`, with parameters (`; charset=utf-8`) or not. */
function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

/** Builds the web trigger handler over the store, Jira as the app and the clock. */
export function createFeedbackIntakeWebTrigger(
  deps: FeedbackIntakeWebDeps,
): (request: FeedbackIntakeWebRequest, context?: unknown) => Promise<FeedbackIntakeWebResponse> {
  return async (request) => {
    if (request.method.toUpperCase() !== 'POST')
      return error(
        405,
        'method-not-allowed',
        `${request.method} is not accepted: POST the feedback as JSON {"projectKey","externalId","summary",…}.`,
        { Allow: ['POST'] },
      );
    if (!isJson(headerOf(request.headers, 'content-type')))
      return error(
        415,
        'unsupported-media-type',
        'Send the feedback as JSON with the header Content-Type: application/json.',
      );
    try {
      return outcomeResponse(await receiveFeedback(deps, signedRequestOf(request)));
    } catch (failure) {
      if (failure instanceof JiraUnavailableError)
        return error(
          503,
          'jira-unavailable',
          'Jira is busy or unreachable: send the same request again in a minute (it is idempotent by externalId).',
          { 'Retry-After': ['60'] },
        );
      if (failure instanceof ImprovementRegistrationBusyError)
        // The improvement's registration is held by an earlier attempt (one that stopped, until its lease ends):
        // expected under retries, so the sender is told when to come back and nothing is logged.
        return error(
          503,
          'busy',
          'The improvement for this feedback is being registered by an earlier request: send the same request again after the Retry-After seconds (it is idempotent by externalId).',
          { 'Retry-After': [String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000)))] },
        );
      // The failure's message names keys and Jira's answer, never the body.
      deps.logError('feedback-intake web trigger failed', failure);
      return error(
        500,
        'internal',
        'The feedback could not be recorded: send the same request again later (it is idempotent by externalId); if it keeps failing, tell the project admin.',
      );
    }
  };
}
