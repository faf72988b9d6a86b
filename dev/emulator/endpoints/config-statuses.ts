/**
 * Bulk status API: `GET /rest/api/3/statuses?id=` (the statuses with those ids; unknown ids are left out) and
 * `POST /rest/api/3/statuses` (create statuses in the GLOBAL scope, for company-managed workflows, or in a
 * PROJECT scope, for a team-managed project). Needs Administer Jira, or Administer Projects for a project scope.
 */
import type { RequestContext, Reply, Route } from '../context';
import { isRecord, objectBody, rejectUnknownMembers } from '../context';
import { badRequest, notFound } from '../errors';
import type { SeedProject, SeedStatus, StatusCategoryKey } from '../seed';
import { queryList, recordList, requireJiraAdmin, requireProjectAdmin, sameName } from './config-common';
import { renderJiraStatus } from './metadata';

export const STATUS_NAME_MAX = 255;
const CATEGORY_KEYS: Readonly<Record<string, StatusCategoryKey>> = {
  TODO: 'new',
  IN_PROGRESS: 'indeterminate',
  DONE: 'done',
};

function getStatuses(ctx: RequestContext): Reply {
  if (!ctx.user.jiraAdmin && ctx.user.adminProjects.length === 0) {
    requireJiraAdmin(ctx, 'You need the Administer Jira or Administer Projects permission to read statuses.');
  }
  const ids = queryList(ctx, 'id');
  if (ids.length === 0) throw badRequest('The id query parameter is required (at most 50 status ids).');
  if (ids.length > 50) throw badRequest('At most 50 status ids can be requested at once.');
  const statuses = ids.flatMap((id) => {
    const status = ctx.store.status(id);
    return status === undefined ? [] : [renderJiraStatus(status)];
  });
  return { status: 200, body: statuses };
}

/** A status scope `{ type: 'GLOBAL' }` or `{ type: 'PROJECT', project: { id } }`; undefined project for GLOBAL. */
export function parseScope(ctx: RequestContext, raw: unknown): { project: SeedProject | undefined } {
  if (!isRecord(raw) || (raw.type !== 'GLOBAL' && raw.type !== 'PROJECT')) {
    throw badRequest('', {
      scope: "The scope must be { type: 'GLOBAL' } or { type: 'PROJECT', project: { id } }.",
    });
  }
  if (raw.type === 'GLOBAL') return { project: undefined };
  const id = isRecord(raw.project) ? raw.project.id : undefined;
  const project = typeof id === 'string' ? ctx.store.projectById(id) : undefined;
  if (project === undefined || !ctx.store.canBrowse(ctx.user, project)) {
    throw notFound(`The project of the scope (${typeof id === 'string' ? id : 'no id'}) was not found.`);
  }
  return { project };
}

/** Same-named status in the scope (statuses are unique by name, case-insensitively, within a scope). */
export function statusInScope(
  statuses: readonly SeedStatus[],
  name: string,
  projectId: string | undefined,
): SeedStatus | undefined {
  return statuses.find((s) => s.projectId === projectId && sameName(s.name, name));
}

function createStatuses(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['scope', 'statuses']);
  const { project } = parseScope(ctx, body.scope);
  if (project === undefined) {
    requireJiraAdmin(ctx, 'You need the Administer Jira permission to create global statuses.');
  } else {
    requireProjectAdmin(
      ctx,
      project,
      `You need the Administer Projects permission for ${project.key} to create its statuses.`,
    );
  }
  const inputs = recordList(body.statuses, 'statuses');
  if (inputs.length === 0) throw badRequest('', { statuses: 'Give at least one status to create.' });
  const seen: string[] = [];
  const planned = inputs.map((input, index) => {
    const name = input.name;
    const category =
      typeof input.statusCategory === 'string' ? CATEGORY_KEYS[input.statusCategory] : undefined;
    if (typeof name !== 'string' || name.trim() === '') {
      throw badRequest('', { [`statuses[${index}].name`]: 'The status name must not be empty.' });
    }
    if (name.length > STATUS_NAME_MAX) throw badRequest(`The name is too long, maxSize=${STATUS_NAME_MAX}`);
    if (category === undefined) {
      throw badRequest('', {
        [`statuses[${index}].statusCategory`]: 'The status category must be TODO, IN_PROGRESS or DONE.',
      });
    }
    // Duplicate names are a 400 ("Returned if the request is not valid"): the description documents 409 only
    // for "another workflow configuration update task is ongoing".
    if (
      statusInScope(ctx.store.statuses, name, project?.id) !== undefined ||
      seen.some((s) => sameName(s, name))
    ) {
      throw badRequest(
        `A status named '${name.trim()}' already exists in this scope. Use the existing status or choose another name.`,
      );
    }
    seen.push(name);
    const description = typeof input.description === 'string' ? input.description : '';
    return { name: name.trim(), categoryKey: category, description };
  });
  const created = planned.map((p) =>
    ctx.store.addStatus({
      name: p.name,
      categoryKey: p.categoryKey,
      description: p.description,
      ...(project === undefined ? {} : { projectId: project.id }),
    }),
  );
  return { status: 200, body: created.map(renderJiraStatus) };
}

export const statusConfigRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/statuses', handler: getStatuses },
  { method: 'POST', path: '/rest/api/3/statuses', handler: createStatuses },
];
