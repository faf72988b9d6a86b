/**
 * Site metadata: project statuses (`GET /rest/api/3/project/{projectIdOrKey}/statuses`), status search (`GET
 * /rest/api/3/statuses/search`, an administrator operation), issue types (`GET /rest/api/3/issuetype`, `GET
 * /rest/api/3/issuetype/project`), projects (`GET /rest/api/3/project/search`, `GET
 * /rest/api/3/project/{projectIdOrKey}`) and fields (`GET /rest/api/3/field`). Projects the user may not browse
 * are invisible (404 / left out).
 */
import type { RequestContext, Reply, Route } from '../context';
import { intParam, param } from '../context';
import { badRequest, forbidden, notFound } from '../errors';
import {
  STATUS_CATEGORIES,
  renderFieldDetails,
  renderIssueType,
  renderProject,
  renderStatus,
} from '../render';
import type { SeedIssueType, SeedProject, SeedStatus } from '../seed';

function visibleProjectOr404(ctx: RequestContext): SeedProject {
  const idOrKey = param(ctx, 'projectIdOrKey');
  const project = ctx.store.project(idOrKey);
  if (project === undefined || !ctx.store.canBrowse(ctx.user, project)) {
    throw notFound(`No project could be found with key '${idOrKey}'.`);
  }
  return project;
}

function projectStatuses(ctx: RequestContext): Reply {
  const project = visibleProjectOr404(ctx);
  // Each issue type lists the statuses of the workflow the project's workflow scheme gives it.
  return {
    status: 200,
    body: ctx.store.issueTypesOfProject(project).map((type) => {
      const workflow = ctx.store.config.workflowOf(project, type.id);
      return {
        self: `${ctx.baseUrl}/rest/api/3/issuetype/${type.id}`,
        id: type.id,
        name: type.name,
        subtask: type.subtask,
        statuses: ctx.store.statusesOf(workflow?.statusIds ?? []).map((s) => renderStatus(ctx, s)),
      };
    }),
  };
}

/** `JiraStatus` of the bulk status APIs. */
export function renderJiraStatus(status: SeedStatus): Record<string, unknown> {
  return {
    id: status.id,
    name: status.name,
    description: status.description ?? '',
    statusCategory: STATUS_CATEGORIES[status.categoryKey].searchName,
    scope:
      status.projectId === undefined
        ? { type: 'GLOBAL' }
        : { type: 'PROJECT', project: { id: status.projectId } },
  };
}

/**
 * Status search. With `projectId`: the statuses of that project's workflows (for a team-managed project its
 * project-scoped statuses); without: every status of the site. Needs Administer Jira, or Administer Projects
 * for the project asked about; otherwise 403.
 */
function searchStatuses(ctx: RequestContext): Reply {
  const projectId = ctx.query.get('projectId');
  const project = projectId === null ? undefined : ctx.store.projectById(projectId);
  if (projectId !== null && (project === undefined || !ctx.store.canBrowse(ctx.user, project))) {
    throw notFound(`No project could be found with id '${projectId}'.`);
  }
  const allowed =
    ctx.user.jiraAdmin ||
    (project === undefined ? ctx.user.adminProjects.length > 0 : ctx.store.canAdminister(ctx.user, project));
  if (!allowed) {
    throw forbidden('You need the Administer Jira or Administer Projects permission to search statuses.');
  }
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: 200,
    min: 1,
    cap: 200,
  });
  const searchString = ctx.query.get('searchString')?.toLowerCase() ?? '';
  const category = ctx.query.get('statusCategory');
  if (category !== null && !['TODO', 'IN_PROGRESS', 'DONE'].includes(category)) {
    throw badRequest(`statusCategory: '${category}' is not one of TODO, IN_PROGRESS, DONE.`);
  }
  const candidates = project === undefined ? [...ctx.store.statuses] : ctx.store.statusesOfProject(project);
  const matching = candidates.filter(
    (s) =>
      s.name.toLowerCase().includes(searchString) &&
      (category === null || STATUS_CATEGORIES[s.categoryKey].searchName === category),
  );
  const values = matching.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= matching.length;
  const pageUrl = (start: number): string => {
    const query = new URLSearchParams(ctx.query);
    query.set('startAt', String(start));
    query.set('maxResults', String(maxResults));
    return `${ctx.baseUrl}/rest/api/3/statuses/search?${query.toString()}`;
  };
  return {
    status: 200,
    body: {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }),
      maxResults,
      startAt,
      total: matching.length,
      isLast,
      values: values.map(renderJiraStatus),
    },
  };
}

