/**
 * Typed failures of reading from Jira, thrown by adapters behind the application's ports and translated by the
 * entry points into the resolver contract's error codes. The message is an English technical detail (shown to
 * the UI as `detail`, never a stack trace).
 */
export abstract class JiraAccessError extends Error {
  /** HTTP status Jira answered with, when the failure came from an HTTP response. */
  readonly status: number | null;

  constructor(message: string, status: number | null) {
    super(message);
    this.status = status;
  }
}

/** The issue does not exist, or the user may not see it (Jira answers 404 for both). */
export class IssueNotFoundError extends JiraAccessError {
  override readonly name = 'IssueNotFoundError';
}

/** Jira refused the request for the acting user (401/403). */
export class JiraForbiddenError extends JiraAccessError {
  override readonly name = 'JiraForbiddenError';
}

/** Jira is rate limiting (429) or failing (5xx); the request may succeed later. */
export class JiraUnavailableError extends JiraAccessError {
  override readonly name = 'JiraUnavailableError';
  /** Seconds Jira asked to wait (`Retry-After`), when it said so. */
  readonly retryAfterSeconds: number | null;

  constructor(message: string, status: number | null, retryAfterSeconds: number | null = null) {
    super(message, status);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A Jira resource other than an issue (project, property, …) does not exist or the user may not see it (404). */
export class JiraNotFoundError extends JiraAccessError {
  override readonly name = 'JiraNotFoundError';
}

/**
 * Jira rejected the request itself (400 and other 4xx except 401/403/404/429): a JQL error, an invalid body, a
 * limit exceeded. Retrying will not help; `jiraMessages` holds Jira's own `errorMessages` and `errors` texts.
 */
export class JiraBadRequestError extends JiraAccessError {
  override readonly name = 'JiraBadRequestError';
  /** Jira's `errorMessages` followed by its `errors` as `field: message`. */
  readonly jiraMessages: readonly string[];

  constructor(message: string, status: number | null, jiraMessages: readonly string[] = []) {
    super(message, status);
    this.jiraMessages = jiraMessages;
  }
}
