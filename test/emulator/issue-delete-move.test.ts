/**
 * Deleting and moving issues in the emulator. `DELETE /rest/api/3/issue/{issueIdOrKey}`: 204, 400 for an issue
 * with subtasks unless `deleteSubtasks=true`, 403 without Delete Issues, 404 when not visible, and an
 * `avi:jira:deleted:issue` event per deleted issue with Forge's issue-event payload. The dev hook
 * `emulator.issues.move`: a new key in the target project, the old key still resolving, a changelog history
 * with Jira's `project` and `Key` items and an `avi:jira:updated:issue` event carrying it.
 */
import { startEmulator } from '../../dev/emulator';
import type { ProductEvent, RunningEmulator } from '../../dev/emulator';
import type { JiraSeed, SeedIssue, SeedUser } from '../../dev/emulator/seed';
import { ADMIN, AGENT, CSI_ID, DAY_MS, HD_ID, START_MS, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

/** Browses HD but may not delete issues there. */
const NO_DELETE: SeedUser = {
  ...AGENT,
  accountId: '5b10a0000000000000000010',
  emailAddress: 'nodelete@example.test',
  apiToken: 'token-nodelete',
  deniedPermissions: { DELETE_ISSUES: '*' },
};

function seed(): JiraSeed {
  const base = buildSeed({ hd: 6, csi: 2, sec: 0 });
  const parent = base.issues.find((issue) => issue.key === 'HD-2');
  if (parent === undefined) throw new Error('HD-2 missing');
  const subtask: SeedIssue = {
    ...parent,
    id: '100100',
    key: 'HD-7',
    summary: 'Toner bestellen',
    histories: [],
    comments: [],
    properties: {},
    parentId: parent.id,
  };
  return { ...base, users: [...base.users, NO_DELETE], issues: [...base.issues, subtask] };
}

let emulator: RunningEmulator;
const NOW_MS = START_MS + 30 * DAY_MS;

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed(), now: () => NOW_MS });
});

afterAll(async () => {
  await emulator.stop();
});

/** The events emitted while `action` runs and for 50 ms after it. */
async function eventsDuring<T>(action: () => T | Promise<T>): Promise<{ result: T; events: ProductEvent[] }> {
  const events: ProductEvent[] = [];
  const unsubscribe = emulator.onProductEvent((event) => {
    events.push(event);
  });
  const result = await action();
  await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();
  return { result, events };
}

describe('DELETE /rest/api/3/issue/{issueIdOrKey}', () => {
  it('deletes an issue (204), emits avi:jira:deleted:issue with the issue as it was, then 404s', async () => {
    const jira = clientFor(emulator.url, ADMIN);

    const { result, events } = await eventsDuring(() => jira.del('/rest/api/3/issue/HD-3'));

    expect(result.status).toBe(204);
    expect(result.text).toBe('');
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:deleted:issue']);
    const payload = obj(events[0]?.payload);
    expect(payload).toMatchObject({
      eventType: 'avi:jira:deleted:issue',
      issue: { id: '100003', key: 'HD-3', fields: { project: { id: HD_ID, key: 'HD' } } },
      atlassianId: ADMIN.accountId,
      associatedUsers: [{ accountId: ADMIN.accountId }],
    });
    expect(obj(obj(payload.issue).fields)).toHaveProperty('status');
    expect((await jira.get('/rest/api/3/issue/HD-3')).status).toBe(404);
    expect((await jira.get('/rest/api/3/issue/100003')).status).toBe(404);
    const search = await jira.post('/rest/api/3/search/jql', { jql: 'project = HD', maxResults: 100 });
    expect(objs(obj(search.body).issues).map((i) => i.key)).not.toContain('HD-3');
    expect((await jira.del('/rest/api/3/issue/HD-3')).status).toBe(404);
  });

  it('refuses an issue with subtasks (400) unless deleteSubtasks=true, then deletes both with an event each', async () => {
    const jira = clientFor(emulator.url, ADMIN);

    const refused = await jira.del('/rest/api/3/issue/HD-2');
    const refusedFalse = await jira.del('/rest/api/3/issue/HD-2?deleteSubtasks=false');
    expect([refused.status, refusedFalse.status]).toEqual([400, 400]);
    expect(obj(refused.body).errorMessages).toEqual([expect.stringContaining('deleteSubtasks=true')]);
    expect((await jira.get('/rest/api/3/issue/HD-7')).status).toBe(200);

    const { result, events } = await eventsDuring(() =>
      jira.del('/rest/api/3/issue/HD-2?deleteSubtasks=true'),
    );

    expect(result.status).toBe(204);
    expect(events.map((e) => [e.eventType, obj(obj(e.payload).issue).key])).toEqual([
      ['avi:jira:deleted:issue', 'HD-7'],
      ['avi:jira:deleted:issue', 'HD-2'],
    ]);
    expect((await jira.get('/rest/api/3/issue/HD-7')).status).toBe(404);
    expect((await jira.get('/rest/api/3/issue/HD-2')).status).toBe(404);
  });

  it('answers 403 without Delete Issues and 404 for an issue the caller cannot browse, deleting nothing', async () => {
    const forbidden = await clientFor(emulator.url, NO_DELETE).del('/rest/api/3/issue/HD-4');
    expect(forbidden.status).toBe(403);
    const hidden = await clientFor(emulator.url, AGENT).del('/rest/api/3/issue/CSI-1');
    expect(hidden.status).toBe(404);
    const admin = clientFor(emulator.url, ADMIN);
    expect((await admin.get('/rest/api/3/issue/HD-4')).status).toBe(200);
    expect((await admin.get('/rest/api/3/issue/CSI-1')).status).toBe(200);
    const permissions = await clientFor(emulator.url, NO_DELETE).get(
      '/rest/api/3/mypermissions?projectKey=HD&permissions=DELETE_ISSUES,EDIT_ISSUES',
    );
    expect(obj(obj(permissions.body).permissions).DELETE_ISSUES).toMatchObject({ havePermission: false });
    expect(obj(obj(permissions.body).permissions).EDIT_ISSUES).toMatchObject({ havePermission: true });
  });
});

