/**
 * Feedback out (issue 11): when an improvement reaches Closed (and, when its project asks for it, In
 * Implementation), every feedback issue its record lists gets one reply naming the improvement and what changed,
 * in the reporter's language, mentioning the reporter.
 *
 * Two halves: {@link enqueueFeedbackReplies} (the status-change trigger) pushes one queue message per feedback
 * issue, so a hundred links fan out instead of running in one invocation; {@link deliverFeedbackReply} (the queue
 * consumer, as the app) posts one reply exactly once.
 *
 * Exactly once, under duplicate and out-of-order events and redeliveries: the store key
 * `feedback-reply:<improvementId>:<feedbackKey>:<step>` is reserved with "must not exist" before posting and
 * records who was told, when and with which comment after. A writer whose invocation ended between reserving and
 * recording leaves a reservation; after {@link FEEDBACK_REPLY_LEASE_MS} (or at once when the post failed) the next
 * delivery takes it over, and before posting looks for a comment carrying the reply's marker, so the reply is
 * neither lost nor posted twice. A late In Implementation event after Closed is superseded: the closed reply says
 * more, a second comment would only be noise — whether Closed was told already or the improvement is Closed now
 * (its replies still queued: the queue keeps no order).
 *
 * Store keys: `feedback-reply:…` (above), `feedback-reply-settings:<projectId>` (templates and whether In
 * Implementation replies, versioned: each save is a compare-and-set), `feedback-reply-opt-out:<improvementId>`
 * (present: this improvement tells nobody).
 */
import {
  FEEDBACK_REPLY_STEPS,
  feedbackReplyDedupeKey,
  feedbackReplyMarker,
  findReplyTemplateProblems,
  mergeReplyTemplates,
  renderFeedbackReply,
  replyLanguageOf,
  type FeedbackReplyStep,
  type ReplyLanguage,
  type ReplyTemplateProblem,
  type ReplyTemplates,
} from '../domain/feedback/replies';
import { csiStatusKeyOfName } from '../domain/csi/workflow';
import { readStoredCsiRecord } from './csi-record';
import { IssueNotFoundError } from './errors';
import type { AdfNode, JiraPort } from './ports/jira-port';
import { QUEUE_MAX_EVENTS_PER_PUSH, type QueuePort } from './ports/queue-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** The queue (manifest `consumer` `feedback-replies`) the replies fan out through. */
export const FEEDBACK_REPLY_QUEUE_KEY = 'feedback-replies';

/**
 * How long a reservation belongs to its writer, ms: longer than the consumer may run (Forge: 900 s), so a
 * reservation older than this was left by an invocation that ended before recording its reply.
 */
export const FEEDBACK_REPLY_LEASE_MS = 16 * 60_000;

/** Pushes in flight at once while fanning out one by one (a queue without batches). */
const FAN_OUT_CONCURRENCY = 10;

/** The comment property that names the reply (Jira `Comment.properties`, set with the comment). */
export const FEEDBACK_REPLY_COMMENT_PROPERTY = 'three-ways-feedback-reply';

/**
 * Jira Service Management's comment property for a comment's visibility to the customer: `internal: false` makes
 * the reply public on a JSM request (the customer sees it in the portal). Harmless on other issues.
 */
export const JSM_PUBLIC_COMMENT_PROPERTY = 'sd.public.comment';

/** One reply to send (the queue message). */
export interface FeedbackReplyMessage {
  readonly kind: 'feedback-reply';
  /** The dedupe key (also the message's id). */
  readonly jobId: string;
  readonly improvementIssueId: string;
  readonly improvementKey: string;
  readonly improvementSummary: string;
  /** The improvement's project (its reply templates). */
  readonly projectId: string;
  readonly feedbackIssueKey: string;
  readonly step: FeedbackReplyStep;
  readonly [field: string]: unknown;
}

