/**
 * Builds one sample issue by replaying what people did to it, so its fields can never contradict its
 * changelog: the current status, resolution, resolution date, assignee and flag are whatever the last applied
 * change left. Changes later than the data's `now` have not happened yet: the first one stops the replay.
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';
import { resolutionChangeItem, statusChangeItem } from '../emulator/change-items';
import type { AdfNode, SeedIssue, SeedStatus, SeedUser } from '../emulator/seed';
import { formatJiraInstant } from './berlin-time';
import type { Resolution } from './model';

/** Jira's Flagged custom field as the sample site numbers it. */
export const FLAGGED_FIELD_ID = 'customfield_10021';
/** Option id of the Flagged field's single value "Impediment". */
const IMPEDIMENT_OPTION = '[10019]';

export interface IssueDraft {
  readonly projectId: string;
  readonly key: string;
  readonly issueTypeId: string;
  readonly summary: string;
  readonly description: AdfNode | null;
  readonly createdMs: number;
  readonly priority: string;
  readonly labels: readonly string[];
  readonly reporter: SeedUser;
  readonly initialStatus: SeedStatus;
  /** Resolution set when the issue first enters a done status without an explicit one. */
  readonly defaultResolution: Resolution;
}

interface Change {
  readonly atMs: number;
  readonly author: SeedUser;
  readonly items: JiraChangeItem[];
}

interface Note {
  readonly atMs: number;
  readonly author: SeedUser;
  readonly body: AdfNode;
}

export interface TransitionOptions {
  /** New assignee (null: unassign); absent: unchanged. */
  readonly assignTo?: SeedUser | null;
  /** Resolution when entering a done status from a not-done one. */
  readonly resolution?: Resolution;
  /** A comment written with the transition (same instant, as a transition screen does). */
  readonly comment?: AdfNode;
}

/** Stable ids handed out when the data set is assembled. */
export interface IdSource {
  nextHistoryId(): string;
  nextCommentId(): string;
}

export class IssueBuilder {
  readonly draft: IssueDraft;
  private readonly nowMs: number;
  private statusNow: SeedStatus;
  private resolutionNow: Resolution | null = null;
  private resolutionMs: number | null = null;
  private assigneeNow: SeedUser | null = null;
  private flaggedNow = false;
  private lastMs: number;
  private stopped = false;
  private readonly changes: Change[] = [];
  private readonly notes: Note[] = [];
  /** Labels added after the replay (e.g. marking an issue as customer feedback). */
  private readonly extraLabels: string[] = [];
  /** The reporter when another person than the draft's raised the issue (set after the replay). */
  private reporterNow: SeedUser;

  constructor(draft: IssueDraft, nowMs: number) {
    if (draft.createdMs > nowMs) throw new Error(`${draft.key} would be created after now`);
    this.draft = draft;
    this.nowMs = nowMs;
    this.statusNow = draft.initialStatus;
    this.lastMs = draft.createdMs;
    this.reporterNow = draft.reporter;
  }

  get status(): SeedStatus {
    return this.statusNow;
  }

  get assignee(): SeedUser | null {
    return this.assigneeNow;
  }

  get flagged(): boolean {
    return this.flaggedNow;
  }

  /** Instant of the latest applied change (created when none). */
  get latestMs(): number {
    return this.lastMs;
  }

  /** False once a change fell after `now`: the rest of the story has not happened yet. */
  get active(): boolean {
    return !this.stopped;
  }

  /** Instant of the last entry into a done status, while the issue is done. */
  get resolvedMs(): number | null {
    return this.resolutionMs;
  }

  private admit(atMs: number): boolean {
    if (this.stopped) return false;
    if (atMs > this.nowMs) {
      this.stopped = true;
      return false;
    }
    // The generators advance time strictly; equal or earlier instants are a bug in the generator.
    if (atMs <= this.lastMs)
      throw new Error(`${this.draft.key}: change at ${atMs} is not after ${this.lastMs}`);
    this.lastMs = atMs;
    return true;
  }

