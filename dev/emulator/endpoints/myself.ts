/**
 * The caller: `GET /rest/api/3/myself` and `GET /rest/api/3/mypermissions?permissions=…` (global, project or
 * issue context). Global permissions come from the seed user's `jiraAdmin`; project permissions from its
 * browse and admin project lists (browsing a project grants the everyday issue permissions in the emulator, less
 * the seed user's `deniedPermissions`).
 */
import type { RequestContext, Reply, Route } from '../context';
import { JiraHttpError } from '../errors';
import { renderMyself } from '../render';
import type { SeedProject } from '../seed';

interface PermissionInfo {
  readonly id: string;
  readonly name: string;
  readonly type: 'GLOBAL' | 'PROJECT';
  readonly description: string;
}

const PERMISSIONS: Readonly<Record<string, PermissionInfo>> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description: 'Administers the whole Jira site.',
  },
  SYSTEM_ADMIN: {
    id: '44',
    name: 'Jira System Administrators',
    type: 'GLOBAL',
    description: 'Administers the Jira system.',
  },
  ADMINISTER_PROJECTS: {
    id: '23',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Administers the project.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Sees the project and its issues.',
  },
  CREATE_ISSUES: {
    id: '11',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Creates issues in the project.',
  },
  EDIT_ISSUES: {
    id: '12',
    name: 'Edit Issues',
    type: 'PROJECT',
    description: 'Edits issues of the project.',
  },
  TRANSITION_ISSUES: {
    id: '46',
    name: 'Transition Issues',
    type: 'PROJECT',
    description: 'Moves issues through the workflow.',
  },
  ADD_COMMENTS: {
    id: '15',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Comments on issues.',
  },
  LINK_ISSUES: {
    id: '21',
    name: 'Link Issues',
    type: 'PROJECT',
    description: 'Links issues.',
  },
  RESOLVE_ISSUES: {
    id: '14',
    name: 'Resolve Issues',
    type: 'PROJECT',
    description: 'Resolves and reopens issues.',
  },
  DELETE_ISSUES: {
    id: '16',
    name: 'Delete Issues',
    type: 'PROJECT',
    description: 'Deletes issues.',
  },
  ASSIGN_ISSUES: {
    id: '13',
    name: 'Assign Issues',
    type: 'PROJECT',
    description: 'Assigns issues.',
  },
};

function contextProjects(ctx: RequestContext): SeedProject[] | null {
  const { query, store, user } = ctx;
  const issueRef = query.get('issueId') ?? query.get('issueKey');
  if (issueRef !== null) {
    const issue = store.visibleIssue(user, issueRef);
    if (issue === undefined)
      throw new JiraHttpError(404, [
        `Issue '${issueRef}' does not exist or you do not have permission to see it.`,
      ]);
    const project = store.projectById(issue.projectId);
    return project === undefined ? [] : [project];
  }
  const projectRef = query.get('projectId') ?? query.get('projectKey');
  if (projectRef !== null) {
    const project = store.project(projectRef);
    if (project === undefined || !store.canBrowse(user, project)) {
      throw new JiraHttpError(404, [`No project could be found with key '${projectRef}'.`]);
    }
    return [project];
  }
  return null;
}

function myPermissions(ctx: RequestContext): Reply {
  const keys = (ctx.query.get('permissions') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 0) throw new JiraHttpError(400, ["The 'permissions' query parameter is required."]);
  const unknown = keys.filter((k) => PERMISSIONS[k] === undefined);
  if (unknown.length > 0) throw new JiraHttpError(400, [`Invalid permission key(s): ${unknown.join(', ')}.`]);
  const { store, user } = ctx;
  // null: the global context, where a project permission counts when the user has it in any project.
  const projects = contextProjects(ctx) ?? store.projects;
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    const info = PERMISSIONS[key];
    if (info === undefined) continue;
    let have: boolean;
    if (info.type === 'GLOBAL') have = user.jiraAdmin;
    else if (key === 'ADMINISTER_PROJECTS') have = projects.some((p) => store.canAdminister(user, p));
    else if (key === 'BROWSE_PROJECTS') have = projects.some((p) => store.canBrowse(user, p));
    else have = projects.some((p) => store.hasIssuePermission(user, p, key));
    permissions[key] = {
      id: info.id,
      key,
      name: info.name,
      type: info.type,
      description: info.description,
      havePermission: have,
    };
  }
  return { status: 200, body: { permissions } };
}

export const myselfRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/rest/api/3/myself',
    handler: (ctx) => ({ status: 200, body: renderMyself(ctx, ctx.user) }),
  },
  { method: 'GET', path: '/rest/api/3/mypermissions', handler: myPermissions },
];
