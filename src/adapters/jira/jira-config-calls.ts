/**
 * The configuration calls of the Jira client (the CSI setup's): issue types, statuses, workflows, issue type
 * schemes, workflow schemes and the asynchronous tasks Jira starts for workflow-scheme changes.
 */
import * as v from 'valibot';
import { JiraUnavailableError } from '../../application/errors';
import type {
  JiraConfigPort,
  JiraConfigScope,
  JiraIssueTypeDetails,
  JiraIssueTypeScheme,
  JiraStatusDetails,
  JiraTask,
  JiraTaskStart,
  JiraWorkflowSchemeDetails,
} from '../../application/ports/jira-port';
import {
  allOffsetPages,
  describe,
  enc,
  query,
  repeated,
  type Answer,
  type Call,
  type JiraRequester,
} from './jira-request';
import { JIRA_ROUTES, MAX_PAGES, SCHEME_PAGE_SIZE, STATUS_PAGE_SIZE, USAGE_PAGE_SIZE } from './jira-routes';
import {
  CreatedStatusesSchema,
  CreatedWorkflowSchemeSchema,
  IssueTypeDetailsListSchema,
  IssueTypeDetailsSchema,
  IssueTypeSchemeIdSchema,
  IssueTypeSchemeMappingPageSchema,
  IssueTypeSchemePageSchema,
  IssueTypeSchemeProjectsPageSchema,
  StatusDetailsPageSchema,
  TaskSchema,
  WorkflowCapabilitiesSchema,
  WorkflowSchemeAssociationsSchema,
  WorkflowSchemeProjectUsagesSchema,
  WorkflowSchemeReadSchema,
  WorkflowsResponseSchema,
  WorkflowStatusesResponseSchema,
  WorkflowValidationSchema,
} from './jira-schemas';

function taskOf(parsed: v.InferOutput<typeof TaskSchema>): JiraTask {
  return {
    id: parsed.id,
    status: parsed.status,
    message: parsed.message ?? null,
    progress: parsed.progress ?? 0,
  };
}

/** A task's id in its URL (`…/rest/api/3/task/10641`), as a 303's `Location` names it. */
const TASK_URL = /\/rest\/api\/[23]\/task\/([^/?#]+)\/?(?:[?#].*)?$/;

/**
 * The task in a workflow-scheme change's answer: the 303's task body (or the 200 of a fetch that followed the
 * redirect to the task); for a 303 whose body is not a task (a proxy that drops a redirect's body) the task its
 * `Location` names, so the setup polls it instead of taking the change as done. Null for a 200 without a task
 * (Jira changed the scheme at once). A 303 naming no task at all fails: the change runs, but nobody can tell when
 * it ends.
 */
function taskStartOf(answer: Answer, call: Call): JiraTaskStart {
  let json: unknown = null;
  try {
    json = answer.text.trim() === '' ? null : JSON.parse(answer.text);
  } catch {
    json = null;
  }
  const parsed = v.safeParse(TaskSchema, json);
  if (parsed.success) return { task: taskOf(parsed.output) };
  if (answer.status !== 303) return { task: null };
  const id = TASK_URL.exec(answer.location ?? '')?.[1];
  if (id === undefined) {
    throw new JiraUnavailableError(
      `Jira started a task for ${describe(call)} but named neither its id nor its URL; wait a minute and reload to see whether the change was made`,
      303,
    );
  }
  return { task: { id: decodeURIComponent(id), status: 'ENQUEUED', message: null, progress: 0 } };
}

function scopeBody(scope: JiraConfigScope): Record<string, unknown> {
  return scope.type === 'GLOBAL' ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: scope.projectId } };
}

function schemeOf(
  raw: v.InferOutput<typeof IssueTypeSchemePageSchema>['values'][number],
): JiraIssueTypeScheme {
  return {
    id: raw.id,
    name: raw.name,
    isDefault: raw.isDefault === true,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: raw.defaultIssueTypeId }),
    ...(raw.projects === undefined ? {} : { projectIds: raw.projects.values.map((p) => p.id) }),
  };
}

