/**
 * The data a local Jira emulator starts with: what the sample-data generator produces and tests write by hand.
 * Shapes follow Jira Cloud's REST API v3 closely so the emulator can answer with the real shapes by projection.
 * Instants are Jira-style strings with offset (`2026-03-02T09:15:00.000+0100`).
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';

/** Atlassian Document Format (ADF) node: comments and descriptions are ADF-only in REST v3. */
export interface AdfNode {
  readonly type: string;
  readonly version?: 1;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[];
  readonly content?: readonly AdfNode[];
}

export interface SeedUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string;
  /** Jira locale, e.g. `de_DE`, `en_US`. */
  readonly locale: string;
  /** IANA time zone. */
  readonly timeZone: string;
  /** Jira administrator (global permission ADMINISTER). */
  readonly jiraAdmin: boolean;
  /** Keys of projects this user may browse; `'*'` for all. */
  readonly browseProjects: readonly string[] | '*';
  /** Keys of projects this user administers. */
  readonly adminProjects: readonly string[];
  /** API token accepted for basic auth (`emailAddress:apiToken`). */
  readonly apiToken: string;
  /** Names of the Jira groups the user belongs to (`/myself?expand=groups`); default none. */
  readonly groups?: readonly string[];
  /**
   * Project permissions the user lacks in projects they browse (permission key such as `EDIT_ISSUES` or
   * `DELETE_ISSUES` → project keys, `'*'` for all); default none: browsing grants the everyday issue permissions.
   */
  readonly deniedPermissions?: Readonly<Record<string, readonly string[] | '*'>>;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface SeedStatus {
  readonly id: string;
  readonly name: string;
  readonly categoryKey: StatusCategoryKey;
  readonly description?: string;
  /** Set for team-managed projects' project-scoped statuses. */
  readonly projectId?: string;
}

export interface SeedIssueType {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly subtask: boolean;
  /** Set for team-managed projects' project-scoped issue types. */
  readonly projectId?: string;
}

export interface SeedProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `classic` = company-managed, `next-gen` = team-managed. */
  readonly style: 'classic' | 'next-gen';
  readonly projectTypeKey: 'software' | 'service_desk' | 'business';
  readonly leadAccountId: string;
  readonly issueTypeIds: readonly string[];
  /** Statuses of the project's workflows (all issue types), in workflow order. */
  readonly statusIds: readonly string[];
  /**
   * Company-managed projects: the id of the project's issue type scheme in {@link JiraSeed.issueTypeSchemes}.
   * Absent: the Default Issue Type Scheme when the seed lists schemes, otherwise a scheme derived from
   * `issueTypeIds` (named `<KEY>: Issue Type Scheme`).
   */
  readonly issueTypeSchemeId?: string;
  /**
   * The id of the project's workflow scheme in {@link JiraSeed.workflowSchemes}. Absent: the Default Workflow
   * Scheme when the seed lists workflows, otherwise a scheme with one workflow derived from `statusIds`.
   */
  readonly workflowSchemeId?: string;
}

