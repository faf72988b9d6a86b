/**
 * Errors the emulator answers with, in Jira Cloud's error body shape (`ErrorCollection`:
 * `{ "errorMessages": [...], "errors": { field: message } }`), so clients parse emulator and Jira errors alike.
 */

export interface JiraErrorBody {
  readonly errorMessages: readonly string[];
  readonly errors: Readonly<Record<string, string>>;
}

/** Thrown by a handler to answer with a Jira error; the server turns it into the response. */
export class JiraHttpError extends Error {
  readonly status: number;
  readonly body: JiraErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    errorMessages: readonly string[],
    errors: Readonly<Record<string, string>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
    this.name = 'JiraHttpError';
    this.status = status;
    this.body = { errorMessages, errors };
    this.headers = headers;
  }
}

/** Jira's answer when an issue is missing or hidden from the caller (it does not say which). */
export const ISSUE_NOT_FOUND_MESSAGE = 'Issue does not exist or you do not have permission to see it.';

export const UNBOUNDED_JQL_MESSAGE =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

export function badRequest(message: string, errors: Readonly<Record<string, string>> = {}): JiraHttpError {
  return new JiraHttpError(400, message === '' ? [] : [message], errors);
}

export function issueNotFound(): JiraHttpError {
  return new JiraHttpError(404, [ISSUE_NOT_FOUND_MESSAGE]);
}

export function notFound(message: string): JiraHttpError {
  return new JiraHttpError(404, [message]);
}

export function forbidden(message: string): JiraHttpError {
  return new JiraHttpError(403, [message]);
}
