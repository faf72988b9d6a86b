/**
 * Registers an improvement opportunity (FitSM PR14.1) as a CSI issue in a project: the issue of the project's CSI
 * type, its improvement record (source, source detail, service, feedback issues) in the app's store through the
 * record's own save path, and the triggering feedback issue linked to it. Callers: the Automation action
 * "Verbesserungsvorschlag registrieren", the feedback web trigger, the preview's rule runner.
 *
 * Exactly one issue per dedupe key, under retries (an Automation rule run again, a web trigger request replayed)
 * and concurrent duplicates: the store key `improvement-registration:<sha256 of the caller's key>` is reserved
 * with "must not exist" before Jira is asked to create anything, and records the issue as soon as Jira answered.
 * A duplicate that finds the reservation waits for the issue (bounded) and returns it. A writer whose invocation
 * ended between creating and recording leaves a reservation; after {@link REGISTRATION_LEASE_MS} the next caller
 * takes it over and first looks for the issue by the marker label it was created with (`three-ways-reg-…`), so the
 * issue is neither lost nor created twice. The later steps (link, record) are idempotent and are finished by
 * whoever comes next when a writer stopped after creating.
 */
import * as v from 'valibot';
import { JiraAccessError } from './errors';
import {
  CsiEditForbiddenError,
  isCsiIssueTypeName,
  readStoredCsiRecord,
  saveCsiRecord,
  sha256Hex,
} from './csi-record';
import type { CsiRecordInput } from '../contract/csi';
import type { AdfDocument, JiraPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import {
  CSI_SOURCES,
  CSI_TEXT_LIMITS,
  EMPTY_CSI_RECORD,
  type CsiRecord,
  type CsiSource,
} from '../domain/csi/record-types';
import { CSI_ISSUE_TYPE_NAMES } from '../domain/csi/workflow';
import { FEEDBACK_LINK_TYPE_NAMES } from '../domain/feedback/links';

/** The link type used when the caller names none and the site has no feedback link type (Jira's "Relates"). */
export const DEFAULT_FEEDBACK_LINK_TYPE = 'Relates';

/**
 * How long a reservation belongs to its writer, ms: longer than any invocation that registers runs (resolver and
 * Automation action 25 s, web trigger 55 s), so an older one was left by a writer that stopped.
 */
export const REGISTRATION_LEASE_MS = 2 * 60_000;

/** How long a duplicate waits for the writer holding the reservation before answering "busy", ms. */
export const REGISTRATION_WAIT_MS = 10_000;

/** Pause between a waiting duplicate's looks at the reservation, ms. */
const REGISTRATION_POLL_MS = 250;

/** Jira's longest summary. */
export const IMPROVEMENT_SUMMARY_MAX_CHARS = 255;
/** Longest description text taken (a registration describes, it does not carry documents). */
export const IMPROVEMENT_DESCRIPTION_MAX_CHARS = 10_000;
/** Longest dedupe key a caller may give (it is hashed into the store key). */
export const IMPROVEMENT_DEDUPE_KEY_MAX_CHARS = 1_000;

/** What to register. */
export interface RegisterImprovementRequest {
  /** The project (id or key) whose CSI issue type the improvement gets. */
  readonly projectIdOrKey: string;
  readonly summary: string;
  /** Plain text; each line becomes a paragraph. */
  readonly description?: string;
  readonly source: CsiSource;
  /** Where it came from in words ("CSAT 1 auf HD-12", "5 Störungen mit Label vpn in 7 Tagen"). */
  readonly sourceDetail: string;
  /** Service or process affected. */
  readonly service: string;
  /** The triggering issue (key or id): linked to the improvement and listed as its feedback issue. */
  readonly feedbackIssue: string | null;
  /**
   * Link type name; when absent the site's feedback link type ("Feedback"/"Rückmeldung"), else
   * {@link DEFAULT_FEEDBACK_LINK_TYPE}.
   */
  readonly linkTypeName?: string;
  /**
   * The caller's idempotency key: the same key always yields the same issue (e.g.
   * `automation:<rule>:<issue>` or `webtrigger:<source>:<external id>`). 1–1000 characters.
   */
  readonly dedupeKey: string;
}

/** What a registration did. */
export interface RegisteredImprovement {
  readonly issueId: string;
  readonly issueKey: string;
  /** False: the dedupe key had its issue already (a retry or a duplicate); nothing new was created. */
  readonly created: boolean;
  /** The feedback issue's key as Jira knows it (null: none was given). */
  readonly feedbackIssueKey: string | null;
}

export interface RegisterImprovementDeps {
  readonly store: StorePort;
  /** Jira as whoever registers (the acting user, or the app for events and web triggers). */
  readonly jira: JiraPort;
  /** Epoch ms now. */
  readonly clock: () => number;
  /** Waits `ms` (tests pass a quick one). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The account id the record names as its last editor; Jira's `myself` when absent. */
  readonly actingAccountId?: string | null;
  readonly logWarning?: (message: string) => void;
}

/** The project has no CSI issue type: CSI is not set up there. */
export class CsiNotSetUpError extends Error {
  override readonly name = 'CsiNotSetUpError';
}

/** The request breaks a rule; `problems` say which (`field: reason`). */
export class InvalidImprovementRequestError extends Error {
  override readonly name = 'InvalidImprovementRequestError';
  constructor(readonly problems: readonly string[]) {
    super(`The improvement cannot be registered: ${problems.join('; ')}.`);
  }
}

/** Another call with the same dedupe key is registering right now: try again after `retryAfterMs`. */
export class ImprovementRegistrationBusyError extends Error {
  override readonly name = 'ImprovementRegistrationBusyError';
  constructor(
    readonly dedupeKey: string,
    readonly retryAfterMs: number,
  ) {
    super(
      `The improvement for "${dedupeKey}" is being registered by another call; try again in ${String(Math.ceil(retryAfterMs / 1000))} s.`,
    );
  }
}

/** What `improvement-registration:<hash>` holds. */
export interface ImprovementRegistrationEntry {
  /** `reserved`: Jira may or may not have the issue; `created`: it has, link and record may be missing; `done`. */
  readonly state: 'reserved' | 'created' | 'done';
  readonly reservedAtMs: number;
  readonly dedupeKey: string;
  readonly projectId: string;
  /** The label the issue is created with, to find it again after a lost answer. */
  readonly marker: string;
  readonly issueId?: string;
  readonly issueKey?: string;
  /** The feedback issue's key as Jira knows it (null: none). */
  readonly feedbackIssueKey?: string | null;
}

/** Store key of a registration (hashed: a caller's key may be long or use characters KVS keys may not). */
export function improvementRegistrationKey(dedupeKey: string): string {
  return `improvement-registration:${sha256Hex(dedupeKey)}`;
}

/** The label an improvement is created with: found by JQL (`labels = …`) when its creator's answer was lost. */
export function improvementMarkerLabel(dedupeKey: string): string {
  return `three-ways-reg-${sha256Hex(dedupeKey).slice(0, 20)}`;
}

const RequestSchema = v.object({
  projectIdOrKey: v.pipe(v.string(), v.trim(), v.minLength(1, 'projectIdOrKey: name a project')),
  summary: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'summary: must not be empty'),
    v.maxLength(
      IMPROVEMENT_SUMMARY_MAX_CHARS,
      `summary: at most ${String(IMPROVEMENT_SUMMARY_MAX_CHARS)} characters`,
    ),
  ),
  description: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(
        IMPROVEMENT_DESCRIPTION_MAX_CHARS,
        `description: at most ${String(IMPROVEMENT_DESCRIPTION_MAX_CHARS)} characters`,
      ),
    ),
  ),
  source: v.picklist(CSI_SOURCES, `source: one of ${CSI_SOURCES.join(', ')}`),
  sourceDetail: v.pipe(
    v.string(),
    v.maxLength(
      CSI_TEXT_LIMITS.sourceDetail,
      `sourceDetail: at most ${String(CSI_TEXT_LIMITS.sourceDetail)} characters`,
    ),
  ),
  service: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(CSI_TEXT_LIMITS.service, `service: at most ${String(CSI_TEXT_LIMITS.service)} characters`),
  ),
  feedbackIssue: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1, 'feedbackIssue: empty'))),
  linkTypeName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'linkTypeName: empty'))),
  dedupeKey: v.pipe(
    v.string(),
    v.minLength(1, 'dedupeKey: must not be empty'),
    v.maxLength(
      IMPROVEMENT_DEDUPE_KEY_MAX_CHARS,
      `dedupeKey: at most ${String(IMPROVEMENT_DEDUPE_KEY_MAX_CHARS)} characters`,
    ),
  ),
});

