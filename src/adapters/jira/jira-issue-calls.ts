/**
 * The issue calls of the Jira client: JQL search, changelogs (bulk and per issue), fields, single issues, their
 * links and comments, and issue properties.
 */
import type {
  AdfDocument,
  JiraComment,
  JiraField,
  JiraCreatedIssue,
  JiraIssueLink,
  JiraIssuePropertiesEntry,
  JiraIssueRef,
  JiraNewIssue,
  JiraNewIssueLink,
  JiraPort,
  JiraSearchIssue,
  JiraSearchOptions,
} from '../../application/ports/jira-port';
import type { JiraHistory, JiraIssueInput } from '../../domain/flow/types';
import { enc, isNotFound, nextCursor, query, type Call, type JiraRequester } from './jira-request';
import {
  BULK_CHANGELOG_ISSUES,
  BULK_PROPERTY_ISSUES,
  BULK_CHANGELOG_PAGE_SIZE,
  CHANGELOG_PAGE_SIZE,
  JIRA_ROUTES,
  MAX_CHANGELOG_PAGES,
  MAX_PAGES,
  OFFSET_PAGE_SIZE,
  SEARCH_ID_PAGE_SIZE,
  SEARCH_PAGE_SIZE,
} from './jira-routes';
import {
  BulkChangelogPageSchema,
  ChangelogPageSchema,
  CommentPageSchema,
  CommentSchema,
  CreatedIssueSchema,
  EntityPropertySchema,
  FieldListSchema,
  IssueLinksSchema,
  SearchPageSchema,
  SingleIssueSchema,
} from './jira-schemas';

/** The calls of {@link JiraPort} about issues. */
export type JiraIssueCalls = Pick<
  JiraPort,
  | 'searchIssueIds'
  | 'searchIssueRefs'
  | 'searchIssues'
  | 'bulkFetchChangelogs'
  | 'listFields'
  | 'getIssue'
  | 'getIssueChangelog'
  | 'getIssueLinks'
  | 'getComments'
  | 'addComment'
  | 'createIssue'
  | 'createIssueLink'
  | 'getIssueProperty'
  | 'setIssueProperty'
  | 'deleteIssueProperty'
  | 'bulkSetIssueProperties'
>;

/** Jira's `LinkedIssue` reference: an issue id is all digits, anything else is a key. */
function issueRef(idOrKey: string): { readonly id: string } | { readonly key: string } {
  return /^\d+$/.test(idOrKey) ? { id: idOrKey } : { key: idOrKey };
}

