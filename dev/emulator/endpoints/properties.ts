/**
 * Issue entity properties: `GET …/properties` (`PropertyKeys`), `GET/PUT/DELETE …/properties/{propertyKey}`.
 * PUT answers 201 when the property is created and 200 when it is replaced, both without a body; values are any
 * non-empty JSON of at most 32,768 characters, keys at most 255 characters.
 */
import type { RequestContext, Reply, Route } from '../context';
import { param } from '../context';
import { badRequest, issueNotFound, notFound } from '../errors';
import type { StoredIssue } from '../store';

export const PROPERTY_VALUE_MAX_CHARS = 32_768;
export const PROPERTY_KEY_MAX_CHARS = 255;

function visibleIssueOr404(ctx: RequestContext): StoredIssue {
  const issue = ctx.store.visibleIssue(ctx.user, param(ctx, 'issueIdOrKey'));
  if (issue === undefined) throw issueNotFound();
  return issue;
}

function propertyUrl(ctx: RequestContext, issue: StoredIssue, key: string): string {
  return `${ctx.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`;
}

function propertyNotFound(key: string): ReturnType<typeof notFound> {
  return notFound(`The property with key '${key}' does not exist.`);
}

function listKeys(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  return {
    status: 200,
    body: { keys: [...issue.properties.keys()].map((key) => ({ self: propertyUrl(ctx, issue, key), key })) },
  };
}

function getProperty(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const key = param(ctx, 'propertyKey');
  if (!issue.properties.has(key)) throw propertyNotFound(key);
  return { status: 200, body: { key, value: issue.properties.get(key) } };
}

function putProperty(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const key = param(ctx, 'propertyKey');
  if (key.length > PROPERTY_KEY_MAX_CHARS) {
    throw badRequest(`The property key must not be longer than ${PROPERTY_KEY_MAX_CHARS} characters.`);
  }
  if (ctx.body === undefined || ctx.rawBody.trim() === '')
    throw badRequest('The property value must not be empty.');
  if (ctx.rawBody.length > PROPERTY_VALUE_MAX_CHARS) {
    throw badRequest(`The property value must not be longer than ${PROPERTY_VALUE_MAX_CHARS} characters.`);
  }
  const outcome = ctx.store.setProperty(issue, key, ctx.body);
  return { status: outcome === 'created' ? 201 : 200 };
}

function deleteProperty(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const key = param(ctx, 'propertyKey');
  if (!ctx.store.deleteProperty(issue, key)) throw propertyNotFound(key);
  return { status: 204 };
}

export const propertyRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/properties', handler: listKeys },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', handler: getProperty },
  { method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', handler: putProperty },
  {
    method: 'DELETE',
    path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    handler: deleteProperty,
  },
];