function descriptionAdf(text: string): AdfDocument {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Registers the improvement (see the module comment) and returns its issue.
 *
 * @throws InvalidImprovementRequestError for a request that breaks a rule (nothing is asked of Jira);
 *   CsiNotSetUpError when the project has no CSI issue type; Jira's typed errors (project or feedback issue not
 *   found, no permission to create or link, 429s left); ImprovementRegistrationBusyError while another call with the
 *   same dedupe key holds the reservation past the wait; CsiEditForbiddenError when the record may not be saved.
 */
export async function registerImprovement(
  deps: RegisterImprovementDeps,
  input: RegisterImprovementRequest,
): Promise<RegisteredImprovement> {
  const parsed = v.safeParse(RequestSchema, input);
  if (!parsed.success) throw new InvalidImprovementRequestError(parsed.issues.map((issue) => issue.message));
  const request = parsed.output;
  const { store, jira } = deps;
  const sleep = deps.sleep ?? sleepMs;
  const key = improvementRegistrationKey(request.dedupeKey);

  // A retry of a finished registration answers from the store alone.
  const known = await store.get<ImprovementRegistrationEntry>(key);
  if (
    known?.value.state === 'done' &&
    known.value.issueId !== undefined &&
    known.value.issueKey !== undefined
  ) {
    return {
      issueId: known.value.issueId,
      issueKey: known.value.issueKey,
      created: false,
      feedbackIssueKey: known.value.feedbackIssueKey ?? null,
    };
  }

  const project = await jira.getProject(request.projectIdOrKey);
  const types = await jira.listIssueTypesForProject(project.id);
  const csiType = types.find((type) => isCsiIssueTypeName(type.name));
  if (csiType === undefined) {
    throw new CsiNotSetUpError(
      `Project ${project.key} has no CSI issue type ("${CSI_ISSUE_TYPE_NAMES.de}" / "${CSI_ISSUE_TYPE_NAMES.en}"), ` +
        'so no improvement can be registered there: a Jira administrator sets CSI up in the project settings ' +
        '(Three Ways, CSI setup), or name a project that has it.',
    );
  }
  // Before anything is created: a feedback issue that does not exist fails the call with Jira's 404.
  const feedbackIssueKey = await canonicalFeedbackKey(jira, request.feedbackIssue);
  const marker = improvementMarkerLabel(request.dedupeKey);

  const claim = await claimRegistration(deps, key, request.dedupeKey, project.id, marker, sleep);
  let { version } = claim;
  let issue: { readonly id: string; readonly key: string };
  let created = false;
  if (claim.issue !== null) {
    issue = claim.issue;
  } else {
    try {
      const found = claim.takenOver ? await findMarkedIssue(jira, project.id, marker) : null;
      if (found !== null) issue = found;
      else {
        issue = await jira.createIssue({
          projectId: project.id,
          issueTypeId: csiType.id,
          summary: request.summary,
          ...(request.description === undefined || request.description.trim() === ''
            ? {}
            : { description: descriptionAdf(request.description) }),
          labels: [marker],
        });
        created = true;
      }
    } catch (error) {
      // Jira may have created the issue before its answer was lost: the next caller looks for it at once.
      await store
        .put<ImprovementRegistrationEntry>(
          key,
          { ...reservation(deps.clock(), request.dedupeKey, project.id, marker), reservedAtMs: 0 },
          version,
        )
        .catch(() => undefined);
      throw error;
    }
    version = (
      await store.put<ImprovementRegistrationEntry>(
        key,
        {
          ...reservation(deps.clock(), request.dedupeKey, project.id, marker),
          state: 'created',
          issueId: issue.id,
          issueKey: issue.key,
        },
        version,
      )
    ).version;
  }

  await finishRegistration(deps, issue, request, feedbackIssueKey);
  await store
    .put<ImprovementRegistrationEntry>(
      key,
      {
        ...reservation(deps.clock(), request.dedupeKey, project.id, marker),
        state: 'done',
        issueId: issue.id,
        issueKey: issue.key,
        feedbackIssueKey,
      },
      version,
    )
    // Another caller finishing the same registration marked it first: the same issue, nothing lost.
    .catch((error: unknown) => {
      if (!(error instanceof StoreConflictError)) throw error;
    });
  return { issueId: issue.id, issueKey: issue.key, created, feedbackIssueKey };
}

