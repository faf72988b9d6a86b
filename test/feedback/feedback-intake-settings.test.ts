/**
 * The feedback web trigger's settings resolvers and the whole path against the emulator with the sample data:
 * only Jira admins and project admins save and rotate (others read, never a secret); saving is compare-and-set and
 * checks the issue type and the improvement project; a rotated secret's curl example, run in bash with openssl,
 * is accepted by the web trigger, which creates the feedback issue in HD and registers the improvement in CSI,
 * linked; a high rating registers none.
 */
import { execFileSync } from 'node:child_process';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { readStoredCsiRecord } from '../../src/application/csi-record';
import { registerImprovement } from '../../src/application/register-improvement';
import { signWebhookBody } from '../../src/application/signed-webhook';
import { FEEDBACK_INTAKE_MAX_PER_DAY } from '../../src/application/feedback-intake-settings';
import type {
  FeedbackIntakeSecretView,
  FeedbackIntakeSettings,
  FeedbackIntakeView,
  FeedbackResult,
} from '../../src/contract/feedback';
import { createFeedbackIntakeHandlers } from '../../src/entry/resolvers/feedback-intake-handlers';
import type { ResolverDeps } from '../../src/entry/resolvers/handlers';
import { createFeedbackIntakeWebTrigger } from '../../src/entry/webtriggers/feedback-intake';
import { ISSUE_TYPE, user } from '../../dev/sample-data/model';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';
import { unusedFactsViews } from '../project-flow/facts-fixtures';

const URL = 'https://example.test/x1/feedback-intake';
let h: CsiHarness;
let handlers: ReturnType<typeof createFeedbackIntakeHandlers>;
const logged: string[] = [];

beforeAll(async () => {
  h = await startCsiHarness();
  handlers = createFeedbackIntakeHandlers({
    facts: unusedFactsViews(),
    jira: (context) => h.jiraFor(String(context['accountId'])) as ReturnType<ResolverDeps['jira']>,
    issueReader: () => {
      throw new Error('not used');
    },
    store: h.store,
    clock: () => SAMPLE_NOW_MS,
    logError: (message) => logged.push(message),
    webTriggerUrl: (moduleKey) => Promise.resolve(`https://example.test/x1/${moduleKey}`),
  });
});
afterAll(async () => {
  await h.stop();
});

