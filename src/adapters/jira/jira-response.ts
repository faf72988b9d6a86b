import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../../application/errors';

/**
 * `Retry-After` in seconds (Jira sends delta-seconds; an HTTP date is converted against `nowMs`); null when
 * absent or unreadable.
 */
export function retryAfterSeconds(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const dateMs = Date.parse(header);
  return Number.isNaN(dateMs) ? null : Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

/**
 * Seconds until Jira's `X-RateLimit-Reset` (an ISO 8601 instant such as `2026-03-02T08:05Z`, sent with a 429 of its
 * rate limits), never negative; null when absent or unreadable.
 */
export function rateLimitResetSeconds(header: string | null, nowMs: number): number | null {
  if (header === null || !/^\d{4}-\d{2}-\d{2}T/.test(header.trim())) return null;
  const resetMs = Date.parse(header.trim());
  return Number.isNaN(resetMs) ? null : Math.max(0, Math.ceil((resetMs - nowMs) / 1000));
}

/**
 * Jira's own explanation of a failure from its error body `{ "errorMessages": [...], "errors": { field: text } }`:
 * the `errorMessages` first, then each `errors` entry as `field: text`; Jira Service Management's
 * `ErrorResponse` (`{ "errorMessage": "...", "i18nErrorMessage": {...} }`) gives its `errorMessage`. Empty when
 * the body is neither shape (an HTML error page of a proxy, an empty body).
 */
export function jiraErrorMessages(bodyText: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  if (typeof body !== 'object' || body === null) return [];
  const { errorMessages, errors, errorMessage } = body as {
    errorMessages?: unknown;
    errors?: unknown;
    errorMessage?: unknown;
  };
  const messages = Array.isArray(errorMessages)
    ? errorMessages.filter((m): m is string => typeof m === 'string' && m !== '')
    : [];
  if (typeof errorMessage === 'string' && errorMessage !== '') messages.push(errorMessage);
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, text] of Object.entries(errors)) {
      if (typeof text === 'string' && text !== '') messages.push(`${field}: ${text}`);
    }
  }
  return messages;
}

/** What a failed response tells: its status, `Retry-After`, and Jira's messages. */
export interface JiraFailure {
  readonly status: number;
  /** Names the request in the English detail, e.g. `GET /rest/api/3/issue/HD-1`. */
  readonly what: string;
  readonly retryAfterSeconds: number | null;
  readonly jiraMessages: readonly string[];
  /** 404 on an issue resource is an {@link IssueNotFoundError}, on anything else a {@link JiraNotFoundError}. */
  readonly resource: 'issue' | 'other';
}

/**
 * The typed error a non-OK Jira response stands for: 404 → not found, 401/403 → forbidden, 429/5xx → unavailable
 * (retry later), any other 4xx → bad request (a JQL error, an invalid body: retrying will not help). The message
 * is `Jira answered <status> to <what>` followed by Jira's own messages.
 */
export function errorForStatus(failure: JiraFailure): Error {
  const { status, what, jiraMessages } = failure;
  const detail = `Jira answered ${status} to ${what}${jiraMessages.length > 0 ? `: ${jiraMessages.join(' ')}` : ''}`;
  if (status === 404) {
    return failure.resource === 'issue'
      ? new IssueNotFoundError(detail, status)
      : new JiraNotFoundError(detail, status);
  }
  if (status === 401 || status === 403) return new JiraForbiddenError(detail, status);
  if (status === 429 || status >= 500)
    return new JiraUnavailableError(detail, status, failure.retryAfterSeconds);
  return new JiraBadRequestError(detail, status, jiraMessages);
}

/**
 * Throws the typed error of a non-OK Jira response without reading its body (see {@link errorForStatus}; a 404
 * counts as an issue's). Kept for callers holding a Forge `APIResponse`; the Jira client reads the body and
 * uses {@link errorForStatus} directly.
 */
export function throwForStatus(
  response: { readonly status: number; readonly headers: { get(name: string): string | null } },
  what: string,
  nowMs: number,
): never {
  throw errorForStatus({
    status: response.status,
    what,
    retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after'), nowMs),
    jiraMessages: [],
    resource: 'issue',
  });
}
