/**
 * Feedback from outside Jira (issue 11): a survey tool or a monitoring alert POSTs signed feedback to the
 * `feedback-intake` web trigger; it becomes a feedback issue of the project (created, or an existing issue the
 * sender names, commented) and, by the project's rule, an improvement opportunity linked to it.
 *
 * A request is accepted only when it is small, signed with the project's secret, recent, well-formed, for a
 * project whose intake is enabled, within the project's rate limits, and not a replay. Order of the checks: size,
 * signing headers, JSON, body, project (unknown, without secret and disabled answer the same 404), signature,
 * external id (replay → the first result; same id, other feedback → 409), rate limits, then the work.
 *
 * Idempotent by external id per project: `feedback-intake-ext:<projectId>:<externalId>` is reserved with "must not
 * exist" before anything is created and records each step (the feedback issue, then the improvement), so a replay
 * answers the first result, a concurrent duplicate waits for it, and a retry after an invocation that stopped
 * half-way resumes after the last recorded step. An invocation that stopped between creating the issue and
 * recording it left an issue with the external id in its description and the label `three-ways-feedback`: the
 * retry finds it (JQL over the project's recent feedback issues) instead of creating a second one; likewise a
 * comment on the issue the sender named is looked for among its comments before commenting again.
 *
 * Rate limits per project ({@link FEEDBACK_INTAKE_MAX_PER_HOUR} per clock hour, {@link FEEDBACK_INTAKE_MAX_PER_DAY}
 * per UTC day) are compare-and-set counters: however many requests arrive at once, no more are accepted. Replays
 * do not count. Nothing of the request is logged (bodies may carry personal data).
 */
import { createHash } from 'node:crypto';
import {
  canonicalFeedback,
  FEEDBACK_INTAKE_LABEL,
  feedbackComment,
  feedbackIssueDescription,
  feedbackIssueLabels,
  FeedbackIntakeBodySchema,
  improvementReason,
  improvementSourceOf,
  improvementSourceDetail,
  improvementSummary,
  type FeedbackIntakeBody,
} from '../domain/feedback/intake';
import type { JiraIssueInput } from '../domain/flow/types';
import { IssueNotFoundError, JiraNotFoundError } from './errors';
import {
  FEEDBACK_INTAKE_MAX_PER_DAY,
  FEEDBACK_INTAKE_MAX_PER_HOUR,
  intakeDayKey,
  intakeHourKey,
  intakeProjectKey,
  intakeSecretKey,
  intakeSettingsKey,
  type StoredIntakeProject,
  type StoredIntakeSecret,
  type StoredIntakeSettings,
} from './feedback-intake-settings';
import type { AdfDocument, JiraComment, JiraSearchIssue } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import type { RegisterImprovementRequest } from './register-improvement';
import {
  rateCount,
  readSignedRequest,
  signatureMatches,
  signWebhookBody,
  takeRateSlot,
  timerSleep,
} from './signed-webhook';

/** Largest request body, bytes (UTF-8). */
export const FEEDBACK_INTAKE_MAX_BODY_BYTES = 16 * 1024;
/**
 * How long a reserved external id belongs to the invocation that reserved it, ms: longer than a web trigger runs
 * (Forge stops it after 55 s), so an older reservation was left by an invocation that stopped half-way.
 */
export const FEEDBACK_INTAKE_LEASE_MS = 2 * 60_000;
/** How long a duplicate waits for the request it duplicates to finish before answering 503, ms. */
export const FEEDBACK_INTAKE_DUPLICATE_WAIT_MS = 20_000;
/** How long the record of an external id is kept (a replay within it answers the first result), seconds. */
export const FEEDBACK_INTAKE_RECORD_TTL_SECONDS = 90 * 24 * 3600;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const HOUR_COUNTER_TTL_SECONDS = 2 * 3600;
const DAY_COUNTER_TTL_SECONDS = 2 * 24 * 3600;
/** A key no project has: the signature of a request for an unknown project is still computed, in equal time. */
const NO_SECRET_HEX = '00'.repeat(32);

export const intakeRecordKey = (projectId: string, externalId: string) =>
  `feedback-intake-ext:${projectId}:${externalId}`;

