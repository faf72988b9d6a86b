/**
 * Jira Service Management (`/rest/servicedeskapi`): the service desks a user may view, a desk's request types and
 * a request's customer satisfaction rating (read, and given by its reporter). Shapes follow Atlassian's Service
 * Management REST API documentation:
 * `PagedDTOServiceDeskDTO` / `PagedDTORequestTypeDTO` (`start`, `limit`, `size`, `isLastPage`, `values`,
 * `_links`), `ServiceDeskDTO`, `RequestTypeDTO` and `CSATFeedbackFullDTO` (`{ type: 'csat', rating, comment? }`).
 *
 * JSM answers errors as `ErrorResponse` (`{ errorMessage, i18nErrorMessage: { i18nKey, parameters } }`), not as
 * the platform's `ErrorCollection`, so these handlers return their errors themselves. Whatever the caller may not
 * see (a desk of a project they cannot browse, a request of such a project) is a 404, as in Jira: the answer does
 * not tell a hidden desk or request from a missing one.
 *
 * The platform OpenAPI description in `../shared/jira-openapi` does not hold these paths; the shapes are checked
 * by `test/emulator/servicedesk.test.ts`.
 */
import type { RequestContext, Reply, Route } from '../context';
import { param } from '../context';
import { issueUpdatedEvent } from '../events';
import type { SeedProject, SeedServiceDesk } from '../seed';

/** JSM's default page size for service desks and request types. */
export const SERVICE_DESK_DEFAULT_LIMIT = 50;
/** The largest page the emulator serves (JSM caps `limit` silently). */
export const SERVICE_DESK_PAGE_CAP = 100;

const API = '/rest/servicedeskapi';

function jsmError(status: number, message: string, i18nKey: string, parameters: string[] = []): Reply {
  return { status, body: { errorMessage: message, i18nErrorMessage: { i18nKey, parameters } } };
}

type PageParams = { readonly start: number; readonly limit: number } | { readonly error: Reply };

function pageParams(ctx: RequestContext): PageParams {
  const read = (name: string, fallback: number): number | null => {
    const raw = ctx.query.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    return Number.isInteger(value) && value >= 0 ? value : null;
  };
  const start = read('start', 0);
  const limit = read('limit', SERVICE_DESK_DEFAULT_LIMIT);
  if (start === null || limit === null || limit === 0) {
    return {
      error: jsmError(
        400,
        "'start' must be a non-negative integer and 'limit' a positive integer.",
        'sd.paging.invalid',
      ),
    };
  }
  return { start, limit: Math.min(limit, SERVICE_DESK_PAGE_CAP) };
}

function paged(
  ctx: RequestContext,
  path: string,
  items: readonly unknown[],
  start: number,
  limit: number,
): Reply {
  const values = items.slice(start, start + limit);
  const isLastPage = start + values.length >= items.length;
  const link = (at: number): string => `${ctx.baseUrl}${path}?start=${at}&limit=${limit}`;
  return {
    status: 200,
    body: {
      _expands: [],
      size: values.length,
      start,
      limit,
      isLastPage,
      _links: {
        base: ctx.baseUrl,
        context: '',
        self: link(start),
        ...(isLastPage ? {} : { next: link(start + limit) }),
        ...(start > 0 ? { prev: link(Math.max(0, start - limit)) } : {}),
      },
      values,
    },
  };
}

function visibleDesks(ctx: RequestContext): { desk: SeedServiceDesk; project: SeedProject }[] {
  const out: { desk: SeedServiceDesk; project: SeedProject }[] = [];
  for (const desk of ctx.store.serviceDesks) {
    const project = ctx.store.projectById(desk.projectId);
    if (project !== undefined && ctx.store.canBrowse(ctx.user, project)) out.push({ desk, project });
  }
  return out;
}

function renderDesk(ctx: RequestContext, desk: SeedServiceDesk, project: SeedProject): unknown {
  return {
    id: desk.id,
    projectId: project.id,
    projectName: project.name,
    projectKey: project.key,
    _links: { self: `${ctx.baseUrl}${API}/servicedesk/${desk.id}` },
  };
}

function deskOr404(ctx: RequestContext): { desk: SeedServiceDesk; project: SeedProject } | Reply {
  const id = param(ctx, 'serviceDeskId');
  const found = visibleDesks(ctx).find((d) => d.desk.id === id);
  return (
    found ??
    jsmError(
      404,
      'The service project does not exist or you do not have permission to see it.',
      'sd.service.desk.not.found',
      [id],
    )
  );
}

function listServiceDesks(ctx: RequestContext): Reply {
  const paging = pageParams(ctx);
  if ('error' in paging) return paging.error;
  const desks = visibleDesks(ctx).map(({ desk, project }) => renderDesk(ctx, desk, project));
  return paged(ctx, `${API}/servicedesk`, desks, paging.start, paging.limit);
}

function getServiceDesk(ctx: RequestContext): Reply {
  const found = deskOr404(ctx);
  if ('status' in found) return found;
  return { status: 200, body: renderDesk(ctx, found.desk, found.project) };
}

function listRequestTypes(ctx: RequestContext): Reply {
  const found = deskOr404(ctx);
  if ('status' in found) return found;
  const paging = pageParams(ctx);
  if ('error' in paging) return paging.error;
  const { desk } = found;
  const types = desk.requestTypes.map((type) => ({
    id: type.id,
    _links: { self: `${ctx.baseUrl}${API}/servicedesk/${desk.id}/requesttype/${type.id}` },
    name: type.name,
    description: type.description,
    helpText: '',
    issueTypeId: type.issueTypeId,
    serviceDeskId: desk.id,
    portalId: desk.id,
    groupIds: [],
  }));
  return paged(ctx, `${API}/servicedesk/${desk.id}/requesttype`, types, paging.start, paging.limit);
}