function projectIssueTypes(ctx: RequestContext): Reply {
  const raw = ctx.query.get('projectId');
  if (raw === null || !/^\d+$/.test(raw))
    throw badRequest('The projectId query parameter must be a project id.');
  const project = ctx.store.projectById(raw);
  if (project === undefined || !ctx.store.canBrowse(ctx.user, project)) {
    throw notFound(`Project with id '${raw}' was not found.`);
  }
  return { status: 200, body: ctx.store.issueTypesOfProject(project).map((t) => renderIssueType(ctx, t)) };
}

function allIssueTypes(ctx: RequestContext): Reply {
  if (ctx.user.jiraAdmin)
    return { status: 200, body: ctx.store.issueTypes.map((t) => renderIssueType(ctx, t)) };
  const types = new Map<string, SeedIssueType>();
  for (const project of ctx.store.visibleProjects(ctx.user)) {
    for (const type of ctx.store.issueTypesOfProject(project)) types.set(type.id, type);
  }
  return { status: 200, body: [...types.values()].map((t) => renderIssueType(ctx, t)) };
}

function searchProjects(ctx: RequestContext): Reply {
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: 50,
    min: 1,
    cap: 100,
  });
  const keys = ctx.query.getAll('keys').flatMap((k) => k.split(','));
  const ids = ctx.query.getAll('id').flatMap((k) => k.split(','));
  const text = ctx.query.get('query')?.toLowerCase();
  const typeKeys = ctx.query.get('typeKey')?.split(',');
  const orderBy = ctx.query.get('orderBy') ?? 'key';
  const projects = ctx.store
    .visibleProjects(ctx.user)
    .filter(
      (p) =>
        (keys.length === 0 || keys.includes(p.key)) &&
        (ids.length === 0 || ids.includes(p.id)) &&
        (text === undefined || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text)) &&
        (typeKeys === undefined || typeKeys.includes(p.projectTypeKey)),
    );
  const byName = orderBy.replace(/^[+-]/, '') === 'name';
  projects.sort((a, b) => {
    const x = byName ? a.name : a.key;
    const y = byName ? b.name : b.key;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (orderBy.startsWith('-')) projects.reverse();
  const values = projects.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= projects.length;
  const pageUrl = (start: number): string =>
    `${ctx.baseUrl}/rest/api/3/project/search?startAt=${start}&maxResults=${maxResults}`;
  return {
    status: 200,
    body: {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }),
      maxResults,
      startAt,
      total: projects.length,
      isLast,
      values: values.map((p) => renderProject(ctx, p)),
    },
  };
}

function getProject(ctx: RequestContext): Reply {
  return { status: 200, body: renderProject(ctx, visibleProjectOr404(ctx)) };
}

/**
 * The site's fields. Jira lists only the fields used in a project the user may browse; the emulator's few fields
 * are used everywhere, so every user gets all of them.
 */
function listFields(): Reply {
  return { status: 200, body: renderFieldDetails() };
}

export const metadataRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/field', handler: listFields },
  { method: 'GET', path: '/rest/api/3/project/{projectIdOrKey}/statuses', handler: projectStatuses },
  { method: 'GET', path: '/rest/api/3/statuses/search', handler: searchStatuses },
  { method: 'GET', path: '/rest/api/3/issuetype/project', handler: projectIssueTypes },
  { method: 'GET', path: '/rest/api/3/issuetype', handler: allIssueTypes },
  { method: 'GET', path: '/rest/api/3/project/search', handler: searchProjects },
  { method: 'GET', path: '/rest/api/3/project/{projectIdOrKey}', handler: getProject },
];