describe('emulator.issues.move', () => {
  it('gives the issue the next key of the target project, keeps the old key resolving, records project and Key', async () => {
    const jira = clientFor(emulator.url, ADMIN);
    const before = obj((await jira.get('/rest/api/3/issue/HD-5?fields=status')).body);

    const { result, events } = await eventsDuring(() => emulator.issues.move('HD-5', 'CSI'));

    expect(result).toEqual({ id: '100005', key: 'CSI-3', previousKey: 'HD-5' });
    const byOldKey = await jira.get('/rest/api/3/issue/HD-5?fields=project,status');
    expect(byOldKey.status).toBe(200);
    expect(obj(byOldKey.body)).toMatchObject({
      id: '100005',
      key: 'CSI-3',
      fields: { project: { id: CSI_ID, key: 'CSI' }, status: obj(obj(before).fields).status },
    });
    const changelog = await jira.get('/rest/api/3/issue/CSI-3/changelog');
    const last = objs(obj(changelog.body).values).at(-1);
    expect(last?.items).toEqual([
      {
        field: 'project',
        fieldtype: 'jira',
        fieldId: 'project',
        from: HD_ID,
        fromString: 'Help Desk',
        to: CSI_ID,
        toString: 'Continual Service Improvement',
      },
      {
        field: 'Key',
        fieldtype: 'jira',
        fieldId: 'issuekey',
        fromString: 'HD-5',
        toString: 'CSI-3',
      },
    ]);
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue']);
    const payload = obj(events[0]?.payload);
    expect(payload).toMatchObject({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '100005', key: 'CSI-3', fields: { project: { id: CSI_ID } } },
      changelog: { id: last?.id, items: last?.items },
    });

    const hd = await jira.post('/rest/api/3/search/jql', { jql: 'project = HD', maxResults: 100 });
    expect(objs(obj(hd.body).issues).map((i) => i.key)).not.toContain('CSI-3');
    const csi = await jira.post('/rest/api/3/search/jql', { jql: 'project = CSI', maxResults: 100 });
    expect(objs(obj(csi.body).issues).map((i) => i.key)).toContain('CSI-3');
    const byOldKeyJql = await jira.post('/rest/api/3/search/jql', { jql: 'key = HD-5' });
    expect(objs(obj(byOldKeyJql.body).issues).map((i) => i.key)).toEqual(['CSI-3']);
  });

  it('never reuses a key: an issue created in the left project after a move gets a new number', async () => {
    const jira = clientFor(emulator.url, ADMIN);
    emulator.issues.move('HD-6', 'CSI');
    const created = await jira.post('/rest/api/3/issue', {
      fields: { project: { key: 'HD' }, issuetype: { id: '10100' }, summary: 'Neu nach dem Verschieben' },
    });
    expect(created.status).toBe(201);
    expect(obj(created.body).key).toBe('HD-8');
    const old = await jira.get('/rest/api/3/issue/HD-6');
    expect(obj(old.body).key).toBe('CSI-4');
  });

  it('refuses an unknown issue or project and a move into the same project', () => {
    expect(() => emulator.issues.move('HD-999', 'CSI')).toThrow('No issue HD-999');
    expect(() => emulator.issues.move('HD-1', 'NOPE')).toThrow('No project NOPE');
    expect(() => emulator.issues.move('HD-1', 'HD')).toThrow('already in HD');
  });
});
