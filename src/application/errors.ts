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
