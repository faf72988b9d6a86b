/**
 * The preview's Automation stand-in (`dev/preview/rule-runner*.ts`) in `npm start` without a browser (real
 * manifest, emulator with the sample data, composition root; the host page's bundle and the built modules are
 * stubbed): a customer's CSAT rating given through `POST /__preview/requests/<key>/csat` reaches the rule runner as
 * the emulator's issue-updated event (Satisfaction changed), and the rule "Kundenzufriedenheit ≤ 2" calls the app's
 * action "Verbesserungsvorschlag registrieren" as Automation does: exactly one improvement for a low rating (none
 * more when it is rated low again), none for a 4. The fifth incident with one label in a week registers one
 * improvement too. `GET /__preview/rules` lists the rules and their runs.
 */
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { readStoredCsiRecord } from '../../src/application/csi-record';
import { ISSUE_TYPE, PROJECT_IDS, user } from '../../dev/sample-data/model';
import type { RunningPreview } from '../../dev/preview/index';
import type { PreviewCsatResult, PreviewConfig, PreviewRulesView } from '../../dev/preview/preview-api';
import { isoWeekOf } from '../../dev/preview/rule-runner-rules';
import { capturedStore } from './support/captured-store';
import { previewPage, startSamplePreview, type SamplePreview } from './support/sample-preview';

jest.mock('../../dev/preview/build-host', () => ({
  buildHostAssets: () => Promise.resolve(new Map()),
}));

/** Captures the preview's store: the test reads the improvement record through the app's own reading. */
jest.mock('../../src/adapters/store/memory-store', () =>
  jest
    .requireActual<typeof import('./support/captured-store')>('./support/captured-store')
    .capturingMemoryStoreModule(),
);

const NOW_MS = Date.parse('2026-03-10T11:00:00.000Z');
const admin = user('admin');

let preview: RunningPreview;
let sample: SamplePreview;
let jira: JiraClient;
let sampleAccounts: Set<string>;
let errors: readonly string[] = [];

beforeAll(async () => {
  sample = await startSamplePreview(NOW_MS);
  ({ preview, errors } = sample);
  jira = createJiraClient(
    createHttpTransport({
      baseUrl: preview.emulatorUrl,
      email: admin.emailAddress,
      apiToken: admin.apiToken,
    }),
  );
  const config = await page<PreviewConfig>('/__preview/config');
  sampleAccounts = new Set(config.users.map((u) => u.accountId));
}, 60_000);

afterAll(async () => {
  await sample.stop();
});

function page<T>(path: string, body?: unknown): Promise<T> {
  return previewPage<T>(preview, path, body);
}

function rate(issueKey: string, rating: number): Promise<PreviewCsatResult> {
  return page(`/__preview/requests/${issueKey}/csat?user=${admin.accountId}`, { rating });
}

async function csiIssueIds(): Promise<readonly string[]> {
  return jira.searchIssueIds('project = CSI');
}

/** Help-desk requests whose reporter is a sample user the preview can rate as (newest first). */
async function ratableRequests(count: number): Promise<string[]> {
  const keys: string[] = [];
  for await (const issues of jira.searchIssues('project = HD ORDER BY created DESC', ['reporter'])) {
    for (const issue of issues) {
      const reporter = issue.fields?.['reporter'] as { accountId?: string } | null | undefined;
      if (issue.key !== undefined && sampleAccounts.has(reporter?.accountId ?? '')) keys.push(issue.key);
      if (keys.length >= count) return keys;
    }
  }
  return keys;
}

