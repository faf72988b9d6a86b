/**
 * `/rest/api/3/search/jql` (POST and GET): JQL search with `nextPageToken` paging and Jira Cloud's page caps —
 * 5,000 issues per page when only ids/keys are asked, 100 when fields are; larger `maxResults` are silently
 * capped. Unbounded JQL (no search restriction) is a 400. Results of a query are computed once per store
 * version and user, so paging through 12,000 issues evaluates the JQL once.
 */
import type { RequestContext, Reply, Route } from '../context';
import { intParam, objectBody, rejectUnknownMembers, stringArray } from '../context';
import { JiraHttpError, UNBOUNDED_JQL_MESSAGE, badRequest } from '../errors';
import type { JqlCatalog, JqlIssue } from '../jql';
import { JqlError, compileJql, jqlComparator, parseJql } from '../jql';
import { keyCandidateIds } from '../jql-candidates';
import { decodePageToken, encodePageToken, queryFingerprint } from '../page-token';
import {
  parseFieldSelection,
  renderChangelogExpansion,
  renderFields,
  renderNames,
  renderSchema,
} from '../render';
import type { SeedUser } from '../seed';
import type { EmulatorStore, StoredIssue } from '../store';

/** Page cap when only `id`/`key` are requested (Jira Cloud documents 5,000). */
export const SEARCH_IDS_PAGE_CAP = 5000;
/** Page cap when fields are requested (Jira Cloud answers 100 per page then). */
export const SEARCH_FIELDS_PAGE_CAP = 100;
const DEFAULT_MAX_RESULTS = 50;

interface CachedResult {
  readonly version: number;
  readonly issues: readonly StoredIssue[];
}

const resultCaches = new WeakMap<EmulatorStore, Map<string, CachedResult>>();

function catalogFor(store: EmulatorStore, user: SeedUser, nowMs: number): JqlCatalog {
  const visible = store.visibleProjects(user);
  const matchName = (items: readonly { id: string; name: string }[], value: string): string[] | null => {
    const wanted = value.trim().toLowerCase();
    const ids = items
      .filter((i) => i.id === value.trim() || i.name.toLowerCase() === wanted)
      .map((i) => i.id);
    return ids.length === 0 ? null : ids;
  };
  return {
    projectIds: (value) => {
      const wanted = value.trim().toLowerCase();
      const project = visible.find(
        (p) => p.key.toLowerCase() === wanted || p.id === value.trim() || p.name.toLowerCase() === wanted,
      );
      return project === undefined ? null : [project.id];
    },
    issueTypeIds: (value) => matchName(store.issueTypes, value),
    statusIds: (value) => matchName(store.statuses, value),
    issueId: (value) => store.visibleIssue(user, value)?.id ?? null,
    timeZone: user.timeZone,
    nowMs,
  };
}

function jqlView(store: EmulatorStore, issue: StoredIssue): JqlIssue {
  return {
    id: issue.id,
    projectId: issue.projectId,
    projectKey: store.projectById(issue.projectId)?.key ?? '',
    keyNumber: issue.keyNumber,
    issueTypeId: issue.issueTypeId,
    statusId: issue.statusId,
    statusCategory: store.status(issue.statusId)?.categoryKey ?? 'new',
    createdMs: issue.createdMs,
    updatedMs: issue.updatedMs,
    resolvedMs: issue.resolvedMs,
    labels: issue.labels,
    properties: issue.properties,
  };
}

/**
 * The issues a JQL query finds for a user, in result order. A first page evaluates the query (relative dates
 * against the clock now); continuation pages reuse that result while the store is unchanged, so paging through
 * 12,000 issues evaluates the JQL once and a paged result stays consistent.
 */
export function runJql(ctx: RequestContext, jql: string, continuing: boolean): readonly StoredIssue[] {
  if (jql.trim() === '') throw new JiraHttpError(400, [UNBOUNDED_JQL_MESSAGE]);
  let cache = resultCaches.get(ctx.store);
  if (cache === undefined) {
    cache = new Map();
    resultCaches.set(ctx.store, cache);
  }
  const cacheKey = `${ctx.user.accountId}\u0000${jql}`;
  const cached = cache.get(cacheKey);
  if (continuing && cached !== undefined && cached.version === ctx.store.version) return cached.issues;
  try {
    const query = parseJql(jql, ctx.features.entityPropertyIndexes);
    if (query.where === null) throw new JiraHttpError(400, [UNBOUNDED_JQL_MESSAGE]);
    const catalog = catalogFor(ctx.store, ctx.user, ctx.now());
    const predicate = compileJql(query.where, catalog);
    const views: { issue: StoredIssue; view: JqlIssue }[] = [];
    const consider = (issue: StoredIssue): void => {
      const view = jqlView(ctx.store, issue);
      if (predicate(view)) views.push({ issue, view });
    };
    // A key-restricted query (the app's `issuekey in (…) AND project = X` batches) looks up its issues by id;
    // any other query scans the visible projects, leaving out issues whose security level hides them.
    const candidates = keyCandidateIds(query.where, catalog);
    if (candidates === null) {
      for (const project of ctx.store.visibleProjects(ctx.user)) {
        for (const issue of ctx.store.issuesOfProject(project.id)) {
          if (ctx.store.security.allows(ctx.user, issue.securityLevelId)) consider(issue);
        }
      }
    } else {
      for (const id of candidates) {
        // The catalog resolved only issues the user may see (project and security level).
        const issue = ctx.store.visibleIssue(ctx.user, id);
        if (issue !== undefined) consider(issue);
      }
    }
    const compare = jqlComparator(query.orderBy);
    views.sort((a, b) => compare(a.view, b.view));
    const issues = views.map((v) => v.issue);
    if (cache.size > 100) cache.clear();
    cache.set(cacheKey, { version: ctx.store.version, issues });
    return issues;
  } catch (error) {
    if (error instanceof JqlError) throw badRequest(error.message);
    throw error;
  }
}

