/**
 * The Jira REST endpoints the client calls (route keys as in Jira's OpenAPI description) and Jira Cloud's page
 * sizes and the client's loop bounds for them.
 */
/** Route keys (`METHOD /path/{param}`, as in Jira's OpenAPI description) of the endpoints the client calls. */
export const JIRA_ROUTES = {
  searchJql: 'POST /rest/api/3/search/jql',
  bulkFetchChangelogs: 'POST /rest/api/3/changelog/bulkfetch',
  getIssue: 'GET /rest/api/3/issue/{issueIdOrKey}',
  createIssue: 'POST /rest/api/3/issue',
  createIssueLink: 'POST /rest/api/3/issueLink',
  getIssueChangelog: 'GET /rest/api/3/issue/{issueIdOrKey}/changelog',
  getComments: 'GET /rest/api/3/issue/{issueIdOrKey}/comment',
  addComment: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
  getIssueProperty: 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  setIssueProperty: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  deleteIssueProperty: 'DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  bulkSetIssueProperties: 'POST /rest/api/3/issue/properties/multi',
  listProjectStatuses: 'GET /rest/api/3/project/{projectIdOrKey}/statuses',
  searchStatuses: 'GET /rest/api/3/statuses/search',
  listIssueTypesForProject: 'GET /rest/api/3/issuetype/project',
  searchProjects: 'GET /rest/api/3/project/search',
  getProject: 'GET /rest/api/3/project/{projectIdOrKey}',
  getDashboard: 'GET /rest/api/3/dashboard/{id}',
  getMyself: 'GET /rest/api/3/myself',
  getMyPermissions: 'GET /rest/api/3/mypermissions',
  getUsers: 'GET /rest/api/3/user/bulk',
  listFields: 'GET /rest/api/3/field',
  // Jira configuration (CSI setup; Forge scope manage:jira-configuration).
  listAllIssueTypes: 'GET /rest/api/3/issuetype',
  createIssueType: 'POST /rest/api/3/issuetype',
  createStatuses: 'POST /rest/api/3/statuses',
  readWorkflows: 'POST /rest/api/3/workflows',
  workflowCapabilities: 'GET /rest/api/3/workflows/capabilities',
  validateCreateWorkflows: 'POST /rest/api/3/workflows/create/validation',
  createWorkflows: 'POST /rest/api/3/workflows/create',
  issueTypeSchemeOfProject: 'GET /rest/api/3/issuetypescheme/project',
  searchIssueTypeSchemes: 'GET /rest/api/3/issuetypescheme',
  issueTypeSchemeMapping: 'GET /rest/api/3/issuetypescheme/mapping',
  createIssueTypeScheme: 'POST /rest/api/3/issuetypescheme',
  addIssueTypesToScheme: 'PUT /rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype',
  assignIssueTypeScheme: 'PUT /rest/api/3/issuetypescheme/project',
  workflowSchemeOfProject: 'GET /rest/api/3/workflowscheme/project',
  readWorkflowSchemes: 'POST /rest/api/3/workflowscheme/read',
  workflowSchemeProjectUsages: 'GET /rest/api/3/workflowscheme/{workflowSchemeId}/projectUsages',
  createWorkflowScheme: 'POST /rest/api/3/workflowscheme',
  updateWorkflowScheme: 'POST /rest/api/3/workflowscheme/update',
  switchWorkflowScheme: 'POST /rest/api/3/workflowscheme/project/switch',
  getTask: 'GET /rest/api/3/task/{taskId}',
  // Jira Service Management (Forge scope read:servicedesk-request).
  listServiceDesks: 'GET /rest/servicedeskapi/servicedesk',
  getRequestFeedback: 'GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback',
} as const;

export type JiraRouteKey = (typeof JIRA_ROUTES)[keyof typeof JIRA_ROUTES];

/** Issues per `search/jql` page when only ids are asked for: Jira Cloud's cap. */
export const SEARCH_ID_PAGE_SIZE = 5000;
/** Issues per `search/jql` page when fields are asked for: Jira Cloud's cap. */
export const SEARCH_PAGE_SIZE = 100;
/** Issues per `changelog/bulkfetch` request: Jira Cloud's cap. */
export const BULK_CHANGELOG_ISSUES = 1000;
/** Issues per `issue/properties/multi` request: Jira Cloud's cap. */
export const BULK_PROPERTY_ISSUES = 100;
/** Changelog entries per `changelog/bulkfetch` page: Jira Cloud's cap. */
export const BULK_CHANGELOG_PAGE_SIZE = 10_000;
/** Changelog page size: the maximum `/rest/api/3/issue/{key}/changelog` accepts. */
export const CHANGELOG_PAGE_SIZE = 100;
/** Account ids per `user/bulk` request (keeps the URL short; Jira pages by `maxResults`). */
export const USER_BULK_IDS = 50;
/** Comments and projects per page. */
export const OFFSET_PAGE_SIZE = 100;
/** Statuses per `statuses/search` page: Jira Cloud's cap. */
export const STATUS_PAGE_SIZE = 200;
/** Upper bound on changelog pages (100 000 histories), so a misbehaving server cannot keep the loop going. */
export const MAX_CHANGELOG_PAGES = 1000;
/** Upper bound on the pages of any other paged call (5 · 10⁷ issue ids), for the same reason. */
export const MAX_PAGES = 10_000;
/** Issue type schemes, mappings and schemes-of-projects per page: Jira's maximum. */
export const SCHEME_PAGE_SIZE = 50;
/** Service desks per `servicedeskapi/servicedesk` page (JSM's documented default is 50). */
export const SERVICE_DESK_PAGE_SIZE = 50;
/** Workflow scheme project usages per page: Jira's maximum. */
export const USAGE_PAGE_SIZE = 200;
