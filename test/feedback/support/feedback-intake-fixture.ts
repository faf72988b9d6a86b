/**
 * The `feedback-intake` web trigger over the in-memory store, a small in-memory Jira (issues of two projects,
 * comments, search by the feedback label) and a registerImprovement that keeps one improvement per dedupe key:
 * what the abuse tests send and read back.
 */
import { createMemoryStore, type MemoryStore } from '../../../src/adapters/store/memory-store';
import { IssueNotFoundError, JiraUnavailableError } from '../../../src/application/errors';
import type { FeedbackIntakeJira } from '../../../src/application/feedback-intake';
import {
  intakeProjectKey,
  intakeSecretKey,
  intakeSettingsKey,
  type StoredIntakeSettings,
} from '../../../src/application/feedback-intake-settings';
import type { AdfDocument } from '../../../src/application/ports/jira-port';
import {
  ImprovementRegistrationBusyError,
  type RegisterImprovementRequest,
} from '../../../src/application/register-improvement';
import { signWebhookBody } from '../../../src/application/signed-webhook';
import type { FeedbackIntakeSettings } from '../../../src/contract/feedback';
import {
  createFeedbackIntakeWebTrigger,
  type FeedbackIntakeWebRequest,
  type FeedbackIntakeWebResponse,
} from '../../../src/entry/webtriggers/feedback-intake';

export const NOW_MS = Date.UTC(2026, 11, 5, 6, 10);
export const HD = { id: '10000', key: 'HD', secret: 'a1'.repeat(32) };
export const MAIL = { id: '10001', key: 'MAIL', secret: 'b2'.repeat(32) };
/** A project with a secret whose intake is off. */
export const OFF = { id: '10005', key: 'OFF', secret: 'c3'.repeat(32) };

export const RULE_SETTINGS: FeedbackIntakeSettings = {
  enabled: true,
  issueTypeId: '10002',
  improvementAtRatingOrBelow: 2,
  improvementOnLabels: ['monitoring-alert'],
  improvementProjectKey: 'CSI',
};

interface FakeIssue {
  readonly id: string;
  readonly key: string;
  readonly projectId: string;
  readonly summary: string;
  readonly labels: readonly string[];
  readonly description: AdfDocument | null;
  readonly comments: AdfDocument[];
  readonly issueTypeId: string;
}

export interface IntakeFixture {
  readonly store: MemoryStore;
  readonly state: { now: number };
  readonly issues: FakeIssue[];
  readonly improvements: Map<string, { request: RegisterImprovementRequest; key: string }>;
  readonly registerCalls: RegisterImprovementRequest[];
  readonly errors: string[];
  readonly handle: (request: FeedbackIntakeWebRequest) => Promise<FeedbackIntakeWebResponse>;
  /** Jira calls the fake answered, by name. */
  readonly calls: Record<string, number>;
  /** Makes the next `createIssue` / `addComment` fail after Jira did it (the answer lost). */
  loseNextCreateAnswer: boolean;
  loseNextCommentAnswer: boolean;
  /** Makes the next `createIssue` / `addComment` fail before Jira did anything (a 503 after the client's retries). */
  refuseNextCreate: boolean;
  refuseNextComment: boolean;
  /** Makes the next registration find another call holding its dedupe key (register-improvement's busy error). */
  registrationBusyOnce: boolean;
}

/** Stores a project's settings, key index and secret as the settings page would. */
export async function configure(
  store: MemoryStore,
  project: { id: string; key: string; secret: string },
  settings: FeedbackIntakeSettings,
  nowMs: number,
): Promise<void> {
  await store.put<StoredIntakeSettings>(
    intakeSettingsKey(project.id),
    { projectKey: project.key, settings },
    null,
  );
  await store.set(intakeProjectKey(project.key), { projectId: project.id });
  await store.set(intakeSecretKey(project.id), { secretHex: project.secret, rotatedAtMs: nowMs });
}

