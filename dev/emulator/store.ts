/**
 * The emulator's in-memory Jira: a deep copy of a {@link JiraSeed} with the indexes the endpoints need (issues by
 * id, key and project; links by issue; users by e-mail) and the mutations the write endpoints perform. Every
 * mutation bumps {@link EmulatorStore.version}, which invalidates cached search results.
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import { JiraConfiguration } from './config';
import { IssueSecurity } from './security';
import type {
  AdfNode,
  JiraSeed,
  SeedComment,
  SeedIssueLink,
  SeedIssueType,
  SeedLinkType,
  SeedProject,
  SeedRequestFeedback,
  SeedServiceDesk,
  SeedStatus,
  SeedUser,
} from './seed';

export interface StoredHistory {
  readonly id: string;
  readonly created: string;
  /** `created` as epoch ms, parsed once (bulkfetch answers with it and sorts by it). */
  readonly createdMs: number;
  readonly authorAccountId: string;
  readonly items: readonly JiraChangeItem[];
}

/** A mutable issue: the seed issue's fields plus parsed instants for filtering and sorting. */
export interface StoredIssue {
  readonly id: string;
  /** The current key (a move gives the issue a key in its new project; the old ones still find it). */
  key: string;
  /** The number after the dash of the key (sorting by key is numeric within a project, as in Jira). */
  keyNumber: number;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  summary: string;
  description: AdfNode | null;
  readonly created: string;
  readonly createdMs: number;
  updated: string;
  updatedMs: number;
  resolutiondate: string | null;
  resolvedMs: number | null;
  resolution: string | null;
  priority: string;
  labels: string[];
  readonly reporterAccountId: string;
  assigneeAccountId: string | null;
  flagged: boolean;
  readonly histories: StoredHistory[];
  readonly comments: SeedComment[];
  readonly properties: Map<string, unknown>;
  /** A subtask's parent issue id; null for a standard issue. */
  readonly parentId: string | null;
  /** The issue security level ({@link IssueSecurity}); null: none. */
  securityLevelId: string | null;
}

function instantMs(value: string, what: string): number {
  const ms = parseJiraInstant(value);
  if (ms === null) throw new Error(`Emulator seed: ${what} '${value}' is not a Jira timestamp with offset`);
  return ms;
}

function keyNumberOf(key: string): number {
  const dash = key.lastIndexOf('-');
  const n = Number(key.slice(dash + 1));
  return Number.isInteger(n) ? n : 0;
}

