/**
 * The feedback loop in `npm start` without a browser: the preview (real manifest, emulator with the sample data,
 * composition root; only the host page's bundle and the built modules are stubbed) starts with the effect check of
 * "Self-Service-Passwortrücksetzung einführen" configured and due; a day on the preview clock runs the scheduled
 * trigger `effect-check-daily`, which finds the help desk's lead-time drop (verdict improved); the process owner
 * adopts the proposed result and closes the improvement the way the host page does (`POST /__preview/issues/<key>/
 * transitions`). Jira's status event reaches the `feedback-status-events` trigger, the fan-out the
 * `feedback-replies` consumer, and each of the five feedback requests gets one reply in its reporter's language;
 * delivering the event a second time (`POST /__preview/issues/<key>/redeliver`) posts nothing more.
 */
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import type { CsiRecordView } from '../../src/contract/csi';
import type { EffectCheckView } from '../../src/contract/feedback';
import { localDate } from '../../src/domain/flow/calendar';
import { selfServiceGoLiveMs } from '../../dev/sample-data/generate-csi';
import { listFeedbackTold } from '../../src/application/feedback-replies';
import { SELF_SERVICE_SUMMARY } from '../../dev/sample-data/generate';
import { user } from '../../dev/sample-data/model';
import type { RunningPreview } from '../../dev/preview/index';
import { capturedStore } from './support/captured-store';
import { previewPage, startSamplePreview, type SamplePreview } from './support/sample-preview';

// The host page's bundle (Vite) is UI and not under test here.
jest.mock('../../dev/preview/build-host', () => ({
  buildHostAssets: () => Promise.resolve(new Map()),
}));

/** Captures the preview's store: the test reads who was told through the app's own reading. */
jest.mock('../../src/adapters/store/memory-store', () =>
  jest
    .requireActual<typeof import('./support/captured-store')>('./support/captured-store')
    .capturingMemoryStoreModule(),
);

/** The sample data's "today" of the browser tests. */
const NOW_MS = Date.parse('2026-03-10T11:00:00.000Z');
const claudia = user('claudia');

let preview: RunningPreview;
let sample: SamplePreview;
let errors: readonly string[] = [];

beforeAll(async () => {
  sample = await startSamplePreview(NOW_MS);
  ({ preview, errors } = sample);
}, 60_000);

afterAll(async () => {
  await sample.stop();
});

function page<T>(path: string, body?: unknown): Promise<T> {
  return previewPage<T>(preview, path, body);
}

/** A resolver of the record panel, as the panel invokes it through the bridge. */
async function invoke<T>(name: string, payload: unknown): Promise<T> {
  const result = await page<{ ok: boolean; value?: T; error?: unknown }>(`/__invoke/${name}`, {
    payload,
    context: {
      accountId: claudia.accountId,
      locale: claudia.locale,
      timezone: 'Europe/Berlin',
      moduleKey: 'csi-record-panel',
    },
  });
  if (!result.ok || result.value === undefined) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The app's replies on a feedback issue (comments carrying its reply marker), as Jira stores them. */
async function repliesOn(issueKey: string): Promise<string[]> {
  const jira = createJiraClient(
    createHttpTransport({
      baseUrl: preview.emulatorUrl,
      email: claudia.emailAddress,
      apiToken: 'sample-token-claudia',
    }),
  );
  const comments = await jira.getComments(issueKey);
  return comments
    .map((comment) => JSON.stringify(comment.body))
    .filter((body) => body.includes('[three-ways-reply '));
}

it('replies once on each feedback request when the improvement closes, also when the event comes twice', async () => {
  const { issues } = await page<{ issues: { key: string; summary: string }[] }>(
    `/__preview/issues?user=${claudia.accountId}&project=CSI&q=${encodeURIComponent('Self-Service')}`,
  );
  const issueKey = issues.find((issue) => issue.summary === SELF_SERVICE_SUMMARY)?.key ?? 'missing';
  const view = await invoke<CsiRecordView>('getCsiRecord', { issueKey });
  expect(view.statusKey).toBe('verifying');
  const feedbackKeys = view.record.feedbackIssueKeys;
  expect(feedbackKeys).toHaveLength(5);

  // The effect check is configured at start and due: the daily scheduled trigger checks it when it falls due.
  const due = await invoke<EffectCheckView>('getEffectCheck', { issueKey });
  expect(due).toMatchObject({
    state: 'due',
    changeDate: localDate(selfServiceGoLiveMs(NOW_MS), 'Europe/Berlin'),
    config: { target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' }, verifyAfterDays: 30 },
  });
  const day = await page<{ ran: { triggerKey: string; ok: boolean }[] }>('/__preview/clock', {
    advanceMs: 24 * 60 * 60_000,
  });
  expect(day.ran).toContainEqual(expect.objectContaining({ triggerKey: 'effect-check-daily', ok: true }));
  const checked = await invoke<EffectCheckView>('getEffectCheck', { issueKey });
  expect(checked.state).toBe('checked');
  expect(checked.latest?.result.verdict).toBe('improved');
  expect(checked.latest?.result.medianChange ?? 0).toBeLessThan(-0.3);

  // Closing needs a measured result (the app's validator): the process owner adopts the one the check proposes.
  expect(checked.latest?.proposedResult?.value).toBeCloseTo(checked.latest?.result.after.p50 ?? NaN, 2);
  const adopted = await invoke<CsiRecordView>('adoptEffectResult', {
    issueKey,
    runId: checked.latest?.runId,
    expectedRecordVersion: view.version,
  });
  expect(adopted.record.result).toEqual(checked.latest?.proposedResult);
  const transitions = await page<{ id: string; to: { name: string } }[]>(
    `/__preview/issues/${issueKey}/transitions?user=${claudia.accountId}`,
  );
  const close = transitions.find((transition) => transition.to.name === 'Abgeschlossen');
  expect(close).toBeDefined();
  const closed = await page<{ status: { name: string } }>(
    `/__preview/issues/${issueKey}/transitions?user=${claudia.accountId}`,
    { transitionId: close?.id },
  );
  expect(closed.status.name).toBe('Abgeschlossen');
  await preview.backend.idle();

  const first = await Promise.all(feedbackKeys.map(repliesOn));
  expect(first.map((replies) => replies.length)).toEqual([1, 1, 1, 1, 1]);
  // Four German reporters and Emily Carter (en_US): each reply in its reporter's language.
  const texts = first.map(([reply]) => reply ?? '');
  for (const text of texts) expect(text).toContain(SELF_SERVICE_SUMMARY);
  expect(texts.filter((text) => text.includes('thank you for your feedback'))).toHaveLength(1);
  expect(texts.filter((text) => text.includes('danke für Ihre Rückmeldung'))).toHaveLength(4);

  const again = await page<{ eventType: string; deliveries: unknown[]; settled: boolean }>(
    `/__preview/issues/${issueKey}/redeliver`,
    {},
  );
  expect(again).toMatchObject({
    eventType: 'avi:jira:updated:issue',
    deliveries: expect.arrayContaining([
      { triggerKey: 'feedback-status-events', delivered: true, reason: 'filter' },
    ]) as unknown,
    settled: true,
  });
  const second = await Promise.all(feedbackKeys.map(repliesOn));
  expect(second).toEqual(first);

  const told = await listFeedbackTold(capturedStore(), view.issueId, feedbackKeys);
  expect(told.map((entry) => [entry.feedbackIssueKey, entry.state])).toEqual(
    feedbackKeys.map((key) => [key, 'told']),
  );
  expect(errors).toEqual([]);
}, 120_000);
