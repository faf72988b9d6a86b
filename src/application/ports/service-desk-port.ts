/**
 * Jira Service Management, read as the acting user (or the app): the service desks and a request's customer
 * satisfaction rating. A port of its own, beside {@link JiraPort}, so readers and fakes of the platform port need
 * not provide it (a site without JSM has none of these endpoints).
 */

/** A request's CSAT feedback (`CSATFeedbackFullDTO` of `GET /rest/servicedeskapi/request/{id}/feedback`). */
export interface RequestFeedback {
  /** 1 (very unsatisfied) … 5 (very satisfied). */
  readonly rating: 1 | 2 | 3 | 4 | 5;
  /** The customer's words with the rating; null when they left none. */
  readonly comment: string | null;
}

/** A JSM service desk (`ServiceDeskDTO`): the service project behind a help center portal. */
export interface ServiceDesk {
  readonly id: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly projectName: string;
}

export interface JiraServiceDeskPort {
  /**
   * The request's CSAT rating; null when it has none — also when the issue is not a service desk request or is
   * hidden from the caller, because JSM answers 404 to all three alike.
   */
  getRequestFeedback(issueIdOrKey: string): Promise<RequestFeedback | null>;
  /** Every service desk the caller may view (all pages of `GET /rest/servicedeskapi/servicedesk`). */
  listServiceDesks(): Promise<readonly ServiceDesk[]>;
}
