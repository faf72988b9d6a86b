/**
 * Jira Cloud REST v3 representations of the emulator's data: users, statuses, issue types, projects, comments,
 * changelogs and issues with `fields` projection. Shapes follow the schemas of the Jira platform OpenAPI
 * description (`UserDetails`, `StatusDetails`, `IssueTypeDetails`, `Project`, `Comment`, `Changelog`, `IssueBean`).
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';
import type {
  SeedComment,
  SeedIssueType,
  SeedProject,
  SeedStatus,
  SeedUser,
  StatusCategoryKey,
} from './seed';
import { renderSecurityField } from './security';
import type { EmulatorStore, StoredHistory, StoredIssue } from './store';

/** The custom field Jira Cloud uses for "Flagged" on most sites; the app reads it by id and by name. */
export const FLAGGED_FIELD_ID = 'customfield_10021';
export const FLAGGED_FIELD_NAME = 'Flagged';
/** The one option of the Flagged field. */
export const IMPEDIMENT_OPTION = { id: '10019', value: 'Impediment' } as const;

export interface RenderContext {
  readonly store: EmulatorStore;
  /** `http://127.0.0.1:<port>`: the base of every `self` URL. */
  readonly baseUrl: string;
  /** The caller: links to issues they may not browse are left out, as in Jira. */
  readonly user: SeedUser;
}

type Json = Record<string, unknown>;

interface StatusCategoryInfo {
  readonly id: number;
  readonly key: StatusCategoryKey;
  readonly colorName: string;
  readonly name: string;
  /** The value `/rest/api/3/statuses/search` uses (`JiraStatus.statusCategory`). */
  readonly searchName: 'TODO' | 'IN_PROGRESS' | 'DONE';
}

/** Jira Cloud's three status categories, with their fixed ids and colours. */
export const STATUS_CATEGORIES: Readonly<Record<StatusCategoryKey, StatusCategoryInfo>> = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do', searchName: 'TODO' },
  indeterminate: {
    id: 4,
    key: 'indeterminate',
    colorName: 'yellow',
    name: 'In Progress',
    searchName: 'IN_PROGRESS',
  },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done', searchName: 'DONE' },
};

/** Jira's default priority ids; other names get stable ids from 10000 on. */
const DEFAULT_PRIORITY_IDS: Readonly<Record<string, string>> = {
  Highest: '1',
  High: '2',
  Medium: '3',
  Low: '4',
  Lowest: '5',
};

function stableId(name: string, known: Readonly<Record<string, string>>, base: number): string {
  const fixed = known[name];
  if (fixed !== undefined) return fixed;
  // A small deterministic hash: the same name always gets the same id, within one run and across runs.
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 89_999;
  return String(base + hash);
}

export function priorityId(name: string): string {
  return stableId(name, DEFAULT_PRIORITY_IDS, 10_000);
}

export function resolutionId(name: string): string {
  return stableId(name, { Done: '10000', Erledigt: '10001', Fertig: '10002' }, 10_100);
}

export function avatarUrls(ctx: RenderContext, kind: 'user' | 'project', ownerId: string): Json {
  const path = kind === 'user' ? 'secure/useravatar' : 'secure/projectavatar';
  const out: Json = {};
  for (const [label, size] of [
    ['16x16', 'xsmall'],
    ['24x24', 'small'],
    ['32x32', 'medium'],
    ['48x48', 'large'],
  ] as const) {
    out[label] = `${ctx.baseUrl}/${path}?size=${size}&ownerId=${encodeURIComponent(ownerId)}`;
  }
  return out;
}