/**
 * A request's CSAT feedback. 404 when the issue does not exist, is hidden from the caller (they may neither
 * see it — its project, its security level — nor are its reporter), is not a request of a service desk, or has no rating yet.
 */
function getFeedback(ctx: RequestContext): Reply {
  const idOrKey = param(ctx, 'requestIdOrKey');
  const issue = ctx.store.issue(idOrKey);
  const project = issue === undefined ? undefined : ctx.store.projectById(issue.projectId);
  const mayView =
    issue !== undefined &&
    project !== undefined &&
    (ctx.store.visibleIssue(ctx.user, issue.id) !== undefined ||
      issue.reporterAccountId === ctx.user.accountId);
  if (!mayView) {
    return jsmError(
      404,
      'The request does not exist or you do not have permission to see it.',
      'sd.request.not.found',
      [idOrKey],
    );
  }
  if (!ctx.store.serviceDesks.some((desk) => desk.projectId === project.id)) {
    return jsmError(404, `${issue.key} is not a service desk request.`, 'sd.request.not.request', [
      issue.key,
    ]);
  }
  const feedback = ctx.store.feedbackByIssueId.get(issue.id);
  if (feedback === undefined) {
    return jsmError(404, `Request ${issue.key} has no feedback.`, 'sd.request.feedback.not.found', [
      issue.key,
    ]);
  }
  return {
    status: 200,
    body: {
      type: 'csat',
      rating: feedback.rating,
      ...(feedback.comment === undefined ? {} : { comment: { body: feedback.comment } }),
    },
  };
}

/**
 * A customer rates their request (`POST …/request/{requestIdOrKey}/feedback`, body `CSATFeedbackFullDTO`). JSM
 * lets only the request's reporter (or a Connect app) give feedback: anybody else who may see the request gets a
 * 403, whoever may not a 404. A second rating replaces the first. The preview uses it to play a customer.
 */
/** JSM's Satisfaction field (`com.atlassian.servicedesk:sd-request-feedback`) as the emulator's site numbers it. */
export const SATISFACTION_FIELD = { id: 'customfield_10050', name: 'Satisfaction' } as const;

function postFeedback(ctx: RequestContext): Reply {
  const idOrKey = param(ctx, 'requestIdOrKey');
  const issue = ctx.store.issue(idOrKey);
  const project = issue === undefined ? undefined : ctx.store.projectById(issue.projectId);
  const isReporter = issue !== undefined && issue.reporterAccountId === ctx.user.accountId;
  if (
    issue === undefined ||
    project === undefined ||
    !(isReporter || ctx.store.visibleIssue(ctx.user, issue.id) !== undefined)
  ) {
    return jsmError(
      404,
      'The request does not exist or you do not have permission to see it.',
      'sd.request.not.found',
      [idOrKey],
    );
  }
  if (!ctx.store.serviceDesks.some((desk) => desk.projectId === project.id)) {
    return jsmError(404, `${issue.key} is not a service desk request.`, 'sd.request.not.request', [
      issue.key,
    ]);
  }
  if (!isReporter) {
    return jsmError(
      403,
      'Only the reporter of a request can give feedback on it.',
      'sd.request.feedback.not.reporter',
      [issue.key],
    );
  }
  const body: unknown = ctx.body;
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  const rating = record?.rating;
  const comment = record?.comment;
  const commentBody =
    typeof comment === 'object' &&
    comment !== null &&
    typeof (comment as { body?: unknown }).body === 'string'
      ? (comment as { body: string }).body
      : undefined;
  const validRating =
    rating === 1 || rating === 2 || rating === 3 || rating === 4 || rating === 5 ? rating : undefined;
  if (record === null || (record.type !== undefined && record.type !== 'csat') || validRating === undefined) {
    return jsmError(
      400,
      "Feedback needs type 'csat' and a rating that is an integer from 1 to 5.",
      'sd.request.feedback.invalid',
    );
  }
  const previous = ctx.store.feedbackByIssueId.get(issue.id)?.rating ?? null;
  ctx.store.setFeedback(
    commentBody === undefined || commentBody === ''
      ? { issueId: issue.id, rating: validRating }
      : { issueId: issue.id, rating: validRating, comment: commentBody },
  );
  // The rating sets the request's Satisfaction field: Jira records the change and sends an issue-updated event,
  // which Automation's "field value changed" trigger on Satisfaction (a low-CSAT rule) and the preview's rule
  // runner see.
  const history = ctx.store.recordChange(
    issue,
    ctx.user.accountId,
    [
      {
        field: SATISFACTION_FIELD.name,
        fieldtype: 'custom',
        fieldId: SATISFACTION_FIELD.id,
        from: previous === null ? null : String(previous),
        fromString: previous === null ? null : String(previous),
        to: String(validRating),
        toString: String(validRating),
      },
    ],
    ctx.now(),
  );
  ctx.emit(issueUpdatedEvent(ctx, issue, history));
  return {
    status: 200,
    body: {
      type: 'csat',
      rating: validRating,
      ...(commentBody === undefined || commentBody === '' ? {} : { comment: { body: commentBody } }),
    },
  };
}

export const serviceDeskRoutes: readonly Route[] = [
  { method: 'GET', path: `${API}/servicedesk`, handler: listServiceDesks },
  { method: 'GET', path: `${API}/servicedesk/{serviceDeskId}`, handler: getServiceDesk },
  { method: 'GET', path: `${API}/servicedesk/{serviceDeskId}/requesttype`, handler: listRequestTypes },
  { method: 'GET', path: `${API}/request/{requestIdOrKey}/feedback`, handler: getFeedback },
  { method: 'POST', path: `${API}/request/{requestIdOrKey}/feedback`, handler: postFeedback },
];
