/**
 * Issue-level security in the emulator: an issue with a security level is visible only to the level's members
 * (by account or group) — left out of search (ids-only pages too) and of the changelog bulk fetch, a 400 in
 * `issuekey in (…)` like a missing issue, 404 on get, properties, comments and changelog, links to it not shown,
 * ignored by a bulk property write — and its `security` field is rendered for who may see it. Setting the level by
 * an edit records Jira's `security` changelog item and emits the updated-issue event.
 */
import { startEmulator } from '../../dev/emulator';
import type { ProductEvent, RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import { ADMIN, AGENT, HD_ID, LEAD, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

const LEVEL = {
  id: '10300',
  name: 'Nur Service-Team',
  description: 'Nur das Service-Team sieht den Vorgang.',
  projectIds: [HD_ID],
  accountIds: [ADMIN.accountId],
  groups: ['service-team'],
};

/** HD-1 and HD-2 are under the level; Bernd is a member through his group, Clara (browses HD and CSI) is not. */
function securedSeed(): JiraSeed {
  const base = buildSeed({ hd: 6, csi: 2, sec: 1 });
  return {
    ...base,
    users: base.users.map((u) => (u.accountId === AGENT.accountId ? { ...u, groups: ['service-team'] } : u)),
    issues: base.issues.map((i) =>
      i.key === 'HD-1' || i.key === 'HD-2' ? { ...i, securityLevelId: LEVEL.id } : i,
    ),
    securityLevels: [LEVEL],
  };
}

let emulator: RunningEmulator;
const events: ProductEvent[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: securedSeed() });
  emulator.onProductEvent((event) => {
    events.push(event);
  });
});
afterAll(async () => {
  await emulator.stop();
});

async function keysFound(user: typeof ADMIN, jql: string, fields?: string[]): Promise<string[]> {
  const reply = await clientFor(emulator.url, user).post('/rest/api/3/search/jql', {
    jql,
    maxResults: 5000,
    ...(fields === undefined ? {} : { fields }),
  });
  expect(reply.status).toBe(200);
  return objs(obj(reply.body).issues).map((issue) => String(issue.key));
}

