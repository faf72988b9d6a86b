import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';

// The configuration port and its types live in their own module (this one stays readable); importers keep
// naming this module.
export type {
  JiraStatusCategoryName,
  JiraConfigScope,
  JiraIssueTypeDetails,
  JiraStatusDetails,
  JiraWorkflowSummary,
  JiraWorkflowTarget,
  JiraForgeRule,
  JiraWorkflowValidationError,
  JiraIssueTypeScheme,
  JiraProjectWorkflowScheme,
  JiraWorkflowSchemeDetails,
  JiraTask,
  JiraTaskStart,
  JiraWorkflowCreateRequest,
  JiraConfigPort,
} from './jira-config-port';

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
  /**
   * Ids of every issue the JQL finds, in its order (pages of 5,000: only ids are asked for). With `maxIds`, no
   * further page is read once that many ids are in hand (the answer may then end early: a caller that bounds its
   * reading treats `length >= maxIds` as "at least that many").
   */
  searchIssueIds(jql: string, options?: { readonly maxIds?: number }): Promise<readonly string[]>;

  /**
   * {@link searchIssueIds} with each issue's key (Jira sends it with the id): the same pages of 5,000, in the
   * JQL's order, `maxIds` as there. What a view searches as the user to know which issues it may count.
   */
  searchIssueRefs(jql: string, options?: { readonly maxIds?: number }): Promise<readonly JiraIssueRef[]>;

  /**
   * The issues the JQL finds with the given fields, page by page (100 per page, Jira's cap when fields other than
   * `id`/`key` are asked for), so a caller can process a project without holding all of it.
   */
  searchIssues(
    jql: string,
    fields: readonly string[],
    options?: JiraSearchOptions,
  ): AsyncIterable<readonly JiraSearchIssue[]>;

  /**
   * The changelog histories of many issues, by issue id, in the histories' order; `created` is a Jira instant
   * string (`2026-03-02T08:15:00.000+0000`). Only items of the given field *ids* are kept by Jira (`status`; a custom
   * field such as Flagged by its `customfield_NNNNN` id, see {@link listFields}: Jira matches ids, not names).
   * Issues without such changes may be absent from the map. Any number of ids: requests of ≤ 1,000.
   */
  bulkFetchChangelogs(
    issueIds: readonly string[],
    fieldIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly JiraHistory[]>>;

  /**
   * The site's issue fields, system and custom (`GET /rest/api/3/field`), read once per client (a client serves
   * one invocation): how the app finds the id of a custom field such as Flagged.
   */
  listFields(): Promise<readonly JiraField[]>;

  /** One issue with the given fields. */
  getIssue(issueIdOrKey: string, fields: readonly string[]): Promise<JiraIssueInput>;

  /** The issue's complete changelog, oldest first (every field, every page). */
  getIssueChangelog(issueIdOrKey: string): Promise<readonly JiraHistory[]>;

  /** The links of the issue (`fields.issuelinks`). */
  getIssueLinks(issueIdOrKey: string): Promise<readonly JiraIssueLink[]>;

  /** Every comment of the issue, oldest first. */
  getComments(issueIdOrKey: string): Promise<readonly JiraComment[]>;

  /** Adds a comment (ADF body: Jira REST v3 takes no plain text) and returns it as Jira stored it. */
  addComment(
    issueIdOrKey: string,
    body: AdfDocument,
    options?: { readonly properties?: readonly { readonly key: string; readonly value: unknown }[] },
  ): Promise<JiraComment>;

  /**
   * Creates an issue (`POST /rest/api/3/issue`, scope `write:jira-work`; the acting user needs Browse Projects and
   * Create Issues in the project). Jira answers 400 (`JiraBadRequestError`) for a missing summary, an issue type the
   * project does not offer or a field not on the create screen. Not idempotent: a caller that must not create twice
   * reserves its own dedupe key first (see `register-improvement.ts`).
   */
  createIssue(input: JiraNewIssue): Promise<JiraCreatedIssue>;

  /**
   * Links two issues (`POST /rest/api/3/issueLink`, scope `write:jira-work`; 201 without a body), with the
   * request's `inwardIssue` and `outwardIssue` (for a symmetric type such as Relates the direction does not matter).
   * Jira answers 404 for an unknown link type name or an issue not found, 400 for an issue linked to itself;
   * linking the same pair with the same type again creates no second link.
   */
  createIssueLink(link: JiraNewIssueLink): Promise<void>;

  /** The value of an issue entity property; null when the issue has no such property (or is not visible). */
  getIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<unknown>;

  /** Creates or replaces an issue entity property with a JSON value. */
  setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void>;

  /** Deletes an issue entity property; false when there was none. */
  deleteIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<boolean>;

  /**
   * Sets entity properties on many issues (`POST /rest/api/3/issue/properties/multi`, scope `write:jira-work`;
   * Browse Projects and Edit Issues on each issue), requests of ≤ 100 issues, ≤ 10 properties per issue, each value
   * ≤ 32,768 characters of JSON. Jira runs each request as an asynchronous, non-transactional task (303 See Other):
   * resolved once Jira accepted every request, not when the values are written; an issue not found or not editable
   * is skipped by Jira without failing the others.
   */
  bulkSetIssueProperties(entries: readonly JiraIssuePropertiesEntry[]): Promise<void>;

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
   * The users with the given account ids (`GET /rest/api/3/user/bulk`, scope `read:jira-user`), in any order;
   * ids Jira does not know are left out. Any number of ids: requests of ≤ 50 ids.
   */
  getUsers(accountIds: readonly string[]): Promise<readonly JiraUser[]>;

  /**
   * Which of the given permission keys (`ADMINISTER`, `ADMINISTER_PROJECTS`, `BROWSE_PROJECTS`, …) the acting user
   * holds, globally or in the project `projectKey`.
   */
  getMyPermissions(
    permissions: readonly string[],
    projectKey?: string,
  ): Promise<Readonly<Record<string, boolean>>>;
}