/** What a `feedback-reply:…` key holds. */
export interface FeedbackReplyEntry {
  readonly state: 'reserved' | 'told';
  /** When the writer reserved, epoch ms. */
  readonly reservedAtMs: number;
  /** The post failed: whoever comes next searches for the reply before posting, without waiting for the lease. */
  readonly unsure?: boolean;
  readonly feedbackIssueKey: string;
  readonly step: FeedbackReplyStep;
  /** Told: when (epoch ms), the comment's id, whom (null: the issue had no reporter) and in which language. */
  readonly toldAtMs?: number;
  readonly commentId?: string;
  readonly reporterAccountId?: string | null;
  readonly language?: ReplyLanguage;
}

/** Store key of a project's reply settings. */
export function feedbackReplySettingsKey(projectId: string): string {
  return `feedback-reply-settings:${projectId}`;
}

/** Store key of an improvement's opt-out. */
export function feedbackReplyOptOutKey(improvementIssueId: string): string {
  return `feedback-reply-opt-out:${improvementIssueId}`;
}

/** What `feedback-reply-settings:<projectId>` holds (each member optional: defaults apply). */
export interface StoredFeedbackReplySettings {
  /** Whether entering In Implementation replies too (default: no, only Closed). */
  readonly replyOnImplementation?: boolean;
  readonly templates?: Partial<Record<FeedbackReplyStep, Partial<Record<ReplyLanguage, string>>>>;
}

/** A project's reply settings with defaults filled in, and the stored version (null: never saved). */
export interface FeedbackReplySettings {
  readonly replyOnImplementation: boolean;
  readonly templates: ReplyTemplates;
  readonly version: number | null;
}

/** The templates break a rule; `problems` say which. */
export class InvalidReplyTemplatesError extends Error {
  override readonly name = 'InvalidReplyTemplatesError';
  constructor(readonly problems: readonly ReplyTemplateProblem[]) {
    super(
      `The reply templates cannot be saved: ${problems
        .map((p) => `${p.step}/${p.language} ${p.kind}${p.detail === '' ? '' : ` (${p.detail})`}`)
        .join('; ')}. Use only {reporter}, {improvementKey}, {improvementSummary} and {change}.`,
    );
  }
}

/** Another delivery holds the reply's reservation (within its lease): deliver again after `retryAfterMs`. */
export class FeedbackReplyBusyError extends Error {
  override readonly name = 'FeedbackReplyBusyError';
  constructor(
    readonly dedupeKey: string,
    readonly retryAfterMs: number,
  ) {
    super(`The reply ${dedupeKey} is being posted by another delivery; try again later.`);
  }
}

/** A project's reply settings; defaults for anything absent or unusable (stored templates are checked again). */
export async function readFeedbackReplySettings(
  store: StorePort,
  projectId: string,
): Promise<FeedbackReplySettings> {
  const entry = await store.get<StoredFeedbackReplySettings>(feedbackReplySettingsKey(projectId));
  const value = entry?.value;
  const templates =
    value?.templates !== undefined && findReplyTemplateProblems(value.templates).length === 0
      ? value.templates
      : undefined;
  return {
    replyOnImplementation: value?.replyOnImplementation === true,
    templates: mergeReplyTemplates(templates),
    version: entry?.version ?? null,
  };
}

/**
 * Saves a project's reply settings from `expectedVersion` (compare-and-set: a concurrent save →
 * `StoreConflictError`); each save is a new version. The editing UI is not built yet (issue 11).
 *
 * @throws InvalidReplyTemplatesError for an empty, too long or unknown-placeholder template (nothing written).
 */
export async function saveFeedbackReplySettings(
  store: StorePort,
  projectId: string,
  settings: StoredFeedbackReplySettings,
  expectedVersion: number | null,
): Promise<number> {
  const problems = findReplyTemplateProblems(settings.templates ?? {});
  if (problems.length > 0) throw new InvalidReplyTemplatesError(problems);
  const { version } = await store.put<StoredFeedbackReplySettings>(
    feedbackReplySettingsKey(projectId),
    settings,
    expectedVersion,
  );
  return version;
}

/** Turns the replies of one improvement off (`optOut`) or on again. */
export async function setFeedbackRepliesOptOut(
  store: StorePort,
  improvementIssueId: string,
  optOut: boolean,
  nowMs: number,
): Promise<void> {
  if (optOut) await store.set(feedbackReplyOptOutKey(improvementIssueId), { since: nowMs });
  else await store.delete(feedbackReplyOptOutKey(improvementIssueId));
}