  /**
   * Moves the issue to `to` at `atMs` (status item; resolution set on entering done, cleared on leaving it;
   * optional assignee change and comment).
   *
   * @returns false when `atMs` is after now (nothing recorded, the replay stops).
   */
  transition(atMs: number, author: SeedUser, to: SeedStatus, options: TransitionOptions = {}): boolean {
    if (!this.admit(atMs)) return false;
    const from = this.statusNow;
    const items: JiraChangeItem[] = [statusChangeItem(from, to)];
    const wasDone = from.categoryKey === 'done';
    const isDone = to.categoryKey === 'done';
    if (!wasDone && isDone) {
      const resolution = options.resolution ?? this.draft.defaultResolution;
      items.push(resolutionChangeItem(null, resolution));
      this.resolutionNow = resolution;
      this.resolutionMs = atMs;
    } else if (wasDone && !isDone && this.resolutionNow !== null) {
      items.push(resolutionChangeItem(this.resolutionNow, null));
      this.resolutionNow = null;
      this.resolutionMs = null;
    }
    if (options.assignTo !== undefined && options.assignTo?.accountId !== this.assigneeNow?.accountId) {
      items.push(this.assigneeItem(options.assignTo));
      this.assigneeNow = options.assignTo;
    }
    this.statusNow = to;
    this.changes.push({ atMs, author, items });
    if (options.comment !== undefined) this.notes.push({ atMs, author, body: options.comment });
    return true;
  }

  /** Changes the assignee without a transition. */
  assign(atMs: number, author: SeedUser, assignee: SeedUser | null): boolean {
    if (!this.admit(atMs)) return false;
    this.changes.push({ atMs, author, items: [this.assigneeItem(assignee)] });
    this.assigneeNow = assignee;
    return true;
  }

  /** Sets or clears the Flagged field ("Impediment"), with the comment Jira asks for when flagging. */
  flag(atMs: number, author: SeedUser, on: boolean, comment?: AdfNode): boolean {
    if (on === this.flaggedNow) throw new Error(`${this.draft.key}: flag is already ${String(on)}`);
    if (!this.admit(atMs)) return false;
    const item: JiraChangeItem = on
      ? {
          field: 'Flagged',
          fieldtype: 'custom',
          fieldId: FLAGGED_FIELD_ID,
          from: null,
          fromString: null,
          to: IMPEDIMENT_OPTION,
          toString: 'Impediment',
        }
      : {
          field: 'Flagged',
          fieldtype: 'custom',
          fieldId: FLAGGED_FIELD_ID,
          from: IMPEDIMENT_OPTION,
          fromString: 'Impediment',
          to: null,
          toString: '',
        };
    this.changes.push({ atMs, author, items: [item] });
    if (comment !== undefined) this.notes.push({ atMs, author, body: comment });
    this.flaggedNow = on;
    return true;
  }

  /** A comment without a field change. */
  comment(atMs: number, author: SeedUser, body: AdfNode): boolean {
    if (!this.admit(atMs)) return false;
    this.notes.push({ atMs, author, body });
    return true;
  }

  addLabel(label: string): void {
    if (!this.draft.labels.includes(label) && !this.extraLabels.includes(label)) this.extraLabels.push(label);
  }

  /** Names another person as the one who raised the issue (chosen after the replay; no changelog item). */
  reportedBy(reporter: SeedUser): void {
    this.reporterNow = reporter;
  }

  private assigneeItem(to: SeedUser | null): JiraChangeItem {
    return {
      field: 'assignee',
      fieldtype: 'jira',
      fieldId: 'assignee',
      from: this.assigneeNow?.accountId ?? null,
      fromString: this.assigneeNow?.displayName ?? null,
      to: to?.accountId ?? null,
      toString: to?.displayName ?? null,
    };
  }

  /** The finished issue with its global id; history and comment ids come from `ids` in time order. */
  build(id: string, ids: IdSource): SeedIssue {
    const { draft } = this;
    let updatedMs = draft.createdMs;
    for (const change of this.changes) updatedMs = Math.max(updatedMs, change.atMs);
    for (const note of this.notes) updatedMs = Math.max(updatedMs, note.atMs);
    return {
      id,
      key: draft.key,
      projectId: draft.projectId,
      issueTypeId: draft.issueTypeId,
      statusId: this.statusNow.id,
      summary: draft.summary,
      description: draft.description,
      created: formatJiraInstant(draft.createdMs),
      updated: formatJiraInstant(updatedMs),
      resolutiondate: this.resolutionMs === null ? null : formatJiraInstant(this.resolutionMs),
      resolution: this.resolutionNow?.name ?? null,
      priority: draft.priority,
      labels: [...draft.labels, ...this.extraLabels],
      reporterAccountId: this.reporterNow.accountId,
      assigneeAccountId: this.assigneeNow?.accountId ?? null,
      flagged: this.flaggedNow,
      histories: this.changes.map((change) => ({
        id: ids.nextHistoryId(),
        created: formatJiraInstant(change.atMs),
        authorAccountId: change.author.accountId,
        items: change.items,
      })),
      comments: this.notes.map((note) => {
        const created = formatJiraInstant(note.atMs);
        return {
          id: ids.nextCommentId(),
          authorAccountId: note.author.accountId,
          created,
          updated: created,
          body: note.body,
        };
      }),
      properties: {},
    };
  }
}