/** An issue as an id search finds it. */
export interface JiraIssueRef {
  readonly id: string;
  readonly key: string;
}

/** One issue's entity properties for {@link JiraPort.bulkSetIssueProperties} (property key → JSON value). */
export interface JiraIssuePropertiesEntry {
  readonly issueId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What {@link JiraPort.createIssue} sends (`fields` of `IssueUpdateDetails`: only what the app sets). */
export interface JiraNewIssue {
  readonly projectId: string;
  readonly issueTypeId: string;
  /** At most 255 characters (Jira's limit). */
  readonly summary: string;
  readonly description?: AdfDocument;
  /** Labels without spaces. */
  readonly labels?: readonly string[];
}

/** Jira's answer to a create (`CreatedIssue`). */
export interface JiraCreatedIssue {
  readonly id: string;
  readonly key: string;
  readonly self: string;
}

/** What {@link JiraPort.createIssueLink} sends (`LinkIssueRequestJsonBean`), issues by key or id. */
export interface JiraNewIssueLink {
  /** The link type's name, e.g. `Relates` (Jira matches names case-insensitively). */
  readonly typeName: string;
  /** Key or id of the request's `inwardIssue`. */
  readonly inwardIssue: string;
  /** Key or id of the request's `outwardIssue`. */
  readonly outwardIssue: string;
}

/** A field of the site (`FieldDetails` of `GET /rest/api/3/field`): only what finding a field needs. */
export interface JiraField {
  /** `status`, `customfield_10021`, … */
  readonly id: string;
  /** The name in the user's language. */
  readonly name: string;
  /** The name before translation, when Jira sends it. */
  readonly untranslatedName?: string;
  readonly custom: boolean;
  /** The names JQL knows the field by (`Flagged`, `cf[10021]`): not translated. */
  readonly clauseNames: readonly string[];
  /** A custom field's type key, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes`. */
  readonly customType: string | null;
}

/** Options of {@link JiraPort.searchIssues}. */
export interface JiraSearchOptions {
  /** Issue entity property keys to return with each issue (`properties` of `search/jql`, at most 5). */
  readonly properties?: readonly string[];
}

/** An issue of a search page, with the entity properties asked for (key → value; absent ones left out). */
export interface JiraSearchIssue extends JiraIssueInput {
  readonly properties?: Readonly<Record<string, unknown>>;
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
  /** Ids of the project's issue types, when Jira listed them (`GET /project/{key}` does). */
  readonly issueTypeIds?: readonly string[];
}

/** A dashboard as the acting user sees it (`GET /rest/api/3/dashboard/{id}`). */
export interface JiraDashboard {
  readonly id: string;
  /** Whether the acting user may edit the dashboard (and so configure its gadgets). */
  readonly isWritable: boolean;
}

/** Jira's dashboards, read as the acting user. */
export interface JiraDashboardPort {
  /**
   * The dashboard. Jira answers 404 (a JiraAccessError with status 404) when it does not exist or is not shared
   * with the user.
   */
  getDashboard(dashboardId: string): Promise<JiraDashboard>;
}

/**
 * What the acting user may do beyond a project's permissions: their groups (the OKR editor group) and their
 * permissions on one issue (linking an issue to a key result edits the issue). A port of its own so readers of
 * {@link JiraPort} need not provide it.
 */
export interface JiraUserAccessPort {
  /** Names of every group the acting user belongs to, nested groups included (`GET /myself?expand=groups`). */
  getMyGroupNames(): Promise<readonly string[]>;
  /**
   * Which of the permission keys the acting user holds on the issue (`GET /mypermissions?issueKey=…`); Jira
   * answers 404 (`IssueNotFoundError`… or `JiraNotFoundError`) when the issue does not exist or is not visible.
   */
  getMyIssuePermissions(
    issueIdOrKey: string,
    permissions: readonly string[],
  ): Promise<Readonly<Record<string, boolean>>>;
}