async function canonicalFeedbackKey(jira: JiraPort, feedbackIssue: string | null): Promise<string | null> {
  if (feedbackIssue === null) return null;
  const issue = await jira.getIssue(feedbackIssue, ['summary']);
  return issue.key ?? feedbackIssue;
}

function reservation(
  nowMs: number,
  dedupeKey: string,
  projectId: string,
  marker: string,
): ImprovementRegistrationEntry {
  return { state: 'reserved', reservedAtMs: nowMs, dedupeKey, projectId, marker };
}

interface Claim {
  /** The version of the entry this caller now holds (or last read). */
  readonly version: number;
  /** The issue a previous call created (null: this caller creates it). */
  readonly issue: { readonly id: string; readonly key: string } | null;
  /** A stale reservation was taken over: the issue may exist already (look for its marker first). */
  readonly takenOver: boolean;
}

/**
 * Reserves the registration, or finds the issue another call created, or takes over a reservation whose writer
 * stopped; waits up to {@link REGISTRATION_WAIT_MS} for a writer that is still within its lease.
 */
async function claimRegistration(
  deps: RegisterImprovementDeps,
  key: string,
  dedupeKey: string,
  projectId: string,
  marker: string,
  sleep: (ms: number) => Promise<void>,
): Promise<Claim> {
  const { store } = deps;
  const waitUntilMs = deps.clock() + REGISTRATION_WAIT_MS;
  for (;;) {
    const entry = await store.get<ImprovementRegistrationEntry>(key);
    if (entry === null) {
      try {
        const { version } = await store.put(
          key,
          reservation(deps.clock(), dedupeKey, projectId, marker),
          null,
        );
        return { version, issue: null, takenOver: false };
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        continue;
      }
    }
    const { value } = entry;
    if (value.state !== 'reserved' && value.issueId !== undefined && value.issueKey !== undefined) {
      return { version: entry.version, issue: { id: value.issueId, key: value.issueKey }, takenOver: false };
    }
    const nowMs = deps.clock();
    const heldForMs = nowMs - value.reservedAtMs;
    if (heldForMs >= REGISTRATION_LEASE_MS) {
      try {
        const { version } = await store.put(
          key,
          reservation(nowMs, dedupeKey, projectId, marker),
          entry.version,
        );
        return { version, issue: null, takenOver: true };
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        continue;
      }
    }
    if (nowMs >= waitUntilMs) {
      throw new ImprovementRegistrationBusyError(dedupeKey, REGISTRATION_LEASE_MS - heldForMs);
    }
    await sleep(REGISTRATION_POLL_MS);
  }
}