/** The configuration calls of {@link JiraConfigPort} over the client's requester. */
export function configurationCalls({ request, exchange, exchangeAnswer }: JiraRequester): JiraConfigPort {
  return {
    async listAllIssueTypes(): Promise<readonly JiraIssueTypeDetails[]> {
      return request(
        { routeKey: JIRA_ROUTES.listAllIssueTypes, method: 'GET', path: '/rest/api/3/issuetype' },
        IssueTypeDetailsListSchema,
      );
    },

    async createIssueType(input): Promise<JiraIssueTypeDetails> {
      return request(
        {
          routeKey: JIRA_ROUTES.createIssueType,
          method: 'POST',
          path: '/rest/api/3/issuetype',
          body: { name: input.name, description: input.description, hierarchyLevel: 0 },
        },
        IssueTypeDetailsSchema,
      );
    },

    async searchStatusDetails(options): Promise<readonly JiraStatusDetails[]> {
      return allOffsetPages('GET /rest/api/3/statuses/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchStatuses,
            method: 'GET',
            path: `/rest/api/3/statuses/search${query({
              projectId: options.projectId,
              searchString: options.searchString,
              startAt,
              maxResults: STATUS_PAGE_SIZE,
            })}`,
          },
          StatusDetailsPageSchema,
        ),
      );
    },

    async createStatuses(scope, statuses): Promise<readonly JiraStatusDetails[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.createStatuses,
          method: 'POST',
          path: '/rest/api/3/statuses',
          body: { scope: scopeBody(scope), statuses },
        },
        CreatedStatusesSchema,
      );
    },

    async readWorkflows(q) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows',
          body: {
            ...(q.workflowNames === undefined ? {} : { workflowNames: q.workflowNames }),
            ...(q.workflowIds === undefined ? {} : { workflowIds: q.workflowIds }),
          },
        },
        WorkflowsResponseSchema,
      );
      return result.workflows ?? [];
    },

    async readWorkflowStatuses(workflowId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows',
          body: { workflowIds: [workflowId] },
        },
        WorkflowStatusesResponseSchema,
      );
      const references = new Set(
        (result.workflows?.find((w) => w.id === workflowId)?.statuses ?? []).map((s) => s.statusReference),
      );
      return (result.statuses ?? [])
        .filter((s) => references.has(s.statusReference ?? s.id) || references.has(s.id))
        .map((s) => ({
          id: s.id,
          name: s.name,
          statusCategory: s.statusCategory,
          scopeProjectId: s.scope?.type === 'PROJECT' ? (s.scope.project?.id ?? null) : null,
        }));
    },

    async listForgeWorkflowRules(workflow) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.workflowCapabilities,
          method: 'GET',
          path: `/rest/api/3/workflows/capabilities${query(
            'workflowId' in workflow
              ? { workflowId: workflow.workflowId }
              : { projectId: workflow.projectId, issueTypeId: workflow.issueTypeId },
          )}`,
        },
        WorkflowCapabilitiesSchema,
      );
      return (result.forgeRules ?? []).map((rule) => ({
        id: rule.id ?? '',
        ruleKey: rule.ruleKey ?? '',
        ruleType: rule.ruleType ?? '',
        name: rule.name ?? '',
      }));
    },

    async validateCreateWorkflows(workflowRequest) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.validateCreateWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows/create/validation',
          body: { payload: workflowRequest, validationOptions: { levels: ['ERROR', 'WARNING'] } },
        },
        WorkflowValidationSchema,
      );
      return (result.errors ?? []).map((e) => ({
        level: e.level ?? 'ERROR',
        message: e.message ?? '(no message)',
        ...(e.code === undefined ? {} : { code: e.code }),
        ...(e.type === undefined ? {} : { type: e.type }),
      }));
    },

    async createWorkflows(workflowRequest) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows/create',
          body: workflowRequest,
        },
        WorkflowsResponseSchema,
      );
      return result.workflows ?? [];
    },

    async getIssueTypeSchemeOfProject(projectId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.issueTypeSchemeOfProject,
          method: 'GET',
          path: `/rest/api/3/issuetypescheme/project${query({ projectId, maxResults: SCHEME_PAGE_SIZE })}`,
        },
        IssueTypeSchemeProjectsPageSchema,
      );
      const entry = result.values.find((value) => value.projectIds.includes(projectId)) ?? result.values[0];
      return entry === undefined ? null : schemeOf(entry.issueTypeScheme);
    },

    async searchIssueTypeSchemes(q) {
      const filter = [
        ...(q.ids === undefined ? [] : [repeated('id', q.ids)]),
        ...(q.queryString === undefined ? [] : [`queryString=${enc(q.queryString)}`]),
      ];
      const schemes = await allOffsetPages('GET /rest/api/3/issuetypescheme', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchIssueTypeSchemes,
            method: 'GET',
            path: `/rest/api/3/issuetypescheme?${[...filter, `expand=projects`, `startAt=${startAt}`, `maxResults=${SCHEME_PAGE_SIZE}`].join('&')}`,
          },
          IssueTypeSchemePageSchema,
        ),
      );
      return schemes.map(schemeOf);
    },

    async listIssueTypeSchemeItems(schemeId) {
      const items = await allOffsetPages('GET /rest/api/3/issuetypescheme/mapping', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.issueTypeSchemeMapping,
            method: 'GET',
            path: `/rest/api/3/issuetypescheme/mapping${query({ issueTypeSchemeId: schemeId, startAt, maxResults: SCHEME_PAGE_SIZE })}`,
          },
          IssueTypeSchemeMappingPageSchema,
        ),
      );
      return items.filter((item) => item.issueTypeSchemeId === schemeId).map((item) => item.issueTypeId);
    },

    async createIssueTypeScheme(input) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createIssueTypeScheme,
          method: 'POST',
          path: '/rest/api/3/issuetypescheme',
          body: input,
        },
        IssueTypeSchemeIdSchema,
      );
      return result.issueTypeSchemeId;
    },

    async addIssueTypesToScheme(schemeId, issueTypeIds) {
      await exchange({
        routeKey: JIRA_ROUTES.addIssueTypesToScheme,
        method: 'PUT',
        path: `/rest/api/3/issuetypescheme/${enc(schemeId)}/issuetype`,
        body: { issueTypeIds },
      });
    },

    async assignIssueTypeSchemeToProject(schemeId, projectId) {
      await exchange({
        routeKey: JIRA_ROUTES.assignIssueTypeScheme,
        method: 'PUT',
        path: '/rest/api/3/issuetypescheme/project',
        body: { issueTypeSchemeId: schemeId, projectId },
      });
    },

    async getWorkflowSchemeOfProject(projectId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.workflowSchemeOfProject,
          method: 'GET',
          path: `/rest/api/3/workflowscheme/project${query({ projectId })}`,
        },
        WorkflowSchemeAssociationsSchema,
      );
      const entry = result.values.find((value) => value.projectIds.includes(projectId)) ?? result.values[0];
      if (entry === undefined) return null;
      const scheme = entry.workflowScheme;
      return {
        id: scheme.id ?? null,
        name: scheme.name,
        description: scheme.description ?? '',
        defaultWorkflow: scheme.defaultWorkflow ?? null,
        issueTypeMappings: scheme.issueTypeMappings ?? {},
      };
    },

    async readWorkflowSchemes(q): Promise<readonly JiraWorkflowSchemeDetails[]> {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflowSchemes,
          method: 'POST',
          path: '/rest/api/3/workflowscheme/read',
          body: {
            ...(q.workflowSchemeIds === undefined ? {} : { workflowSchemeIds: q.workflowSchemeIds }),
            ...(q.projectIds === undefined ? {} : { projectIds: q.projectIds }),
          },
        },
        WorkflowSchemeReadSchema,
      );
      return result.map((scheme) => ({
        id: scheme.id,
        name: scheme.name,
        description: scheme.description ?? '',
        version: {
          versionNumber: scheme.version.versionNumber,
          ...(scheme.version.id === undefined ? {} : { id: scheme.version.id }),
        },
        defaultWorkflow: scheme.defaultWorkflow ?? null,
        workflowsForIssueTypes: scheme.workflowsForIssueTypes,
        scopeProjectId: scheme.scope?.type === 'PROJECT' ? (scheme.scope.project?.id ?? null) : null,
        taskId: scheme.taskId ?? null,
      }));
    },

    async listWorkflowSchemeProjects(schemeId) {
      const ids: string[] = [];
      let nextPageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.workflowSchemeProjectUsages,
            method: 'GET',
            path: `/rest/api/3/workflowscheme/${enc(schemeId)}/projectUsages${query({ nextPageToken, maxResults: USAGE_PAGE_SIZE })}`,
          },
          WorkflowSchemeProjectUsagesSchema,
        );
        ids.push(...(result.projects?.values ?? []).map((p) => p.id));
        const token = result.projects?.nextPageToken;
        if (token === undefined || token === null || token === '' || token === nextPageToken) return ids;
        nextPageToken = token;
      }
      throw new Error(
        `The project usages of workflow scheme ${schemeId} did not finish within ${MAX_PAGES} pages`,
      );
    },

    async createWorkflowScheme(input) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createWorkflowScheme,
          method: 'POST',
          path: '/rest/api/3/workflowscheme',
          body: {
            name: input.name,
            description: input.description,
            ...(input.defaultWorkflow === null ? {} : { defaultWorkflow: input.defaultWorkflow }),
            issueTypeMappings: input.issueTypeMappings,
          },
        },
        CreatedWorkflowSchemeSchema,
      );
      return result.id;
    },

    async updateWorkflowScheme(input) {
      const call: Call = {
        routeKey: JIRA_ROUTES.updateWorkflowScheme,
        method: 'POST',
        path: '/rest/api/3/workflowscheme/update',
        body: input,
        acceptSeeOther: true,
      };
      return taskStartOf(await exchangeAnswer(call), call);
    },

    async switchProjectWorkflowScheme(projectId, targetSchemeId, mappingsByIssueTypeOverride = []) {
      const call: Call = {
        routeKey: JIRA_ROUTES.switchWorkflowScheme,
        method: 'POST',
        path: '/rest/api/3/workflowscheme/project/switch',
        body: {
          projectId,
          targetSchemeId,
          ...(mappingsByIssueTypeOverride.length === 0 ? {} : { mappingsByIssueTypeOverride }),
        },
        acceptSeeOther: true,
      };
      return taskStartOf(await exchangeAnswer(call), call);
    },

    async getTask(taskId) {
      return taskOf(
        await request(
          { routeKey: JIRA_ROUTES.getTask, method: 'GET', path: `/rest/api/3/task/${enc(taskId)}` },
          TaskSchema,
        ),
      );
    },
  };
}
