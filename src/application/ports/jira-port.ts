import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';

/**
 * The app's one way to Jira (REST API v3). Implementations are the Jira client over a transport: Forge's product
 * fetch in the app, HTTP for the command line, the local emulator and a real Jira Cloud site.
 *
 * Failures are the typed errors of `../errors`: `IssueNotFoundError` (404 on an issue), `JiraNotFoundError` (404 on
 * anything else), `JiraForbiddenError` (401/403), `JiraUnavailableError` (429/5xx once the retries are used up, or
 * Jira cannot be reached), `JiraBadRequestError` (400 and other 4xx: a JQL error, a limit), each carrying Jira's
 * own message. A response of an unexpected shape is a plain `Error` naming the request.
 */
export interface JiraPort {
  /** Ids of every issue the JQL finds, in its order (pages of 5,000: only ids are asked for). */
  searchIssueIds(jql: string): Promise<readonly string[]>;

  /**
   * The issues the JQL finds with the given fields, page by page (100 per page, Jira's cap when fields other than
   * `id`/`key` are asked for), so a caller can process a project without holding all of it.
   */
  searchIssues(jql: string, fields: readonly string[]): AsyncIterable<readonly JiraIssueInput[]>;

  /**
   * The changelog histories of many issues, by issue id, in the histories' order; `created` is a Jira instant
   * string (`2026-03-02T08:15:00.000+0000`). Only items of the given fields are kept by Jira (default `status` and
   * `Flagged`). Issues without such changes may be absent from the map. Any number of ids: requests of ≤ 1,000.
   */
  bulkFetchChangelogs(
    issueIds: readonly string[],
    fieldIds?: readonly string[],
  ): Promise<ReadonlyMap<string, readonly JiraHistory[]>>;

  /** One issue with the given fields. */
  getIssue(issueIdOrKey: string, fields: readonly string[]): Promise<JiraIssueInput>;

  /** The issue's complete changelog, oldest first (every field, every page). */
  getIssueChangelog(issueIdOrKey: string): Promise<readonly JiraHistory[]>;

  /** The links of the issue (`fields.issuelinks`). */
  getIssueLinks(issueIdOrKey: string): Promise<readonly JiraIssueLink[]>;

  /** Every comment of the issue, oldest first. */
  getComments(issueIdOrKey: string): Promise<readonly JiraComment[]>;

  /** Adds a comment (ADF body: Jira REST v3 takes no plain text) and returns it as Jira stored it. */
  addComment(issueIdOrKey: string, body: AdfDocument): Promise<JiraComment>;

  /** The value of an issue entity property; null when the issue has no such property (or is not visible). */
  getIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<unknown>;

  /** Creates or replaces an issue entity property with a JSON value. */
  setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void>;

  /** Deletes an issue entity property; false when there was none. */
  deleteIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<boolean>;

  /** The statuses of the project's workflows per issue type, each with its Jira category. */
  listProjectStatuses(projectIdOrKey: string): Promise<readonly JiraIssueTypeStatuses[]>;

  /**
   * Every status of the project's workflows with its category, mapped to the keys `new`, `indeterminate`, `done`
   * (`GET /rest/api/3/statuses/search`; Jira answers 403 unless the user administers Jira or the project).
   */
  searchStatuses(projectId: string): Promise<readonly JiraStatusRef[]>;

  /** The issue types of a project (its own ones for a team-managed project). */
  listIssueTypesForProject(projectId: string): Promise<readonly JiraIssueType[]>;

  /** Every project the user may browse (all pages). */
  searchProjects(): Promise<readonly JiraProject[]>;

  /** One project. */
  getProject(projectIdOrKey: string): Promise<JiraProject>;

  /** The acting user. */
  getMyself(): Promise<JiraUser>;

  /**
   * Which of the given permission keys (`ADMINISTER`, `ADMINISTER_PROJECTS`, `BROWSE_PROJECTS`, …) the acting user
   * holds, globally or in the project `projectKey`.
   */
  getMyPermissions(
    permissions: readonly string[],
    projectKey?: string,
  ): Promise<Readonly<Record<string, boolean>>>;
}

/** A node of the Atlassian Document Format (comment and description bodies in REST v3). */
export interface AdfNode {
  readonly type: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[];
  readonly content?: readonly AdfNode[];
}

/** The root of an ADF document. */
export interface AdfDocument extends AdfNode {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfNode[];
}

export interface JiraUserRef {
  readonly accountId: string;
  readonly displayName?: string;
}

export interface JiraUser extends JiraUserRef {
  readonly emailAddress?: string;
  /** Jira locale, e.g. `de_DE`. */
  readonly locale?: string;
  /** IANA time zone. */
  readonly timeZone?: string;
}

export interface JiraComment {
  readonly id: string;
  readonly author?: JiraUserRef;
  readonly created?: string;
  readonly updated?: string;
  readonly body: AdfDocument;
}

export interface JiraIssueLink {
  readonly id: string;
  readonly type: {
    readonly id?: string;
    readonly name: string;
    readonly inward?: string;
    readonly outward?: string;
  };
  /** The other issue when the link reads "this issue <type.inward> other" (e.g. "is blocked by"). */
  readonly inwardIssue?: JiraLinkedIssue;
  /** The other issue when the link reads "this issue <type.outward> other" (e.g. "blocks"). */
  readonly outwardIssue?: JiraLinkedIssue;
}

export interface JiraLinkedIssue {
  readonly id: string;
  readonly key: string;
  readonly fields?: { readonly summary?: string; readonly status?: JiraStatusRef };
}

export interface JiraIssueTypeStatuses {
  /** Issue type id. */
  readonly id: string;
  readonly name: string;
  readonly subtask?: boolean;
  readonly statuses: readonly JiraStatusRef[];
}

export interface JiraIssueType {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly subtask?: boolean;
  readonly hierarchyLevel?: number;
}

export interface JiraProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `classic` = company-managed, `next-gen` = team-managed. */
  readonly style?: string;
  readonly simplified?: boolean;
  readonly projectTypeKey?: string;
}
