/**
 * Dashboards: `GET /rest/api/3/dashboard/{id}`. The emulator has Jira's System Dashboard (id `10000`) only, with
 * Jira Cloud's documented rules for it: it is shared with every user (anyone signed in reads it) and users with
 * the Administer Jira global permission own it, so only they may edit it (`isWritable`). Any other id is 404, as
 * Jira answers for a dashboard that does not exist or is not shared with the caller.
 */
import type { RequestContext, Reply, Route } from '../context';
import { JiraHttpError } from '../errors';

/** The id of Jira's System Dashboard in the emulator (Jira Cloud's usual one). */
export const SYSTEM_DASHBOARD_ID = '10000';

function getDashboard(ctx: RequestContext): Reply {
  const id = ctx.params['id'] ?? '';
  if (id !== SYSTEM_DASHBOARD_ID)
    throw new JiraHttpError(404, [`The dashboard with id '${id}' does not exist or is not shared with you.`]);
  return {
    status: 200,
    body: {
      id,
      isFavourite: false,
      name: 'System Dashboard',
      popularity: 1,
      self: `${ctx.baseUrl}/rest/api/3/dashboard/${id}`,
      sharePermissions: [{ type: 'global' }],
      editPermissions: [],
      isWritable: ctx.user.jiraAdmin,
      systemDashboard: true,
      view: `${ctx.baseUrl}/jira/dashboards/${id}`,
    },
  };
}

export const dashboardRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/dashboard/{id}', handler: getDashboard },
];