export async function intakeFixture(options: { readonly realSleep?: boolean } = {}): Promise<IntakeFixture> {
  const state = { now: NOW_MS };
  const clock = () => state.now;
  const store = createMemoryStore({ clock });
  await configure(store, HD, RULE_SETTINGS, NOW_MS);
  await configure(store, MAIL, { ...RULE_SETTINGS, improvementProjectKey: null }, NOW_MS);
  await configure(store, OFF, { ...RULE_SETTINGS, enabled: false }, NOW_MS);
  const issues: FakeIssue[] = [
    {
      id: '20001',
      key: 'HD-1',
      projectId: HD.id,
      summary: 'VPN bricht ab',
      labels: [],
      description: null,
      comments: [],
      issueTypeId: '10001',
    },
    {
      id: '20002',
      key: 'MAIL-1',
      projectId: MAIL.id,
      summary: 'Postfach voll',
      labels: [],
      description: null,
      comments: [],
      issueTypeId: '10001',
    },
  ];
  const calls: Record<string, number> = {};
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const fixture = {
    loseNextCreateAnswer: false,
    loseNextCommentAnswer: false,
    refuseNextCreate: false,
    refuseNextComment: false,
    registrationBusyOnce: false,
  };
  // A pause in each Jira call, so concurrent requests interleave as they would against Jira.
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
  const jira: FeedbackIntakeJira = {
    async createIssue(input) {
      count('createIssue');
      await tick();
      if (fixture.refuseNextCreate) {
        fixture.refuseNextCreate = false;
        throw new JiraUnavailableError('Jira answered 503 to POST /rest/api/3/issue', 503);
      }
      const project = [HD, MAIL].find((p) => p.id === input.projectId);
      if (project === undefined) throw new Error(`no project ${input.projectId}`);
      const n = issues.filter((issue) => issue.projectId === project.id).length + 1;
      const issue: FakeIssue = {
        id: String(30000 + issues.length),
        key: `${project.key}-${String(n)}`,
        projectId: project.id,
        summary: input.summary,
        labels: input.labels ?? [],
        description: input.description ?? null,
        comments: [],
        issueTypeId: input.issueTypeId,
      };
      issues.push(issue);
      if (fixture.loseNextCreateAnswer) {
        fixture.loseNextCreateAnswer = false;
        throw new Error('socket hang up');
      }
      return { id: issue.id, key: issue.key };
    },
    async getIssue(key) {
      count('getIssue');
      await tick();
      const issue = issues.find((candidate) => candidate.key === key);
      if (issue === undefined) throw new IssueNotFoundError(`Issue ${key} does not exist`, 404);
      return { id: issue.id, key: issue.key, fields: { project: { id: issue.projectId } } };
    },
    async addComment(key, body) {
      count('addComment');
      await tick();
      if (fixture.refuseNextComment) {
        fixture.refuseNextComment = false;
        throw new JiraUnavailableError('Jira answered 503 to POST /rest/api/3/issue/{key}/comment', 503);
      }
      const issue = issues.find((candidate) => candidate.key === key);
      if (issue === undefined) throw new IssueNotFoundError(`Issue ${key} does not exist`, 404);
      issue.comments.push(body);
      if (fixture.loseNextCommentAnswer) {
        fixture.loseNextCommentAnswer = false;
        throw new Error('socket hang up');
      }
      return { id: String(issue.comments.length), body };
    },
    async getComments(key) {
      count('getComments');
      await tick();
      const issue = issues.find((candidate) => candidate.key === key);
      if (issue === undefined) throw new IssueNotFoundError(`Issue ${key} does not exist`, 404);
      return issue.comments.map((body, i) => ({ id: String(i + 1), body }));
    },
    async *searchIssues(jql) {
      count('searchIssues');
      await tick();
      const projectId = /project = (\d+)/.exec(jql)?.[1];
      expect(jql).toMatch(/labels = "three-ways-feedback" AND created >= -\d+m/);
      yield issues
        .filter((issue) => issue.projectId === projectId && issue.labels.includes('three-ways-feedback'))
        .map((issue) => ({ id: issue.id, key: issue.key, fields: { description: issue.description } }));
    },
  };
  const improvements = new Map<string, { request: RegisterImprovementRequest; key: string }>();
  const registerCalls: RegisterImprovementRequest[] = [];
  const errors: string[] = [];
  const handle = createFeedbackIntakeWebTrigger({
    store,
    clock,
    jira: () => jira,
    registerImprovement: async (request) => {
      registerCalls.push(request);
      await tick();
      if (fixture.registrationBusyOnce) {
        fixture.registrationBusyOnce = false;
        throw new ImprovementRegistrationBusyError(request.dedupeKey, 95_000);
      }
      // As register-improvement.ts: one improvement per dedupe key.
      const known = improvements.get(request.dedupeKey);
      if (known !== undefined) return { issueKey: known.key };
      const key = `CSI-${String(100 + improvements.size)}`;
      improvements.set(request.dedupeKey, { request, key });
      return { issueKey: key };
    },
    logError: (message) => errors.push(message),
    ...(options.realSleep === true ? {} : { sleep: () => new Promise<void>((r) => setTimeout(r, 1)) }),
  });
  return Object.assign(fixture, {
    store,
    state,
    issues,
    improvements,
    registerCalls,
    errors,
    handle,
    calls,
  });
}

/** A piece of feedback for `projectKey` with `externalId`, overridable. */
export function feedbackFor(
  projectKey: string,
  externalId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    projectKey,
    externalId,
    summary: 'Passwort zurücksetzen dauert zu lange',
    description: 'Ich habe 20 Minuten gewartet.\n\nBitte ein Self-Service anbieten.',
    rating: 4,
    source: 'survey',
    ...overrides,
  };
}

/** `payload` as JSON (or `rawBody`), signed with `secret` at `timestamp` (seconds), as Forge delivers it. */
export function signedRequest(
  secret: string,
  payload: unknown,
  options: {
    readonly timestamp: string;
    readonly rawBody?: string;
    readonly method?: string;
    readonly contentType?: string | null;
  },
): FeedbackIntakeWebRequest {
  const body = options.rawBody ?? JSON.stringify(payload);
  return {
    method: options.method ?? 'POST',
    headers: {
      ...(options.contentType === null
        ? {}
        : { 'content-type': [options.contentType ?? 'application/json'] }),
      'x-threeways-timestamp': [options.timestamp],
      'x-threeways-signature': [signWebhookBody(secret, options.timestamp, body)],
    },
    body,
  };
}

/** Every key and value of the store. */
export async function storeSnapshot(store: MemoryStore): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    [...store.keys()].sort().map(async (key) => [key, await store.get(key)] as const),
  );
  return Object.fromEntries(entries);
}

/** The JSON body of an answer (which must say it is JSON). */
export function bodyOf(response: FeedbackIntakeWebResponse): Record<string, unknown> {
  expect(response.headers['Content-Type']).toEqual(['application/json']);
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The JSON error of a refusal. */
export function errorOf(response: FeedbackIntakeWebResponse): { code: string; message: string } {
  return bodyOf(response)['error'] as { code: string; message: string };
}
