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
  /** Entity properties asked for with `properties` (key → value). */
  properties: v.exactOptional(v.record(v.string(), v.unknown())),
});

/** An issue read on its own: key and fields are always there. */
export const SingleIssueSchema = v.object({ id: v.string(), key: v.string(), fields: IssueFieldsSchema });

/** Jira's answer to `POST /rest/api/3/issue` (`CreatedIssue`; `transition`/`watchers` only when asked for). */
export const CreatedIssueSchema = v.object({ id: v.string(), key: v.string(), self: v.string() });

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

/** `GET /rest/api/3/dashboard/{id}`: only what the gadget's edit check reads (`isWritable` absent: not writable). */
export const DashboardSchema = v.object({
  id: v.string(),
  isWritable: v.exactOptional(v.boolean()),
});

export const ProjectSchema = v.object({
  id: v.string(),
  key: v.string(),
  name: v.string(),
  style: optionalString,
  simplified: v.exactOptional(v.boolean()),
  projectTypeKey: optionalString,
  // `GET /project/{key}` lists the project's issue types (search only with `expand=issueTypes`).
  issueTypes: v.exactOptional(v.array(v.object({ id: v.string() }))),
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

/** `GET /rest/api/3/user/bulk` (PageBeanUser): only what the app reads of each user. */
export const UserPageSchema = v.object({
  values: v.array(
    v.object({
      accountId: v.string(),
      displayName: optionalString,
      emailAddress: optionalString,
      locale: optionalString,
      timeZone: optionalString,
    }),
  ),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/mypermissions` (Permissions). */
/** `GET /rest/api/3/myself?expand=groups`: the groups (`SimpleListWrapperGroupName`), only their names. */
export const MyGroupsSchema = v.object({
  groups: v.exactOptional(
    v.object({ items: v.exactOptional(v.array(v.object({ name: optionalString })), []) }),
  ),
});

export const MyPermissionsSchema = v.object({
  permissions: v.record(v.string(), v.object({ havePermission: v.boolean() })),
});

// ---------------------------------------------------------------------------------------------------------------
// Jira configuration (CSI setup): issue types, statuses, workflows, schemes, tasks.

const ConfigScopeSchema = v.exactOptional(
  v.object({
    type: optionalString,
    project: v.exactOptional(
      v.object({ id: v.union([v.string(), v.pipe(v.number(), v.transform(String))]) }),
    ),
  }),
);

/** The project id of a PROJECT scope; null for GLOBAL or no scope. */
function scopeProjectId(scope: v.InferOutput<typeof ConfigScopeSchema> | undefined): string | null {
  return scope?.type === 'PROJECT' ? (scope.project?.id ?? null) : null;
}

const idString = v.union([v.string(), v.pipe(v.number(), v.transform(String))]);

/** `GET /rest/api/3/issuetype` and `POST /rest/api/3/issuetype` (IssueTypeDetails). */
export const IssueTypeDetailsSchema = v.pipe(
  v.object({
    id: v.string(),
    name: v.string(),
    description: optionalString,
    subtask: v.exactOptional(v.boolean()),
    hierarchyLevel: v.exactOptional(v.number()),
    scope: ConfigScopeSchema,
  }),
  v.transform(({ scope, ...rest }) => ({ ...rest, scopeProjectId: scopeProjectId(scope) })),
);
export const IssueTypeDetailsListSchema = v.array(IssueTypeDetailsSchema);

const JiraStatusSchema = v.pipe(
  v.object({
    id: v.string(),
    name: v.string(),
    statusCategory: v.picklist(['TODO', 'IN_PROGRESS', 'DONE']),
    scope: ConfigScopeSchema,
  }),
  v.transform(({ id, name, statusCategory, scope }) => ({
    id,
    name,
    statusCategory,
    scopeProjectId: scopeProjectId(scope),
  })),
);

/** `GET /rest/api/3/statuses/search` (PageOfStatuses) with the scope of each status. */
export const StatusDetailsPageSchema = v.object({
  values: v.array(JiraStatusSchema),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `POST /rest/api/3/statuses` (JiraStatus[]). */
export const CreatedStatusesSchema = v.array(JiraStatusSchema);

const WorkflowSummarySchema = v.pipe(
  v.object({ id: v.string(), name: v.string(), scope: ConfigScopeSchema }),
  v.transform(({ id, name, scope }) => ({ id, name, scopeProjectId: scopeProjectId(scope) })),
);

/** `POST /rest/api/3/workflows` (WorkflowReadResponse) with each workflow's status references and the statuses. */
export const WorkflowStatusesResponseSchema = v.object({
  statuses: v.exactOptional(
    v.array(
      v.object({
        id: v.string(),
        name: v.string(),
        statusCategory: v.picklist(['TODO', 'IN_PROGRESS', 'DONE']),
        statusReference: optionalString,
        scope: ConfigScopeSchema,
      }),
    ),
  ),
  workflows: v.exactOptional(
    v.array(
      v.object({
        id: v.string(),
        statuses: v.exactOptional(v.array(v.object({ statusReference: v.string() }))),
      }),
    ),
  ),
});

/** `POST /rest/api/3/workflows` (WorkflowReadResponse) and `POST /rest/api/3/workflows/create` (WorkflowCreateResponse). */
export const WorkflowsResponseSchema = v.object({
  workflows: v.exactOptional(v.array(WorkflowSummarySchema)),
});

/** `GET /rest/api/3/workflows/capabilities` (WorkflowCapabilities): the Forge rules. */
export const WorkflowCapabilitiesSchema = v.object({
  forgeRules: v.exactOptional(
    v.array(
      v.object({
        id: optionalString,
        ruleKey: optionalString,
        ruleType: optionalString,
        name: optionalString,
      }),
    ),
  ),
});

/** `POST /rest/api/3/workflows/create/validation` (WorkflowValidationErrorList). */
export const WorkflowValidationSchema = v.object({
  errors: v.exactOptional(
    v.array(
      v.object({
        level: v.exactOptional(v.picklist(['WARNING', 'ERROR'])),
        message: optionalString,
        code: optionalString,
        type: optionalString,
      }),
    ),
  ),
});

const IssueTypeSchemeSchema = v.object({
  id: idString,
  name: v.string(),
  description: optionalString,
  isDefault: v.exactOptional(v.boolean()),
  defaultIssueTypeId: optionalString,
  /** `expand=projects`: a page of the projects using the scheme. */
  projects: v.exactOptional(
    v.object({
      values: v.array(v.object({ id: idString })),
      total: v.exactOptional(v.number()),
      isLast: v.exactOptional(v.boolean()),
    }),
  ),
});

/** `GET /rest/api/3/issuetypescheme` (PageBeanIssueTypeScheme, with `expand=projects`). */
export const IssueTypeSchemePageSchema = v.object({
  values: v.array(IssueTypeSchemeSchema),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/issuetypescheme/project` (PageBeanIssueTypeSchemeProjects). */
export const IssueTypeSchemeProjectsPageSchema = v.object({
  values: v.array(v.object({ issueTypeScheme: IssueTypeSchemeSchema, projectIds: v.array(idString) })),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `GET /rest/api/3/issuetypescheme/mapping` (PageBeanIssueTypeSchemeMapping). */
export const IssueTypeSchemeMappingPageSchema = v.object({
  values: v.array(v.object({ issueTypeSchemeId: idString, issueTypeId: idString })),
  isLast: v.exactOptional(v.boolean()),
  total: v.exactOptional(v.number()),
});

/** `POST /rest/api/3/issuetypescheme` (IssueTypeSchemeID). */
export const IssueTypeSchemeIdSchema = v.object({ issueTypeSchemeId: idString });

const ClassicWorkflowSchemeSchema = v.object({
  id: v.exactOptional(idString),
  name: v.string(),
  description: optionalString,
  defaultWorkflow: optionalString,
  issueTypeMappings: v.exactOptional(v.record(v.string(), v.string())),
});

/** `GET /rest/api/3/workflowscheme/project` (ContainerOfWorkflowSchemeAssociations). */
export const WorkflowSchemeAssociationsSchema = v.object({
  values: v.array(v.object({ projectIds: v.array(idString), workflowScheme: ClassicWorkflowSchemeSchema })),
});

/** `POST /rest/api/3/workflowscheme` (WorkflowScheme). */
export const CreatedWorkflowSchemeSchema = v.object({ id: idString, name: optionalString });

const WorkflowMetadataSchema = v.object({ id: v.string(), name: v.string() });

/** `POST /rest/api/3/workflowscheme/read` (WorkflowSchemeReadResponse[]). */
export const WorkflowSchemeReadSchema = v.array(
  v.object({
    id: idString,
    name: v.string(),
    description: optionalString,
    version: v.object({ id: optionalString, versionNumber: v.number() }),
    defaultWorkflow: v.exactOptional(v.nullable(WorkflowMetadataSchema)),
    workflowsForIssueTypes: v.array(
      v.object({ issueTypeIds: v.array(idString), workflow: WorkflowMetadataSchema }),
    ),
    scope: ConfigScopeSchema,
    taskId: v.exactOptional(v.nullable(v.string())),
  }),
);

/** `GET /rest/api/3/workflowscheme/{workflowSchemeId}/projectUsages` (WorkflowSchemeProjectUsageDTO). */
export const WorkflowSchemeProjectUsagesSchema = v.object({
  projects: v.exactOptional(
    v.object({ values: v.exactOptional(v.array(v.object({ id: idString }))), nextPageToken: pageToken }),
  ),
});

/** `GET /rest/api/3/task/{taskId}` and the 303 bodies of the workflow scheme changes (TaskProgressBeanObject). */
export const TaskSchema = v.object({
  id: idString,
  status: v.picklist(['ENQUEUED', 'RUNNING', 'COMPLETE', 'FAILED', 'CANCEL_REQUESTED', 'CANCELLED', 'DEAD']),
  message: v.exactOptional(v.nullable(v.string())),
  progress: v.exactOptional(v.number()),
});

/**
 * `GET /rest/api/3/field` (a list of FieldDetails): what the app needs to find a field by its names and type.
 * `untranslatedName` is not in the OpenAPI description but Jira Cloud sends it when the name is translated.
 */
export const FieldListSchema = v.array(
  v.object({
    id: v.string(),
    name: optionalString,
    untranslatedName: optionalString,
    custom: v.exactOptional(v.boolean()),
    clauseNames: v.exactOptional(v.array(v.string())),
    schema: v.exactOptional(v.object({ type: optionalString, custom: optionalString })),
  }),
);