/** `UserDetails` (issue fields, comment and changelog authors); an unknown account is rendered by its id. */
export function renderUser(ctx: RenderContext, accountId: string): Json {
  const user = ctx.store.userByAccountId(accountId);
  return {
    self: `${ctx.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
    accountId,
    ...(user === undefined ? {} : { emailAddress: user.emailAddress }),
    avatarUrls: avatarUrls(ctx, 'user', accountId),
    displayName: user?.displayName ?? accountId,
    active: true,
    timeZone: user?.timeZone ?? 'UTC',
    accountType: 'atlassian',
  };
}

/** `User` of `/myself` (with locale, groups and application roles). */
export function renderMyself(ctx: RenderContext, user: SeedUser): Json {
  return {
    self: `${ctx.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(ctx, 'user', user.accountId),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
    locale: user.locale,
    groups: {
      size: (user.groups ?? []).length,
      items: (user.groups ?? []).map((name) => ({
        name,
        groupId: `group-${name}`,
        self: `${ctx.baseUrl}/rest/api/3/group?groupId=${encodeURIComponent(`group-${name}`)}`,
      })),
    },
    applicationRoles: { size: 0, items: [] },
    expand: 'groups,applicationRoles',
  };
}

export function renderStatusCategory(ctx: RenderContext, key: StatusCategoryKey): Json {
  const category = STATUS_CATEGORIES[key];
  return {
    self: `${ctx.baseUrl}/rest/api/3/statuscategory/${category.id}`,
    id: category.id,
    key: category.key,
    colorName: category.colorName,
    name: category.name,
  };
}

/** `StatusDetails` with its category; team-managed statuses carry their project scope. */
export function renderStatus(ctx: RenderContext, status: SeedStatus): Json {
  return {
    self: `${ctx.baseUrl}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${ctx.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: renderStatusCategory(ctx, status.categoryKey),
    ...(status.projectId === undefined
      ? {}
      : { scope: { type: 'PROJECT', project: { id: status.projectId } } }),
  };
}

/** `IssueTypeDetails`; team-managed issue types carry their project scope. */
export function renderIssueType(ctx: RenderContext, type: SeedIssueType): Json {
  return {
    self: `${ctx.baseUrl}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${ctx.baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10300?size=medium`,
    name: type.name,
    subtask: type.subtask,
    avatarId: 10300,
    hierarchyLevel: type.subtask ? -1 : 0,
    ...(type.projectId === undefined ? {} : { scope: { type: 'PROJECT', project: { id: type.projectId } } }),
  };
}

/** The short project form issue fields use (`ProjectDetails`). */
export function renderProjectRef(ctx: RenderContext, project: SeedProject): Json {
  return {
    self: `${ctx.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: project.style === 'next-gen',
    avatarUrls: avatarUrls(ctx, 'project', project.id),
  };
}

/** The `User` form `Project.lead` uses (no time zone or locale). */
function renderLead(ctx: RenderContext, accountId: string): Json {
  const user = ctx.store.userByAccountId(accountId);
  return {
    self: `${ctx.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
    accountId,
    accountType: 'atlassian',
    avatarUrls: avatarUrls(ctx, 'user', accountId),
    displayName: user?.displayName ?? accountId,
    active: true,
  };
}

/** The full `Project` of `/project/{key}` and `/project/search`. */
export function renderProject(ctx: RenderContext, project: SeedProject): Json {
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${ctx.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    description: '',
    lead: renderLead(ctx, project.leadAccountId),
    components: [],
    issueTypes: ctx.store.issueTypesOfProject(project).map((t) => renderIssueType(ctx, t)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    name: project.name,
    roles: {},
    avatarUrls: avatarUrls(ctx, 'project', project.id),
    projectTypeKey: project.projectTypeKey,
    simplified: project.style === 'next-gen',
    style: project.style,
    isPrivate: false,
    properties: {},
  };
}

export function renderComment(ctx: RenderContext, issue: StoredIssue, comment: SeedComment): Json {
  const author = renderUser(ctx, comment.authorAccountId);
  return {
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author,
    body: comment.body,
    updateAuthor: author,
    created: comment.created,
    updated: comment.updated,
    jsdPublic: true,
  };
}

/**
 * A change item as Jira's schema (`ChangeDetails`) types it: every property a string. Null values are left out,
 * as the bulkfetch example of the OpenAPI description does.
 */
export function renderChangeItem(item: JiraChangeItem): Json {
  const out: Json = {};
  for (const key of ['field', 'fieldtype', 'fieldId', 'from', 'fromString', 'to', 'toString'] as const) {
    const value = item[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** `Changelog` with `created` as Jira's timestamp string (issue changelog endpoint, `expand=changelog`). */
export function renderHistory(ctx: RenderContext, history: StoredHistory, items = history.items): Json {
  return {
    id: history.id,
    author: renderUser(ctx, history.authorAccountId),
    created: history.created,
    items: items.map(renderChangeItem),
  };
}

// ---- issue fields --------------------------------------------------------------------------------------------

interface FieldDef {
  readonly name: string;
  readonly navigable: boolean;
  readonly schema: Json;
  readonly render: (ctx: RenderContext, issue: StoredIssue) => unknown;
}

function renderIssueLinks(ctx: RenderContext, issue: StoredIssue): Json[] {
  return ctx.store.linksOf(issue.id).flatMap((link) => {
    const type = ctx.store.linkType(link.typeId);
    // The source of "A blocks B" is the seed's `outwardIssueId`; on A the link shows B as `outwardIssue`,
    // on B it shows A as `inwardIssue` (Jira's GET representation).
    const isSource = link.outwardIssueId === issue.id;
    const other = ctx.store.visibleIssue(ctx.user, isSource ? link.inwardIssueId : link.outwardIssueId);
    if (type === undefined || other === undefined) return [];
    return [
      {
        id: link.id,
        self: `${ctx.baseUrl}/rest/api/3/issueLink/${link.id}`,
        type: renderLinkType(ctx, type),
        [isSource ? 'outwardIssue' : 'inwardIssue']: renderLinkedIssue(ctx, other),
      },
    ];
  });
}

export function renderLinkType(
  ctx: RenderContext,
  type: { id: string; name: string; inward: string; outward: string },
): Json {
  return {
    id: type.id,
    name: type.name,
    inward: type.inward,
    outward: type.outward,
    self: `${ctx.baseUrl}/rest/api/3/issueLinkType/${type.id}`,
  };
}

function renderLinkedIssue(ctx: RenderContext, issue: StoredIssue): Json {
  const status = ctx.store.status(issue.statusId);
  const type = ctx.store.issueType(issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      ...(status === undefined ? {} : { status: renderStatus(ctx, status) }),
      priority: renderPriority(ctx, issue.priority),
      ...(type === undefined ? {} : { issuetype: renderIssueType(ctx, type) }),
    },
  };
}

function renderPriority(ctx: RenderContext, name: string): Json {
  const id = priorityId(name);
  return {
    self: `${ctx.baseUrl}/rest/api/3/priority/${id}`,
    iconUrl: `${ctx.baseUrl}/images/icons/priorities/${name.toLowerCase()}.svg`,
    name,
    id,
  };
}

const FIELD_DEFS: Readonly<Record<string, FieldDef>> = {
  summary: {
    name: 'Summary',
    navigable: true,
    schema: { type: 'string', system: 'summary' },
    render: (_c, i) => i.summary,
  },
  status: {
    name: 'Status',
    navigable: true,
    schema: { type: 'status', system: 'status' },
    render: (c, i) => {
      const status = c.store.status(i.statusId);
      return status === undefined ? null : renderStatus(c, status);
    },
  },
  issuetype: {
    name: 'Issue Type',
    navigable: true,
    schema: { type: 'issuetype', system: 'issuetype' },
    render: (c, i) => {
      const type = c.store.issueType(i.issueTypeId);
      return type === undefined ? null : renderIssueType(c, type);
    },
  },
  project: {
    name: 'Project',
    navigable: true,
    schema: { type: 'project', system: 'project' },
    render: (c, i) => {
      const project = c.store.projectById(i.projectId);
      return project === undefined ? null : renderProjectRef(c, project);
    },
  },
  created: {
    name: 'Created',
    navigable: true,
    schema: { type: 'datetime', system: 'created' },
    render: (_c, i) => i.created,
  },
  updated: {
    name: 'Updated',
    navigable: true,
    schema: { type: 'datetime', system: 'updated' },
    render: (_c, i) => i.updated,
  },
  resolutiondate: {
    name: 'Resolved',
    navigable: true,
    schema: { type: 'datetime', system: 'resolutiondate' },
    render: (_c, i) => i.resolutiondate,
  },
  resolution: {
    name: 'Resolution',
    navigable: true,
    schema: { type: 'resolution', system: 'resolution' },
    render: (c, i) => {
      if (i.resolution === null) return null;
      const id = resolutionId(i.resolution);
      return { self: `${c.baseUrl}/rest/api/3/resolution/${id}`, id, description: '', name: i.resolution };
    },
  },
  priority: {
    name: 'Priority',
    navigable: true,
    schema: { type: 'priority', system: 'priority' },
    render: (c, i) => renderPriority(c, i.priority),
  },
  labels: {
    name: 'Labels',
    navigable: true,
    schema: { type: 'array', items: 'string', system: 'labels' },
    render: (_c, i) => [...i.labels],
  },
  assignee: {
    name: 'Assignee',
    navigable: true,
    schema: { type: 'user', system: 'assignee' },
    render: (c, i) => (i.assigneeAccountId === null ? null : renderUser(c, i.assigneeAccountId)),
  },
  reporter: {
    name: 'Reporter',
    navigable: true,
    schema: { type: 'user', system: 'reporter' },
    render: (c, i) => renderUser(c, i.reporterAccountId),
  },
  creator: {
    name: 'Creator',
    navigable: true,
    schema: { type: 'user', system: 'creator' },
    render: (c, i) => renderUser(c, i.reporterAccountId),
  },
  description: {
    name: 'Description',
    navigable: true,
    schema: { type: 'string', system: 'description' },
    render: (_c, i) => i.description,
  },
  issuelinks: {
    name: 'Linked Issues',
    navigable: true,
    schema: { type: 'array', items: 'issuelinks', system: 'issuelinks' },
    render: renderIssueLinks,
  },
  security: {
    name: 'Security Level',
    navigable: true,
    schema: { type: 'securitylevel', system: 'security' },
    render: renderSecurityField,
  },
  // Not navigable: search returns comments only when asked by name or `*all`, like Jira.
  comment: {
    name: 'Comment',
    navigable: false,
    schema: { type: 'comments-page', system: 'comment' },
    render: (c, i) => ({
      comments: i.comments.map((comment) => renderComment(c, i, comment)),
      self: `${c.baseUrl}/rest/api/3/issue/${i.id}/comment`,
      maxResults: i.comments.length,
      total: i.comments.length,
      startAt: 0,
    }),
  },
  [FLAGGED_FIELD_ID]: {
    name: FLAGGED_FIELD_NAME,
    navigable: true,
    schema: {
      type: 'array',
      items: 'option',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
      customId: 10021,
    },
    render: (c, i) =>
      i.flagged
        ? [
            {
              self: `${c.baseUrl}/rest/api/3/customFieldOption/${IMPEDIMENT_OPTION.id}`,
              value: IMPEDIMENT_OPTION.value,
              id: IMPEDIMENT_OPTION.id,
            },
          ]
        : null,
  },
};

export const ALL_FIELD_IDS: readonly string[] = Object.keys(FIELD_DEFS);
const NAVIGABLE_FIELD_IDS: readonly string[] = ALL_FIELD_IDS.filter(
  (id) => FIELD_DEFS[id]?.navigable === true,
);

/**
 * Every field of the site as `GET /rest/api/3/field` lists it (`FieldDetails`): system fields by their id, the
 * Flagged custom field with its JQL clause names and Jira Software's checkboxes type.
 */
export function renderFieldDetails(): Json[] {
  return ALL_FIELD_IDS.map((id) => {
    const def = FIELD_DEFS[id] as FieldDef;
    const custom = id.startsWith('customfield_');
    const clauseNames = custom
      ? [`cf[${id.slice('customfield_'.length)}]`, def.name]
      : [id === 'security' ? 'level' : id];
    return {
      id,
      key: id,
      name: def.name,
      custom,
      orderable: id !== 'comment' && id !== 'created' && id !== 'updated' && id !== 'creator',
      navigable: def.navigable,
      searchable: true,
      clauseNames,
      schema: def.schema,
    };
  });
}

export function fieldName(fieldId: string): string | undefined {
  return FIELD_DEFS[fieldId]?.name;
}

export interface FieldSelection {
  /** Only `id`/`key` were asked (or nothing, where the default is ids): the issue has no `fields` object. */
  readonly idsOnly: boolean;
  readonly fieldIds: readonly string[];
}

/**
 * Reads Jira's `fields` parameter: entries may be comma-separated lists; `*all`, `*navigable`, field ids and
 * `-field` exclusions. Unknown field ids are ignored, as Jira does. `defaultSet` applies when nothing (or only
 * exclusions) is given: `id` for search, `all` for issue get.
 */
export function parseFieldSelection(
  raw: readonly string[] | undefined,
  defaultSet: 'id' | 'all' | 'navigable',
): FieldSelection {
  const tokens = (raw ?? [])
    .flatMap((entry) => entry.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const include = new Set<string>();
  const exclude = new Set<string>();
  let base: 'all' | 'navigable' | null = null;
  let onlyIds = true;
  for (const token of tokens) {
    if (token === 'id' || token === 'key') continue;
    onlyIds = false;
    if (token === '*all') base = 'all';
    else if (token === '*navigable') base = base === 'all' ? 'all' : 'navigable';
    else if (token.startsWith('-')) exclude.add(token.slice(1));
    else if (token in FIELD_DEFS) include.add(token);
  }
  if (tokens.length === 0 || (onlyIds && defaultSet !== 'id')) {
    if (defaultSet === 'id') return { idsOnly: true, fieldIds: [] };
    return { idsOnly: false, fieldIds: defaultSet === 'all' ? ALL_FIELD_IDS : NAVIGABLE_FIELD_IDS };
  }
  if (onlyIds) return { idsOnly: true, fieldIds: [] };
  if (base === null && include.size === 0 && exclude.size > 0) {
    base = defaultSet === 'all' ? 'all' : 'navigable';
  }
  const baseIds = base === 'all' ? ALL_FIELD_IDS : base === 'navigable' ? NAVIGABLE_FIELD_IDS : [];
  const fieldIds = ALL_FIELD_IDS.filter(
    (id) => (baseIds.includes(id) || include.has(id)) && !exclude.has(id),
  );
  return { idsOnly: false, fieldIds };
}

/** The issue's `fields` object with the selected fields (less those the issue lacks: `security` without a scheme). */
export function renderFields(ctx: RenderContext, issue: StoredIssue, fieldIds: readonly string[]): Json {
  const fields: Json = {};
  for (const id of fieldIds) {
    const value = FIELD_DEFS[id]?.render(ctx, issue);
    if (value !== undefined) fields[id] = value;
  }
  return fields;
}

/** `names` (field id → display name) for the selected fields. */
export function renderNames(fieldIds: readonly string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const id of fieldIds) {
    const name = FIELD_DEFS[id]?.name;
    if (name !== undefined) names[id] = name;
  }
  return names;
}

/** `schema` (field id → `JsonTypeBean`) for the selected fields. */
export function renderSchema(fieldIds: readonly string[]): Record<string, Json> {
  const schema: Record<string, Json> = {};
  for (const id of fieldIds) {
    const def = FIELD_DEFS[id];
    if (def !== undefined) schema[id] = def.schema;
  }
  return schema;
}

/** `expand=changelog` on an issue: the oldest 100 histories with the total, as `PageOfChangelogs`. */
export function renderChangelogExpansion(ctx: RenderContext, issue: StoredIssue): Json {
  const histories = issue.histories.slice(0, 100);
  return {
    startAt: 0,
    maxResults: histories.length,
    total: issue.histories.length,
    histories: histories.map((h) => renderHistory(ctx, h)),
  };
}