/** What `feedback-intake-ext:<projectId>:<externalId>` holds. */
export interface IntakeRecord {
  readonly state: 'reserved' | 'done';
  /** SHA-256 (hex) of the canonical feedback: a replay must carry the same. */
  readonly feedbackHash: string;
  /** When the current writer reserved, epoch ms (0: its attempt failed; the next one may take over at once). */
  readonly reservedAtMs: number;
  /** When the first attempt reserved, epoch ms (kept by takeovers: the search for an unrecorded issue starts there). */
  readonly firstAttemptAtMs: number;
  /** Recorded as soon as the feedback issue exists (created or commented). */
  readonly feedbackIssueKey?: string;
  /** Recorded when done: the improvement registered, or null when the rule asked for none. */
  readonly improvementKey?: string | null;
}

/** Jira as the app: what the intake calls (the app's Jira client provides it). */
export interface FeedbackIntakeJira {
  createIssue(input: {
    readonly projectId: string;
    readonly issueTypeId: string;
    readonly summary: string;
    readonly description?: AdfDocument;
    readonly labels?: readonly string[];
  }): Promise<{ readonly id: string; readonly key: string }>;
  getIssue(issueIdOrKey: string, fields: readonly string[]): Promise<JiraIssueInput>;
  addComment(issueIdOrKey: string, body: AdfDocument): Promise<JiraComment>;
  getComments(issueIdOrKey: string): Promise<readonly JiraComment[]>;
  searchIssues(jql: string, fields: readonly string[]): AsyncIterable<readonly JiraSearchIssue[]>;
}

