/**
 * The two Jira client calls the CSI record and register added, against the emulator: users in bulk (batches of
 * 50 account ids, unknown ids left out) and issue properties returned with a search.
 */
import { USERS, user } from '../../dev/sample-data/model';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { startCsiHarness, type CsiHarness } from './support';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
});

afterAll(async () => {
  await h.stop();
});

describe('getUsers', () => {
  it('reads every known account in batches of 50 and leaves unknown ids out', async () => {
    const jira = h.jiraFor(user('admin').accountId);
    const unknown = Array.from({ length: 45 }, (_, i) => `unknown-${i}`);
    h.emulator.requests.reset();
    const users = await jira.getUsers([
      ...USERS.map((u) => u.accountId),
      ...unknown,
      USERS[0]?.accountId ?? '',
    ]);
    // 12 + 45 distinct ids: two requests
    expect(h.emulator.requests.count('GET /rest/api/3/user/bulk')).toBe(2);
    expect(users.map((u) => u.accountId).sort()).toEqual(USERS.map((u) => u.accountId).sort());
    expect(users.find((u) => u.accountId === user('claudia').accountId)?.displayName).toBe(
      user('claudia').displayName,
    );
    expect(await jira.getUsers([])).toEqual([]);
  });
});

describe('searchIssues with properties', () => {
  it('returns the improvement record with each CSI issue', async () => {
    const jira = h.jiraFor(user('admin').accountId);
    const found: Record<string, unknown> = {};
    for await (const page of jira.searchIssues('project = CSI ORDER BY key ASC', ['summary'], {
      properties: [CSI_RECORD_PROPERTY_KEY],
    })) {
      for (const issue of page) found[issue.key ?? ''] = issue.properties?.[CSI_RECORD_PROPERTY_KEY];
    }
    const seedCsi = h.seed.issues.filter((i) => i.key.startsWith('CSI-'));
    expect(Object.keys(found)).toHaveLength(seedCsi.length);
    for (const issue of seedCsi) expect(found[issue.key]).toEqual(issue.properties[CSI_RECORD_PROPERTY_KEY]);
  });
});