/** The issue created with the marker label, when Jira has it (its create answer was lost). */
async function findMarkedIssue(
  jira: JiraPort,
  projectId: string,
  marker: string,
): Promise<{ readonly id: string; readonly key: string } | null> {
  for await (const page of jira.searchIssues(`project = ${projectId} AND labels = "${marker}"`, [
    'summary',
  ])) {
    const first = page.find((issue) => issue.id !== undefined && issue.key !== undefined);
    if (first?.id !== undefined && first.key !== undefined) return { id: first.id, key: first.key };
  }
  return null;
}

/**
 * Links the feedback issue to the improvement ("HD-12 gab Feedback zu CSI-7": the feedback issue is the request's
 * `inwardIssue`). With a named type only that one; else the first of the feedback link types the site has
 * ({@link FEEDBACK_LINK_TYPE_NAMES}, which the feedback link trigger always counts), then `Relates` (which it counts
 * for incidents and requests). Jira answers 404 for a link type it does not have, so that is the next one's turn.
 *
 * @throws InvalidImprovementRequestError when no type can be used (nothing to retry until the rule changes).
 */
async function linkFeedback(
  jira: JiraPort,
  feedbackIssueKey: string,
  improvementKey: string,
  named: string | undefined,
): Promise<void> {
  const types = named !== undefined ? [named] : [...FEEDBACK_LINK_TYPE_NAMES, DEFAULT_FEEDBACK_LINK_TYPE];
  let last: JiraAccessError | null = null;
  for (const typeName of types) {
    try {
      await jira.createIssueLink({ typeName, inwardIssue: feedbackIssueKey, outwardIssue: improvementKey });
      return;
    } catch (error) {
      // 400/404: an unknown link type, or linking refused; the feedback issue itself was read before creating.
      if (!(error instanceof JiraAccessError && (error.status === 400 || error.status === 404))) throw error;
      last = error;
    }
  }
  throw new InvalidImprovementRequestError([
    `linking ${feedbackIssueKey} to ${improvementKey} with the link type ${types.map((t) => `"${t}"`).join(' or ')} failed ` +
      `(${last?.message ?? 'refused'}); name a link type the site has (Jira settings, Issues, Issue linking); ` +
      'the improvement exists and a retry links it',
  ]);
}

