/**
 * The feedback web trigger in `npm start` without a browser: the preview (real manifest, emulator with the sample
 * data, composition root) serves `feedback-intake` on its local web trigger URL. At start the help desk's trigger is
 * on (rating ≤ 2 registers an improvement in CSI) with a secret issued, and the curl example `npm start` prints
 * works as it is. Sabine (admin of HD) saves the settings through the resolvers and rotates the secret; the old
 * example is refused then, the rotated secret's curl example, run as it is in bash (real openssl, real curl)
 * against that URL, creates the feedback issue in HD and the improvement in CSI, linked; the same bytes sent again
 * answer the first result.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import type { FeedbackIntakeSecretView, FeedbackIntakeView } from '../../src/contract/feedback';
import { ISSUE_TYPE, user } from '../../dev/sample-data/model';
import { SAMPLE_HELP_DESK_INTAKE } from '../../dev/preview/feedback-intake-seed';
import type { RunningPreview } from '../../dev/preview/index';
import { startSamplePreview, type SamplePreview } from './support/sample-preview';

// The host page's bundle (Vite) is UI and not under test here.
jest.mock('../../dev/preview/build-host', () => ({
  buildHostAssets: () => Promise.resolve(new Map()),
}));

const sabine = user('sabine');
/** Runs a bash script without blocking the event loop: the preview answering curl runs in this process. */
const bash = async (script: string): Promise<string> =>
  (await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8' })).stdout;
let preview: RunningPreview;
let sample: SamplePreview;
let errors: readonly string[] = [];

beforeAll(async () => {
  // The preview's clock runs at the real time (as `npm start`), so the example's `date +%s` is within the skew.
  sample = await startSamplePreview();
  ({ preview, errors } = sample);
}, 60_000);

afterAll(async () => {
  await sample.stop();
});

/** A resolver as the project settings page invokes it through the bridge, as Sabine. */
async function invoke<T>(name: string, payload: unknown): Promise<T> {
  const response = await fetch(`${preview.url}/__invoke/${name}`, {
    method: 'POST',
    body: JSON.stringify({
      payload,
      context: {
        accountId: sabine.accountId,
        locale: sabine.locale,
        timezone: 'Europe/Berlin',
        moduleKey: 'csi-record-panel',
      },
    }),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok || result.value === undefined) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('the feedback web trigger in the preview', () => {
  it('is set up for the help desk at start, and the printed curl example registers an improvement in CSI', async () => {
    const url = preview.webTriggerUrls.find((trigger) => trigger.key === 'feedback-intake')?.url ?? '';
    const started = preview.feedbackIntakeSecret;
    expect(started?.url).toBe(url);
    const view = await invoke<FeedbackIntakeView>('getFeedbackIntake', { projectKey: 'HD' });
    expect(view).toMatchObject({
      settings: SAMPLE_HELP_DESK_INTAKE,
      version: 1,
      secretRotatedAt: started?.rotatedAt,
    });
    expect(view.settings.issueTypeId).toBe(ISSUE_TYPE.serviceanfrage.id);

    const output = await bash((started?.curlExample ?? '').replace('curl -sS', 'curl -sS -i'));
    expect(output).toMatch(/^HTTP\/1\.1 201/);
    const answer = JSON.parse(output.slice(output.indexOf('{'))) as { improvementKey: string | null };
    expect(answer.improvementKey).toMatch(/^CSI-\d+$/);
  }, 60_000);

  it('accepts the curl example of a rotated secret on its local URL and registers the improvement by rule', async () => {
    const url = preview.webTriggerUrls.find((trigger) => trigger.key === 'feedback-intake')?.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x1\/feedback-intake$/);
    const before = await invoke<FeedbackIntakeView>('getFeedbackIntake', { projectKey: 'HD' });
    // Seeded at start (the test above).
    expect(before).toMatchObject({ url, canEdit: true, version: 1 });
    await invoke<FeedbackIntakeView>('saveFeedbackIntake', {
      projectKey: 'HD',
      expectedVersion: before.version,
      settings: {
        enabled: true,
        issueTypeId: ISSUE_TYPE.serviceanfrage.id,
        improvementAtRatingOrBelow: 2,
        improvementOnLabels: [],
        improvementProjectKey: 'CSI',
      },
    });
    const rotated = await invoke<FeedbackIntakeSecretView>('rotateFeedbackIntakeSecret', {
      projectKey: 'HD',
    });
    expect(rotated.url).toBe(url);
    // The secret issued at start stops working with the rotation.
    const stale = await bash(
      (preview.feedbackIntakeSecret?.curlExample ?? '').replace('curl -sS', 'curl -sS -i'),
    );
    expect(stale).toMatch(/^HTTP\/1\.1 401/);

    // The example as shown, run in bash; `-i` added to the curl line so the status line is printed too.
    const script = rotated.curlExample.replace('curl -sS', 'curl -sS -i');
    const output = await bash(script);
    expect(output).toMatch(/^HTTP\/1\.1 201/);
    const answer = JSON.parse(output.slice(output.indexOf('{'))) as {
      feedbackIssueKey: string;
      improvementKey: string;
      duplicate: boolean;
    };
    expect(answer).toMatchObject({ duplicate: false });
    expect(answer.feedbackIssueKey).toMatch(/^HD-\d+$/);
    expect(answer.improvementKey).toMatch(/^CSI-\d+$/);

    const jira = createJiraClient(
      createHttpTransport({
        baseUrl: preview.emulatorUrl,
        email: sabine.emailAddress,
        apiToken: sabine.apiToken,
      }),
    );
    const feedbackIssue = await jira.getIssue(answer.feedbackIssueKey, ['summary', 'issuetype', 'labels']);
    expect(feedbackIssue.fields?.summary).toBe('Password reset takes too long');
    expect(feedbackIssue.fields?.['labels']).toEqual(['self-service', 'three-ways-feedback']);
    const links = await jira.getIssueLinks(answer.feedbackIssueKey);
    expect(links.map((link) => link.inwardIssue?.key ?? link.outwardIssue?.key)).toContain(
      answer.improvementKey,
    );

    // The same signed bytes again (a sender's retry): the first result, nothing new.
    const replayScript = script.replace('TS=$(date +%s)', `TS=${String(Math.floor(Date.now() / 1000))}`);
    const fixed = replayScript.replace(/survey-\$\(date -u \+%Y%m%dT%H%M%S\)-\$RANDOM/, 'survey-replay-1');
    const first = await bash(fixed);
    const again = await bash(fixed);
    expect(first).toMatch(/^HTTP\/1\.1 201/);
    expect(again).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(again.slice(again.indexOf('{')))).toEqual({
      ...(JSON.parse(first.slice(first.indexOf('{'))) as object),
      duplicate: true,
    });
    const view = await invoke<FeedbackIntakeView>('getFeedbackIntake', { projectKey: 'HD' });
    // Accepted today: the start's example and the two first sends here (the stale one was refused).
    expect(view.usage.today).toBe(3);
    expect(errors).toEqual([]);
  }, 60_000);
});
