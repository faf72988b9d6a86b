/**
 * Jira configuration (issue types, statuses, workflows, schemes): what the CSI setup reads and writes. A port of
 * its own so implementations of {@link JiraPort} that only read issues need not provide it. Every call needs
 * Administer Jira (Forge scope `manage:jira-configuration`); Jira answers 403 otherwise. (`jira-port.ts`
 * re-exports everything here, so importers name one module.)
 */
import type { JiraIssueType } from './jira-port';

/** Jira's status categories as the configuration APIs name them. */
export type JiraStatusCategoryName = 'TODO' | 'IN_PROGRESS' | 'DONE';

/** Where a status, workflow or issue type lives: the whole site, or one team-managed project. */
export type JiraConfigScope =
  { readonly type: 'GLOBAL' } | { readonly type: 'PROJECT'; readonly projectId: string };

/** An issue type with its scope (`GET /rest/api/3/issuetype`). */
export interface JiraIssueTypeDetails extends JiraIssueType {
  /** The team-managed project the type belongs to; null for a global type. */
  readonly scopeProjectId: string | null;
}

/** A status as `GET /rest/api/3/statuses/search` and `POST /rest/api/3/statuses` give it. */
export interface JiraStatusDetails {
  readonly id: string;
  readonly name: string;
  readonly statusCategory: JiraStatusCategoryName;
  /** The team-managed project of a project-scoped status; null for a global one. */
  readonly scopeProjectId: string | null;
}

/** A workflow as `POST /rest/api/3/workflows` (bulk get) and `/workflows/create` answer it (only what the app reads). */
export interface JiraWorkflowSummary {
  readonly id: string;
  readonly name: string;
  readonly scopeProjectId: string | null;
}

/** Which workflow `GET /rest/api/3/workflows/capabilities` is asked about. */
export type JiraWorkflowTarget =
  { readonly workflowId: string } | { readonly projectId: string; readonly issueTypeId: string };

/** A Forge workflow rule the site offers (`GET /rest/api/3/workflows/capabilities` `forgeRules`). */
export interface JiraForgeRule {
  /** The rule's ARI, e.g. `ari:cloud:ecosystem::extension/<app>/<env>/static/<module key>`. */
  readonly id: string;
  readonly ruleKey: string;
  readonly ruleType: string;
  readonly name: string;
}

/** One problem `POST /rest/api/3/workflows/create/validation` reports. */
export interface JiraWorkflowValidationError {
  readonly level: 'WARNING' | 'ERROR';
  readonly message: string;
  readonly code?: string;
  readonly type?: string;
}

/** An issue type scheme, with the projects using it when asked for (`expand=projects`). */
export interface JiraIssueTypeScheme {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly isDefault: boolean;
  readonly defaultIssueTypeId?: string;
  /** Ids of every project using the scheme (present when read with `expand=projects`). */
  readonly projectIds?: readonly string[];
}

/** A project's workflow scheme in the classic shape of `GET /rest/api/3/workflowscheme/project`. */
export interface JiraProjectWorkflowScheme {
  /** Null for Jira's `Default Workflow Scheme` (it has no id). */
  readonly id: string | null;
  readonly name: string;
  readonly description: string;
  /** Name of the workflow of issue types without a mapping. */
  readonly defaultWorkflow: string | null;
  /** Issue type id → workflow name. */
  readonly issueTypeMappings: Readonly<Record<string, string>>;
}

/** A workflow scheme as `POST /rest/api/3/workflowscheme/read` gives it (workflows by id, with its version). */
export interface JiraWorkflowSchemeDetails {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: { readonly id?: string; readonly versionNumber: number };
  readonly defaultWorkflow: { readonly id: string; readonly name: string } | null;
  readonly workflowsForIssueTypes: readonly {
    readonly issueTypeIds: readonly string[];
    readonly workflow: { readonly id: string; readonly name: string };
  }[];
  readonly scopeProjectId: string | null;
  /** A running task of the scheme (an update migrating issues), when Jira names one. */
  readonly taskId: string | null;
}

/** An asynchronous Jira task (`GET /rest/api/3/task/{taskId}`). */
export interface JiraTask {
  readonly id: string;
  readonly status: 'ENQUEUED' | 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CANCEL_REQUESTED' | 'CANCELLED' | 'DEAD';
  readonly message: string | null;
  readonly progress: number;
}