async function isOptedOut(store: StorePort, improvementIssueId: string): Promise<boolean> {
  return (await store.get(feedbackReplyOptOutKey(improvementIssueId))) !== null;
}

/** An improvement's status change that may tell the feedback givers. */
export interface ImprovementStepChange {
  readonly improvementIssueId: string;
  readonly improvementKey: string;
  readonly improvementSummary: string;
  readonly projectId: string;
  readonly step: FeedbackReplyStep;
}

/** What a fan-out did. */
export interface FeedbackFanOut {
  readonly enqueued: number;
  /** Why nothing was enqueued (null: something was, or the record lists no feedback issue). */
  readonly skipped: 'opted-out' | 'step-off' | null;
}

/**
 * Pushes one {@link FeedbackReplyMessage} per feedback issue of the improvement's record, in batches of
 * {@link QUEUE_MAX_EVENTS_PER_PUSH} where the queue takes batches (Forge), else one by one with at most
 * {@link FAN_OUT_CONCURRENCY} pushes at once. Nothing for an improvement that opted out, or for In
 * Implementation when the project has not turned that step on. Pushing twice is harmless (the consumer dedupes).
 */
export async function enqueueFeedbackReplies(
  deps: { readonly store: StorePort; readonly queue: QueuePort<FeedbackReplyMessage> },
  change: ImprovementStepChange,
): Promise<FeedbackFanOut> {
  if (await isOptedOut(deps.store, change.improvementIssueId)) return { enqueued: 0, skipped: 'opted-out' };
  if (change.step === 'in-implementation') {
    const settings = await readFeedbackReplySettings(deps.store, change.projectId);
    if (!settings.replyOnImplementation) return { enqueued: 0, skipped: 'step-off' };
  }
  const { stored } = await readStoredCsiRecord(deps.store, change.improvementIssueId);
  const keys = [...new Set(stored?.record.feedbackIssueKeys ?? [])];
  const messages = keys.map((feedbackIssueKey): FeedbackReplyMessage => ({
    kind: 'feedback-reply',
    jobId: feedbackReplyDedupeKey(change.improvementIssueId, feedbackIssueKey, change.step),
    improvementIssueId: change.improvementIssueId,
    improvementKey: change.improvementKey,
    improvementSummary: change.improvementSummary,
    projectId: change.projectId,
    feedbackIssueKey,
    step: change.step,
  }));
  const { queue } = deps;
  if (queue.pushBatch !== undefined) {
    // A reply message is well under 1 KB, so 50 stay far below the push's 200 KB.
    for (let start = 0; start < messages.length; start += QUEUE_MAX_EVENTS_PER_PUSH)
      await queue.pushBatch(messages.slice(start, start + QUEUE_MAX_EVENTS_PER_PUSH));
  } else {
    for (let start = 0; start < messages.length; start += FAN_OUT_CONCURRENCY)
      await Promise.all(messages.slice(start, start + FAN_OUT_CONCURRENCY).map((m) => queue.push(m)));
  }
  return { enqueued: messages.length, skipped: null };
}

/** How a delivery ended. */
export type FeedbackReplyOutcome =
  /** Posted now. */
  | { readonly kind: 'told'; readonly commentId: string }
  /** Found the reply a lost delivery had posted, and recorded it. */
  | { readonly kind: 'recovered'; readonly commentId: string }
  /** Told before: nothing to do. */
  | { readonly kind: 'duplicate' }
  /** In Implementation after Closed was told or is being told. */
  | { readonly kind: 'superseded' }
  | { readonly kind: 'opted-out' };

function adfText(node: AdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(adfText).join('');
}

/**
 * Whether the comment is one the app wrote with `marker`: its last top-level node is a paragraph whose text is
 * the marker. A comment that quotes the reply (a customer answering it, someone pasting it) has the marker inside
 * a quote or next to other words, and must not be taken for it, or the reply would never be posted.
 */
