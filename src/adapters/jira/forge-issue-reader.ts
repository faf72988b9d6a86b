import { route } from '@forge/api';
import type { RequestProductMethod } from '@forge/api';
import * as v from 'valibot';
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type { JiraChangeItem, JiraHistory, JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';
import { throwForStatus } from './jira-response';

/** Changelog page size: the maximum `/rest/api/3/issue/{key}/changelog` accepts. */
export const CHANGELOG_PAGE_SIZE = 100;
/** Upper bound on changelog pages (100 000 histories), so a misbehaving server cannot keep the loop going. */
export const MAX_CHANGELOG_PAGES = 1000;

const nullableString = v.exactOptional(v.nullable(v.string()));
const StatusSchema = v.looseObject({
  id: v.exactOptional(v.string()),
  name: v.exactOptional(v.string()),
  statusCategory: v.exactOptional(
    v.looseObject({ key: v.exactOptional(v.string()), name: v.exactOptional(v.string()) }),
  ),
});
const IssueSchema = v.looseObject({
  key: v.string(),
  id: v.exactOptional(v.string()),
  fields: v.looseObject({
    created: v.exactOptional(v.string()),
    status: v.exactOptional(StatusSchema),
    issuetype: v.exactOptional(
      v.looseObject({ id: v.exactOptional(v.string()), name: v.exactOptional(v.string()) }),
    ),
    resolutiondate: nullableString,
    summary: v.exactOptional(v.string()),
  }),
});
const CHANGE_ITEM_KEYS = ['field', 'fieldId', 'fieldtype', 'from', 'fromString', 'to', 'toString'] as const;

/**
 * The change item's own string/null properties. Read by hand, not by an object schema: an item without a
 * `toString` property (Jira leaves it out for some fields) would otherwise yield `Object.prototype.toString`.
 */
function ownChangeItem(raw: Readonly<Record<string, unknown>>): JiraChangeItem {
  const item: { -readonly [K in keyof JiraChangeItem]?: string | null } = {};
  for (const key of CHANGE_ITEM_KEYS) {
    const value: unknown = Object.getOwnPropertyDescriptor(raw, key)?.value;
    if (typeof value === 'string' || value === null) item[key] = value;
  }
  return item;
}
const ChangeItemSchema = v.pipe(v.record(v.string(), v.unknown()), v.transform(ownChangeItem));
const HistorySchema = v.looseObject({
  id: v.exactOptional(v.string()),
  created: v.exactOptional(v.string()),
  items: v.exactOptional(v.array(ChangeItemSchema)),
});
const ChangelogPageSchema = v.looseObject({
  values: v.array(HistorySchema),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});
const ProjectStatusesSchema = v.array(v.looseObject({ statuses: v.exactOptional(v.array(StatusSchema)) }));

/** True for the items the flow engine reads: status changes and the Flagged (impediment) field. */
function isFlowItem(item: JiraChangeItem): boolean {
  return item.field === 'status' || item.fieldId === 'status' || item.field?.toLowerCase() === 'flagged';
}

/** Keeps only the flow items of a history; null when none is left (the history is then dropped). */
function flowHistory(history: JiraHistory): JiraHistory | null {
  const items = (history.items ?? []).filter(isFlowItem);
  return items.length === 0 ? null : { ...history, items };
}

async function parseBody<TSchema extends v.GenericSchema>(
  response: { json: () => Promise<unknown> },
  schema: TSchema,
  what: string,
): Promise<v.InferOutput<TSchema>> {
  const parsed = v.safeParse(schema, await response.json());
  if (!parsed.success) {
    throw new Error(`Unexpected response to ${what}: ${v.summarize(parsed.issues)}`);
  }
  return parsed.output;
}

/**
 * The Jira adapter of {@link IssueReadPort} on Forge's product fetch: `requestJira` is
 * `asUser().requestJira` (the user's own permissions apply) or any function with the same contract.
 *
 * The request paths are written out at each call (not built by a helper) so that `@forge/lint` can see them and
 * check the manifest's scopes against them. `nowMs` converts an HTTP-date `Retry-After`.
 */
export function createForgeIssueReader(
  requestJira: RequestProductMethod,
  nowMs: () => number = Date.now,
): IssueReadPort {
  return {
    async getIssueWithChangelog(issueKey: string): Promise<JiraIssueInput> {
      const issueWhat = `GET /rest/api/3/issue/${issueKey}`;
      const issueResponse = await requestJira(
        route`/rest/api/3/issue/${issueKey}?fields=created,status,issuetype,resolutiondate,summary`,
        { headers: { Accept: 'application/json' } },
      );
      if (!issueResponse.ok) throwForStatus(issueResponse, issueWhat, nowMs());
      const issue = await parseBody(issueResponse, IssueSchema, issueWhat);

      const histories: JiraHistory[] = [];
      let startAt = 0;
      for (let page = 0; ; page++) {
        if (page >= MAX_CHANGELOG_PAGES) {
          throw new Error(`The changelog of ${issue.key} has more than ${MAX_CHANGELOG_PAGES} pages`);
        }
        const pageWhat = `GET /rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}`;
        // The issue's current key: the requested key may be an old one of a moved issue.
        const pageResponse = await requestJira(
          route`/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}&maxResults=${CHANGELOG_PAGE_SIZE}`,
          { headers: { Accept: 'application/json' } },
        );
        if (!pageResponse.ok) throwForStatus(pageResponse, pageWhat, nowMs());
        const changelog = await parseBody(pageResponse, ChangelogPageSchema, pageWhat);
        for (const history of changelog.values) {
          const kept = flowHistory(history);
          if (kept !== null) histories.push(kept);
        }
        startAt += changelog.values.length;
        const finished =
          changelog.isLast === true ||
          changelog.values.length === 0 ||
          (changelog.isLast === undefined && changelog.total !== undefined && startAt >= changelog.total);
        if (finished) break;
      }
      return { ...issue, changelog: { histories } };
    },

    async listProjectStatuses(projectKey: string): Promise<readonly JiraStatusRef[]> {
      const what = `GET /rest/api/3/project/${projectKey}/statuses`;
      const response = await requestJira(route`/rest/api/3/project/${projectKey}/statuses`, {
        headers: { Accept: 'application/json' },
      });
      if (!response.ok) throwForStatus(response, what, nowMs());
      const issueTypes = await parseBody(response, ProjectStatusesSchema, what);
      return issueTypes.flatMap((issueType) => issueType.statuses ?? []);
    },
  };
}
