/**
 * Issue links: `POST /rest/api/3/issueLink` (201 without a body, as Jira), `DELETE /rest/api/3/issueLink/{linkId}`
 * (204) and `GET /rest/api/3/issueLinkType`; creating and deleting emit Forge's issue link events.
 *
 * Direction: the request's `inwardIssue` is the link's source ("from") and `outwardIssue` its destination, so
 * `{ type: Blocks, inwardIssue: A, outwardIssue: B }` records "A blocks B"; A's `issuelinks` then show B as
 * `outwardIssue`, B's show A as `inwardIssue`, and the product event says `sourceIssueId: A`.
 */
import { isAdfDocument } from '../adf';
import type { RequestContext, Reply, Route } from '../context';
import { isRecord, objectBody } from '../context';
import { JiraHttpError, badRequest, notFound } from '../errors';
import { issueLinkCreatedEvent, issueLinkDeletedEvent } from '../events';
import { renderLinkType } from '../render';
import type { StoredIssue } from '../store';

function linkedIssue(ctx: RequestContext, ref: unknown, side: string): StoredIssue {
  const idOrKey = isRecord(ref) ? (typeof ref.key === 'string' ? ref.key : ref.id) : undefined;
  if (typeof idOrKey !== 'string') throw badRequest(`The ${side} must name an issue by 'id' or 'key'.`);
  const issue = ctx.store.visibleIssue(ctx.user, idOrKey);
  if (issue === undefined) throw notFound(`Issue Does Not Exist: ${idOrKey}`);
  return issue;
}

function createLink(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  const typeRef = body.type;
  if (!isRecord(typeRef)) throw badRequest("The link 'type' is required.");
  const type = ctx.store.linkTypes.find(
    (t) =>
      t.id === typeRef.id ||
      (typeof typeRef.name === 'string' && t.name.toLowerCase() === typeRef.name.toLowerCase()),
  );
  if (type === undefined) {
    throw notFound(`No issue link type with name '${String(typeRef.name ?? typeRef.id)}' found.`);
  }
  const source = linkedIssue(ctx, body.inwardIssue, 'inwardIssue');
  const destination = linkedIssue(ctx, body.outwardIssue, 'outwardIssue');
  // Jira refuses a link from an issue to itself (it would show the issue as linked to itself).
  if (source.id === destination.id) throw badRequest(`You cannot link an issue to itself (${source.key}).`);
  const comment = body.comment;
  if (comment !== undefined) {
    if (!isRecord(comment) || !isAdfDocument(comment.body)) {
      throw new JiraHttpError(400, [], { comment: 'Comment body must be an Atlassian Document (ADF).' });
    }
    ctx.store.addComment(source, ctx.user.accountId, comment.body, ctx.now());
  }
  const link = ctx.store.addLink(type.id, source.id, destination.id);
  // A duplicate link is answered like a created one, without a second link or event (as Jira documents).
  if (link !== null) ctx.emit(issueLinkCreatedEvent(ctx, link, source, destination));
  return { status: 201 };
}

/**
 * `DELETE /rest/api/3/issueLink/{linkId}`: 204 without a body, as Jira; 404 when no link has the id or the caller
 * may not browse one of its issues (Jira answers alike). Emits `avi:jira:deleted:issuelink` after the response.
 */
function deleteLink(ctx: RequestContext): Reply {
  const linkId = ctx.params.linkId ?? '';
  const link = ctx.store.link(linkId);
  const source = link === undefined ? undefined : ctx.store.visibleIssue(ctx.user, link.outwardIssueId);
  const destination = link === undefined ? undefined : ctx.store.visibleIssue(ctx.user, link.inwardIssueId);
  if (link === undefined || source === undefined || destination === undefined) {
    throw notFound(`No issue link with id '${linkId}' exists.`);
  }
  ctx.store.removeLink(link.id);
  ctx.emit(issueLinkDeletedEvent(ctx, link, source, destination));
  return { status: 204 };
}

function listLinkTypes(ctx: RequestContext): Reply {
  return { status: 200, body: { issueLinkTypes: ctx.store.linkTypes.map((t) => renderLinkType(ctx, t)) } };
}

export const linkRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/issueLink', handler: createLink },
  { method: 'DELETE', path: '/rest/api/3/issueLink/{linkId}', handler: deleteLink },
  { method: 'GET', path: '/rest/api/3/issueLinkType', handler: listLinkTypes },
];
