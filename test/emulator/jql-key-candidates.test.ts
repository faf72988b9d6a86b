/**
 * Key-restricted searches (`issuekey in (…) AND project = X`, the app's batches of 1,000 ids) look their issues up
 * by id instead of scanning every issue: the candidate set is exact for `and`/`or` combinations, unrestricted
 * queries still scan, and the answers equal those of the same conditions without the narrowing.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import type { JqlCatalog } from '../../dev/emulator/jql';
import { parseJql } from '../../dev/emulator/jql';
import { keyCandidateIds } from '../../dev/emulator/jql-candidates';
import { ADMIN, AGENT, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

const KEYS: Readonly<Record<string, string>> = { 'HD-1': '1', 'HD-2': '2', 'HD-3': '3', '4': '4' };
const catalog: JqlCatalog = {
  projectIds: () => ['10000'],
  issueTypeIds: () => null,
  statusIds: () => null,
  issueId: (keyOrId) => KEYS[keyOrId] ?? null,
  timeZone: 'UTC',
  nowMs: 0,
};

function candidates(jql: string): string[] | null {
  const where = parseJql(jql).where;
  if (where === null) throw new Error('no where');
  const ids = keyCandidateIds(where, catalog);
  return ids === null ? null : [...ids].sort();
}

describe('keyCandidateIds', () => {
  it('takes the keys of a key clause, intersects under AND and unites under OR', () => {
    expect(candidates('issuekey in (HD-1, HD-2, 4)')).toEqual(['1', '2', '4']);
    expect(candidates('key = HD-3 AND project = HD')).toEqual(['3']);
    expect(candidates('project = HD AND issuekey in (HD-1, HD-2) AND key in (HD-2, HD-3)')).toEqual(['2']);
    expect(candidates('key = HD-1 OR key = HD-3')).toEqual(['1', '3']);
  });

  it('does not narrow a query that can match issues outside the key clause', () => {
    expect(candidates('project = HD')).toBeNull();
    expect(candidates('key = HD-1 OR project = HD')).toBeNull();
    expect(candidates('created >= -5d AND status = Neu')).toBeNull();
  });
});

describe('key-restricted search over HTTP', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: buildSeed({ hd: 30, csi: 3, sec: 2 }) });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const keys = async (user: typeof ADMIN, jql: string): Promise<unknown[]> => {
    const reply = await clientFor(emulator.url, user).post('/rest/api/3/search/jql', {
      jql,
      maxResults: 100,
    });
    expect([reply.status, reply.text.slice(0, 200)]).toEqual([200, expect.any(String)]);
    return objs(obj(reply.body).issues).map((issue) => issue.key);
  };

  it('finds exactly the keyed issues that meet the other conditions, in key order', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(100_030 - i));
    expect(
      await keys(ADMIN, `issuekey in (${ids.join(',')}) AND project = HD AND statusCategory = Done`),
    ).toEqual(await keys(ADMIN, 'project = HD AND statusCategory = Done'));
    expect(await keys(ADMIN, 'issuekey in (HD-1, CSI-1, SEC-1) AND project = HD')).toEqual(['HD-1']);
    expect(await keys(ADMIN, '(key = HD-3 OR key = CSI-2) ORDER BY key DESC')).toEqual(['HD-3', 'CSI-2']);
    expect(await keys(ADMIN, 'key = HD-3 OR project = SEC')).toEqual(['HD-3', 'SEC-1', 'SEC-2']);
  });

  it('never returns an issue the user cannot browse, even by id', async () => {
    const reply = await clientFor(emulator.url, AGENT).post('/rest/api/3/search/jql', {
      jql: 'issuekey in (HD-2, CSI-1)',
    });
    // Jira: a key the user cannot see "does not exist" (400), as without the narrowing.
    expect(reply.status).toBe(400);
    expect(await keys(AGENT, 'issuekey in (HD-2, HD-4) AND project = HD')).toEqual(['HD-2', 'HD-4']);
  });
});