interface SearchInput {
  readonly jql: string;
  readonly nextPageToken: unknown;
  readonly maxResults: unknown;
  readonly fields: readonly string[] | undefined;
  readonly expand: readonly string[];
  /** Issue property keys to return per issue (`*all`, keys, `-key` to exclude); at most 5 entries. */
  readonly properties: readonly string[];
}

/** The `properties` of an issue for the requested keys, as Jira's search returns them. */
function selectedProperties(issue: StoredIssue, tokens: readonly string[]): Record<string, unknown> {
  const all = tokens.includes('*all');
  const excluded = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const out: Record<string, unknown> = {};
  for (const [key, value] of issue.properties) {
    if ((all || tokens.includes(key)) && !excluded.has(key)) out[key] = value;
  }
  return out;
}

function search(ctx: RequestContext, input: SearchInput): Reply {
  const selection = parseFieldSelection(input.fields, 'id');
  const cap = selection.idsOnly ? SEARCH_IDS_PAGE_CAP : SEARCH_FIELDS_PAGE_CAP;
  const maxResults = intParam(input.maxResults, 'maxResults', {
    defaultValue: DEFAULT_MAX_RESULTS,
    min: 1,
    cap,
  });
  const fingerprint = queryFingerprint([ctx.user.accountId, input.jql]);
  const offset = decodePageToken(input.nextPageToken, fingerprint);
  const issues = runJql(ctx, input.jql, offset > 0);
  const page = issues.slice(offset, offset + maxResults);
  const end = offset + page.length;
  const withChangelog = input.expand.includes('changelog');
  const body: Record<string, unknown> = {
    issues: page.map((issue) => ({
      id: issue.id,
      key: issue.key,
      self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
      ...(selection.idsOnly ? {} : { fields: renderFields(ctx, issue, selection.fieldIds) }),
      ...(withChangelog ? { changelog: renderChangelogExpansion(ctx, issue) } : {}),
      ...(input.properties.length > 0 ? { properties: selectedProperties(issue, input.properties) } : {}),
    })),
    ...(end < issues.length ? { nextPageToken: encodePageToken(fingerprint, end) } : {}),
    isLast: end >= issues.length,
  };
  if (input.expand.includes('names')) body.names = renderNames(selection.fieldIds);
  if (input.expand.includes('schema')) body.schema = renderSchema(selection.fieldIds);
  return { status: 200, body };
}

function expandList(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string') throw badRequest("The 'expand' parameter must be a comma-separated string.");
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The members of `SearchAndReconcileRequestBean`. */
const SEARCH_BODY_MEMBERS = [
  'jql',
  'nextPageToken',
  'maxResults',
  'fields',
  'expand',
  'properties',
  'fieldsByKeys',
  'reconcileIssues',
];

function postSearch(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, SEARCH_BODY_MEMBERS);
  const { jql, fields } = body;
  if (jql !== undefined && typeof jql !== 'string') throw badRequest("The 'jql' parameter must be a string.");
  return search(ctx, {
    jql: jql ?? '',
    nextPageToken: body.nextPageToken,
    maxResults: body.maxResults,
    fields: fields === undefined ? undefined : stringArray(fields, 'fields'),
    expand: expandList(body.expand),
    properties: propertyList(body.properties === undefined ? [] : stringArray(body.properties, 'properties')),
  });
}

function getSearch(ctx: RequestContext): Reply {
  const fields = ctx.query.getAll('fields');
  return search(ctx, {
    jql: ctx.query.get('jql') ?? '',
    nextPageToken: ctx.query.get('nextPageToken') ?? undefined,
    maxResults: ctx.query.get('maxResults') ?? undefined,
    fields: fields.length === 0 ? undefined : fields,
    expand: expandList(ctx.query.get('expand') ?? undefined),
    properties: propertyList(ctx.query.getAll('properties').flatMap((p) => p.split(','))),
  });
}

function propertyList(raw: readonly string[]): string[] {
  const list = raw.map((p) => p.trim()).filter((p) => p !== '');
  if (list.length > 5) throw badRequest("The 'properties' parameter accepts at most 5 property keys.");
  return list;
}

export const searchRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/search/jql', handler: postSearch },
  { method: 'GET', path: '/rest/api/3/search/jql', handler: getSearch },
];
