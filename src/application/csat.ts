/**
 * CSAT of a scope per period: the customer satisfaction ratings (Jira Service Management, 1–5) of the requests a
 * JQL scope resolved on a period's local days. The building block of the `csat` key result kind and of the CSAT
 * in an improvement's effect check (issue 11).
 */
import { summarizeCsat, resolvedWithinJql, type CsatRating, type CsatSummary } from '../domain/feedback/csat';
import type { JiraPort } from './ports/jira-port';
import type { JiraServiceDeskPort } from './ports/service-desk-port';
import { mapParallel } from './map-parallel';

/** Feedback reads in flight at once: one request per issue, so a bounded pool keeps a scope from a 429 storm. */
export const CSAT_READ_CONCURRENCY = 8;

/** Issues of a scope whose ratings are read at most (ids-only search pages of 5,000: two pages). */
export const CSAT_MAX_REQUESTS = 10_000;

export interface CsatPeriodRequest {
  /** The scope, a JQL condition (`project = HD`); an empty one is refused. */
  readonly jql: string;
  /** First and last local day of the period (`YYYY-MM-DD`, inclusive) in `timeZone`. */
  readonly firstDate: string;
  readonly lastDate: string;
  /** IANA zone of the period's days (the key result's or the report's zone). */
  readonly timeZone: string;
  /**
   * The searching user's Jira time zone (JQL dates are read in it; `GET /myself` `timeZone`); default: the
   * acting user's, read from Jira.
   */
  readonly searcherTimeZone?: string;
}

export interface CsatPeriodResult extends CsatSummary {
  /** Requests of the scope resolved in the period (rated or not), as far as the reader may browse them. */
  readonly resolved: number;
  /** Whether the scope held more than {@link CSAT_MAX_REQUESTS} requests and only that many were read. */
  readonly truncated: boolean;
  /**
   * Every rating, in the search's order: the sample an effect check compares before and after a change
   * (`analyseSamples` with `better: 'higher'`, FLOW-METRICS.md §6).
   */
  readonly ratings: readonly CsatRating[];
}

/**
 * The CSAT of the requests `request.jql` resolved on the period's local days: n (rated requests), mean (1–5,
 * 3 decimals; null when none was rated) and distribution of ratings 1–5, with the number resolved.
 *
 * Both Jira reads run as whoever `jira` and `serviceDesk` act as: issues that reader may not browse are not found
 * by the search, so their ratings are never read. Requests without a rating (JSM answers 404, also for an issue
 * that is not a request) are skipped, not counted as zero. Ratings are read {@link CSAT_READ_CONCURRENCY} at a
 * time; one request per resolved issue of the scope, plus the id searches (and `GET /myself` without
 * `searcherTimeZone`).
 *
 * @throws JqlRefinementError for an empty or refused JQL; Jira errors other than a feedback 404 as thrown.
 */
export async function measureCsat(
  jira: Pick<JiraPort, 'searchIssueIds' | 'getMyself'>,
  serviceDesk: Pick<JiraServiceDeskPort, 'getRequestFeedback'>,
  request: CsatPeriodRequest,
): Promise<CsatPeriodResult> {
  const searcherTimeZone = request.searcherTimeZone ?? (await jira.getMyself()).timeZone ?? 'UTC';
  const jql = resolvedWithinJql(
    request.jql,
    request.firstDate,
    request.lastDate,
    request.timeZone,
    searcherTimeZone,
  );
  const ids = await jira.searchIssueIds(jql, { maxIds: CSAT_MAX_REQUESTS + 1 });
  const truncated = ids.length > CSAT_MAX_REQUESTS;
  const read = truncated ? ids.slice(0, CSAT_MAX_REQUESTS) : ids;
  const feedback = await mapParallel(read, CSAT_READ_CONCURRENCY, (id) => serviceDesk.getRequestFeedback(id));
  const ratings: CsatRating[] = [];
  for (const item of feedback) if (item !== null) ratings.push(item.rating);
  return { ...summarizeCsat(ratings), resolved: read.length, truncated, ratings };
}
