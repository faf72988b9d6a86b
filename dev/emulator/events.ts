/**
 * Forge product event payloads, as the Forge events reference documents them for Jira:
 * - `avi:jira:created:issue` / `avi:jira:updated:issue` / `avi:jira:deleted:issue`: `{ eventType, issue: { id,
 *   key, fields }, atlassianId, associatedUsers, changelog? }` (`changelog: { id, items }` on updates; a deleted
 *   issue's event carries the issue as it was, which can no longer be read)
 * - `avi:jira:created:issuelink` / `avi:jira:deleted:issuelink`: `{ eventType, id, sourceIssueId,
 *   destinationIssueId, sourceProjectId, destinationProjectId, issueLinkType: { id, name, inward, outward },
 *   atlassianId }` (the same members for both)
 */
import type { ProductEvent, RequestContext } from './context';
import type { RenderContext } from './render';
import { FLAGGED_FIELD_ID, renderChangeItem, renderFields, renderLinkType } from './render';
import type { SeedIssueLink } from './seed';
import type { StoredHistory, StoredIssue } from './store';

/** The issue fields an issue event carries (the documented ones plus what the app's triggers read). */
const EVENT_FIELDS = [
  'summary',
  'issuetype',
  'creator',
  'created',
  'project',
  'reporter',
  'assignee',
  'updated',
  'status',
  'priority',
  'labels',
  'resolution',
  'resolutiondate',
  FLAGGED_FIELD_ID,
];

function eventIssue(ctx: RenderContext, issue: StoredIssue): Record<string, unknown> {
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: renderFields(ctx, issue, EVENT_FIELDS),
  };
}

export function issueCreatedEvent(ctx: RequestContext, issue: StoredIssue): ProductEvent {
  return {
    eventType: 'avi:jira:created:issue',
    payload: {
      eventType: 'avi:jira:created:issue',
      issue: eventIssue(ctx, issue),
      atlassianId: ctx.user.accountId,
      associatedUsers: [{ accountId: ctx.user.accountId }],
    },
  };
}

/** The event of a deleted issue: rendered before the issue leaves the store. */
export function issueDeletedEvent(ctx: RenderContext, issue: StoredIssue): ProductEvent {
  return {
    eventType: 'avi:jira:deleted:issue',
    payload: {
      eventType: 'avi:jira:deleted:issue',
      issue: eventIssue(ctx, issue),
      atlassianId: ctx.user.accountId,
      associatedUsers: [{ accountId: ctx.user.accountId }],
    },
  };
}

export function issueUpdatedEvent(
  ctx: RenderContext,
  issue: StoredIssue,
  history: StoredHistory,
): ProductEvent {
  return {
    eventType: 'avi:jira:updated:issue',
    payload: {
      eventType: 'avi:jira:updated:issue',
      issue: eventIssue(ctx, issue),
      atlassianId: ctx.user.accountId,
      associatedUsers: [{ accountId: ctx.user.accountId }],
      changelog: { id: history.id, items: history.items.map(renderChangeItem) },
    },
  };
}

export function issueLinkCreatedEvent(
  ctx: RequestContext,
  link: SeedIssueLink,
  source: StoredIssue,
  destination: StoredIssue,
): ProductEvent {
  return issueLinkEvent('avi:jira:created:issuelink', ctx, link, source, destination);
}

export function issueLinkDeletedEvent(
  ctx: RequestContext,
  link: SeedIssueLink,
  source: StoredIssue,
  destination: StoredIssue,
): ProductEvent {
  return issueLinkEvent('avi:jira:deleted:issuelink', ctx, link, source, destination);
}

function issueLinkEvent(
  eventType: 'avi:jira:created:issuelink' | 'avi:jira:deleted:issuelink',
  ctx: RequestContext,
  link: SeedIssueLink,
  source: StoredIssue,
  destination: StoredIssue,
): ProductEvent {
  const type = ctx.store.linkType(link.typeId);
  return {
    eventType,
    payload: {
      eventType,
      id: link.id,
      sourceIssueId: source.id,
      destinationIssueId: destination.id,
      sourceProjectId: source.projectId,
      destinationProjectId: destination.projectId,
      ...(type === undefined ? {} : { issueLinkType: renderLinkType(ctx, type) }),
      atlassianId: ctx.user.accountId,
    },
  };
}
