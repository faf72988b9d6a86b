/**
 * Issue type configuration: `POST /rest/api/3/issuetype` (a new global type, added to the Default Issue Type
 * Scheme) and the issue type scheme API of company-managed projects: `GET/POST /rest/api/3/issuetypescheme`,
 * `GET …/issuetypescheme/mapping`, `GET/PUT …/issuetypescheme/project`, `PUT …/issuetypescheme/{id}/issuetype`.
 * Every operation needs Administer Jira (403 otherwise, with Jira's message).
 */
import type { RequestContext, Reply, Route } from '../context';
import { objectBody, param, rejectUnknownMembers } from '../context';
import { DEFAULT_SCHEME_ID } from '../config';
import type { StoredIssueTypeScheme } from '../config';
import { JiraHttpError, badRequest, notFound } from '../errors';
import { renderIssueType, renderProjectRef } from '../render';
import {
  optionalString,
  pageOf,
  queryList,
  requireJiraAdmin,
  requiredString,
  sameName,
  stringList,
} from './config-common';

const SCHEME_ADMIN_ONLY = 'Only Jira administrators can access issue type schemes.';
export const ISSUE_TYPE_NAME_MAX = 60;

function createIssueType(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, 'You must have global administrator rights in order to modify issue types.');
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['name', 'description', 'type', 'hierarchyLevel']);
  const name = requiredString(body, 'name', 'issue type name');
  if (name.length > ISSUE_TYPE_NAME_MAX) {
    throw badRequest('', { name: `The issue type name must not exceed ${ISSUE_TYPE_NAME_MAX} characters.` });
  }
  const description = optionalString(body, 'description') ?? '';
  const type = body.type;
  const level = body.hierarchyLevel;
  if (type !== undefined && type !== 'standard' && type !== 'subtask') {
    throw badRequest('', { type: "The issue type 'type' must be 'standard' or 'subtask'." });
  }
  if (level !== undefined && level !== 0 && level !== -1) {
    throw badRequest('', { hierarchyLevel: 'The hierarchy level must be 0 (standard) or -1 (subtask).' });
  }
  const subtask = type === 'subtask' || level === -1;
  if (ctx.store.issueTypes.some((t) => t.projectId === undefined && sameName(t.name, name))) {
    throw new JiraHttpError(409, [], { name: 'An issue type with this name already exists.' });
  }
  const created = ctx.store.addIssueType({ name: name.trim(), description, subtask });
  // Like Jira: a new global issue type joins the Default Issue Type Scheme.
  ctx.store.config.issueTypeScheme(DEFAULT_SCHEME_ID)?.issueTypeIds.push(created.id);
  return { status: 201, body: renderIssueType(ctx, created) };
}

function renderScheme(
  ctx: RequestContext,
  scheme: StoredIssueTypeScheme,
  expand: readonly string[],
): unknown {
  const projects = ctx.store.config.projectsUsingIssueTypeScheme(scheme.id);
  return {
    id: scheme.id,
    name: scheme.name,
    description: scheme.description,
    ...(scheme.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: scheme.defaultIssueTypeId }),
    ...(scheme.id === DEFAULT_SCHEME_ID ? { isDefault: true } : {}),
    ...(expand.includes('projects')
      ? {
          projects: {
            isLast: true,
            maxResults: 100,
            startAt: 0,
            total: projects.length,
            values: projects.map((p) => renderProjectRef(ctx, p)),
          },
        }
      : {}),
    ...(expand.includes('issueTypes')
      ? {
          issueTypes: {
            isLast: true,
            maxResults: 100,
            startAt: 0,
            total: scheme.issueTypeIds.length,
            values: scheme.issueTypeIds.flatMap((id) => {
              const t = ctx.store.issueType(id);
              return t === undefined ? [] : [renderIssueType(ctx, t)];
            }),
          },
        }
      : {}),
  };
}

function listSchemes(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const ids = queryList(ctx, 'id');
  const text = ctx.query.get('queryString')?.toLowerCase() ?? '';
  const expand = queryList(ctx, 'expand');
  const orderBy = ctx.query.get('orderBy') ?? 'id';
  if (!['name', '-name', '+name', 'id', '-id', '+id'].includes(orderBy)) {
    throw badRequest(`orderBy: '${orderBy}' is not one of name, -name, +name, id, -id, +id.`);
  }
  const schemes = ctx.store.config.issueTypeSchemes.filter(
    (s) => (ids.length === 0 || ids.includes(s.id)) && s.name.toLowerCase().includes(text),
  );
  const byName = orderBy.endsWith('name');
  schemes.sort((a, b) => (byName ? a.name.localeCompare(b.name) : Number(a.id) - Number(b.id)));
  if (orderBy.startsWith('-')) schemes.reverse();
  const page = pageOf(ctx, '/rest/api/3/issuetypescheme', schemes, { defaultMax: 50, cap: 50 });
  return { status: 200, body: { ...page, values: page.values.map((s) => renderScheme(ctx, s, expand)) } };
}

function schemeMappings(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const ids = queryList(ctx, 'issueTypeSchemeId');
  const mappings = ctx.store.config.issueTypeSchemes
    .filter((s) => ids.length === 0 || ids.includes(s.id))
    .flatMap((s) => s.issueTypeIds.map((issueTypeId) => ({ issueTypeSchemeId: s.id, issueTypeId })));
  return {
    status: 200,
    body: pageOf(ctx, '/rest/api/3/issuetypescheme/mapping', mappings, { defaultMax: 50, cap: 50 }),
  };
}

