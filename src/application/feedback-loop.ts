/**
 * The feedback loop of one improvement as the record panel shows it (issue 11), and the project's reply settings:
 * what came in (the feedback issues with their CSAT), who was told, whether the improvement tells anyone, and the
 * templates the replies use. Everything Jira shows is read as the viewer, so an issue they may not browse appears
 * by its key alone; the app's own data (record, replies told, opt-out, settings) comes from the store
 * (`feedback-replies.ts`, `csi-record.ts`).
 */
import * as v from 'valibot';
import type { CsiPersonView } from '../contract/csi';
import type {
  FeedbackIssueLoopView,
  FeedbackLoopView,
  FeedbackReplySettingsView,
} from '../contract/feedback';
import type { CsatRating } from '../domain/feedback/csat';
import { DEFAULT_REPLY_TEMPLATES, REPLY_PLACEHOLDERS, type ReplyTemplates } from '../domain/feedback/replies';
import { SERVICE_DESK_PROJECT_TYPE_KEY } from '../domain/feedback/links';
import {
  CSI_EDIT_PERMISSION,
  CsiEditForbiddenError,
  isCsiIssueTypeName,
  NotCsiIssueError,
  readStoredCsiRecord,
} from './csi-record';
import { IssueNotFoundError } from './errors';
import {
  feedbackReplyOptOutKey,
  listFeedbackTold,
  readFeedbackReplySettings,
  saveFeedbackReplySettings,
  setFeedbackRepliesOptOut,
} from './feedback-replies';
import type { JiraPort } from './ports/jira-port';
import type { JiraServiceDeskPort } from './ports/service-desk-port';
import type { StorePort } from './ports/store-port';
import { canAdministerProject, NotProjectAdminError } from './status-mapping';
import { CSI_ISSUE_TYPE_NAMES } from '../domain/csi/workflow';
import { mapParallel } from './map-parallel';

/** Feedback issues (and their CSAT) read at once: one request each, so a bounded pool keeps the panel off 429s. */
export const FEEDBACK_LOOP_READ_CONCURRENCY = 8;

/** The issue fields read of each feedback issue (as the viewer). */
export const FEEDBACK_ISSUE_FIELDS: readonly string[] = ['summary', 'status', 'reporter', 'project'];

export interface FeedbackLoopDeps {
  /** Jira as the viewer. */
  readonly jira: Pick<JiraPort, 'getIssue' | 'getMyPermissions'>;
  /** JSM as the viewer; null: no CSAT is read (every `csat` is null). */
  readonly serviceDesk: Pick<JiraServiceDeskPort, 'getRequestFeedback'> | null;
  readonly store: StorePort;
  /** A rating that could not be read (other than "none"); the view shows none for it. */
  readonly logWarning?: (message: string) => void;
}

const ImprovementFieldsSchema = v.object({
  project: v.object({ id: v.string(), key: v.string() }),
});

const FeedbackFieldsSchema = v.object({
  summary: v.exactOptional(v.string()),
  status: v.exactOptional(v.nullable(v.object({ name: v.exactOptional(v.string()) }))),
  reporter: v.exactOptional(
    v.nullable(v.object({ accountId: v.string(), displayName: v.exactOptional(v.string()) })),
  ),
  project: v.exactOptional(v.object({ projectTypeKey: v.exactOptional(v.string()) })),
});

interface Improvement {
  readonly id: string;
  readonly key: string;
  readonly project: { readonly id: string; readonly key: string };
}

/** The improvement as the viewer sees it; {@link NotCsiIssueError} for another issue type. */
async function readImprovement(jira: FeedbackLoopDeps['jira'], issueKey: string): Promise<Improvement> {
  const issue = await jira.getIssue(issueKey, ['issuetype', 'project']);
  const key = issue.key ?? issueKey;
  const typeName = issue.fields?.issuetype?.name;
  if (!isCsiIssueTypeName(typeName)) {
    throw new NotCsiIssueError(
      `${key} is of the issue type "${typeName ?? '?'}", not "${CSI_ISSUE_TYPE_NAMES.de}" / ` +
        `"${CSI_ISSUE_TYPE_NAMES.en}"; the feedback loop belongs to improvements (CSI issues).`,
    );
  }
  const fields = v.safeParse(ImprovementFieldsSchema, issue.fields);
  if (!fields.success || issue.id === undefined)
    throw new Error(`Jira returned ${key} without its id or project`);
  return { id: issue.id, key, project: fields.output.project };
}