function maxNumericId(ids: Iterable<string>, floor: number): number {
  let max = floor;
  for (const id of ids) {
    const n = Number(id);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max;
}

/**
 * Formats an instant as Jira Cloud does (`2026-03-02T08:15:00.000+0000`), in UTC: the emulator has no site time
 * zone, and clients must honour the offset anyway.
 */
export function formatJiraInstant(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export class EmulatorStore {
  /** Bumped by every mutation; search result caches compare it. */
  version = 0;
  readonly users: readonly SeedUser[];
  readonly projects: readonly SeedProject[];
  readonly issueTypes: SeedIssueType[];
  readonly statuses: SeedStatus[];
  /** Workflows, workflow and issue type schemes, project assignments and tasks. */
  readonly config: JiraConfiguration;
  readonly linkTypes: readonly SeedLinkType[];
  readonly issues: StoredIssue[] = [];
  readonly links: SeedIssueLink[];
  /** Jira Service Management service desks (servicedesk.ts). */
  readonly serviceDesks: readonly SeedServiceDesk[];
  /** CSAT ratings by issue id (at most one per request, as in JSM). */
  readonly feedbackByIssueId = new Map<string, SeedRequestFeedback>();
  /** Issue security levels: who sees an issue that has one. */
  readonly security: IssueSecurity;

  private readonly usersByAccountId = new Map<string, SeedUser>();
  private readonly usersByEmail = new Map<string, SeedUser>();
  private readonly projectsById = new Map<string, SeedProject>();
  private readonly projectsByKey = new Map<string, SeedProject>();
  private readonly issueTypesById = new Map<string, SeedIssueType>();
  private readonly statusesById = new Map<string, SeedStatus>();
  private readonly linkTypesById = new Map<string, SeedLinkType>();
  private readonly issuesById = new Map<string, StoredIssue>();
  private readonly issuesByUpperKey = new Map<string, StoredIssue>();
  private readonly issuesByProjectId = new Map<string, StoredIssue[]>();
  private readonly linksByIssueId = new Map<string, SeedIssueLink[]>();
  /** Parent issue id → ids of its subtasks. */
  private readonly subtaskIdsByParentId = new Map<string, Set<string>>();
  /** Project id → the highest issue number it ever gave (Jira never reuses a key, even of a moved issue). */
  private readonly lastKeyNumberByProjectId = new Map<string, number>();
  private nextIssueId: number;
  private nextHistoryId: number;
  private nextCommentId: number;
  private nextLinkId: number;

  constructor(seed: JiraSeed) {
    // Deep copy: the emulator mutates its data; the caller's seed (often shared between tests) must not change.
    const copy = structuredClone(seed);
    this.users = copy.users;
    this.projects = copy.projects;
    this.issueTypes = [...copy.issueTypes];
    this.statuses = [...copy.statuses];
    this.linkTypes = copy.linkTypes;
    this.links = [...copy.links];
    this.serviceDesks = copy.serviceDesks ?? [];
    for (const feedback of copy.requestFeedback ?? []) this.feedbackByIssueId.set(feedback.issueId, feedback);
    this.security = new IssueSecurity(copy.securityLevels ?? []);
    for (const user of this.users) {
      this.usersByAccountId.set(user.accountId, user);
      this.usersByEmail.set(user.emailAddress.toLowerCase(), user);
    }
    for (const project of this.projects) {
      this.projectsById.set(project.id, project);
      this.projectsByKey.set(project.key, project);
      this.issuesByProjectId.set(project.id, []);
    }
    for (const type of this.issueTypes) this.issueTypesById.set(type.id, type);
    for (const status of this.statuses) this.statusesById.set(status.id, status);
    for (const linkType of this.linkTypes) this.linkTypesById.set(linkType.id, linkType);
    for (const issue of copy.issues) {
      this.addIssue({
        id: issue.id,
        key: issue.key,
        keyNumber: keyNumberOf(issue.key),
        projectId: issue.projectId,
        issueTypeId: issue.issueTypeId,
        statusId: issue.statusId,
        summary: issue.summary,
        description: issue.description,
        created: issue.created,
        createdMs: instantMs(issue.created, `${issue.key} created`),
        updated: issue.updated,
        updatedMs: instantMs(issue.updated, `${issue.key} updated`),
        resolutiondate: issue.resolutiondate,
        resolvedMs:
          issue.resolutiondate === null
            ? null
            : instantMs(issue.resolutiondate, `${issue.key} resolutiondate`),
        resolution: issue.resolution,
        priority: issue.priority,
        labels: [...issue.labels],
        reporterAccountId: issue.reporterAccountId,
        assigneeAccountId: issue.assigneeAccountId,
        flagged: issue.flagged,
        histories: issue.histories.map((h) => ({
          id: h.id,
          created: h.created,
          createdMs: instantMs(h.created, `${issue.key} history ${h.id} created`),
          authorAccountId: h.authorAccountId,
          items: h.items,
        })),
        comments: [...issue.comments],
        properties: new Map(Object.entries(issue.properties)),
        parentId: issue.parentId ?? null,
        securityLevelId: issue.securityLevelId ?? null,
      });
    }
    for (const link of this.links) this.indexLink(link);
    this.config = new JiraConfiguration(this, copy, this.issues[0]?.createdMs ?? 0);
    this.nextIssueId = maxNumericId(this.issuesById.keys(), 10_000) + 1;
    this.nextHistoryId = maxNumericId(this.allHistoryIds(), 10_000) + 1;
    this.nextCommentId = maxNumericId(this.allCommentIds(), 10_000) + 1;
    this.nextLinkId =
      maxNumericId(
        this.links.map((l) => l.id),
        10_000,
      ) + 1;
  }

  private *allHistoryIds(): Iterable<string> {
    for (const issue of this.issues) for (const h of issue.histories) yield h.id;
  }

  private *allCommentIds(): Iterable<string> {
    for (const issue of this.issues) for (const c of issue.comments) yield c.id;
  }

  private addIssue(issue: StoredIssue): void {
    if (this.issuesById.has(issue.id)) throw new Error(`Emulator seed: duplicate issue id ${issue.id}`);
    if (!this.projectsById.has(issue.projectId)) {
      throw new Error(`Emulator seed: issue ${issue.key} names unknown project ${issue.projectId}`);
    }
    if (!this.statusesById.has(issue.statusId)) {
      throw new Error(`Emulator seed: issue ${issue.key} names unknown status ${issue.statusId}`);
    }
    if (!this.issueTypesById.has(issue.issueTypeId)) {
      throw new Error(`Emulator seed: issue ${issue.key} names unknown issue type ${issue.issueTypeId}`);
    }
    this.security.check(issue.key, issue.projectId, issue.securityLevelId);
    this.issues.push(issue);
    this.issuesById.set(issue.id, issue);
    this.issuesByUpperKey.set(issue.key.toUpperCase(), issue);
    this.issuesByProjectId.get(issue.projectId)?.push(issue);
    this.noteKeyNumber(issue.projectId, issue.keyNumber);
    if (issue.parentId !== null) {
      const siblings = this.subtaskIdsByParentId.get(issue.parentId);
      if (siblings === undefined) this.subtaskIdsByParentId.set(issue.parentId, new Set([issue.id]));
      else siblings.add(issue.id);
    }
  }

  private noteKeyNumber(projectId: string, keyNumber: number): void {
    if (keyNumber > (this.lastKeyNumberByProjectId.get(projectId) ?? 0)) {
      this.lastKeyNumberByProjectId.set(projectId, keyNumber);
    }
  }

  private nextKeyNumber(projectId: string): number {
    return (this.lastKeyNumberByProjectId.get(projectId) ?? 0) + 1;
  }

  private indexLink(link: SeedIssueLink): void {
    for (const issueId of [link.outwardIssueId, link.inwardIssueId]) {
      const list = this.linksByIssueId.get(issueId);
      if (list === undefined) this.linksByIssueId.set(issueId, [link]);
      else list.push(link);
    }
  }

  userByAccountId(accountId: string): SeedUser | undefined {
    return this.usersByAccountId.get(accountId);
  }

  userByEmail(email: string): SeedUser | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  projectById(id: string): SeedProject | undefined {
    return this.projectsById.get(id);
  }

  /** Project by id or key (keys are case-sensitive in Jira's project endpoints). */
  project(idOrKey: string): SeedProject | undefined {
    return this.projectsByKey.get(idOrKey) ?? this.projectsById.get(idOrKey);
  }

  issueType(id: string): SeedIssueType | undefined {
    return this.issueTypesById.get(id);
  }

  status(id: string): SeedStatus | undefined {
    return this.statusesById.get(id);
  }

  linkType(id: string): SeedLinkType | undefined {
    return this.linkTypesById.get(id);
  }

  /** Issue by id or key; keys match case-insensitively, as Jira's issue lookup does. */
  issue(idOrKey: string): StoredIssue | undefined {
    return this.issuesById.get(idOrKey) ?? this.issuesByUpperKey.get(idOrKey.toUpperCase());
  }

  issuesOfProject(projectId: string): readonly StoredIssue[] {
    return this.issuesByProjectId.get(projectId) ?? [];
  }

  linksOf(issueId: string): readonly SeedIssueLink[] {
    return this.linksByIssueId.get(issueId) ?? [];
  }

  canBrowse(user: SeedUser, project: SeedProject): boolean {
    return (
      user.jiraAdmin ||
      user.browseProjects === '*' ||
      user.browseProjects.includes(project.key) ||
      user.adminProjects.includes(project.key)
    );
  }

  canAdminister(user: SeedUser, project: SeedProject): boolean {
    return user.jiraAdmin || user.adminProjects.includes(project.key);
  }

  /**
   * Whether the user holds an everyday issue permission (`EDIT_ISSUES`, `DELETE_ISSUES`, …) in the project: who
   * browses it does, unless the seed user's `deniedPermissions` takes it away there.
   */
  hasIssuePermission(user: SeedUser, project: SeedProject, permission: string): boolean {
    if (!this.canBrowse(user, project)) return false;
    const denied = user.deniedPermissions?.[permission];
    return denied === undefined || (denied !== '*' && !denied.includes(project.key));
  }

  visibleProjects(user: SeedUser): SeedProject[] {
    return this.projects.filter((p) => this.canBrowse(user, p));
  }

  /** Records a request's CSAT rating, replacing an earlier one (JSM keeps one per request). */
  setFeedback(feedback: SeedRequestFeedback): void {
    this.feedbackByIssueId.set(feedback.issueId, feedback);
    this.version++;
  }

  /** The issue if it exists, the user browses its project and its security level lets them see it; else 404. */
  visibleIssue(user: SeedUser, idOrKey: string): StoredIssue | undefined {
    const issue = this.issue(idOrKey);
    const project = issue === undefined ? undefined : this.projectsById.get(issue.projectId);
    if (issue === undefined || project === undefined || !this.canBrowse(user, project)) return undefined;
    return this.security.allows(user, issue.securityLevelId) ? issue : undefined;
  }

  /** Statuses of a project's workflows (those its workflow scheme gives its issue types), in workflow order. */
  statusesOfProject(project: SeedProject): SeedStatus[] {
    const ids = new Set<string>();
    for (const workflow of this.config.workflowsOfProject(project)) {
      for (const id of workflow.statusIds) ids.add(id);
    }
    return this.statusesOf([...ids]);
  }

  statusesOf(ids: readonly string[]): SeedStatus[] {
    return ids.flatMap((id) => {
      const status = this.statusesById.get(id);
      return status === undefined ? [] : [status];
    });
  }

  /** Issue types of a project: its issue type scheme's (company-managed) or its own (team-managed). */
  issueTypesOfProject(project: SeedProject): SeedIssueType[] {
    return this.config.issueTypeIdsOf(project).flatMap((id) => {
      const type = this.issueTypesById.get(id);
      return type === undefined ? [] : [type];
    });
  }

  /** Adds an issue type (ids continue after the highest numeric id). */
  addIssueType(input: Omit<SeedIssueType, 'id'>): SeedIssueType {
    const id = String(maxNumericId(this.issueTypesById.keys(), 10_000) + 1);
    const type: SeedIssueType = { ...input, id };
    this.issueTypes.push(type);
    this.issueTypesById.set(id, type);
    this.version++;
    return type;
  }

  /** Adds a status (ids continue after the highest numeric id). */
  addStatus(input: Omit<SeedStatus, 'id'>): SeedStatus {
    const id = String(maxNumericId(this.statusesById.keys(), 10_000) + 1);
    const status: SeedStatus = { ...input, id };
    this.statuses.push(status);
    this.statusesById.set(id, status);
    this.version++;
    return status;
  }

  // ---- mutations -------------------------------------------------------------------------------------------

  createIssue(input: {
    project: SeedProject;
    issueTypeId: string;
    statusId: string;
    summary: string;
    description: AdfNode | null;
    labels: string[];
    priority: string;
    reporterAccountId: string;
    assigneeAccountId: string | null;
    nowMs: number;
  }): StoredIssue {
    const keyNumber = this.nextKeyNumber(input.project.id);
    const now = formatJiraInstant(input.nowMs);
    const issue: StoredIssue = {
      id: String(this.nextIssueId++),
      key: `${input.project.key}-${keyNumber}`,
      keyNumber,
      projectId: input.project.id,
      issueTypeId: input.issueTypeId,
      statusId: input.statusId,
      summary: input.summary,
      description: input.description,
      created: now,
      createdMs: input.nowMs,
      updated: now,
      updatedMs: input.nowMs,
      resolutiondate: null,
      resolvedMs: null,
      resolution: null,
      priority: input.priority,
      labels: input.labels,
      reporterAccountId: input.reporterAccountId,
      assigneeAccountId: input.assigneeAccountId,
      flagged: false,
      histories: [],
      comments: [],
      properties: new Map(),
      parentId: null,
      securityLevelId: null,
    };
    this.addIssue(issue);
    this.version++;
    return issue;
  }

  /** Appends a changelog history and marks the issue updated; returns the history. */
  recordChange(
    issue: StoredIssue,
    authorAccountId: string,
    items: JiraChangeItem[],
    nowMs: number,
  ): StoredHistory {
    const history: StoredHistory = {
      id: String(this.nextHistoryId++),
      created: formatJiraInstant(nowMs),
      createdMs: nowMs,
      authorAccountId,
      items,
    };
    issue.histories.push(history);
    this.touch(issue, nowMs);
    return history;
  }

  touch(issue: StoredIssue, nowMs: number): void {
    issue.updated = formatJiraInstant(nowMs);
    issue.updatedMs = nowMs;
    this.version++;
  }

  addComment(issue: StoredIssue, authorAccountId: string, body: AdfNode, nowMs: number): SeedComment {
    const now = formatJiraInstant(nowMs);
    const comment: SeedComment = {
      id: String(this.nextCommentId++),
      authorAccountId,
      created: now,
      updated: now,
      body,
    };
    issue.comments.push(comment);
    this.touch(issue, nowMs);
    return comment;
  }

  /** Adds a link unless the same link exists; returns the new link, or null for a duplicate. */
  addLink(typeId: string, sourceIssueId: string, destinationIssueId: string): SeedIssueLink | null {
    const duplicate = this.linksOf(sourceIssueId).some(
      (l) =>
        l.typeId === typeId && l.outwardIssueId === sourceIssueId && l.inwardIssueId === destinationIssueId,
    );
    if (duplicate) return null;
    const link: SeedIssueLink = {
      id: String(this.nextLinkId++),
      typeId,
      outwardIssueId: sourceIssueId,
      inwardIssueId: destinationIssueId,
    };
    this.links.push(link);
    this.indexLink(link);
    this.version++;
    return link;
  }

  /** A link by id; undefined when none has it. */
  link(id: string): SeedIssueLink | undefined {
    return this.links.find((l) => l.id === id);
  }

  /** Removes a link; false when none has the id. */
  removeLink(id: string): boolean {
    const index = this.links.findIndex((l) => l.id === id);
    if (index < 0) return false;
    const [link] = this.links.splice(index, 1);
    for (const issueId of [link?.outwardIssueId, link?.inwardIssueId]) {
      if (issueId === undefined) continue;
      const list = this.linksByIssueId.get(issueId);
      if (list !== undefined)
        this.linksByIssueId.set(
          issueId,
          list.filter((l) => l.id !== id),
        );
    }
    this.version++;
    return true;
  }

  /** Ids of the issue's subtasks. */
  subtaskIdsOf(issueId: string): readonly string[] {
    return [...(this.subtaskIdsByParentId.get(issueId) ?? [])];
  }

  /** Removes an issue with its links (its old keys no longer find it); the caller removes subtasks first. */
  deleteIssue(issue: StoredIssue): void {
    const at = this.issues.indexOf(issue);
    if (at >= 0) this.issues.splice(at, 1);
    this.issuesById.delete(issue.id);
    for (const [key, stored] of this.issuesByUpperKey)
      if (stored === issue) this.issuesByUpperKey.delete(key);
    const ofProject = this.issuesByProjectId.get(issue.projectId);
    const index = ofProject?.indexOf(issue) ?? -1;
    if (index >= 0) ofProject?.splice(index, 1);
    if (issue.parentId !== null) this.subtaskIdsByParentId.get(issue.parentId)?.delete(issue.id);
    this.subtaskIdsByParentId.delete(issue.id);
    for (const link of [...this.linksOf(issue.id)]) this.removeLink(link.id);
    this.linksByIssueId.delete(issue.id);
    this.feedbackByIssueId.delete(issue.id);
    this.version++;
  }

  /**
   * Moves an issue to another project, as Jira's Move does: the next key number there, the old key kept as an
   * alias (Jira redirects old keys), and a changelog history with Jira's `project` and `Key` items.
   */
  moveIssue(issue: StoredIssue, target: SeedProject, authorAccountId: string, nowMs: number): StoredHistory {
    const source = this.projectsById.get(issue.projectId);
    if (source === undefined) throw new Error(`Issue ${issue.key} has no project`);
    const oldKey = issue.key;
    const keyNumber = this.nextKeyNumber(target.id);
    const ofSource = this.issuesByProjectId.get(source.id);
    const index = ofSource?.indexOf(issue) ?? -1;
    if (index >= 0) ofSource?.splice(index, 1);
    issue.projectId = target.id;
    issue.key = `${target.key}-${keyNumber}`;
    issue.keyNumber = keyNumber;
    issue.securityLevelId = this.security.keptOnMove(issue.securityLevelId, target.id);
    this.noteKeyNumber(target.id, keyNumber);
    this.issuesByProjectId.get(target.id)?.push(issue);
    this.issuesByUpperKey.set(issue.key.toUpperCase(), issue);
    return this.recordChange(
      issue,
      authorAccountId,
      [
        {
          field: 'project',
          fieldtype: 'jira',
          fieldId: 'project',
          from: source.id,
          fromString: source.name,
          to: target.id,
          toString: target.name,
        },
        {
          field: 'Key',
          fieldtype: 'jira',
          fieldId: 'issuekey',
          from: null,
          fromString: oldKey,
          to: null,
          toString: issue.key,
        },
      ],
      nowMs,
    );
  }

  setProperty(issue: StoredIssue, key: string, value: unknown): 'created' | 'updated' {
    const existed = issue.properties.has(key);
    issue.properties.set(key, value);
    this.version++;
    return existed ? 'updated' : 'created';
  }

  deleteProperty(issue: StoredIssue, key: string): boolean {
    const existed = issue.properties.delete(key);
    if (existed) this.version++;
    return existed;
  }
}