function endsWithMarker(body: AdfNode, marker: string): boolean {
  const last = body.content?.[body.content.length - 1];
  return last !== undefined && last.type === 'paragraph' && adfText(last).trim() === marker;
}

function reporterOf(fields: Readonly<Record<string, unknown>> | undefined): {
  accountId: string;
  displayName: string;
} | null {
  const reporter = fields?.['reporter'];
  if (typeof reporter !== 'object' || reporter === null) return null;
  const { accountId, displayName } = reporter as { accountId?: unknown; displayName?: unknown };
  if (typeof accountId !== 'string' || accountId === '') return null;
  return { accountId, displayName: typeof displayName === 'string' ? displayName : accountId };
}

/**
 * Posts one reply exactly once (see the module comment) as the app, and records who was told, when.
 *
 * @throws FeedbackReplyBusyError while another delivery holds the reservation; Jira's and the store's errors
 *   (the consumer asks Forge to deliver again on transient ones).
 */
export async function deliverFeedbackReply(
  deps: { readonly store: StorePort; readonly jira: JiraPort; readonly clock: () => number },
  message: FeedbackReplyMessage,
): Promise<FeedbackReplyOutcome> {
  const { store, jira } = deps;
  const key = feedbackReplyDedupeKey(message.improvementIssueId, message.feedbackIssueKey, message.step);
  if (await isOptedOut(store, message.improvementIssueId)) return { kind: 'opted-out' };
  if (message.step === 'in-implementation') {
    const closedKey = feedbackReplyDedupeKey(message.improvementIssueId, message.feedbackIssueKey, 'closed');
    if ((await store.get(closedKey)) !== null) return { kind: 'superseded' };
    // The queue keeps no order: the Closed replies may still be waiting behind this one.
    if (await isClosedNow(jira, message.improvementIssueId)) return { kind: 'superseded' };
  }

  const reserved = (nowMs: number): FeedbackReplyEntry => ({
    state: 'reserved',
    reservedAtMs: nowMs,
    feedbackIssueKey: message.feedbackIssueKey,
    step: message.step,
  });
  let version = 0;
  let searchFirst = false;
  try {
    let existing = await store.get<FeedbackReplyEntry>(key);
    if (existing === null) {
      try {
        version = (await store.put(key, reserved(deps.clock()), null)).version;
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        existing = await store.get<FeedbackReplyEntry>(key);
        if (existing === null) throw error;
      }
    }
    if (existing !== null) {
      version = await takeOver(existing);
      searchFirst = true;
    }
  } catch (error) {
    if (error instanceof ToldAlready) return { kind: 'duplicate' };
    throw error;
  }

  async function takeOver(entry: { value: FeedbackReplyEntry; version: number }): Promise<number> {
    if (entry.value.state === 'told') throw new ToldAlready();
    const nowMs = deps.clock();
    const heldForMs = nowMs - entry.value.reservedAtMs;
    if (entry.value.unsure !== true && heldForMs < FEEDBACK_REPLY_LEASE_MS)
      throw new FeedbackReplyBusyError(key, FEEDBACK_REPLY_LEASE_MS - heldForMs);
    try {
      return (await store.put(key, reserved(nowMs), entry.version)).version;
    } catch (error) {
      // Another delivery took it over first: it posts; this one comes back later.
      if (error instanceof StoreConflictError) throw new FeedbackReplyBusyError(key, FEEDBACK_REPLY_LEASE_MS);
      throw error;
    }
  }

  try {
    return await postReserved();
  } catch (error) {
    // Nothing recorded: the next delivery takes over at once and, as Jira may have stored the comment before its
    // answer was lost, looks for it before posting.
    await store
      .put<FeedbackReplyEntry>(key, { ...reserved(deps.clock()), unsure: true }, version)
      .catch(() => undefined);
    throw error;
  }

  async function postReserved(): Promise<FeedbackReplyOutcome> {
    const marker = feedbackReplyMarker(message.improvementIssueId, message.feedbackIssueKey, message.step);
    const record = async (commentId: string, reporterAccountId: string | null, language?: ReplyLanguage) => {
      await store.put<FeedbackReplyEntry>(
        key,
        {
          state: 'told',
          reservedAtMs: deps.clock(),
          feedbackIssueKey: message.feedbackIssueKey,
          step: message.step,
          toldAtMs: deps.clock(),
          commentId,
          reporterAccountId,
          ...(language === undefined ? {} : { language }),
        },
        version,
      );
    };
    const issue = await jira.getIssue(message.feedbackIssueKey, ['reporter']);
    const reporter = reporterOf(issue.fields);
    if (searchFirst) {
      const comments = await jira.getComments(message.feedbackIssueKey);
      const posted = comments.find((comment) => endsWithMarker(comment.body, marker));
      if (posted !== undefined) {
        await record(posted.id, reporter?.accountId ?? null);
        return { kind: 'recovered', commentId: posted.id };
      }
    }
    const locale = reporter === null ? undefined : (await jira.getUsers([reporter.accountId]))[0]?.locale;
    const language = replyLanguageOf(locale);
    const { stored } = await readStoredCsiRecord(store, message.improvementIssueId);
    const { templates } = await readFeedbackReplySettings(store, message.projectId);
    const body = renderFeedbackReply(templates, {
      step: message.step,
      language,
      improvementIssueId: message.improvementIssueId,
      improvementKey: message.improvementKey,
      improvementSummary: message.improvementSummary,
      feedbackIssueKey: message.feedbackIssueKey,
      reporter,
      facts: {
        baseline: stored?.record.baseline ?? null,
        target: stored?.record.target ?? null,
        result: stored?.record.result ?? null,
      },
    });
    const comment = await jira.addComment(message.feedbackIssueKey, body, {
      properties: [
        { key: JSM_PUBLIC_COMMENT_PROPERTY, value: { internal: false } },
        { key: FEEDBACK_REPLY_COMMENT_PROPERTY, value: { dedupeKey: key } },
      ],
    });
    await record(comment.id, reporter?.accountId ?? null, language);
    return { kind: 'told', commentId: comment.id };
  }
}