function valueOf<T>(result: FeedbackResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}
function errorOf<T>(result: FeedbackResult<T>): { code: string; detail: string } {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const SETTINGS: FeedbackIntakeSettings = {
  enabled: true,
  issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  improvementAtRatingOrBelow: 2,
  improvementOnLabels: ['monitoring-alert'],
  improvementProjectKey: 'CSI',
};

describe('feedback web trigger settings', () => {
  it('are read by anyone who sees the project, without a secret; only admins save and rotate', async () => {
    const view: FeedbackIntakeView = valueOf(
      await handlers.getFeedbackIntake({ projectKey: 'HD' }, h.contextOf('lukas')),
    );
    expect(view).toMatchObject({
      projectKey: 'HD',
      settings: { enabled: false, issueTypeId: null },
      version: null,
      url: URL,
      secretRotatedAt: null,
      usage: { today: 0, dailyLimit: FEEDBACK_INTAKE_MAX_PER_DAY },
      canEdit: false,
    });
    // Sub-tasks cannot be feedback issues: only the project's standard types are offered.
    expect(view.issueTypes.map((type) => type.id).sort()).toEqual(
      [ISSUE_TYPE.stoerung.id, ISSUE_TYPE.serviceanfrage.id].sort(),
    );
    expect(
      errorOf(
        await handlers.saveFeedbackIntake(
          { projectKey: 'HD', settings: SETTINGS, expectedVersion: null },
          h.contextOf('lukas'),
        ),
      ).code,
    ).toBe('forbidden');
    expect(
      errorOf(await handlers.rotateFeedbackIntakeSecret({ projectKey: 'HD' }, h.contextOf('lukas'))).code,
    ).toBe('forbidden');
    // Sabine administers HD (not Jira): she may.
    expect(
      valueOf(await handlers.getFeedbackIntake({ projectKey: 'HD' }, h.contextOf('sabine'))).canEdit,
    ).toBe(true);
  });

  it('refuse a rule registering improvements in a project where the admin may not create issues', async () => {
    // Sabine administers HD and sees CSI, but Jira does not let her create issues there: the web trigger, which
    // registers as the app, must not do it for her senders.
    const store = createMemoryStore();
    const denyingCsi = createFeedbackIntakeHandlers({
      facts: unusedFactsViews(),
      jira: (context) => {
        const jira = h.jiraFor(String(context['accountId'])) as ReturnType<ResolverDeps['jira']>;
        return {
          ...jira,
          getMyPermissions: async (keys: readonly string[], projectKey?: string) => {
            const granted = await jira.getMyPermissions(keys, projectKey);
            return projectKey === 'CSI' ? { ...granted, CREATE_ISSUES: false } : granted;
          },
        };
      },
      issueReader: () => {
        throw new Error('not used');
      },
      store,
      clock: () => SAMPLE_NOW_MS,
      logError: (message) => logged.push(message),
    });
    const refused = errorOf(
      await denyingCsi.saveFeedbackIntake(
        { projectKey: 'HD', settings: SETTINGS, expectedVersion: null },
        h.contextOf('sabine'),
      ),
    );
    expect(refused.code).toBe('invalid-settings');
    expect(refused.detail).toMatch(/improvementProjectKey: you may not create issues in CSI/);
    expect(store.keys()).toEqual([]);
    // Without a rule nothing is registered, so nothing is asked of CSI.
    expect(
      valueOf(
        await denyingCsi.saveFeedbackIntake(
          {
            projectKey: 'HD',
            settings: { ...SETTINGS, improvementAtRatingOrBelow: null, improvementOnLabels: [] },
            expectedVersion: null,
          },
          h.contextOf('sabine'),
        ),
      ).version,
    ).toBe(1);
  });

  it('refuse an issue type the project lacks, a rule without a CSI project, enabling without a type; saving is compare-and-set', async () => {
    const save = (settings: FeedbackIntakeSettings, expectedVersion: number | null = null) =>
      handlers.saveFeedbackIntake({ projectKey: 'HD', settings, expectedVersion }, h.contextOf('sabine'));
    const wrongType = errorOf(await save({ ...SETTINGS, issueTypeId: ISSUE_TYPE.aenderung.id }));
    expect(wrongType).toMatchObject({ code: 'invalid-settings' });
    expect(wrongType.detail).toMatch(/issueTypeId: 10003 is no issue type of HD/);
    // HD itself has no CSI issue type: a rule must name the project of the improvements.
    const noCsi = errorOf(await save({ ...SETTINGS, improvementProjectKey: null }));
    expect(noCsi.detail).toMatch(/improvementProjectKey: HD has no CSI issue type/);
    expect(errorOf(await save({ ...SETTINGS, issueTypeId: null })).detail).toMatch(
      /issueTypeId: choose the issue type/,
    );
    expect(errorOf(await save({ ...SETTINGS, improvementOnLabels: ['has space'] }))).toEqual({
      code: 'invalid-settings',
      detail: 'improvementOnLabels: "has space" is not a Jira label (1-100 characters without spaces).',
    });
    expect(errorOf(await save({ ...SETTINGS, improvementAtRatingOrBelow: 6 })).detail).toMatch(
      /improvementAtRatingOrBelow: a whole number from 1 to 5/,
    );
    expect(errorOf(await save({ ...SETTINGS, improvementOnLabels: 'monitoring-alert' } as never)).code).toBe(
      'invalid-payload',
    );

    const saved = valueOf(await save(SETTINGS));
    expect(saved).toMatchObject({ settings: SETTINGS, version: 1, canEdit: true });
    // A second admin saving from the version they loaded (none) loses: conflict, nothing overwritten.
    const stale = errorOf(
      await handlers.saveFeedbackIntake(
        { projectKey: 'HD', settings: { ...SETTINGS, enabled: false }, expectedVersion: null },
        h.contextOf('admin'),
      ),
    );
    expect(stale.code).toBe('conflict');
    expect(
      valueOf(await handlers.getFeedbackIntake({ projectKey: 'HD' }, h.contextOf('admin'))).settings,
    ).toEqual(SETTINGS);
    // A client that does not send improvementProjectKey keeps the stored one.
    const withoutProject: FeedbackIntakeSettings = {
      enabled: SETTINGS.enabled,
      issueTypeId: SETTINGS.issueTypeId,
      improvementAtRatingOrBelow: SETTINGS.improvementAtRatingOrBelow,
      improvementOnLabels: SETTINGS.improvementOnLabels,
    };
    const resaved = valueOf(await save({ ...withoutProject, improvementOnLabels: [] }, 1));
    expect(resaved.settings).toEqual({ ...SETTINGS, improvementOnLabels: [] });
    valueOf(await save(SETTINGS, 2));
    expect(logged).toEqual([]);
  });

  it('rotates a secret shown once whose curl example, run in bash with openssl, the web trigger accepts; the rule registers one improvement in CSI', async () => {
    const rotated: FeedbackIntakeSecretView = valueOf(
      await handlers.rotateFeedbackIntakeSecret({ projectKey: 'HD' }, h.contextOf('sabine')),
    );
    expect(rotated.url).toBe(URL);
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.rotatedAt).toBe(new Date(SAMPLE_NOW_MS).toISOString());
    const view = valueOf(await handlers.getFeedbackIntake({ projectKey: 'HD' }, h.contextOf('sabine')));
    expect(view.secretRotatedAt).toBe(rotated.rotatedAt);
    expect(JSON.stringify(view)).not.toContain(rotated.secret);

    const admin = h.jiraFor(user('admin').accountId);
    // The preview's and the test's "app": the admin's client. The curl example signs with the real time.
    const handle = createFeedbackIntakeWebTrigger({
      store: h.store,
      clock: () => Date.now(),
      jira: () => admin,
      registerImprovement: (request) =>
        registerImprovement({ store: h.store, jira: admin, clock: () => SAMPLE_NOW_MS }, request),
      logError: (message) => logged.push(message),
    });
    // Run the example with curl replaced by a function printing what it would send, then send that.
    const script = `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${rotated.curlExample}`;
    const args = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n');
    const header = (name: string) =>
      args.find((arg) => arg.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
    expect(args.slice(0, 4)).toEqual(['-sS', '-X', 'POST', URL]);
    const body = args[args.indexOf('--data') + 1] ?? '';
    expect(JSON.parse(body)).toMatchObject({ projectKey: 'HD', rating: 2, source: 'survey' });
    const response = await handle({
      method: 'POST',
      headers: {
        'content-type': [header('Content-Type')],
        'x-threeways-timestamp': [header('X-ThreeWays-Timestamp')],
        'x-threeways-signature': [header('X-ThreeWays-Signature')],
      },
      body,
    });
    expect(response.statusCode).toBe(201);
    const answer = JSON.parse(response.body) as {
      feedbackIssueKey: string;
      improvementKey: string;
      duplicate: boolean;
    };
    expect(answer.feedbackIssueKey).toMatch(/^HD-\d+$/);
    expect(answer.improvementKey).toMatch(/^CSI-\d+$/);
    expect(answer.duplicate).toBe(false);

    const feedbackIssue = await admin.getIssue(answer.feedbackIssueKey, ['issuetype', 'labels', 'summary']);
    expect(feedbackIssue.fields?.issuetype?.id).toBe(ISSUE_TYPE.serviceanfrage.id);
    expect(feedbackIssue.fields?.['labels']).toEqual(['self-service', 'three-ways-feedback']);
    const links = await admin.getIssueLinks(answer.improvementKey);
    expect(links.map((link) => link.inwardIssue?.key ?? link.outwardIssue?.key)).toEqual([
      answer.feedbackIssueKey,
    ]);
    const improvement = await admin.getIssue(answer.improvementKey, ['summary']);
    const { stored } = await readStoredCsiRecord(h.store, improvement.id ?? '');
    expect(stored?.record).toMatchObject({
      source: 'customer-feedback',
      feedbackIssueKeys: [answer.feedbackIssueKey],
    });

    // A rating above the threshold: a feedback issue, no improvement.
    const high = JSON.stringify({
      projectKey: 'HD',
      externalId: 'nps-9',
      summary: 'Schnelle Hilfe',
      rating: 5,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const second = await handle({
      method: 'POST',
      headers: {
        'content-type': ['application/json'],
        'x-threeways-timestamp': [timestamp],
        'x-threeways-signature': [signWebhookBody(rotated.secret, timestamp, high)],
      },
      body: high,
    });
    expect(second.statusCode).toBe(201);
    expect(JSON.parse(second.body)).toMatchObject({ improvementKey: null, duplicate: false });
    expect(logged).toEqual([]);

    // A second rotation invalidates the first secret at once.
    valueOf(await handlers.rotateFeedbackIntakeSecret({ projectKey: 'HD' }, h.contextOf('admin')));
    const stale = await handle({
      method: 'POST',
      headers: {
        'content-type': ['application/json'],
        'x-threeways-timestamp': [timestamp],
        'x-threeways-signature': [
          signWebhookBody(rotated.secret, timestamp, high.replace('nps-9', 'nps-10')),
        ],
      },
      body: high.replace('nps-9', 'nps-10'),
    });
    expect(stale.statusCode).toBe(401);
  });
});