/** What the use case needs. */
export interface FeedbackIntakeDeps {
  readonly store: StorePort;
  /** Now, epoch ms. */
  readonly clock: () => number;
  /** Jira as the app (one client per request). */
  readonly jira: () => FeedbackIntakeJira;
  /**
   * Registers the improvement opportunity the rule asks for, linked to the feedback issue, as the app
   * (`register-improvement.ts`: one issue per dedupe key); its key.
   */
  readonly registerImprovement: (
    request: RegisterImprovementRequest,
  ) => Promise<{ readonly issueKey: string }>;
  /** Waits (between attempts on a contended counter, while a duplicate waits); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A request as the web trigger received it: the raw body and the two signing headers (absent when not sent). */
export interface FeedbackIntakeRequest {
  readonly body: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
}

/** Machine-readable causes of a refused request. */
export type FeedbackIntakeErrorCode =
  | 'body-too-large'
  | 'missing-signature'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'malformed-json'
  | 'invalid-body'
  | 'unknown-project'
  | 'bad-signature'
  | 'external-id-conflict'
  | 'rate-limited'
  | 'busy';

/** The answer: an HTTP status and a JSON body. */
export type FeedbackIntakeOutcome =
  | {
      readonly status: 200 | 201;
      readonly body: {
        readonly feedbackIssueKey: string;
        readonly improvementKey: string | null;
        readonly duplicate: boolean;
      };
    }
  | {
      readonly status: 400 | 401 | 404 | 409 | 413 | 429 | 503;
      readonly body: { readonly error: { readonly code: FeedbackIntakeErrorCode; readonly message: string } };
      /** Seconds until the sender may try again. */
      readonly retryAfterSeconds?: number;
    };

function refuse(
  status: 400 | 401 | 404 | 409 | 413 | 429 | 503,
  code: FeedbackIntakeErrorCode,
  message: string,
  retryAfterSeconds?: number,
): FeedbackIntakeOutcome {
  return {
    status,
    body: { error: { code, message } },
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

function accepted(record: IntakeRecord, duplicate: boolean): FeedbackIntakeOutcome {
  return {
    status: duplicate ? 200 : 201,
    body: {
      feedbackIssueKey: record.feedbackIssueKey ?? '',
      improvementKey: record.improvementKey ?? null,
      duplicate,
    },
  };
}

/** Checks a request and, when everything holds, records the feedback (see the file's comment for the order). */
export async function receiveFeedback(
  deps: FeedbackIntakeDeps,
  request: FeedbackIntakeRequest,
): Promise<FeedbackIntakeOutcome> {
  const { body } = request;
  const nowMs = deps.clock();
  const read = readSignedRequest(request, nowMs, {
    maxBodyBytes: FEEDBACK_INTAKE_MAX_BODY_BYTES,
    tooLargeHint: 'shorten the description and send one piece of feedback per request.',
    secretOwner: "the project's",
    bodyExample: '{"projectKey":"HD","externalId":"…","summary":"…"}',
    schema: FeedbackIntakeBodySchema,
  });
  if (!read.ok) return refuse(read.status, read.code, read.message);
  const { signature, timestamp, input: feedback } = read;
  if (feedback.issueKey !== undefined && !feedback.issueKey.startsWith(`${feedback.projectKey}-`))
    return refuse(
      400,
      'invalid-body',
      `The body is invalid: issueKey: ${feedback.issueKey} is not an issue of ${feedback.projectKey}; name an issue of the project or leave issueKey out.`,
    );

  const project = await intakeProject(deps.store, feedback.projectKey);
  // The signature is computed even for a project that takes no feedback, so the answer takes as long either way.
  const expected = signWebhookBody(project?.secretHex ?? NO_SECRET_HEX, timestamp, body);
  const signed = signatureMatches(signature, expected);
  // Unknown, without a secret and disabled answer alike: a caller learns nothing about the project.
  if (project === null)
    return refuse(
      404,
      'unknown-project',
      `${feedback.projectKey} takes no feedback through this web trigger: check the project key, and ask a project admin to enable the feedback web trigger and create its secret (project settings → Feedback).`,
    );
  if (!signed)
    return refuse(
      401,
      'bad-signature',
      `The signature does not match: sign exactly the bytes sent, as \`\${timestamp}.\${body}\`, with ${feedback.projectKey}'s current secret (HMAC-SHA256, hex, "sha256=<hex>").`,
    );
  return recordFeedback(deps, project, feedback, nowMs);
}

interface IntakeProject {
  readonly projectId: string;
  readonly projectKey: string;
  readonly secretHex: string;
  readonly issueTypeId: string;
  readonly settings: StoredIntakeSettings['settings'];
}

/** The project's intake when it takes feedback (settings saved and enabled, an issue type, a secret); else null. */
async function intakeProject(store: StorePort, projectKey: string): Promise<IntakeProject | null> {
  const index = await store.get<StoredIntakeProject>(intakeProjectKey(projectKey));
  if (index === null) return null;
  const { projectId } = index.value;
  const [settings, secret] = await Promise.all([
    store.get<StoredIntakeSettings>(intakeSettingsKey(projectId)),
    store.get<StoredIntakeSecret>(intakeSecretKey(projectId)),
  ]);
  // A key moved to another project since the index was written names the project no more.
  if (settings === null || secret === null || settings.value.projectKey !== projectKey) return null;
  const { enabled, issueTypeId } = settings.value.settings;
  if (!enabled || issueTypeId === null) return null;
  return {
    projectId,
    projectKey,
    secretHex: secret.value.secretHex,
    issueTypeId,
    settings: settings.value.settings,
  };
}

/** The external id's record: replay, conflict, wait for a duplicate, or reserve and do the work. */
async function recordFeedback(
  deps: FeedbackIntakeDeps,
  project: IntakeProject,
  feedback: FeedbackIntakeBody,
  nowMs: number,
): Promise<FeedbackIntakeOutcome> {
  const { store } = deps;
  const sleep = deps.sleep ?? timerSleep;
  const key = intakeRecordKey(project.projectId, feedback.externalId);
  const feedbackHash = createHash('sha256').update(canonicalFeedback(feedback), 'utf8').digest('hex');
  let waitedMs = 0;
  for (;;) {
    const earlier = await store.get<IntakeRecord>(key);
    if (earlier !== null && earlier.value.feedbackHash !== feedbackHash)
      return refuse(
        409,
        'external-id-conflict',
        `${project.projectKey} already took other feedback with the external id ${feedback.externalId}: give each piece of feedback its own external id (a replay must send the same feedback).`,
      );
    if (earlier?.value.state === 'done') return accepted(earlier.value, true);
    const mine: IntakeRecord = {
      state: 'reserved',
      feedbackHash,
      reservedAtMs: deps.clock(),
      firstAttemptAtMs: deps.clock(),
    };
    try {
      if (earlier === null) {
        // Refused on reads alone when a limit is reached: a flood past the limits costs no writes.
        const full = await limitReached(deps.store, project, nowMs);
        if (full !== null) return full;
        const { version } = await store.put<IntakeRecord>(key, mine, null, {
          ttlSeconds: FEEDBACK_INTAKE_RECORD_TTL_SECONDS,
        });
        const limited = await takeRateSlots(deps, project, nowMs);
        if (limited !== null) {
          // Refused: the reservation goes, so the sender's later retry is a first attempt again.
          await store.delete(key);
          return limited;
        }
        return await processReserved(deps, project, feedback, key, { value: mine, version }, null);
      }
      if (deps.clock() - earlier.value.reservedAtMs >= FEEDBACK_INTAKE_LEASE_MS) {
        // The earlier invocation stopped half-way (its slot was counted): this one resumes after its last step.
        const taken: IntakeRecord = { ...earlier.value, reservedAtMs: deps.clock() };
        const { version } = await store.put<IntakeRecord>(key, taken, earlier.version, {
          ttlSeconds: FEEDBACK_INTAKE_RECORD_TTL_SECONDS,
        });
        return await processReserved(deps, project, feedback, key, { value: taken, version }, earlier.value);
      }
    } catch (error) {
      // Another request reserved or took the id over in between: look again.
      if (!(error instanceof StoreConflictError)) throw error;
      continue;
    }
    // A duplicate in flight: wait for its result rather than answer "busy" at once.
    if (waitedMs >= FEEDBACK_INTAKE_DUPLICATE_WAIT_MS)
      return refuse(
        503,
        'busy',
        `The same feedback (${feedback.externalId}) is being recorded by an earlier request: send it again in a minute; the answer will be that request's result.`,
        60,
      );
    const pauseMs = Math.min(1000, 50 * 2 ** Math.min(5, Math.floor(waitedMs / 500)));
    await sleep(pauseMs);
    waitedMs += pauseMs;
  }
}

/** The 429 for the day's (`day`) or the hour's limit of `project` at `nowMs`. */
function limitRefusal(project: IntakeProject, nowMs: number, limit: 'day' | 'hour'): FeedbackIntakeOutcome {
  if (limit === 'day') {
    const dayIndex = Math.floor(nowMs / DAY_MS);
    return refuse(
      429,
      'rate-limited',
      `${project.projectKey} accepted ${String(FEEDBACK_INTAKE_MAX_PER_DAY)} pieces of feedback today (UTC) already: send the rest tomorrow, or aggregate (e.g. one alert per incident, not per check).`,
      Math.ceil(((dayIndex + 1) * DAY_MS - nowMs) / 1000),
    );
  }
  const hourIndex = Math.floor(nowMs / HOUR_MS);
  return refuse(
    429,
    'rate-limited',
    `${project.projectKey} accepted ${String(FEEDBACK_INTAKE_MAX_PER_HOUR)} pieces of feedback this hour already: send the rest after the Retry-After seconds, or aggregate.`,
    Math.ceil(((hourIndex + 1) * HOUR_MS - nowMs) / 1000),
  );
}

/** The refusal when a count is at its limit already (reads only; null: {@link takeRateSlots} decides by CAS). */
async function limitReached(
  store: StorePort,
  project: IntakeProject,
  nowMs: number,
): Promise<FeedbackIntakeOutcome | null> {
  const [day, hour] = await Promise.all([
    rateCount(store, intakeDayKey(project.projectId, Math.floor(nowMs / DAY_MS))),
    rateCount(store, intakeHourKey(project.projectId, Math.floor(nowMs / HOUR_MS))),
  ]);
  if (day >= FEEDBACK_INTAKE_MAX_PER_DAY) return limitRefusal(project, nowMs, 'day');
  return hour >= FEEDBACK_INTAKE_MAX_PER_HOUR ? limitRefusal(project, nowMs, 'hour') : null;
}

/** Takes the hour's and the day's slot; the refusal when either limit is reached (null: both taken). */
async function takeRateSlots(
  deps: FeedbackIntakeDeps,
  project: IntakeProject,
  nowMs: number,
): Promise<FeedbackIntakeOutcome | null> {
  const sleep = deps.sleep ?? timerSleep;
  const hourIndex = Math.floor(nowMs / HOUR_MS);
  const dayKey = intakeDayKey(project.projectId, Math.floor(nowMs / DAY_MS));
  const dayLimited = limitRefusal(project, nowMs, 'day');
  // The day's count is looked at first, so a refusal for it takes no hour's slot.
  if ((await rateCount(deps.store, dayKey)) >= FEEDBACK_INTAKE_MAX_PER_DAY) return dayLimited;
  const hourTaken = await takeRateSlot(
    deps.store,
    intakeHourKey(project.projectId, hourIndex),
    FEEDBACK_INTAKE_MAX_PER_HOUR,
    HOUR_COUNTER_TTL_SECONDS,
    sleep,
  );
  if (!hourTaken) return limitRefusal(project, nowMs, 'hour');
  // Only a sender racing others for the day's last slots can lose here, its hour's slot counted.
  const dayTaken = await takeRateSlot(
    deps.store,
    dayKey,
    FEEDBACK_INTAKE_MAX_PER_DAY,
    DAY_COUNTER_TTL_SECONDS,
    sleep,
  );
  return dayTaken ? null : dayLimited;
}

/** Thrown inside {@link process} when the issue the sender named is no issue of the project. */
class UnknownFeedbackIssueError extends Error {
  override readonly name = 'UnknownFeedbackIssueError';
}

/**
 * {@link doWork} for a reserved external id; when it fails (Jira unavailable, the invocation's deadline), the
 * reservation is released so the sender's retry takes over at once instead of waiting for the lease.
 */
async function processReserved(
  deps: FeedbackIntakeDeps,
  project: IntakeProject,
  feedback: FeedbackIntakeBody,
  key: string,
  held: { value: IntakeRecord; version: number },
  resumed: IntakeRecord | null,
): Promise<FeedbackIntakeOutcome> {
  const current = { ...held };
  try {
    return await doWork(deps, project, feedback, key, current, resumed);
  } catch (error) {
    try {
      await deps.store.put<IntakeRecord>(key, { ...current.value, reservedAtMs: 0 }, current.version, {
        ttlSeconds: FEEDBACK_INTAKE_RECORD_TTL_SECONDS,
      });
    } catch {
      // Released by the lease instead.
    }
    throw error;
  }
}

/**
 * The work for a reserved external id: the feedback issue (created, or the named one commented), then the
 * improvement the rule asks for, each step recorded before the next. `resumed` is the record an earlier,
 * stopped invocation left (null on a first attempt).
 */
async function doWork(
  deps: FeedbackIntakeDeps,
  project: IntakeProject,
  feedback: FeedbackIntakeBody,
  key: string,
  current: { value: IntakeRecord; version: number },
  resumed: IntakeRecord | null,
): Promise<FeedbackIntakeOutcome> {
  const jira = deps.jira();
  // `current` is the caller's: it releases the reservation at the version last written.
  const save = async (value: IntakeRecord) => {
    const { version } = await deps.store.put<IntakeRecord>(key, value, current.version, {
      ttlSeconds: FEEDBACK_INTAKE_RECORD_TTL_SECONDS,
    });
    current.value = value;
    current.version = version;
  };
  let feedbackIssueKey = resumed?.feedbackIssueKey;
  if (feedbackIssueKey === undefined) {
    try {
      feedbackIssueKey =
        feedback.issueKey === undefined
          ? ((resumed === null
              ? null
              : await findUnrecordedIssue(
                  jira,
                  project,
                  feedback,
                  deps.clock() - resumed.firstAttemptAtMs,
                )) ??
            (
              await jira.createIssue({
                projectId: project.projectId,
                issueTypeId: project.issueTypeId,
                summary: feedback.summary,
                description: feedbackIssueDescription(feedback),
                labels: feedbackIssueLabels(feedback),
              })
            ).key)
          : await commentOnNamedIssue(jira, project, feedback.issueKey, feedback, resumed !== null);
    } catch (error) {
      if (error instanceof UnknownFeedbackIssueError) {
        await deps.store.delete(key);
        return refuse(400, 'invalid-body', `The body is invalid: issueKey: ${error.message}`);
      }
      throw error;
    }
    await save({ ...current.value, feedbackIssueKey });
  }
  const reason = improvementReason(project.settings, feedback);
  const improvementKey =
    reason === null
      ? null
      : (
          await deps.registerImprovement({
            projectIdOrKey: project.settings.improvementProjectKey ?? project.projectKey,
            summary: improvementSummary(feedback),
            description: feedback.description ?? '',
            source: improvementSourceOf(feedback.source),
            sourceDetail: improvementSourceDetail(reason, feedbackIssueKey, feedback),
            service: '',
            feedbackIssue: feedbackIssueKey,
            dedupeKey: key,
          })
        ).issueKey;
  const done: IntakeRecord = { ...current.value, state: 'done', feedbackIssueKey, improvementKey };
  await save(done);
  return accepted(done, false);
}

/** Comments the feedback on the issue the sender named; its key as Jira has it now (it may have moved). */
async function commentOnNamedIssue(
  jira: FeedbackIntakeJira,
  project: IntakeProject,
  issueKey: string,
  feedback: FeedbackIntakeBody,
  resumed: boolean,
): Promise<string> {
  let issue: JiraIssueInput;
  try {
    issue = await jira.getIssue(issueKey, ['project']);
  } catch (error) {
    if (error instanceof IssueNotFoundError || error instanceof JiraNotFoundError)
      throw new UnknownFeedbackIssueError(
        `${issueKey} does not exist in ${project.projectKey}: name an existing issue, or leave issueKey out to create one.`,
      );
    throw error;
  }
  const projectOf = issue.fields?.['project'] as { readonly id?: string } | undefined;
  if (projectOf?.id !== project.projectId)
    throw new UnknownFeedbackIssueError(
      `${issueKey} is not an issue of ${project.projectKey} (any more): name an issue of the project, or leave issueKey out.`,
    );
  const key = issue.key ?? issueKey;
  // An earlier attempt may have commented before it stopped: its comment names the external id.
  const marker = externalIdMarker(feedback);
  const commented =
    resumed && (await jira.getComments(key)).some((comment) => endsWithMarker(comment.body, marker));
  if (!commented) await jira.addComment(key, feedbackComment(feedback));
  return key;
}

/** The paragraph of a feedback issue's description or comment that names the external id. */
function externalIdMarker(feedback: FeedbackIntakeBody): string {
  return feedbackIssueDescription(feedback).content.at(-1)?.content?.[0]?.text ?? '';
}

/**
 * Whether a description or comment is one the intake wrote for the external id `marker` names: its marker is
 * always the last paragraph. A paragraph anywhere else may be a sender's description quoting another id's marker
 * (or a person's comment), and taking that issue or comment for this feedback's would lose the feedback.
 */
function endsWithMarker(document: AdfDocument | null | undefined, marker: string): boolean {
  const last = document?.content.at(-1);
  return last?.type === 'paragraph' && last.content?.length === 1 && last.content[0]?.text === marker;
}

/**
 * The feedback issue an earlier invocation created but did not record (it stopped in between): the project's
 * feedback issues created since that invocation reserved, whose description names this external id.
 */
async function findUnrecordedIssue(
  jira: FeedbackIntakeJira,
  project: IntakeProject,
  feedback: FeedbackIntakeBody,
  sinceMs: number,
): Promise<string | null> {
  const marker = externalIdMarker(feedback);
  // From a few minutes before the first attempt (clocks differ); the label keeps the search small.
  const minutes = Math.ceil(Math.max(0, sinceMs) / 60_000) + 5;
  const jql = `project = ${project.projectId} AND labels = "${FEEDBACK_INTAKE_LABEL}" AND created >= -${String(minutes)}m ORDER BY created DESC`;
  for await (const page of jira.searchIssues(jql, ['description']))
    for (const issue of page) {
      const description = issue.fields?.['description'] as AdfDocument | null | undefined;
      if (endsWithMarker(description, marker) && issue.key !== undefined) return issue.key;
    }
  return null;
}