async function canEditImprovement(jira: FeedbackLoopDeps['jira'], projectKey: string): Promise<boolean> {
  const granted = await jira.getMyPermissions([CSI_EDIT_PERMISSION], projectKey);
  return granted[CSI_EDIT_PERMISSION] === true;
}

/** One feedback issue as the viewer sees it, with its CSAT when it is a JSM request; key only when hidden. */
async function readFeedbackIssue(
  deps: FeedbackLoopDeps,
  issueKey: string,
): Promise<Omit<FeedbackIssueLoopView, 'replies'>> {
  const hidden = { issueKey, summary: null, statusName: null, reporter: null, csat: null };
  let fields: v.InferOutput<typeof FeedbackFieldsSchema>;
  try {
    const issue = await deps.jira.getIssue(issueKey, FEEDBACK_ISSUE_FIELDS);
    const parsed = v.safeParse(FeedbackFieldsSchema, issue.fields ?? {});
    if (!parsed.success) return hidden;
    fields = parsed.output;
  } catch (error) {
    // Deleted, moved out of sight, or never visible to the viewer: the key is all they may see.
    if (error instanceof IssueNotFoundError) return hidden;
    throw error;
  }
  let csat: CsatRating | null = null;
  // Only requests of service projects have a rating; other issues would cost a request for a sure 404.
  if (deps.serviceDesk !== null && fields.project?.projectTypeKey === SERVICE_DESK_PROJECT_TYPE_KEY) {
    try {
      csat = (await deps.serviceDesk.getRequestFeedback(issueKey))?.rating ?? null;
    } catch (error) {
      // The rating is an extra of the view: without it the loop is still worth showing.
      deps.logWarning?.(`${issueKey}: the CSAT rating could not be read (${String(error)})`);
    }
  }
  const reporter: CsiPersonView | null =
    fields.reporter === undefined || fields.reporter === null
      ? null
      : {
          accountId: fields.reporter.accountId,
          displayName: fields.reporter.displayName ?? fields.reporter.accountId,
        };
  return {
    issueKey,
    summary: fields.summary ?? '',
    statusName: fields.status?.name ?? '',
    reporter,
    csat,
  };
}

/** Mean of the ratings to two decimals; null for none. */
function csatMean(ratings: readonly CsatRating[]): number | null {
  if (ratings.length === 0) return null;
  return Math.round((ratings.reduce((sum, r) => sum + r, 0) / ratings.length) * 100) / 100;
}

/**
 * The loop of an improvement: its feedback issues (from the stored record) as the viewer sees them, each with its
 * CSAT and the replies told per step, the opt-out, whether the project also replies at In Implementation, and
 * whether the viewer may change the opt-out. Feedback issues and ratings are read
 * {@link FEEDBACK_LOOP_READ_CONCURRENCY} at a time.
 *
 * @throws NotCsiIssueError for another issue type; Jira's typed errors for the improvement itself.
 */
export async function getFeedbackLoop(deps: FeedbackLoopDeps, issueKey: string): Promise<FeedbackLoopView> {
  const improvement = await readImprovement(deps.jira, issueKey);
  const [state, optOut, settings, canEdit] = await Promise.all([
    readStoredCsiRecord(deps.store, improvement.id),
    deps.store.get(feedbackReplyOptOutKey(improvement.id)),
    readFeedbackReplySettings(deps.store, improvement.project.id),
    canEditImprovement(deps.jira, improvement.project.key),
  ]);
  const keys = state.stored?.record.feedbackIssueKeys ?? [];
  const [issues, told] = await Promise.all([
    mapParallel(keys, FEEDBACK_LOOP_READ_CONCURRENCY, (key) => readFeedbackIssue(deps, key)),
    listFeedbackTold(deps.store, improvement.id, keys),
  ]);
  const feedbackIssues: FeedbackIssueLoopView[] = issues.map((issue) => {
    // An issue the viewer may not browse: that and when it was told is the improvement's own record; the reply's
    // language (its reporter's Jira locale) and comment are the hidden issue's.
    const hidden = issue.summary === null;
    return {
      ...issue,
      replies: told
        .filter((t) => t.feedbackIssueKey === issue.issueKey)
        .map((t) => ({
          step: t.step,
          state: t.state,
          toldAt: t.state === 'told' && t.toldAtMs !== null ? new Date(t.toldAtMs).toISOString() : null,
          commentId: hidden ? null : t.commentId,
          language: hidden ? null : t.language,
        })),
    };
  });
  return {
    issueKey: improvement.key,
    issueId: improvement.id,
    projectKey: improvement.project.key,
    optOut: optOut !== null,
    replyOnImplementation: settings.replyOnImplementation,
    canEdit,
    feedbackIssues,
    csatAverage: csatMean(feedbackIssues.flatMap((i) => (i.csat === null ? [] : [i.csat]))),
  };
}