/** What a workflow-scheme change answered: done at once, or a task to wait for. */
export interface JiraTaskStart {
  /** Null when Jira finished at once (200 without a task). */
  readonly task: JiraTask | null;
}

/** The workflow definition `POST /rest/api/3/workflows/create` and `/create/validation` take (WorkflowCreateRequest). */
export interface JiraWorkflowCreateRequest {
  readonly scope:
    { readonly type: 'GLOBAL' } | { readonly type: 'PROJECT'; readonly project: { readonly id: string } };
  readonly statuses: readonly {
    readonly id: string;
    readonly name: string;
    readonly statusCategory: JiraStatusCategoryName;
    readonly statusReference: string;
  }[];
  readonly workflows: readonly {
    readonly name: string;
    readonly description: string;
    readonly startPointLayout?: { readonly x: number; readonly y: number };
    readonly statuses: readonly {
      readonly statusReference: string;
      readonly properties: Readonly<Record<string, string>>;
      readonly layout?: { readonly x: number; readonly y: number };
    }[];
    readonly transitions: readonly {
      readonly id: string;
      readonly type: 'INITIAL' | 'DIRECTED' | 'GLOBAL';
      readonly name: string;
      readonly toStatusReference: string;
      readonly links: readonly {
        readonly fromStatusReference: string;
        readonly fromPort?: number;
        readonly toPort?: number;
      }[];
      readonly validators: readonly {
        readonly ruleKey: string;
        readonly parameters: Readonly<Record<string, string>>;
      }[];
      readonly properties: Readonly<Record<string, string>>;
    }[];
  }[];
}

/** Jira's configuration as the CSI setup reads and changes it (Administer Jira). */
export interface JiraConfigPort {
  /** Every issue type of the site (`GET /rest/api/3/issuetype`), global and project-scoped. */
  listAllIssueTypes(): Promise<readonly JiraIssueTypeDetails[]>;

  /** Creates a standard (hierarchy level 0) global issue type (`POST /rest/api/3/issuetype`). */
  createIssueType(input: {
    readonly name: string;
    readonly description: string;
  }): Promise<JiraIssueTypeDetails>;

  /**
   * Statuses by search (`GET /rest/api/3/statuses/search`, all pages): with `projectId` the statuses of that
   * project's workflows (a team-managed project's own ones), else every status of the site.
   */
  searchStatusDetails(options: {
    readonly projectId?: string;
    readonly searchString?: string;
  }): Promise<readonly JiraStatusDetails[]>;

  /** Creates statuses in one request (`POST /rest/api/3/statuses`); Jira answers 409 on a duplicate name. */
  createStatuses(
    scope: JiraConfigScope,
    statuses: readonly {
      readonly name: string;
      readonly statusCategory: JiraStatusCategoryName;
      readonly description: string;
    }[],
  ): Promise<readonly JiraStatusDetails[]>;

  /** Workflows by name or id (`POST /rest/api/3/workflows`); unknown names are left out. */
  readWorkflows(query: {
    readonly workflowNames?: readonly string[];
    readonly workflowIds?: readonly string[];
  }): Promise<readonly JiraWorkflowSummary[]>;

  /** The statuses of a workflow (`POST /rest/api/3/workflows` by id), with their categories. */
  readWorkflowStatuses(workflowId: string): Promise<readonly JiraStatusDetails[]>;

  /**
   * The Forge rules the editor of a workflow offers (`GET /rest/api/3/workflows/capabilities`): Jira needs the
   * workflow, by id or as the one a project gives an issue type, and lists a module's rule only for the kinds of
   * project (team- or company-managed) its manifest declares.
   */
  listForgeWorkflowRules(workflow: JiraWorkflowTarget): Promise<readonly JiraForgeRule[]>;

  /** Validates a workflow definition (`POST /rest/api/3/workflows/create/validation`); the problems found. */
  validateCreateWorkflows(
    request: JiraWorkflowCreateRequest,
  ): Promise<readonly JiraWorkflowValidationError[]>;

  /** Creates workflows (`POST /rest/api/3/workflows/create`). */
  createWorkflows(request: JiraWorkflowCreateRequest): Promise<readonly JiraWorkflowSummary[]>;

