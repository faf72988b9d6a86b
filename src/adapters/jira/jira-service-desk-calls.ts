/**
 * The Jira Service Management calls of the Jira client (`/rest/servicedeskapi`, Forge scope
 * `read:servicedesk-request`): the service desks and a request's CSAT feedback. JSM pages with `start`/`limit`
 * and `isLastPage` (not the platform's `startAt`/`maxResults`), so the loop is its own.
 */
import * as v from 'valibot';
import type {
  JiraServiceDeskPort,
  RequestFeedback,
  ServiceDesk,
} from '../../application/ports/service-desk-port';
import { enc, isNotFound, query, type JiraRequester } from './jira-request';
import { JIRA_ROUTES, MAX_PAGES, SERVICE_DESK_PAGE_SIZE } from './jira-routes';

/** `CSATFeedbackFullDTO`: JSM documents every member as optional; a rating outside 1–5 is not one. */
const FeedbackSchema = v.object({
  type: v.exactOptional(v.string()),
  rating: v.exactOptional(v.number()),
  comment: v.exactOptional(v.object({ body: v.exactOptional(v.string()) })),
});

const ServiceDeskSchema = v.object({
  id: v.string(),
  projectId: v.string(),
  projectKey: v.string(),
  projectName: v.string(),
});

/** `PagedDTOServiceDeskDTO`. */
const ServiceDeskPageSchema = v.object({
  start: v.exactOptional(v.number()),
  size: v.exactOptional(v.number()),
  isLastPage: v.exactOptional(v.boolean()),
  values: v.array(ServiceDeskSchema),
});

function isRating(value: number | undefined): value is RequestFeedback['rating'] {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The JSM calls over the client's requester. */
export function serviceDeskCalls({ request }: JiraRequester): JiraServiceDeskPort {
  return {
    async getRequestFeedback(issueIdOrKey: string): Promise<RequestFeedback | null> {
      try {
        const feedback = await request(
          {
            routeKey: JIRA_ROUTES.getRequestFeedback,
            method: 'GET',
            path: `/rest/servicedeskapi/request/${enc(issueIdOrKey)}/feedback`,
          },
          FeedbackSchema,
        );
        // Only CSAT is documented; any other kind or a missing rating is no CSAT rating.
        if ((feedback.type !== undefined && feedback.type !== 'csat') || !isRating(feedback.rating))
          return null;
        const comment = feedback.comment?.body;
        return { rating: feedback.rating, comment: comment === undefined || comment === '' ? null : comment };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async listServiceDesks(): Promise<readonly ServiceDesk[]> {
      const desks: ServiceDesk[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.listServiceDesks,
            method: 'GET',
            path: `/rest/servicedeskapi/servicedesk${query({ start: desks.length, limit: SERVICE_DESK_PAGE_SIZE })}`,
          },
          ServiceDeskPageSchema,
        );
        for (const desk of result.values) {
          desks.push({
            id: desk.id,
            projectId: desk.projectId,
            projectKey: desk.projectKey,
            projectName: desk.projectName,
          });
        }
        if (result.isLastPage !== false || result.values.length === 0) return desks;
      }
      throw new Error(`GET /rest/servicedeskapi/servicedesk did not finish within ${MAX_PAGES} pages`);
    },
  };
}