describe('issue security levels', () => {
  it('leaves secured issues out of a non-member’s search, ids-only and with fields', async () => {
    const all = ['HD-1', 'HD-2', 'HD-3', 'HD-4', 'HD-5', 'HD-6'];
    const jql = 'project = HD ORDER BY key ASC';
    expect(await keysFound(ADMIN, jql)).toEqual(all);
    expect(await keysFound(AGENT, jql)).toEqual(all); // a member through the group
    expect(await keysFound(LEAD, jql)).toEqual(all.slice(2));
    expect(await keysFound(LEAD, jql, ['status', 'summary'])).toEqual(all.slice(2));
    expect(await keysFound(LEAD, 'created >= "2020-01-01" ORDER BY key ASC')).not.toContain('HD-1');
  });

  it('answers 400 for a secured issue in `issuekey in (…)`, by key or id, as for a missing one', async () => {
    const lead = clientFor(emulator.url, LEAD);
    for (const [value, named] of [
      ['HD-1', 'HD-1'],
      ['100002', '100002'],
    ]) {
      const reply = await lead.post('/rest/api/3/search/jql', { jql: `issuekey in (${value}, HD-3)` });
      expect(reply.status).toBe(400);
      expect(obj(reply.body).errorMessages).toEqual([
        `An issue with key '${named}' does not exist for field 'key'.`,
      ]);
    }
    expect(await keysFound(ADMIN, 'issuekey in (100001, HD-3) ORDER BY key ASC')).toEqual(['HD-1', 'HD-3']);
  });

  it('answers 404 for a secured issue, its properties, comments and changelog, and leaves it out of bulkfetch', async () => {
    const lead = clientFor(emulator.url, LEAD);
    for (const path of [
      '/rest/api/3/issue/HD-1',
      '/rest/api/3/issue/100001',
      '/rest/api/3/issue/HD-1/properties',
      '/rest/api/3/issue/HD-1/properties/flow-cache',
      '/rest/api/3/issue/HD-1/comment',
      '/rest/api/3/issue/HD-1/changelog',
    ]) {
      expect([path, (await lead.get(path)).status]).toEqual([path, 404]);
    }
    const admin = clientFor(emulator.url, ADMIN);
    expect((await admin.get('/rest/api/3/issue/HD-1/comment')).status).toBe(200);
    const fetched = async (client: typeof lead): Promise<string[]> => {
      const reply = await client.post('/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: ['HD-1', 'HD-2', 'HD-3'],
      });
      expect(reply.status).toBe(200);
      return [...new Set(objs(obj(reply.body).issueChangeLogs).map((log) => String(log.issueId)))].sort();
    };
    expect(await fetched(lead)).toEqual(['100003']);
    expect(await fetched(admin)).toEqual(['100001', '100002', '100003']);
  });

  it('shows no link to a secured issue and ignores it in a bulk property write', async () => {
    const linksOf = async (user: typeof ADMIN): Promise<unknown[]> => {
      const reply = await clientFor(emulator.url, user).get('/rest/api/3/issue/CSI-1?fields=issuelinks');
      return objs(obj(obj(reply.body).fields).issuelinks).map((link) => obj(link.outwardIssue).key);
    };
    expect(await linksOf(ADMIN)).toEqual(['HD-2']);
    expect(await linksOf(LEAD)).toEqual([]);

    const lead = clientFor(emulator.url, LEAD);
    const write = await lead.post('/rest/api/3/issue/properties/multi', {
      issues: [
        { issueID: 100001, properties: { probe: { n: 1 } } },
        { issueID: 100003, properties: { probe: { n: 1 } } },
      ],
    });
    expect(write.status).toBe(303);
    const task = await lead.get(new URL(write.headers.get('location') ?? '').pathname);
    expect(obj(task.body).result).toEqual({ updatedIssueIds: [100003], failedIssues: [] });
    const admin = clientFor(emulator.url, ADMIN);
    expect((await admin.get('/rest/api/3/issue/HD-1/properties/probe')).status).toBe(404);
  });

  it('renders the security field for projects with a scheme, and lists it as a field', async () => {
    const admin = clientFor(emulator.url, ADMIN);
    const fieldsOf = async (key: string): Promise<Record<string, unknown>> =>
      obj(obj((await admin.get(`/rest/api/3/issue/${key}`)).body).fields);
    expect((await fieldsOf('HD-1')).security).toEqual({
      self: `${emulator.url}/rest/api/3/securitylevel/${LEVEL.id}`,
      id: LEVEL.id,
      description: LEVEL.description,
      name: LEVEL.name,
    });
    expect((await fieldsOf('HD-3')).security).toBeNull();
    expect('security' in (await fieldsOf('CSI-1'))).toBe(false);
    const listed = objs((await admin.get('/rest/api/3/field')).body).find((f) => f.id === 'security');
    expect(listed).toMatchObject({ name: 'Security Level', clauseNames: ['level'], custom: false });
  });

  it('sets the level by an edit of a member, with Jira’s changelog item and event; a non-member may not', async () => {
    const admin = clientFor(emulator.url, ADMIN);
    const lead = clientFor(emulator.url, LEAD);
    const refused = await lead.put('/rest/api/3/issue/HD-4', { fields: { security: { id: LEVEL.id } } });
    expect(refused.status).toBe(400);
    expect(obj(obj(refused.body).errors).security).toMatch(/security level/i);

    events.length = 0;
    expect(
      (await admin.put('/rest/api/3/issue/HD-4', { fields: { security: { id: LEVEL.id } } })).status,
    ).toBe(204);
    expect((await lead.get('/rest/api/3/issue/HD-4')).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Jira leaves out the empty `from`/`fromString` of a level set where there was none.
    const item = {
      field: 'security',
      fieldtype: 'jira',
      fieldId: 'security',
      to: LEVEL.id,
      toString: LEVEL.name,
    };
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue']);
    expect(obj(obj(events[0]?.payload).changelog).items).toEqual([item]);
    const changelog = await admin.get('/rest/api/3/issue/HD-4/changelog');
    expect(objs(obj(changelog.body).values).at(-1)?.items).toEqual([item]);

    // Lifting the level (by name null) shows the issue to everyone who browses HD again.
    expect((await admin.put('/rest/api/3/issue/HD-4', { fields: { security: null } })).status).toBe(204);
    expect((await lead.get('/rest/api/3/issue/HD-4')).status).toBe(200);
    const unknown = await admin.put('/rest/api/3/issue/CSI-1', { fields: { security: { id: LEVEL.id } } });
    expect(unknown.status).toBe(400);
  });

  it('drops the level of an issue moved to a project whose scheme lacks it', async () => {
    const moved = emulator.issues.move('HD-2', 'CSI');
    const reply = await clientFor(emulator.url, LEAD).get(`/rest/api/3/issue/${moved.key}`);
    expect(reply.status).toBe(200);
    expect('security' in obj(obj(reply.body).fields)).toBe(false);
  });
});