/** Compare-and-set attempts at the record before the registration gives up on it (each lost one merges again). */
const RECORD_SAVE_ATTEMPTS = 5;

/**
 * The registration's facts merged into a record someone else saved first. Usually the feedback link trigger: it
 * records the link the registration just made and, when the record has no source, guesses one from the feedback
 * issue's kind. What another writer filled in is kept (a person may have edited the record), with one exception:
 * a source without a source detail is the link trigger's guess, and the registration, which knows why the
 * improvement exists, replaces it together with its detail. The feedback issue is added when it is not listed.
 */
function mergeRegistration(
  stored: CsiRecord,
  request: v.InferOutput<typeof RequestSchema>,
  feedbackIssueKey: string | null,
): CsiRecordInput {
  // The stored record's score and update stamps are ignored by the save, which computes them anew.
  const guessedSource = stored.sourceDetail.trim() === '';
  return {
    ...stored,
    source: guessedSource ? request.source : (stored.source ?? request.source),
    sourceDetail: guessedSource ? request.sourceDetail : stored.sourceDetail,
    service: stored.service.trim() === '' ? request.service : stored.service,
    feedbackIssueKeys:
      feedbackIssueKey === null || stored.feedbackIssueKeys.includes(feedbackIssueKey)
        ? stored.feedbackIssueKeys
        : [...stored.feedbackIssueKeys, feedbackIssueKey],
  };
}

/** Whether `stored` carries everything `merged` would write (its feedback keys are a superset of the stored). */
function sameRegistrationFacts(stored: CsiRecord, merged: CsiRecordInput): boolean {
  return (
    stored.source === merged.source &&
    stored.sourceDetail === merged.sourceDetail &&
    stored.service === merged.service &&
    stored.feedbackIssueKeys.length === merged.feedbackIssueKeys.length
  );
}

/**
 * The steps after creating, each idempotent: the feedback issue linked (Jira creates no second link for the same
 * pair and type) and the record saved. The first save expects no record; when another writer saved one first (the
 * feedback link trigger reacting to the link just made, an earlier call of the same registration, a quick editor),
 * the registration's source, detail, service and feedback issue are merged into it ({@link mergeRegistration}) and
 * saved against its version, so nothing the registration knows is lost and nothing the other writer saved either.
 */
async function finishRegistration(
  deps: RegisterImprovementDeps,
  issue: { readonly id: string; readonly key: string },
  request: v.InferOutput<typeof RequestSchema>,
  feedbackIssueKey: string | null,
): Promise<void> {
  const { jira, store } = deps;
  if (feedbackIssueKey !== null) await linkFeedback(jira, feedbackIssueKey, issue.key, request.linkTypeName);
  let input: CsiRecordInput = {
    ...EMPTY_CSI_RECORD,
    source: request.source,
    sourceDetail: request.sourceDetail,
    service: request.service,
    feedbackIssueKeys: feedbackIssueKey === null ? [] : [feedbackIssueKey],
  };
  let expectedVersion: number | null = null;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await saveCsiRecord(store, jira, issue.key, input, expectedVersion, {
        nowMs: deps.clock(),
        ...(deps.actingAccountId === undefined ? {} : { actingAccountId: deps.actingAccountId }),
        ...(deps.logWarning === undefined ? {} : { logWarning: deps.logWarning }),
      });
      return;
    } catch (error) {
      if (error instanceof CsiEditForbiddenError) {
        throw new CsiEditForbiddenError(
          `${issue.key} was created, but its improvement record could not be saved: ${error.message}`,
        );
      }
      if (!(error instanceof StoreConflictError)) throw error;
      if (attempt >= RECORD_SAVE_ATTEMPTS) throw error;
    }
    const state = await readStoredCsiRecord(store, issue.id);
    if (state.version === null) {
      // Deleted in between: save from "no record" again.
      expectedVersion = null;
      continue;
    }
    if (state.stored === null) {
      // An entry the app cannot read: writing over it would lose what it holds; the panel shows the problem.
      deps.logWarning?.(
        `${issue.key}: its stored record cannot be read, so the registration's source, service and feedback issue were not merged into it`,
      );
      return;
    }
    const merged = mergeRegistration(state.stored.record, request, feedbackIssueKey);
    // The other writer was an earlier call of this registration: its record says it all already.
    if (sameRegistrationFacts(state.stored.record, merged)) return;
    expectedVersion = state.version;
    input = merged;
  }
}
