/**
 * Changelogs: `POST /rest/api/3/changelog/bulkfetch` (up to 1,000 issues per request, items filtered by field id
 * only, as Jira Cloud does: `status`, a custom field by `customfield_NNNNN`, never by its name; pages of at most
 * 10,000 change histories) and `GET /rest/api/3/issue/{issueIdOrKey}/changelog`
 * (`PageBeanChangelog`, at most 100 per page).
 *
 * Bulkfetch paging follows Jira's documentation: all matching histories of the requested issues are ordered by
 * changelog date, then issue id (oldest change and lowest issue id first, as Jira documents), and a page is the
 * next `maxResults` of them, grouped by issue. An issue's history may therefore continue on the next page; a
 * client merges pages by `issueId`.
 */
import type { JiraChangeItem } from '../../../src/domain/flow/types';
import type { RequestContext, Reply, Route } from '../context';
import { intParam, objectBody, param, rejectUnknownMembers, stringArray } from '../context';
import { badRequest, issueNotFound } from '../errors';
import { decodePageToken, encodePageToken, queryFingerprint } from '../page-token';
import { renderChangeItem, renderHistory, renderUser } from '../render';
import type { StoredHistory, StoredIssue } from '../store';

/** Most issues one bulkfetch request may name (Jira: 400 above). */
export const BULKFETCH_MAX_ISSUES = 1000;
/** Most change histories one bulkfetch page holds (`maxResults` maximum; larger values are capped). */
export const BULKFETCH_PAGE_CAP = 10_000;
/** Jira's default page size for bulkfetch. */
export const BULKFETCH_DEFAULT_MAX_RESULTS = 1000;
const BULKFETCH_MAX_FIELD_IDS = 10;
/** Page cap of the single-issue changelog endpoint. */
export const ISSUE_CHANGELOG_PAGE_CAP = 100;

interface Entry {
  readonly issue: StoredIssue;
  readonly issueIdNumber: number;
  readonly history: StoredHistory;
  readonly items: readonly JiraChangeItem[];
}

function historyIdNumber(history: StoredHistory): number {
  const n = Number(history.id);
  return Number.isFinite(n) ? n : 0;
}

function bulkFetch(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['issueIdsOrKeys', 'fieldIds', 'maxResults', 'nextPageToken']);
  if (body.issueIdsOrKeys === undefined) throw badRequest('issueIdsOrKeys: must not be empty.');
  const idsOrKeys = stringArray(body.issueIdsOrKeys, 'issueIdsOrKeys');
  if (idsOrKeys.length === 0) throw badRequest('issueIdsOrKeys: must not be empty.');
  if (idsOrKeys.length > BULKFETCH_MAX_ISSUES) {
    throw badRequest(
      `issueIdsOrKeys: at most ${BULKFETCH_MAX_ISSUES} issue IDs or keys can be requested; got ${idsOrKeys.length}.`,
    );
  }
  const fieldIds = body.fieldIds === undefined ? [] : stringArray(body.fieldIds, 'fieldIds');
  if (fieldIds.length > BULKFETCH_MAX_FIELD_IDS) {
    throw badRequest(
      `fieldIds: at most ${BULKFETCH_MAX_FIELD_IDS} field IDs can be requested; got ${fieldIds.length}.`,
    );
  }
  const maxResults = intParam(body.maxResults, 'maxResults', {
    defaultValue: BULKFETCH_DEFAULT_MAX_RESULTS,
    min: 1,
    cap: BULKFETCH_PAGE_CAP,
  });
  const fieldSet = new Set(fieldIds);
  // Field ids only: a name such as `Flagged` matches nothing (Jira Cloud answers no items for it, not an error).
  const keep = (item: JiraChangeItem): boolean =>
    fieldSet.size === 0 || (typeof item.fieldId === 'string' && fieldSet.has(item.fieldId));

  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const idOrKey of idsOrKeys) {
    // Issues that do not exist or that the user may not browse are left out, not an error.
    const issue = ctx.store.visibleIssue(ctx.user, idOrKey);
    if (issue === undefined || seen.has(issue.id)) continue;
    seen.add(issue.id);
    const issueIdNumber = Number(issue.id);
    for (const history of issue.histories) {
      const items = history.items.filter(keep);
      if (items.length > 0) entries.push({ issue, issueIdNumber, history, items });
    }
  }
  entries.sort(
    (a, b) =>
      a.history.createdMs - b.history.createdMs ||
      a.issueIdNumber - b.issueIdNumber ||
      historyIdNumber(a.history) - historyIdNumber(b.history),
  );

  const fingerprint = queryFingerprint([ctx.user.accountId, idsOrKeys.join(','), fieldIds.join(',')]);
  const offset = decodePageToken(body.nextPageToken, fingerprint);
  const page = entries.slice(offset, offset + maxResults);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const entry of page) {
    const rendered = {
      id: entry.history.id,
      author: renderUser(ctx, entry.history.authorAccountId),
      // This endpoint answers with epoch milliseconds (the operation's example in the OpenAPI description and
      // Jira Cloud itself), unlike the per-issue changelog's timestamp string.
      created: entry.history.createdMs,
      items: entry.items.map(renderChangeItem),
    };
    const group = groups.get(entry.issue.id);
    if (group === undefined) groups.set(entry.issue.id, [rendered]);
    else group.push(rendered);
  }
  const end = offset + page.length;
  return {
    status: 200,
    body: {
      issueChangeLogs: [...groups].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(end < entries.length ? { nextPageToken: encodePageToken(fingerprint, end) } : {}),
    },
  };
}

function issueChangelog(ctx: RequestContext): Reply {
  const issue = ctx.store.visibleIssue(ctx.user, param(ctx, 'issueIdOrKey'));
  if (issue === undefined) throw issueNotFound();
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: ISSUE_CHANGELOG_PAGE_CAP,
    min: 1,
    cap: ISSUE_CHANGELOG_PAGE_CAP,
  });
  const values = issue.histories.slice(startAt, startAt + maxResults);
  const total = issue.histories.length;
  const isLast = startAt + values.length >= total;
  const pageUrl = (start: number): string =>
    `${ctx.baseUrl}/rest/api/3/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${start}`;
  return {
    status: 200,
    body: {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }),
      maxResults,
      startAt,
      total,
      isLast,
      values: values.map((h) => renderHistory(ctx, h)),
    },
  };
}

export const changelogRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/changelog/bulkfetch', handler: bulkFetch },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/changelog', handler: issueChangelog },
];