  /** The issue type scheme of a company-managed project (`GET /rest/api/3/issuetypescheme/project`); null when none. */
  getIssueTypeSchemeOfProject(projectId: string): Promise<JiraIssueTypeScheme | null>;

  /**
   * Issue type schemes with the projects using them (`GET /rest/api/3/issuetypescheme?expand=projects`, all
   * pages): the ones with the given ids, or whose name contains `queryString`.
   */
  searchIssueTypeSchemes(query: {
    readonly ids?: readonly string[];
    readonly queryString?: string;
  }): Promise<readonly JiraIssueTypeScheme[]>;

  /** Ids of the issue types in a scheme (`GET /rest/api/3/issuetypescheme/mapping`, all pages). */
  listIssueTypeSchemeItems(schemeId: string): Promise<readonly string[]>;

  /** Creates an issue type scheme (`POST /rest/api/3/issuetypescheme`); its id. */
  createIssueTypeScheme(input: {
    readonly name: string;
    readonly description: string;
    readonly issueTypeIds: readonly string[];
    readonly defaultIssueTypeId?: string;
  }): Promise<string>;

  /** Adds issue types to a scheme (`PUT /rest/api/3/issuetypescheme/{id}/issuetype`). */
  addIssueTypesToScheme(schemeId: string, issueTypeIds: readonly string[]): Promise<void>;

  /** Assigns an issue type scheme to a company-managed project (`PUT /rest/api/3/issuetypescheme/project`). */
  assignIssueTypeSchemeToProject(schemeId: string, projectId: string): Promise<void>;

  /** The workflow scheme of a company-managed project (`GET /rest/api/3/workflowscheme/project`); null when none. */
  getWorkflowSchemeOfProject(projectId: string): Promise<JiraProjectWorkflowScheme | null>;

  /** Workflow schemes by id or by project (`POST /rest/api/3/workflowscheme/read`). */
  readWorkflowSchemes(query: {
    readonly workflowSchemeIds?: readonly string[];
    readonly projectIds?: readonly string[];
  }): Promise<readonly JiraWorkflowSchemeDetails[]>;

  /** Ids of every project using a workflow scheme (`GET /rest/api/3/workflowscheme/{id}/projectUsages`). */
  listWorkflowSchemeProjects(schemeId: string): Promise<readonly string[]>;

  /** Creates a workflow scheme in the classic shape (`POST /rest/api/3/workflowscheme`); its id. */
  createWorkflowScheme(input: {
    readonly name: string;
    readonly description: string;
    readonly defaultWorkflow: string | null;
    readonly issueTypeMappings: Readonly<Record<string, string>>;
  }): Promise<string>;

  /**
   * Replaces a workflow scheme's mappings (`POST /rest/api/3/workflowscheme/update`, no drafts); `version` is the
   * one read (Jira answers 409 when it changed).
   */
  updateWorkflowScheme(input: {
    readonly id: string;
    readonly name: string;
    readonly description: string;
    readonly version: { readonly id?: string; readonly versionNumber: number };
    readonly defaultWorkflowId?: string;
    readonly workflowsForIssueTypes: readonly {
      readonly workflowId: string;
      readonly issueTypeIds: readonly string[];
    }[];
    /** How issues of an issue type move from statuses the new workflow lacks (old status id → new status id). */
    readonly statusMappingsByIssueTypeOverride?: readonly {
      readonly issueTypeId: string;
      readonly statusMappings: readonly { readonly oldStatusId: string; readonly newStatusId: string }[];
    }[];
  }): Promise<JiraTaskStart>;

  /** Switches a company-managed project to another workflow scheme (`POST /rest/api/3/workflowscheme/project/switch`). */
  switchProjectWorkflowScheme(
    projectId: string,
    targetSchemeId: string,
    /** How issues move from statuses the target scheme's workflows lack (old status id → new status id). */
    mappingsByIssueTypeOverride?: readonly {
      readonly issueTypeId: string;
      readonly statusMappings: readonly { readonly oldStatusId: string; readonly newStatusId: string }[];
    }[],
  ): Promise<JiraTaskStart>;

  /** An asynchronous task's progress (`GET /rest/api/3/task/{taskId}`). */
  getTask(taskId: string): Promise<JiraTask>;
}
