/**
 * Run-time shapes of the Jira REST v3 responses the client reads (valibot). Lenient where Jira is generous:
 * unknown properties are allowed (issue fields keep them, everything else drops them to save memory), optional
 * properties may be absent. Strict where the app computes from a value: an instant must be a string or a number,
 * a list must be a list, so garbage is rejected with a message instead of turning into nonsense metrics.
 */
import * as v from 'valibot';
import type { JiraChangeItem } from '../../domain/flow/types';
import type { AdfNode } from '../../application/ports/jira-port';

const optionalString = v.exactOptional(v.string());
const nullableString = v.exactOptional(v.nullable(v.string()));
/** A cursor that Jira leaves out, sets to null or to an empty string on the last page. */
const pageToken = v.exactOptional(v.nullable(v.string()));

/**
 * An instant as Jira's own string form with a `+0000` offset, e.g. `2026-03-02T08:15:00.000+0000`: what the
 * issue endpoints write and the flow engine's fast timestamp parser reads.
 *
 * @example jiraInstantFromEpochMs(Date.UTC(2026, 2, 2, 8, 15)) === '2026-03-02T08:15:00.000+0000'
 */
export function jiraInstantFromEpochMs(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}+0000`;
}

export const StatusSchema = v.object({
  id: optionalString,
  name: optionalString,
  statusCategory: v.exactOptional(v.object({ key: optionalString, name: optionalString })),
});

const IssueFieldsSchema = v.looseObject({
  created: optionalString,
  status: v.exactOptional(StatusSchema),
  issuetype: v.exactOptional(v.object({ id: optionalString, name: optionalString })),
  resolutiondate: nullableString,
  summary: optionalString,
});

/** An issue of a search page: `fields` only holds what was asked for (nothing when only ids were). */
export const IssueSchema = v.object({
  id: v.string(),
  key: optionalString,
  fields: v.exactOptional(IssueFieldsSchema),
});

/** An issue read on its own: key and fields are always there. */
export const SingleIssueSchema = v.object({ id: v.string(), key: v.string(), fields: IssueFieldsSchema });

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

/**
 * A changelog history. `created` is a string on the issue changelog endpoint and epoch milliseconds (a number)
 * on the bulk fetch endpoint; both become the string form the flow engine reads.
 */
export const HistorySchema = v.object({
  id: optionalString,
  created: v.exactOptional(
    v.union([v.string(), v.pipe(v.number(), v.finite(), v.transform(jiraInstantFromEpochMs))]),
  ),
  items: v.exactOptional(v.array(ChangeItemSchema)),
});

/** `GET /rest/api/3/issue/{issueIdOrKey}/changelog` (PageBeanChangelog). */
export const ChangelogPageSchema = v.object({
  values: v.array(HistorySchema),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `POST /rest/api/3/search/jql` (SearchAndReconcileResults). */
export const SearchPageSchema = v.object({
  issues: v.array(IssueSchema),
  nextPageToken: pageToken,
  isLast: v.exactOptional(v.boolean()),
});

/** `POST /rest/api/3/changelog/bulkfetch` (BulkChangelogResponseBean). */
export const BulkChangelogPageSchema = v.object({
  issueChangeLogs: v.array(v.object({ issueId: v.string(), changeHistories: v.array(HistorySchema) })),
  nextPageToken: pageToken,
});

const AdfNodeSchema: v.GenericSchema<AdfNode> = v.object({
  type: v.string(),
  text: optionalString,
  attrs: v.exactOptional(v.record(v.string(), v.unknown())),
  marks: v.exactOptional(
    v.array(v.object({ type: v.string(), attrs: v.exactOptional(v.record(v.string(), v.unknown())) })),
  ),
  content: v.exactOptional(v.array(v.lazy(() => AdfNodeSchema))),
});

export const AdfDocumentSchema = v.object({
  type: v.literal('doc'),
  version: v.literal(1),
  content: v.array(AdfNodeSchema),
});

const UserRefSchema = v.object({ accountId: v.string(), displayName: optionalString });

export const CommentSchema = v.object({
  id: v.string(),
  author: v.exactOptional(UserRefSchema),
  created: optionalString,
  updated: optionalString,
  body: AdfDocumentSchema,
});

/** `GET /rest/api/3/issue/{issueIdOrKey}/comment` (PageOfComments). */
export const CommentPageSchema = v.object({
  comments: v.array(CommentSchema),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}` (EntityProperty). */
export const EntityPropertySchema = v.object({ key: v.string(), value: v.unknown() });

const LinkedIssueSchema = v.object({
  id: v.string(),
  key: v.string(),
  fields: v.exactOptional(v.object({ summary: optionalString, status: v.exactOptional(StatusSchema) })),
});

/** `fields.issuelinks` of `GET /rest/api/3/issue/{issueIdOrKey}?fields=issuelinks`. */
export const IssueLinksSchema = v.object({
  id: v.string(),
  fields: v.object({
    issuelinks: v.exactOptional(
      v.array(
        v.object({
          id: v.string(),
          type: v.object({
            id: optionalString,
            name: v.string(),
            inward: optionalString,
            outward: optionalString,
          }),
          inwardIssue: v.exactOptional(LinkedIssueSchema),
          outwardIssue: v.exactOptional(LinkedIssueSchema),
        }),
      ),
    ),
  }),
});

/** `GET /rest/api/3/project/{projectIdOrKey}/statuses` (IssueTypeWithStatus[]). */
export const ProjectStatusesSchema = v.array(
  v.object({
    id: v.string(),
    name: v.string(),
    subtask: v.exactOptional(v.boolean()),
    statuses: v.array(StatusSchema),
  }),
);

/** The category keys of the issue endpoints for the category names of `GET /rest/api/3/statuses/search`. */
const CATEGORY_KEYS = { TODO: 'new', IN_PROGRESS: 'indeterminate', DONE: 'done' } as const;

/** `GET /rest/api/3/statuses/search` (PageOfStatuses), statuses in the issue endpoints' shape. */
export const StatusSearchPageSchema = v.object({
  values: v.array(
    v.pipe(
      v.object({
        id: v.string(),
        name: v.string(),
        statusCategory: v.picklist(['TODO', 'IN_PROGRESS', 'DONE']),
      }),
      v.transform(({ id, name, statusCategory }) => ({
        id,
        name,
        statusCategory: { key: CATEGORY_KEYS[statusCategory] },
      })),
    ),
  ),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/issuetype/project` (IssueTypeDetails[]). */
export const IssueTypesSchema = v.array(
  v.object({
    id: v.string(),
    name: v.string(),
    description: optionalString,
    subtask: v.exactOptional(v.boolean()),
    hierarchyLevel: v.exactOptional(v.number()),
  }),
);

export const ProjectSchema = v.object({
  id: v.string(),
  key: v.string(),
  name: v.string(),
  style: optionalString,
  simplified: v.exactOptional(v.boolean()),
  projectTypeKey: optionalString,
});

/** `GET /rest/api/3/project/search` (PageBeanProject). */
export const ProjectPageSchema = v.object({
  values: v.array(ProjectSchema),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/myself`. */
export const MyselfSchema = v.object({
  accountId: v.string(),
  displayName: optionalString,
  emailAddress: optionalString,
  locale: optionalString,
  timeZone: optionalString,
});

/** `GET /rest/api/3/mypermissions` (Permissions). */
export const MyPermissionsSchema = v.object({
  permissions: v.record(v.string(), v.object({ havePermission: v.boolean() })),
});