it('registers exactly one improvement for a low rating, none more when rated low again, none for a 4', async () => {
  const [low, good] = await ratableRequests(2);
  expect(low).toBeDefined();
  expect(good).toBeDefined();
  const before = await csiIssueIds();

  const first = await rate(low ?? '', 1);

  expect(first.settled).toBe(true);
  expect(first.runs).toHaveLength(1);
  const run = first.runs[0];
  expect(run).toMatchObject({
    ruleId: 'low-csat',
    issueKey: low,
    outcome: 'performed',
    actionKey: 'register-improvement',
    inputs: {
      projectKey: 'CSI',
      source: 'customer-feedback',
      issueKey: low,
      sourceDetail: `CSAT 1/5 auf ${low ?? ''}`,
    },
    result: { created: true },
  });
  const improvementKey = (run?.result as { issueKey: string }).issueKey;
  const after = await csiIssueIds();
  expect(after).toHaveLength(before.length + 1);
  const improvement = await jira.getIssue(improvementKey, ['summary', 'issuetype', 'issuelinks']);
  expect(improvement.fields?.issuetype?.id).toBe(ISSUE_TYPE.verbesserung.id);
  expect(improvement.fields?.summary).toContain(`Niedrige Kundenzufriedenheit (1/5) bei ${low ?? ''}`);
  expect((await jira.getIssueLinks(improvementKey)).map((l) => l.inwardIssue?.key)).toEqual([low]);
  const record = await readStoredCsiRecord(capturedStore(), improvement.id ?? '');
  expect(record.stored?.record).toMatchObject({ source: 'customer-feedback', feedbackIssueKeys: [low] });

  // The same customer lowers the rating again: the rule runs, the action finds the improvement it registered.
  const again = await rate(low ?? '', 2);
  expect(again.runs.map((r) => [r.outcome, r.result])).toEqual([
    ['performed', { issueKey: improvementKey, created: false }],
  ]);

  const fine = await rate(good ?? '', 4);
  expect(fine.runs).toMatchObject([
    { ruleId: 'low-csat', issueKey: good, outcome: 'no-actions', actionKey: null },
  ]);
  expect(fine.runs[0]?.detail.de).toBe('Bewertung 4 von 5: nicht ≤ 2');
  expect(await csiIssueIds()).toHaveLength(before.length + 1);

  const view = await page<PreviewRulesView>('/__preview/rules');
  expect(view.rules.map((r) => r.id)).toEqual(['low-csat', 'incident-trend']);
  expect(view.runs.slice(0, 3).map((r) => [r.issueKey, r.outcome])).toEqual([
    [good, 'no-actions'],
    [low, 'performed'],
    [low, 'performed'],
  ]);
  expect(errors).toEqual([]);
}, 60_000);

it('refuses a rating outside 1..5', async () => {
  const response = await fetch(`${preview.url}/__preview/requests/HD-1/csat?user=${admin.accountId}`, {
    method: 'POST',
    body: JSON.stringify({ rating: 6 }),
  });
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('a whole number from 1 to 5');
});

it('registers one improvement on the fifth incident with one label in a week, none more on the sixth', async () => {
  const agent = user('claudia');
  const asAgent = createJiraClient(
    createHttpTransport({
      baseUrl: preview.emulatorUrl,
      email: agent.emailAddress,
      apiToken: agent.apiToken,
    }),
  );
  const before = await csiIssueIds();
  const created: string[] = [];
  for (let n = 1; n <= 6; n++) {
    const incident = await asAgent.createIssue({
      projectId: PROJECT_IDS.hd,
      issueTypeId: ISSUE_TYPE.stoerung.id,
      summary: `VPN-Abbruch ${String(n)}`,
      labels: ['vpn-regel-test'],
    });
    created.push(incident.key);
  }
  await preview.backend.idle();
  const view = await page<PreviewRulesView>('/__preview/rules');
  // Runs settle shortly after the events: wait for the six of this test.
  let runs = view.runs.filter((r) => r.ruleId === 'incident-trend' && created.includes(r.issueKey));
  for (let tries = 0; runs.length < 6 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    runs = (await page<PreviewRulesView>('/__preview/rules')).runs.filter(
      (r) => r.ruleId === 'incident-trend' && created.includes(r.issueKey),
    );
  }
  const byIssue = [...runs].reverse().map((r) => [r.issueKey, r.outcome]);
  expect(byIssue).toEqual([
    [created[0], 'no-actions'],
    [created[1], 'no-actions'],
    [created[2], 'no-actions'],
    [created[3], 'no-actions'],
    [created[4], 'performed'],
    [created[5], 'performed'],
  ]);
  const fifth = runs.find((r) => r.issueKey === created[4]);
  expect(fifth?.inputs).toMatchObject({
    source: 'incident-trend',
    dedupeKey: `incident-trend:HD:vpn-regel-test:${isoWeekOf(NOW_MS)}`,
  });
  expect(fifth?.result).toMatchObject({ created: true });
  expect(runs.find((r) => r.issueKey === created[5])?.result).toMatchObject({
    issueKey: (fifth?.result as { issueKey: string }).issueKey,
    created: false,
  });
  expect(await csiIssueIds()).toHaveLength(before.length + 1);
  expect(errors).toEqual([]);
}, 60_000);
