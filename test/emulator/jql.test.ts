/**
 * The emulator's JQL subset: each supported field and operator through `/rest/api/3/search/jql`, dates in the
 * user's time zone and relative to the emulator clock, precedence and ORDER BY, and the 400 answers for
 * unbounded and unsupported queries. Seed: HD-i created 2026-01-05 08:00 UTC + (i − 1) h; odd issues resolved
 * (Gelöst) 2 h after creation, even ones waiting (Wartet auf Kunde); HD-3/6/9 are service requests.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { JqlError, jqlDateMs, parseJql, tokenizeJql } from '../../dev/emulator/jql';
import { ADMIN, AGENT, HOUR_MS, LEAD, START_MS, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestClient } from './http-client';

let emulator: RunningEmulator;
const NOW_MS = START_MS + 12 * HOUR_MS;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildSeed({ hd: 10, csi: 2, sec: 1 }), now: () => NOW_MS });
});

afterAll(async () => {
  await emulator.stop();
});

async function keys(client: TestClient, jql: string): Promise<string[]> {
  const reply = await client.post('/rest/api/3/search/jql', { jql, maxResults: 5000 });
  if (reply.status !== 200) throw new Error(`${jql} → ${reply.status} ${reply.text}`);
  return objs(obj(reply.body).issues).map((i) => String(i.key));
}

async function error(client: TestClient, jql: string): Promise<{ status: number; message: unknown }> {
  const reply = await client.post('/rest/api/3/search/jql', { jql });
  const body = obj(reply.body);
  expect(body.errors).toEqual({});
  return { status: reply.status, message: (body.errorMessages as unknown[])[0] };
}

const hd = (...numbers: number[]): string[] => numbers.map((n) => `HD-${n}`);

describe('JQL subset through search/jql', () => {
  const admin = (): TestClient => clientFor(emulator.url, ADMIN);
  const agent = (): TestClient => clientFor(emulator.url, AGENT);
  const lead = (): TestClient => clientFor(emulator.url, LEAD);

  it('project = and in, by key, name or id; AND binds tighter than OR; parentheses regroup', async () => {
    expect(await keys(lead(), 'project in (HD, CSI) AND created < "2026-01-05 11:00"')).toEqual([
      'CSI-1',
      ...hd(1, 2),
    ]);
    expect(await keys(admin(), 'project = "Help Desk" AND key in (HD-1, HD-2)')).toEqual(hd(1, 2));
    expect(await keys(admin(), 'project = 10002')).toEqual(['SEC-1']);
    expect(await keys(admin(), 'key = HD-1 OR key = HD-2 AND status = Gelöst')).toEqual(hd(1));
    expect(await keys(admin(), '(key = HD-1 OR key = HD-2) AND status = Gelöst')).toEqual(hd(1));
    expect(await keys(admin(), 'project = HD AND (status = Neu OR key = HD-4)')).toEqual(hd(4));
  });

  it('issuetype (alias type) and status = / in, by name or id', async () => {
    expect(await keys(admin(), 'issuetype = "Service Request"')).toEqual(hd(3, 6, 9));
    expect(await keys(admin(), 'project = HD AND type in (10101)')).toEqual(hd(3, 6, 9));
    expect(await keys(admin(), 'project = HD AND status = "Gelöst"')).toEqual(hd(1, 3, 5, 7, 9));
    expect(await keys(admin(), 'project = HD AND status in (Neu, 10010)')).toEqual(hd(2, 4, 6, 8, 10));
  });

  it('statusCategory by name, key and id', async () => {
    expect(await keys(admin(), 'project = HD AND statusCategory = Done')).toEqual(hd(1, 3, 5, 7, 9));
    expect(
      await keys(admin(), 'statusCategory in ("To Do", indeterminate) AND project in (CSI, SEC)'),
    ).toEqual(['CSI-1', 'CSI-2', 'SEC-1']);
    expect(await keys(admin(), 'project = HD AND statusCategory = 4')).toEqual(hd(2, 4, 6, 8, 10));
  });

  it('created >=, >, <=, < against a local date-time in the user time zone', async () => {
    // Anna's zone is Europe/Berlin: 12:00 local is 11:00 UTC, the creation of HD-4.
    expect(await keys(admin(), 'project = HD AND created >= "2026-01-05 12:00"')).toEqual(
      hd(4, 5, 6, 7, 8, 9, 10),
    );
    expect(await keys(admin(), 'project = HD AND created > "2026-01-05 12:00"')).toEqual(
      hd(5, 6, 7, 8, 9, 10),
    );
    expect(await keys(admin(), 'project = HD AND created <= "2026/01/05 12:00"')).toEqual(hd(1, 2, 3, 4));
    expect(await keys(admin(), 'project = HD AND createdDate < "2026-01-05 12:00"')).toEqual(hd(1, 2, 3));
    // Bernd's zone is UTC: the same wall-clock time is an hour later.
    expect(await keys(agent(), 'project = HD AND created >= "2026-01-05 12:00"')).toEqual(
      hd(5, 6, 7, 8, 9, 10),
    );
    expect(await keys(agent(), 'project = HD AND created >= "2026-01-06"')).toEqual([]);
  });

  it('updated and resolved ranges, relative periods against the emulator clock', async () => {
    // Now is 20:00 UTC; HD-i was last updated at 10:00 + (i − 1) h UTC.
    expect(await keys(admin(), 'project = HD AND updated >= -3h')).toEqual(hd(8, 9, 10));
    expect(await keys(admin(), 'project = HD AND updatedDate > -1d')).toEqual(
      hd(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    );
    expect(await keys(admin(), 'created >= -1w AND created <= -11h')).toEqual([
      'CSI-1',
      ...hd(1, 2),
      'SEC-1',
    ]);
    expect(await keys(admin(), 'project = HD AND resolved >= "2026-01-05"')).toEqual(hd(1, 3, 5, 7, 9));
    expect(await keys(admin(), 'project = HD AND resolutiondate < "2026-01-05 13:00"')).toEqual(hd(1));
    expect(await keys(admin(), 'project = HD AND resolved <= -480m')).toEqual(hd(1, 3));
  });

  it('key = / in by key or id; ORDER BY created, updated, key, resolved with ASC/DESC', async () => {
    expect(await keys(admin(), 'issuekey = 100004 OR key = HD-2')).toEqual(hd(2, 4));
    expect(await keys(admin(), 'project = HD AND key in (HD-9, HD-10, HD-1) ORDER BY key DESC')).toEqual(
      hd(10, 9, 1),
    );
    expect(
      await keys(admin(), 'project = HD AND created <= "2026-01-05 11:00" ORDER BY created DESC'),
    ).toEqual(hd(3, 2, 1));
    expect(await keys(admin(), 'project = HD ORDER BY resolved ASC, key DESC')).toEqual(
      hd(1, 3, 5, 7, 9, 10, 8, 6, 4, 2),
    );
    expect(await keys(admin(), 'project = HD AND key in (HD-2, HD-3) order by updated desc')).toEqual(
      hd(3, 2),
    );
  });
});

describe('relative dates and a moving clock', () => {
  it('evaluates a new search against the clock now, while pages of one search stay consistent', async () => {
    let nowMs = START_MS + 5 * HOUR_MS;
    const moving = await startEmulator({ seed: buildSeed({ hd: 10 }), now: () => nowMs });
    try {
      const client = clientFor(moving.url, ADMIN);
      const JQL = 'project = HD AND created >= -2h AND created < 1h';
      const search = (body: Record<string, unknown>) => client.post('/rest/api/3/search/jql', body);
      // At 13:00 UTC, created in [11:00, 14:00) are HD-4..HD-6; three hours later HD-7..HD-9.
      const first = obj((await search({ jql: JQL, maxResults: 2 })).body);
      expect(objs(first.issues).map((i) => i.key)).toEqual(['HD-4', 'HD-5']);
      nowMs += 3 * HOUR_MS;
      const second = obj(
        (await search({ jql: JQL, maxResults: 2, nextPageToken: first.nextPageToken })).body,
      );
      expect(objs(second.issues).map((i) => i.key)).toEqual(['HD-6']);
      const fresh = obj((await search({ jql: JQL, maxResults: 5 })).body);
      expect(objs(fresh.issues).map((i) => i.key)).toEqual(['HD-7', 'HD-8', 'HD-9']);
    } finally {
      await moving.stop();
    }
  });
});

describe('JQL the emulator rejects with 400', () => {
  const admin = (): TestClient => clientFor(emulator.url, ADMIN);
  const unbounded =
    'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

  it('rejects unbounded queries: empty, missing or only ORDER BY', async () => {
    expect(await error(admin(), '')).toEqual({ status: 400, message: unbounded });
    expect(await error(admin(), 'ORDER BY key DESC')).toEqual({ status: 400, message: unbounded });
    const missing = await admin().post('/rest/api/3/search/jql', { maxResults: 10 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ errorMessages: [unbounded], errors: {} });
  });

  it('names the unsupported field, operator, keyword or function', async () => {
    const cases: [string, string][] = [
      ['assignee = currentUser()', "the field 'assignee'"],
      ['project != HD', "the operator '!=' for the field 'project'"],
      ['project not in (HD)', "the operator 'NOT IN' for the field 'project'"],
      ['summary ~ "Drucker"', "the field 'summary'"],
      ['project = HD AND NOT status = Neu', "the 'NOT' operator"],
      ['project = HD AND status IS EMPTY', "the operator 'IS' for the field 'status'"],
      ['project = HD AND created >= startOfDay()', "the JQL function 'startOfDay()'"],
      ['project = HD AND created = "2026-01-05"', "the operator '=' for the field 'created'"],
      ['project = HD ORDER BY priority', "cannot order by 'priority'"],
    ];
    for (const [jql, part] of cases) {
      const { status, message } = await error(admin(), jql);
      expect(status).toBe(400);
      expect(String(message)).toContain(part);
    }
  });

  it('answers like Jira for values that name nothing and for syntax errors', async () => {
    expect(await error(clientFor(emulator.url, AGENT), 'project = CSI')).toEqual({
      status: 400,
      message: "The value 'CSI' does not exist for the field 'project'.",
    });
    expect(await error(admin(), 'status = Erledigt')).toEqual({
      status: 400,
      message: "The value 'Erledigt' does not exist for the field 'status'.",
    });
    expect(await error(admin(), 'key = HD-99')).toEqual({
      status: 400,
      message: "An issue with key 'HD-99' does not exist for field 'key'.",
    });
    expect((await error(admin(), 'created >= "31.01.2026"')).message).toContain(
      "Date value '31.01.2026' for field 'created' is invalid.",
    );
    expect((await error(admin(), 'project = HD AND')).message).toBe(
      'Error in the JQL Query: Expecting a field name but reached the end of the query.',
    );
    expect((await error(admin(), 'project in (HD')).message).toBe(
      "Error in the JQL Query: Expecting ',' or ')' but got the end of the query.",
    );
    expect((await error(admin(), 'project = HD foo')).message).toBe(
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 14)",
    );
  });
});

describe('JQL parsing and dates without HTTP', () => {
  it('tokenizes quoted strings with either quote and backslash escapes', () => {
    expect(tokenizeJql(`status = "Wartet \\"auf\\" Kunde" OR status='Neu'`).map((t) => t.text)).toEqual([
      'status',
      '=',
      'Wartet "auf" Kunde',
      'OR',
      'status',
      '=',
      'Neu',
    ]);
    expect(() => tokenizeJql('status = "Neu')).toThrow(JqlError);
  });

  it('parses AND over OR into a tree and keeps ORDER BY directions', () => {
    expect(parseJql('project = A OR project = B AND status = C ORDER BY created DESC, key')).toEqual({
      where: {
        kind: 'or',
        left: { kind: 'list', field: 'project', values: [{ text: 'A', position: 11 }] },
        right: {
          kind: 'and',
          left: { kind: 'list', field: 'project', values: [{ text: 'B', position: 26 }] },
          right: { kind: 'list', field: 'status', values: [{ text: 'C', position: 41 }] },
        },
      },
      orderBy: [
        { field: 'created', direction: 'DESC' },
        { field: 'key', direction: 'ASC' },
      ],
    });
  });

  it('reads dates as local times in the given zone, across daylight saving time', () => {
    const value = (text: string) => ({ text, position: 1 });
    expect(jqlDateMs(value('2026-01-31'), 'created', 'Europe/Berlin', 0)).toBe(Date.UTC(2026, 0, 30, 23, 0));
    expect(jqlDateMs(value('2026-07-01 10:30'), 'created', 'Europe/Berlin', 0)).toBe(
      Date.UTC(2026, 6, 1, 8, 30),
    );
    expect(jqlDateMs(value('-2w'), 'created', 'UTC', 30 * 86_400_000)).toBe(16 * 86_400_000);
    expect(() => jqlDateMs(value('2026-02-30'), 'created', 'UTC', 0)).toThrow(JqlError);
  });
});