function schemesForProjects(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const projectIds = queryList(ctx, 'projectId');
  if (projectIds.length === 0) throw badRequest('The projectId query parameter is required.');
  const groups = new Map<string, string[]>();
  for (const id of projectIds) {
    const project = ctx.store.projectById(id);
    if (project === undefined) continue;
    const scheme = ctx.store.config.issueTypeSchemeOf(project);
    if (scheme === undefined) continue; // team-managed projects have no issue type scheme
    const list = groups.get(scheme.id) ?? [];
    list.push(project.id);
    groups.set(scheme.id, list);
  }
  const values = [...groups].flatMap(([schemeId, ids]) => {
    const scheme = ctx.store.config.issueTypeScheme(schemeId);
    return scheme === undefined ? [] : [{ issueTypeScheme: renderScheme(ctx, scheme, []), projectIds: ids }];
  });
  return {
    status: 200,
    body: pageOf(ctx, '/rest/api/3/issuetypescheme/project', values, { defaultMax: 50, cap: 50 }),
  };
}

function unknownTypes(ctx: RequestContext, ids: readonly string[]): string[] {
  return ids.filter((id) => {
    const type = ctx.store.issueType(id);
    return type === undefined || type.projectId !== undefined;
  });
}

function createScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['name', 'description', 'defaultIssueTypeId', 'issueTypeIds']);
  const name = requiredString(body, 'name', 'issue type scheme name');
  const description = optionalString(body, 'description') ?? '';
  const issueTypeIds = stringList(body.issueTypeIds, 'issueTypeIds');
  if (issueTypeIds.length === 0) {
    throw badRequest('', { issueTypeIds: 'An issue type scheme must contain at least one issue type.' });
  }
  const missing = unknownTypes(ctx, issueTypeIds);
  if (missing.length > 0) throw notFound(`These issue types were not found: ${missing.join(', ')}`);
  const defaultIssueTypeId = optionalString(body, 'defaultIssueTypeId');
  if (defaultIssueTypeId !== undefined && !issueTypeIds.includes(defaultIssueTypeId)) {
    throw badRequest('', {
      defaultIssueTypeId: 'The default issue type must be one of the issue types of the scheme.',
    });
  }
  if (ctx.store.config.issueTypeSchemes.some((s) => sameName(s.name, name))) {
    // The description documents 409 "the scheme name is used by another scheme".
    throw new JiraHttpError(409, ['The name is used by another scheme.']);
  }
  const id = ctx.store.config.newSchemeId();
  ctx.store.config.issueTypeSchemes.push({
    id,
    name: name.trim(),
    description,
    ...(defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId }),
    issueTypeIds: [...new Set(issueTypeIds)],
  });
  ctx.store.version++;
  return { status: 201, body: { issueTypeSchemeId: id } };
}

function addTypesToScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const schemeId = param(ctx, 'issueTypeSchemeId');
  const scheme = ctx.store.config.issueTypeScheme(schemeId);
  if (scheme === undefined) throw notFound('The issue type scheme was not found.');
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['issueTypeIds']);
  const ids = stringList(body.issueTypeIds, 'issueTypeIds');
  if (scheme.id === DEFAULT_SCHEME_ID) {
    throw badRequest(
      "The default issue type scheme can't be changed: it always holds every global issue type (new issue types join it automatically).",
    );
  }
  const missing = unknownTypes(ctx, ids);
  if (missing.length > 0) throw notFound(`These issue types were not found: ${missing.join(', ')}`);
  const present = ids.filter((id) => scheme.issueTypeIds.includes(id));
  if (present.length > 0) {
    throw badRequest(
      `These issue types were not added because they are already present in the issue type scheme: ${present.join(', ')}`,
    );
  }
  scheme.issueTypeIds.push(...new Set(ids));
  ctx.store.version++;
  return { status: 204 };
}

function assignScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEME_ADMIN_ONLY);
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['issueTypeSchemeId', 'projectId']);
  const schemeId = requiredString(body, 'issueTypeSchemeId');
  const projectId = requiredString(body, 'projectId');
  const scheme = ctx.store.config.issueTypeScheme(schemeId);
  if (scheme === undefined) throw notFound('The issue type scheme was not found.');
  const project = ctx.store.projectById(projectId);
  if (project === undefined) throw notFound(`The project with id '${projectId}' was not found.`);
  if (project.style === 'next-gen') {
    throw badRequest('Issue type schemes can only be assigned to classic projects.');
  }
  const stray = ctx.store
    .issuesOfProject(project.id)
    .filter((i) => !scheme.issueTypeIds.includes(i.issueTypeId))
    .map((i) => i.id);
  if (stray.length > 0) {
    throw badRequest(
      `This issue type scheme can't be assigned to the project. This is because some issues in this project use issue types not present in the scheme. Before assigning the scheme to the project, update the issue types on these issues: ${stray.join(', ')}`,
    );
  }
  ctx.store.config.projectIssueTypeScheme.set(project.id, scheme.id);
  ctx.store.version++;
  return { status: 204 };
}

export const issueTypeConfigRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/issuetype', handler: createIssueType },
  { method: 'GET', path: '/rest/api/3/issuetypescheme', handler: listSchemes },
  { method: 'POST', path: '/rest/api/3/issuetypescheme', handler: createScheme },
  { method: 'GET', path: '/rest/api/3/issuetypescheme/mapping', handler: schemeMappings },
  { method: 'GET', path: '/rest/api/3/issuetypescheme/project', handler: schemesForProjects },
  { method: 'PUT', path: '/rest/api/3/issuetypescheme/project', handler: assignScheme },
  {
    method: 'PUT',
    path: '/rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype',
    handler: addTypesToScheme,
  },
];
