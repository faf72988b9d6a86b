/**
 * Loading flow data from the local Jira emulator over HTTP: paging over 12,000 issues, bulk changelog batching
 * and paging, the request budget the API's caps allow (counted by the emulator and by the client), and that the
 * bulk path yields the same histories as the issue panel's per-issue path.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { FLAGGED_FIELD_ID } from '../../dev/emulator/render';
import { createIssueReader } from '../../src/adapters/jira/forge-issue-reader';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import type { JiraIssueInput } from '../../src/domain/flow/types';
import { emulatorClient } from './support/emulator-client';
import { AGENT, buildFlowSeed, flowHistoriesOf } from './support/flow-seed';

const SEARCH = JIRA_ROUTES.searchJql;
const BULK = JIRA_ROUTES.bulkFetchChangelogs;
const LARGE_TIMEOUT_MS = 120_000;

describe('a 12,000-issue project', () => {
  const options = { issues: 12_000 };
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: buildFlowSeed(options) });
  }, LARGE_TIMEOUT_MS);
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.requests.reset();
  });

  it(
    'pages all issue ids in 3 requests of at most 5,000',
    async () => {
      const { client } = emulatorClient(emulator, AGENT);

      const ids = await client.searchIssueIds('project = HD ORDER BY key ASC');

      expect(ids).toHaveLength(12_000);
      expect(new Set(ids).size).toBe(12_000);
      expect([ids[0], ids[4999], ids[5000], ids[11_999]]).toEqual(['20001', '25000', '25001', '32000']);
      expect(emulator.requests.count(SEARCH)).toBe(3);
      expect(client.requestCount(SEARCH)).toBe(3);
    },
    LARGE_TIMEOUT_MS,
  );

  it(
    'loads every issue with exactly its status and Flagged histories: 1 field list, 120 search pages, 12 bulk fetches',
    async () => {
      const { client } = emulatorClient(emulator, AGENT);
      const mismatches: string[] = [];
      let loaded = 0;
      let histories = 0;

      const count = await loadFlowIssues(client, 'project = HD ORDER BY created ASC', (issue) => {
        loaded++;
        const n = Number(issue.key?.slice(3));
        const expected = flowHistoriesOf(n, options).map((h) => `${h.id}@${h.created}`);
        const actual = (issue.changelog?.histories ?? []).map((h) => `${h.id ?? ''}@${h.created ?? ''}`);
        histories += actual.length;
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(issue.key ?? '?');
      });

      expect(count).toBe(12_000);
      expect(loaded).toBe(12_000);
      expect(mismatches).toEqual([]);
      // n mod 4 status changes (average 1.5) plus 2 Flagged changes on every 10th issue; no assignee changes.
      expect(histories).toBe(12_000 * 1.5 + 1200 * 2);
      expect(emulator.requests.count(SEARCH)).toBe(120);
      expect(emulator.requests.count(BULK)).toBe(12);
      // Plus one field list: the Flagged field's id, which bulkfetch needs (it matches field ids only).
      expect(emulator.requests.count(JIRA_ROUTES.listFields)).toBe(1);
      expect(emulator.requests.count()).toBe(133);
      expect(client.requestCount()).toBe(133);
    },
    LARGE_TIMEOUT_MS,
  );

  it(
    'batches 2,500 ids into bulk fetches of 1,000, 1,000 and 500',
    async () => {
      const { client } = emulatorClient(emulator, AGENT);
      const ids = Array.from({ length: 2500 }, (_, i) => String(20_001 + i));

      const byIssue = await client.bulkFetchChangelogs(ids, ['status', FLAGGED_FIELD_ID]);

      expect(emulator.requests.count(BULK)).toBe(3);
      // Issues without status or Flagged changes (n mod 4 = 0 and not a multiple of 10) are left out.
      const withChanges = ids.filter((id) => {
        const n = Number(id) - 20_000;
        return n % 4 !== 0 || n % 10 === 0;
      });
      expect([...byIssue.keys()].sort()).toEqual(withChanges.sort());
      expect(
        byIssue.get('20003')?.map((h) => h.items?.map((i) => `${i.fromString ?? ''}→${i.toString ?? ''}`)),
      ).toEqual([['Neu→In Bearbeitung'], ['In Bearbeitung→Wartet auf Kunde'], ['Wartet auf Kunde→Gelöst']]);
    },
    LARGE_TIMEOUT_MS,
  );
});

describe('the 2,000-issue help desk', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: buildFlowSeed({ issues: 2000 }) });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.requests.reset();
  });

  it('loads in no more requests than the caps force: 20 search pages and 2 bulk fetches, none per issue', async () => {
    const { client } = emulatorClient(emulator, AGENT);
    const progress: number[] = [];

    const count = await loadFlowIssues(
      client,
      'project = HD',
      () => undefined,
      (done) => progress.push(done),
    );

    expect(count).toBe(2000);
    expect(emulator.requests.count(SEARCH)).toBeLessThanOrEqual(20);
    expect(emulator.requests.count(BULK)).toBeLessThanOrEqual(3);
    expect([emulator.requests.count(SEARCH), emulator.requests.count(BULK)]).toEqual([20, 2]);
    expect(emulator.requests.count(JIRA_ROUTES.getIssue)).toBe(0);
    expect(emulator.requests.count(JIRA_ROUTES.getIssueChangelog)).toBe(0);
    expect(emulator.requests.log().every((entry) => entry.status === 200)).toBe(true);
    expect(progress).toEqual([1000, 2000]);
  });

  it('gives the issue panel’s per-issue reader the same histories as the bulk path', async () => {
    const { client } = emulatorClient(emulator, AGENT);
    const bulk = new Map<string, JiraIssueInput>();
    await loadFlowIssues(client, 'key in (HD-7, HD-10, HD-40)', (issue) => bulk.set(issue.key ?? '', issue));
    const reader = createIssueReader(client);

    for (const key of ['HD-7', 'HD-10', 'HD-40']) {
      const single = await reader.getIssueWithChangelog(key);
      expect(single.changelog?.histories).toEqual(bulk.get(key)?.changelog?.histories);
      expect(single.fields?.status).toEqual(bulk.get(key)?.fields?.status);
    }
    expect(bulk.get('HD-7')?.fields?.status?.name).toBe('Gelöst');
    expect(bulk.get('HD-7')?.changelog?.histories).toHaveLength(3);
  });
});

describe('1,000 issues with more than 10,000 status changes', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: buildFlowSeed({ issues: 1000, busyChanges: 12 }) });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('follows the bulk fetch’s pages (10,000 changes each) and merges each issue’s histories across them', async () => {
    const { client } = emulatorClient(emulator, AGENT);
    const lengths = new Map<string, number>();

    await loadFlowIssues(client, 'project = HD', (issue) =>
      lengths.set(issue.key ?? '', issue.changelog?.histories?.length ?? 0),
    );

    // 12,000 status changes + 200 Flagged changes = 12,200 histories: two pages of one batch.
    expect(emulator.requests.count(BULK)).toBe(2);
    expect(emulator.requests.count(SEARCH)).toBe(10);
    expect(lengths.get('HD-1')).toBe(12);
    expect(lengths.get('HD-10')).toBe(14);
    expect([...lengths.values()].reduce((a, b) => a + b, 0)).toBe(12_200);
  });
});