/**
 * Turns the improvement's replies off or on (Edit Issues on the improvement, checked against Jira first) and
 * returns the loop as it is then. Setting what is already set changes nothing.
 *
 * @throws CsiEditForbiddenError without Edit Issues; NotCsiIssueError for another issue type.
 */
export async function setFeedbackOptOut(
  deps: FeedbackLoopDeps,
  issueKey: string,
  optOut: boolean,
  nowMs: number,
): Promise<FeedbackLoopView> {
  const improvement = await readImprovement(deps.jira, issueKey);
  if (!(await canEditImprovement(deps.jira, improvement.project.key))) {
    throw new CsiEditForbiddenError(
      `You may not change whether ${improvement.key} tells its feedback givers (Jira's "Edit Issues" permission ` +
        `in project ${improvement.project.key}); ask a project administrator.`,
    );
  }
  await setFeedbackRepliesOptOut(deps.store, improvement.id, optOut, nowMs);
  return getFeedbackLoop(deps, improvement.key);
}

export interface ReplySettingsDeps {
  /** Jira as the viewer. */
  readonly jira: JiraPort;
  readonly store: StorePort;
}

async function settingsView(
  deps: ReplySettingsDeps,
  project: { readonly id: string; readonly key: string },
  canEdit: boolean,
): Promise<FeedbackReplySettingsView> {
  const settings = await readFeedbackReplySettings(deps.store, project.id);
  return {
    projectKey: project.key,
    projectId: project.id,
    replyOnImplementation: settings.replyOnImplementation,
    templates: settings.templates,
    defaults: DEFAULT_REPLY_TEMPLATES,
    placeholders: [...REPLY_PLACEHOLDERS],
    version: settings.version,
    canEdit,
  };
}

/** A project's reply settings (defaults filled in) and whether the viewer may edit them (Jira or project admin). */
export async function getReplySettings(
  deps: ReplySettingsDeps,
  projectKey: string,
): Promise<FeedbackReplySettingsView> {
  const project = await deps.jira.getProject(projectKey);
  return settingsView(deps, project, await canAdministerProject(deps.jira, project.key));
}

/**
 * Saves a project's reply settings from `expectedVersion` (compare-and-set: `StoreConflictError` when someone saved
 * in between). Only Jira and project administrators may ({@link NotProjectAdminError}); templates are checked
 * (`InvalidReplyTemplatesError`, nothing written).
 */
export async function saveReplySettings(
  deps: ReplySettingsDeps,
  request: {
    readonly projectKey: string;
    readonly replyOnImplementation: boolean;
    readonly templates: ReplyTemplates;
    readonly expectedVersion: number | null;
  },
): Promise<FeedbackReplySettingsView> {
  const project = await deps.jira.getProject(request.projectKey);
  if (!(await canAdministerProject(deps.jira, project.key))) {
    throw new NotProjectAdminError(
      `Only Jira administrators and administrators of project ${project.key} may change its feedback replies; ` +
        'ask one of them.',
    );
  }
  await saveFeedbackReplySettings(
    deps.store,
    project.id,
    { replyOnImplementation: request.replyOnImplementation, templates: request.templates },
    request.expectedVersion,
  );
  return settingsView(deps, project, true);
}
