/**
 * Registering an improvement opportunity against the emulator with the sample data: the CSI issue, its stored
 * record (source, service, feedback issue) and the feedback issue linked; exactly one issue per dedupe key under
 * retries, concurrent duplicates and a writer that stopped after Jira created the issue.
 */
import { JIRA_ROUTES, type JiraClient } from '../../src/adapters/jira/jira-client';
import { csiRecordStoreKey, readStoredCsiRecord } from '../../src/application/csi-record';
import { reconcileFeedbackLinkEvent } from '../../src/application/feedback-links';
import type { StorePort } from '../../src/application/ports/store-port';
import {
  CsiNotSetUpError,
  InvalidImprovementRequestError,
  REGISTRATION_LEASE_MS,
  improvementMarkerLabel,
  improvementRegistrationKey,
  registerImprovement,
  type ImprovementRegistrationEntry,
  type RegisterImprovementRequest,
} from '../../src/application/register-improvement';
import { ISSUE_TYPE, PROJECT_IDS, user } from '../../dev/sample-data/model';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';

let h: CsiHarness;
let jira: JiraClient;

beforeAll(async () => {
  h = await startCsiHarness();
  jira = h.jiraFor(user('admin').accountId) as JiraClient;
});
afterAll(async () => {
  await h.stop();
});

const deps = () => ({
  store: h.store,
  jira,
  clock: () => SAMPLE_NOW_MS,
  sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 5)),
});

const request = (
  dedupeKey: string,
  overrides: Partial<RegisterImprovementRequest> = {},
): RegisterImprovementRequest => ({
  projectIdOrKey: 'CSI',
  summary: 'Passwort-Störungen nach CSAT 1 untersuchen',
  description: 'Kundin bewertete HD-12 mit 1.\nRückmeldung: zu langsam.',
  source: 'customer-feedback',
  sourceDetail: 'CSAT 1 auf HD-12',
  service: 'Service Desk',
  feedbackIssue: 'HD-12',
  dedupeKey,
  ...overrides,
});

