/**
 * Comments: `GET /rest/api/3/issue/{issueIdOrKey}/comment` (`PageOfComments`, `orderBy=created|-created`) and
 * `POST …/comment`. REST v3 takes comment bodies only as Atlassian Document Format: a plain string is a 400.
 */
import { isAdfDocument } from '../adf';
import type { RequestContext, Reply, Route } from '../context';
import { intParam, objectBody, param } from '../context';
import { JiraHttpError, badRequest, issueNotFound } from '../errors';
import { renderComment } from '../render';
import type { StoredIssue } from '../store';

/** Largest comment page the emulator serves. */
export const COMMENT_PAGE_CAP = 5000;

function visibleIssueOr404(ctx: RequestContext): StoredIssue {
  const issue = ctx.store.visibleIssue(ctx.user, param(ctx, 'issueIdOrKey'));
  if (issue === undefined) throw issueNotFound();
  return issue;
}

function listComments(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: 100,
    min: 0,
    cap: COMMENT_PAGE_CAP,
  });
  const orderBy = ctx.query.get('orderBy');
  if (orderBy !== null && !['created', '+created', '-created'].includes(orderBy)) {
    throw badRequest(`orderBy: '${orderBy}' is not valid; use created or -created.`);
  }
  const ordered = [...issue.comments].sort((a, b) =>
    a.created < b.created ? -1 : a.created > b.created ? 1 : 0,
  );
  if (orderBy === '-created') ordered.reverse();
  const page = ordered.slice(startAt, startAt + maxResults);
  return {
    status: 200,
    body: {
      startAt,
      maxResults,
      total: issue.comments.length,
      comments: page.map((c) => renderComment(ctx, issue, c)),
    },
  };
}

function addComment(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const body = objectBody(ctx);
  if (!isAdfDocument(body.body)) {
    throw new JiraHttpError(400, [], {
      comment:
        'Comment body must be an Atlassian Document (see the Atlassian Document Format): REST API v3 does not accept plain text.',
    });
  }
  const comment = ctx.store.addComment(issue, ctx.user.accountId, body.body, ctx.now());
  return { status: 201, body: renderComment(ctx, issue, comment) };
}

export const commentRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/comment', handler: listComments },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/comment', handler: addComment },
];