/** A validator, condition or post function of a workflow transition, stored as given (`WorkflowRuleConfiguration`). */
export interface SeedWorkflowRule {
  readonly id?: string;
  readonly ruleKey: string;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface SeedWorkflowTransition {
  /** Transition id, unique within the workflow (Jira numbers them 1, 11, 21, …). */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** INITIAL: the create transition; DIRECTED: from `fromStatusIds`; GLOBAL: from every status. */
  readonly type: 'INITIAL' | 'DIRECTED' | 'GLOBAL';
  readonly toStatusId: string;
  /** DIRECTED only: the statuses the transition leaves from. */
  readonly fromStatusIds: readonly string[];
  readonly validators: readonly SeedWorkflowRule[];
}

export interface SeedWorkflow {
  /** Jira's workflow ids are UUIDs. */
  readonly id: string;
  /** Unique on the site (Jira refuses duplicate workflow names). */
  readonly name: string;
  readonly description: string;
  /** Set for a team-managed project's workflow (scope PROJECT). */
  readonly projectId?: string;
  /** The statuses in workflow order. */
  readonly statusIds: readonly string[];
  readonly transitions: readonly SeedWorkflowTransition[];
}

export interface SeedWorkflowScheme {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Workflow name for issue types without a mapping. */
  readonly defaultWorkflow: string;
  /** Issue type id → workflow name. */
  readonly issueTypeMappings: Readonly<Record<string, string>>;
  /** Set for a team-managed project's scheme (scope PROJECT). */
  readonly projectId?: string;
}

export interface SeedIssueTypeScheme {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly defaultIssueTypeId?: string;
  readonly issueTypeIds: readonly string[];
}

export interface SeedHistory {
  readonly id: string;
  readonly created: string;
  readonly authorAccountId: string;
  readonly items: readonly JiraChangeItem[];
}

export interface SeedComment {
  readonly id: string;
  readonly authorAccountId: string;
  readonly created: string;
  readonly updated: string;
  readonly body: AdfNode;
}

export interface SeedIssue {
  readonly id: string;
  readonly key: string;
  readonly projectId: string;
  readonly issueTypeId: string;
  readonly statusId: string;
  readonly summary: string;
  readonly description: AdfNode | null;
  readonly created: string;
  readonly updated: string;
  readonly resolutiondate: string | null;
  /** Resolution name (`Erledigt`, `Fertig`, …) or null. */
  readonly resolution: string | null;
  readonly priority: string;
  readonly labels: readonly string[];
  readonly reporterAccountId: string;
  readonly assigneeAccountId: string | null;
  /** Flagged right now (the `Flagged` field holds `Impediment`). */
  readonly flagged: boolean;
  /** Changelog, oldest first (status and Flagged changes and others). */
  readonly histories: readonly SeedHistory[];
  readonly comments: readonly SeedComment[];
  /** Issue entity properties, key → JSON value. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** A subtask's parent issue id (absent for a standard issue). */
  readonly parentId?: string;
  /**
   * The issue's security level ({@link JiraSeed.securityLevels}); absent: none, every user who browses the
   * project sees the issue.
   */
  readonly securityLevelId?: string;
}

/**
 * An issue security level of a company-managed project's issue security scheme: only its members see an issue
 * that has the level (search, get, changelogs, comments, properties, links), whatever their project permissions.
 * The app's own calls (asApp: in the emulator, the user the preview and tests call as the app) see such an issue
 * only when that user is a member too, as a Forge app's access follows the level's members on Jira Cloud.
 */
export interface SeedSecurityLevel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The projects whose issue security scheme has the level (their issues render the `security` field). */
  readonly projectIds: readonly string[];
  /** Members by account id. */
  readonly accountIds: readonly string[];
  /** Members by Jira group name ({@link SeedUser.groups}). */
  readonly groups: readonly string[];
}

export interface SeedLinkType {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export interface SeedIssueLink {
  readonly id: string;
  readonly typeId: string;
  /** The issue the link points from (`outward` reads from it: "A blocks B"). */
  readonly outwardIssueId: string;
  readonly inwardIssueId: string;
}

/** A Jira Service Management request type of a service desk (`RequestTypeDTO`, the fields the emulator serves). */
export interface SeedRequestType {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The issue type a request of this type creates. */
  readonly issueTypeId: string;
}

/** A Jira Service Management service desk: a project of type `service_desk` with its portal's request types. */
export interface SeedServiceDesk {
  readonly id: string;
  readonly projectId: string;
  readonly requestTypes: readonly SeedRequestType[];
}

/** A customer's satisfaction rating of a request (`CSATFeedbackFullDTO`: type `csat`, rating 1–5, comment). */
export interface SeedRequestFeedback {
  readonly issueId: string;
  /** 1 (very unsatisfied) … 5 (very satisfied). */
  readonly rating: 1 | 2 | 3 | 4 | 5;
  readonly comment?: string;
}

export interface JiraSeed {
  readonly users: readonly SeedUser[];
  readonly projects: readonly SeedProject[];
  readonly issueTypes: readonly SeedIssueType[];
  readonly statuses: readonly SeedStatus[];
  readonly linkTypes: readonly SeedLinkType[];
  readonly issues: readonly SeedIssue[];
  readonly links: readonly SeedIssueLink[];
  /**
   * Workflows of the site. Absent: one workflow per project derived from its `statusIds` (every status, an
   * INITIAL transition to the first and a GLOBAL transition to each, whose id is the target status id).
   */
  readonly workflows?: readonly SeedWorkflow[];
  /**
   * Workflow schemes besides the Default Workflow Scheme (id `10000`, which the emulator always has; a scheme
   * with id `10000` here replaces its default workflow and mappings).
   */
  readonly workflowSchemes?: readonly SeedWorkflowScheme[];
  /**
   * Issue type schemes besides the Default Issue Type Scheme (id `10000`: every global issue type, always
   * present; a scheme with id `10000` here gives its order and default type).
   */
  readonly issueTypeSchemes?: readonly SeedIssueTypeScheme[];
  /** Jira Service Management service desks (`/rest/servicedeskapi`); absent: none (the site has no JSM). */
  readonly serviceDesks?: readonly SeedServiceDesk[];
  /** CSAT ratings of service desk requests, at most one per issue; absent: none. */
  readonly requestFeedback?: readonly SeedRequestFeedback[];
  /** Issue security levels (issue-level security); absent: none, no project has an issue security scheme. */
  readonly securityLevels?: readonly SeedSecurityLevel[];
}