/** Whether the improvement is Closed now (as the app reads it); false when it cannot be read. */
async function isClosedNow(jira: JiraPort, improvementIssueId: string): Promise<boolean> {
  try {
    const issue = await jira.getIssue(improvementIssueId, ['status']);
    return csiStatusKeyOfName(issue.fields?.status?.name ?? '') === 'closed';
  } catch (error) {
    if (error instanceof IssueNotFoundError) return false;
    throw error;
  }
}

/** Thrown inside {@link deliverFeedbackReply} when the reply was told before; answered as `duplicate`. */
class ToldAlready extends Error {}

/** One told (or pending) reply of an improvement, for the record panel's "who was told". */
export interface FeedbackToldView {
  readonly feedbackIssueKey: string;
  readonly step: FeedbackReplyStep;
  readonly state: 'reserved' | 'told';
  readonly toldAtMs: number | null;
  readonly commentId: string | null;
  readonly reporterAccountId: string | null;
  /** The reply's language; null while reserved. */
  readonly language: ReplyLanguage | null;
}

/** Who was told, when: the replies of an improvement to the feedback issues its record lists, by issue and step. */
export async function listFeedbackTold(
  store: StorePort,
  improvementIssueId: string,
  feedbackIssueKeys: readonly string[],
): Promise<FeedbackToldView[]> {
  const pairs = feedbackIssueKeys.flatMap((feedbackIssueKey) =>
    FEEDBACK_REPLY_STEPS.map((step) => ({ feedbackIssueKey, step })),
  );
  const entries = await Promise.all(
    pairs.map((p) =>
      store.get<FeedbackReplyEntry>(feedbackReplyDedupeKey(improvementIssueId, p.feedbackIssueKey, p.step)),
    ),
  );
  return pairs.flatMap((p, i) => {
    const entry = entries[i]?.value;
    if (entry === undefined) return [];
    return [
      {
        ...p,
        state: entry.state,
        toldAtMs: entry.toldAtMs ?? null,
        commentId: entry.commentId ?? null,
        reporterAccountId: entry.reporterAccountId ?? null,
        language: entry.language ?? null,
      },
    ];
  });
}