describe('registerImprovement', () => {
  it('creates the CSI issue with its record and the feedback issue linked; a retry returns the same issue', async () => {
    const before = jira.requestCount(JIRA_ROUTES.createIssue);

    const first = await registerImprovement(deps(), request('test:first'));
    const retry = await registerImprovement(deps(), request('test:first'));

    expect(first.created).toBe(true);
    expect(first.feedbackIssueKey).toBe('HD-12');
    expect(retry).toEqual({ ...first, created: false });
    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(1);

    const issue = await jira.getIssue(first.issueKey, ['summary', 'issuetype', 'labels', 'issuelinks']);
    expect(issue.fields?.summary).toBe('Passwort-Störungen nach CSAT 1 untersuchen');
    expect(issue.fields?.issuetype?.id).toBe(ISSUE_TYPE.verbesserung.id);
    expect(issue.fields?.['labels']).toEqual([improvementMarkerLabel('test:first')]);
    const links = await jira.getIssueLinks(first.issueKey);
    expect(links.map((l) => [l.type.name, l.inwardIssue?.key])).toEqual([['Feedback', 'HD-12']]);

    const { stored } = await readStoredCsiRecord(h.store, first.issueId);
    expect(stored?.record).toMatchObject({
      source: 'customer-feedback',
      sourceDetail: 'CSAT 1 auf HD-12',
      service: 'Service Desk',
      feedbackIssueKeys: ['HD-12'],
      updatedByAccountId: user('admin').accountId,
    });
    const entry = await h.store.get<ImprovementRegistrationEntry>(improvementRegistrationKey('test:first'));
    expect(entry?.value.state).toBe('done');
  });

  it('creates exactly one issue for five concurrent calls with the same dedupe key', async () => {
    const before = jira.requestCount(JIRA_ROUTES.createIssue);

    const results = await Promise.all(
      Array.from({ length: 5 }, () => registerImprovement(deps(), request('test:concurrent'))),
    );

    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(1);
    expect(new Set(results.map((r) => r.issueKey)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const found = await jira.searchIssueIds(`labels = "${improvementMarkerLabel('test:concurrent')}"`);
    expect(found).toEqual([results[0]?.issueId]);
    expect(await jira.getIssueLinks(results[0]?.issueKey ?? '')).toHaveLength(1);
  });

  it('links with the link type the caller names, and names the fix for one the site lacks', async () => {
    const relates = await registerImprovement(deps(), request('test:relates', { linkTypeName: 'Relates' }));
    expect((await jira.getIssueLinks(relates.issueKey)).map((l) => l.type.name)).toEqual(['Relates']);

    const call = registerImprovement(
      deps(),
      request('test:unknown-type', { linkTypeName: 'Verursacht nicht' }),
    );
    await expect(call).rejects.toBeInstanceOf(InvalidImprovementRequestError);
    await expect(call).rejects.toThrow(/"Verursacht nicht" failed .*name a link type the site has/);
  });

  it('different dedupe keys register different improvements', async () => {
    const a = await registerImprovement(deps(), request('test:a', { feedbackIssue: null }));
    const b = await registerImprovement(deps(), request('test:b', { feedbackIssue: null }));
    expect(a.issueKey).not.toBe(b.issueKey);
    expect(a.feedbackIssueKey).toBeNull();
    expect(await jira.getIssueLinks(a.issueKey)).toEqual([]);
  });

  it('finds the issue a stopped writer created (its reservation past the lease) instead of creating another', async () => {
    const dedupeKey = 'test:stopped-writer';
    // The stopped writer: reserved long ago, Jira created the issue, nothing was recorded after.
    const orphan = await jira.createIssue({
      projectId: PROJECT_IDS.csi,
      issueTypeId: ISSUE_TYPE.verbesserung.id,
      summary: 'Verwaist',
      labels: [improvementMarkerLabel(dedupeKey)],
    });
    await h.store.put<ImprovementRegistrationEntry>(
      improvementRegistrationKey(dedupeKey),
      {
        state: 'reserved',
        reservedAtMs: SAMPLE_NOW_MS - REGISTRATION_LEASE_MS - 1,
        dedupeKey,
        projectId: PROJECT_IDS.csi,
        marker: improvementMarkerLabel(dedupeKey),
      },
      null,
    );
    const before = jira.requestCount(JIRA_ROUTES.createIssue);

    const result = await registerImprovement(deps(), request(dedupeKey));

    expect(result).toMatchObject({ issueKey: orphan.key, created: false });
    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(0);
    // The steps the stopped writer never reached are done now.
    expect((await readStoredCsiRecord(h.store, orphan.id)).stored?.record.feedbackIssueKeys).toEqual([
      'HD-12',
    ]);
  });

  it('refuses a project without CSI, naming the fix, and creates nothing', async () => {
    const before = jira.requestCount(JIRA_ROUTES.createIssue);
    const call = registerImprovement(deps(), request('test:hd', { projectIdOrKey: 'HD' }));
    await expect(call).rejects.toBeInstanceOf(CsiNotSetUpError);
    await expect(call).rejects.toThrow(/HD has no CSI issue type.*sets CSI up/);
    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(0);
    expect(await h.store.get(improvementRegistrationKey('test:hd'))).toBeNull();
  });

  it('refuses an invalid request before asking Jira anything', async () => {
    const before = jira.requestCount();
    const call = registerImprovement(
      deps(),
      request('', { summary: ' ', source: 'rumour' as never, service: 'x'.repeat(201) }),
    );
    await expect(call).rejects.toBeInstanceOf(InvalidImprovementRequestError);
    await expect(call).rejects.toThrow(
      /summary: must not be empty.*source: one of.*service: at most 200.*dedupeKey/,
    );
    expect(jira.requestCount() - before).toBe(0);
  });

  it('fails with Jira’s 404 for a feedback issue that does not exist, before creating anything', async () => {
    const before = jira.requestCount(JIRA_ROUTES.createIssue);
    await expect(
      registerImprovement(deps(), request('test:missing', { feedbackIssue: 'HD-999999' })),
    ).rejects.toThrow(/404|does not exist/i);
    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(0);
  });

  it('keeps its source, detail and service when the link trigger saves the record first (merges, not drops)', async () => {
    // The race: the registration links HD-12, the feedback link trigger reconciles that link and saves the record
    // (source guessed from HD-12's kind, no detail, no service) before the registration's own first save.
    const feedback = await jira.getIssue('HD-12', ['summary']);
    let raced = false;
    const racingStore = new Proxy(h.store, {
      get(target, property, receiver) {
        if (property !== 'put') {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        }
        const put: StorePort['put'] = async (key, value, expectedVersion, options) => {
          if (!raced && key.startsWith(csiRecordStoreKey('')) && expectedVersion === null) {
            raced = true;
            const improvementId = key.slice(csiRecordStoreKey('').length);
            const outcomes = await reconcileFeedbackLinkEvent(
              { jira, store: h.store, clock: () => SAMPLE_NOW_MS, createMissingRecords: true },
              { sourceIssueId: feedback.id ?? '', destinationIssueId: improvementId, actorAccountId: null },
            );
            expect(outcomes.map((o) => o.result)).toContain('updated');
          }
          return target.put(key, value, expectedVersion, options);
        };
        return put;
      },
    });

    const result = await registerImprovement(
      { ...deps(), store: racingStore },
      request('test:link-trigger-first', { source: 'measurement', service: 'Passwort-Service' }),
    );

    expect(raced).toBe(true);
    const { stored } = await readStoredCsiRecord(h.store, result.issueId);
    expect(stored?.record).toMatchObject({
      source: 'measurement',
      sourceDetail: 'CSAT 1 auf HD-12',
      service: 'Passwort-Service',
      feedbackIssueKeys: ['HD-12'],
    });
  });

  it('keeps what a person saved in the record before the registration finished, adding only what is missing', async () => {
    const dedupeKey = 'test:edited-first';
    let raced = false;
    const racingStore = new Proxy(h.store, {
      get(target, property, receiver) {
        if (property !== 'put') {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        }
        const put: StorePort['put'] = async (key, value, expectedVersion, options) => {
          if (!raced && key.startsWith(csiRecordStoreKey('')) && expectedVersion === null) {
            raced = true;
            const record = (value as { record: Record<string, unknown> }).record;
            // A quick editor: their own detail and service, the feedback issue not listed yet.
            await target.put(
              key,
              {
                ...(value as object),
                record: { ...record, sourceDetail: 'Von Hand', service: 'VPN', feedbackIssueKeys: [] },
              },
              null,
            );
          }
          return target.put(key, value, expectedVersion, options);
        };
        return put;
      },
    });

    const result = await registerImprovement({ ...deps(), store: racingStore }, request(dedupeKey));

    expect(raced).toBe(true);
    const { stored } = await readStoredCsiRecord(h.store, result.issueId);
    expect(stored?.record).toMatchObject({
      source: 'customer-feedback',
      sourceDetail: 'Von Hand',
      service: 'VPN',
      feedbackIssueKeys: ['HD-12'],
    });
  });
});