/** The issue calls over the client's requester (the field list is cached per client, i.e. per invocation). */
export function issueCalls({ request, exchange }: JiraRequester): JiraIssueCalls {
  const issuePath = (issueIdOrKey: string): string => `/rest/api/3/issue/${enc(issueIdOrKey)}`;
  const propertyPath = (issueIdOrKey: string, propertyKey: string): string =>
    `${issuePath(issueIdOrKey)}/properties/${enc(propertyKey)}`;

  async function* searchPages(
    jql: string,
    fields: readonly string[],
    pageSize: number,
    properties: readonly string[] = [],
  ) {
    let nextPageToken: string | undefined;
    for (let page = 0; ; page++) {
      const call: Call = {
        routeKey: JIRA_ROUTES.searchJql,
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql,
          fields,
          maxResults: pageSize,
          ...(properties.length === 0 ? {} : { properties }),
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      };
      const result = await request(call, SearchPageSchema);
      yield result.issues;
      nextPageToken =
        result.isLast === true ? undefined : nextCursor(result.nextPageToken, nextPageToken, call, page);
      if (nextPageToken === undefined) return;
    }
  }

  async function bulkFetchBatch(
    issueIds: readonly string[],
    fieldIds: readonly string[],
    into: Map<string, JiraHistory[]>,
  ): Promise<void> {
    let nextPageToken: string | undefined;
    for (let page = 0; ; page++) {
      const call: Call = {
        routeKey: JIRA_ROUTES.bulkFetchChangelogs,
        method: 'POST',
        path: '/rest/api/3/changelog/bulkfetch',
        body: {
          issueIdsOrKeys: issueIds,
          fieldIds,
          maxResults: BULK_CHANGELOG_PAGE_SIZE,
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      };
      const result = await request(call, BulkChangelogPageSchema);
      for (const log of result.issueChangeLogs) {
        const histories = into.get(log.issueId);
        // An issue's histories may continue on the next page.
        if (histories === undefined) into.set(log.issueId, log.changeHistories);
        else histories.push(...log.changeHistories);
      }
      nextPageToken = nextCursor(result.nextPageToken, nextPageToken, call, page);
      if (nextPageToken === undefined) return;
    }
  }

  /**
   * The issues the JQL finds (`{ id, key }` beans), ids-only pages of 5,000, until `maxIds` are in hand: what
   * {@link JiraPort.searchIssueIds} and {@link JiraPort.searchIssueRefs} share.
   */
  async function* idPages(jql: string, maxIds: number | undefined) {
    let count = 0;
    for await (const issues of searchPages(jql, ['id'], SEARCH_ID_PAGE_SIZE)) {
      yield issues;
      count += issues.length;
      // Leaving the loop ends the search generator before it asks for the next page.
      if (maxIds !== undefined && count >= maxIds) return;
    }
  }

  /** The site's fields, asked once per client (a client serves one invocation; fields change rarely). */
  let fieldList: Promise<readonly JiraField[]> | null = null;
  async function readFields(): Promise<readonly JiraField[]> {
    const list = await request(
      { routeKey: JIRA_ROUTES.listFields, method: 'GET', path: '/rest/api/3/field' },
      FieldListSchema,
    );
    return list.map((field) => ({
      id: field.id,
      name: field.name ?? field.id,
      ...(field.untranslatedName === undefined ? {} : { untranslatedName: field.untranslatedName }),
      custom: field.custom === true,
      clauseNames: field.clauseNames ?? [],
      customType: field.schema?.custom ?? null,
    }));
  }

  return {
    async searchIssueIds(
      jql: string,
      options: { readonly maxIds?: number } = {},
    ): Promise<readonly string[]> {
      const ids: string[] = [];
      for await (const issues of idPages(jql, options.maxIds)) for (const issue of issues) ids.push(issue.id);
      return ids;
    },

    async searchIssueRefs(
      jql: string,
      options: { readonly maxIds?: number } = {},
    ): Promise<readonly JiraIssueRef[]> {
      const refs: JiraIssueRef[] = [];
      for await (const issues of idPages(jql, options.maxIds)) {
        for (const { id, key } of issues) {
          // Jira sends the key with every issue bean; without it the view could not name the issue.
          if (key === undefined) {
            throw new Error(`Unexpected response to POST /rest/api/3/search/jql: issue ${id} has no key`);
          }
          refs.push({ id, key });
        }
      }
      return refs;
    },

    searchIssues(
      jql: string,
      fields: readonly string[],
      options: JiraSearchOptions = {},
    ): AsyncIterable<readonly JiraSearchIssue[]> {
      return searchPages(jql, fields, SEARCH_PAGE_SIZE, options.properties);
    },

    async bulkFetchChangelogs(
      issueIds: readonly string[],
      fieldIds: readonly string[],
    ): Promise<ReadonlyMap<string, readonly JiraHistory[]>> {
      const byIssue = new Map<string, JiraHistory[]>();
      for (let start = 0; start < issueIds.length; start += BULK_CHANGELOG_ISSUES) {
        await bulkFetchBatch(issueIds.slice(start, start + BULK_CHANGELOG_ISSUES), fieldIds, byIssue);
      }
      return byIssue;
    },

    listFields(): Promise<readonly JiraField[]> {
      // A failed read is not kept: the next call asks again.
      fieldList ??= readFields().catch((error: unknown) => {
        fieldList = null;
        throw error;
      });
      return fieldList;
    },

    async getIssue(issueIdOrKey: string, fields: readonly string[]): Promise<JiraIssueInput> {
      return request(
        {
          routeKey: JIRA_ROUTES.getIssue,
          method: 'GET',
          path: `${issuePath(issueIdOrKey)}${query({ fields })}`,
        },
        SingleIssueSchema,
      );
    },

    async getIssueChangelog(issueIdOrKey: string): Promise<readonly JiraHistory[]> {
      const histories: JiraHistory[] = [];
      let startAt = 0;
      for (let page = 0; ; page++) {
        if (page >= MAX_CHANGELOG_PAGES) {
          throw new Error(`The changelog of ${issueIdOrKey} has more than ${MAX_CHANGELOG_PAGES} pages`);
        }
        const changelog = await request(
          {
            routeKey: JIRA_ROUTES.getIssueChangelog,
            method: 'GET',
            path: `${issuePath(issueIdOrKey)}/changelog${query({ startAt, maxResults: CHANGELOG_PAGE_SIZE })}`,
          },
          ChangelogPageSchema,
        );
        histories.push(...changelog.values);
        startAt += changelog.values.length;
        const finished =
          changelog.isLast === true ||
          changelog.values.length === 0 ||
          (changelog.isLast === undefined && changelog.total !== undefined && startAt >= changelog.total);
        if (finished) return histories;
      }
    },

    async getIssueLinks(issueIdOrKey: string): Promise<readonly JiraIssueLink[]> {
      const issue = await request(
        {
          routeKey: JIRA_ROUTES.getIssue,
          method: 'GET',
          path: `${issuePath(issueIdOrKey)}${query({ fields: ['issuelinks'] })}`,
        },
        IssueLinksSchema,
      );
      return issue.fields.issuelinks ?? [];
    },

    async getComments(issueIdOrKey: string): Promise<readonly JiraComment[]> {
      const comments: JiraComment[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.getComments,
            method: 'GET',
            path: `${issuePath(issueIdOrKey)}/comment${query({ startAt: comments.length, maxResults: OFFSET_PAGE_SIZE, orderBy: 'created' })}`,
          },
          CommentPageSchema,
        );
        comments.push(...result.comments);
        const finished =
          result.comments.length === 0 || (result.total !== undefined && comments.length >= result.total);
        if (finished) return comments;
      }
      throw new Error(`The comments of ${issueIdOrKey} did not finish within ${MAX_PAGES} pages`);
    },

    async addComment(
      issueIdOrKey: string,
      body: AdfDocument,
      options: { readonly properties?: readonly { readonly key: string; readonly value: unknown }[] } = {},
    ): Promise<JiraComment> {
      return request(
        {
          routeKey: JIRA_ROUTES.addComment,
          method: 'POST',
          path: `${issuePath(issueIdOrKey)}/comment`,
          // Comment properties (Jira's `Comment.properties`) are set with the comment in the same request.
          body: options.properties === undefined ? { body } : { body, properties: options.properties },
        },
        CommentSchema,
      );
    },

    async createIssue(input: JiraNewIssue): Promise<JiraCreatedIssue> {
      const created = await request(
        {
          routeKey: JIRA_ROUTES.createIssue,
          method: 'POST',
          path: '/rest/api/3/issue',
          body: {
            fields: {
              project: { id: input.projectId },
              issuetype: { id: input.issueTypeId },
              summary: input.summary,
              ...(input.description === undefined ? {} : { description: input.description }),
              ...(input.labels === undefined ? {} : { labels: input.labels }),
            },
          },
        },
        CreatedIssueSchema,
      );
      return { id: created.id, key: created.key, self: created.self };
    },

    async createIssueLink(link: JiraNewIssueLink): Promise<void> {
      // Jira answers 201 with an empty body: nothing to parse.
      await exchange({
        routeKey: JIRA_ROUTES.createIssueLink,
        method: 'POST',
        path: '/rest/api/3/issueLink',
        body: {
          type: { name: link.typeName },
          inwardIssue: issueRef(link.inwardIssue),
          outwardIssue: issueRef(link.outwardIssue),
        },
      });
    },

    async getIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<unknown> {
      try {
        const property = await request(
          {
            routeKey: JIRA_ROUTES.getIssueProperty,
            method: 'GET',
            path: propertyPath(issueIdOrKey, propertyKey),
          },
          EntityPropertySchema,
        );
        return property.value ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void> {
      await exchange({
        routeKey: JIRA_ROUTES.setIssueProperty,
        method: 'PUT',
        path: propertyPath(issueIdOrKey, propertyKey),
        body: value,
      });
    },

    async deleteIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<boolean> {
      try {
        await exchange({
          routeKey: JIRA_ROUTES.deleteIssueProperty,
          method: 'DELETE',
          path: propertyPath(issueIdOrKey, propertyKey),
        });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async bulkSetIssueProperties(entries: readonly JiraIssuePropertiesEntry[]): Promise<void> {
      for (let start = 0; start < entries.length; start += BULK_PROPERTY_ISSUES) {
        const issues = entries.slice(start, start + BULK_PROPERTY_ISSUES).map((entry) => {
          // MultiIssueEntityProperties takes the issue id as a number (int64); a key would be refused by Jira.
          if (!/^\d+$/.test(entry.issueId)) {
            throw new Error(`bulkSetIssueProperties takes issue ids, not "${entry.issueId}"`);
          }
          return { issueID: Number(entry.issueId), properties: entry.properties };
        });
        // Jira answers 303 See Other with the task's Location: accepted. The task is not followed (one more
        // request per 100 issues for nothing to act on: Jira skips failing issues one by one, and the next write
        // of an issue repeats its values). Setting the same values twice is harmless, so an unknown outcome (no
        // answer, 502/504) is sent again like a read.
        await exchange({
          routeKey: JIRA_ROUTES.bulkSetIssueProperties,
          method: 'POST',
          path: '/rest/api/3/issue/properties/multi',
          body: { issues },
          acceptSeeOther: true,
          idempotent: true,
        });
      }
    },
  };
}
