/**
 * Users: `GET /rest/api/3/user/bulk?accountId=…&accountId=…` (PageBeanUser). Like Jira: `accountId` is required
 * and repeats per user, unknown account ids are left out, pages by `startAt` / `maxResults` (default 10, at most
 * 200).
 */
import type { RequestContext, Reply, Route } from '../context';
import { intParam } from '../context';
import { badRequest } from '../errors';
import { renderUser } from '../render';

/** Jira's default and largest page of `user/bulk`. */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 200;

function bulkGetUsers(ctx: RequestContext): Reply {
  const ids = ctx.query.getAll('accountId').filter((id) => id !== '');
  if (ids.length === 0) throw badRequest("The 'accountId' parameter is required.");
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: DEFAULT_PAGE,
    min: 1,
    cap: MAX_PAGE,
  });
  const known = [...new Set(ids)].filter((id) => ctx.store.userByAccountId(id) !== undefined);
  const page = known.slice(startAt, startAt + maxResults);
  return {
    status: 200,
    body: {
      self: `${ctx.baseUrl}/rest/api/3/user/bulk?startAt=${startAt}&maxResults=${maxResults}`,
      maxResults,
      startAt,
      total: known.length,
      isLast: startAt + page.length >= known.length,
      values: page.map((id) => {
        const user = ctx.store.userByAccountId(id);
        return { ...renderUser(ctx, id), ...(user ? { locale: user.locale } : {}) };
      }),
    },
  };
}

export const userRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/user/bulk', handler: bulkGetUsers },
];
