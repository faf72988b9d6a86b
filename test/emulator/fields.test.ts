/**
 * The `fields` projection of issue get and search (`*all`, `*navigable`, field lists, `-field` exclusions), the
 * shapes of the fields the app reads, expansions, and that the emulator never changes the seed it was given.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, CSI_ID, LEAD, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestClient } from './http-client';

const ALL_FIELDS = [
  'assignee',
  'comment',
  'created',
  'creator',
  'customfield_10021',
  'description',
  'issuelinks',
  'issuetype',
  'labels',
  'priority',
  'project',
  'reporter',
  'resolution',
  'resolutiondate',
  'status',
  'summary',
  'updated',
];

const seed = buildSeed({ hd: 6, csi: 2, sec: 1 });
let emulator: RunningEmulator;
let jira: TestClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  jira = clientFor(emulator.url, ADMIN);
});

afterAll(async () => {
  await emulator.stop();
});

async function fieldKeys(path: string): Promise<string[]> {
  return Object.keys(obj(obj((await jira.get(path)).body).fields)).sort();
}

describe('fields projection', () => {
  it('issue get returns all fields by default and exactly the requested ones otherwise', async () => {
    expect(await fieldKeys('/rest/api/3/issue/HD-1')).toEqual(ALL_FIELDS);
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=summary,comment')).toEqual(['comment', 'summary']);
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=summary&fields=status')).toEqual([
      'status',
      'summary',
    ]);
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=*navigable')).toEqual(
      ALL_FIELDS.filter((f) => f !== 'comment'),
    );
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=-description')).toEqual(
      ALL_FIELDS.filter((f) => f !== 'description'),
    );
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=*all,-comment,-issuelinks')).toEqual(
      ALL_FIELDS.filter((f) => f !== 'comment' && f !== 'issuelinks'),
    );
    expect(await fieldKeys('/rest/api/3/issue/HD-1?fields=summary,nosuchfield')).toEqual(['summary']);
  });

  it('search applies the same forms: *navigable without labels has neither labels nor comment', async () => {
    const reply = await jira.post('/rest/api/3/search/jql', {
      jql: 'key = HD-1',
      fields: ['*navigable', '-labels'],
    });
    const fields = obj(objs(obj(reply.body).issues)[0]?.fields);
    expect(Object.keys(fields).sort()).toEqual(ALL_FIELDS.filter((f) => f !== 'comment' && f !== 'labels'));
  });

  it('renders status with its category, and the dates as Jira timestamps', async () => {
    const fields = obj(
      obj((await jira.get('/rest/api/3/issue/HD-1?fields=status,created,resolutiondate,resolution')).body)
        .fields,
    );
    expect(fields.status).toEqual({
      self: `${emulator.url}/rest/api/3/status/5`,
      description: '',
      iconUrl: `${emulator.url}/images/icons/statuses/generic.png`,
      name: 'Gelöst',
      id: '5',
      statusCategory: {
        self: `${emulator.url}/rest/api/3/statuscategory/3`,
        id: 3,
        key: 'done',
        colorName: 'green',
        name: 'Done',
      },
    });
    expect(fields.created).toBe('2026-01-05T09:00:00.000+0100');
    expect(fields.resolutiondate).toBe('2026-01-05T11:00:00.000+0100');
    expect(obj(fields.resolution)).toMatchObject({ id: '10001', name: 'Erledigt' });
    const waiting = obj(
      obj((await jira.get('/rest/api/3/issue/HD-2?fields=status,resolution,resolutiondate')).body).fields,
    );
    expect([obj(obj(waiting.status).statusCategory).key, waiting.resolution, waiting.resolutiondate]).toEqual(
      ['indeterminate', null, null],
    );
  });

  it('renders Flagged as customfield_10021 named "Flagged", and the people, priority and labels', async () => {
    const sec = obj((await jira.get('/rest/api/3/issue/SEC-1?expand=names')).body);
    expect(obj(sec.fields).customfield_10021).toEqual([
      { self: `${emulator.url}/rest/api/3/customFieldOption/10019`, value: 'Impediment', id: '10019' },
    ]);
    expect(obj(sec.names).customfield_10021).toBe('Flagged');
    const hd5 = obj(obj((await jira.get('/rest/api/3/issue/HD-5')).body).fields);
    expect(hd5.customfield_10021).toBeNull();
    expect(hd5.labels).toEqual(['drucker', 'vip']);
    expect(hd5.assignee).toBeNull();
    expect(obj(hd5.reporter)).toMatchObject({
      accountId: LEAD.accountId,
      displayName: 'Clara Lead',
      active: true,
    });
    expect(obj(hd5.priority)).toMatchObject({ id: '3', name: 'Medium' });
  });

  it('renders team-managed issue types and statuses with their project scope', async () => {
    const fields = obj(
      obj((await jira.get('/rest/api/3/issue/CSI-1?fields=issuetype,status,project')).body).fields,
    );
    expect(obj(fields.issuetype)).toMatchObject({
      name: 'Improvement',
      scope: { type: 'PROJECT', project: { id: CSI_ID } },
    });
    expect(obj(fields.status)).toMatchObject({
      name: 'Backlog',
      scope: { type: 'PROJECT', project: { id: CSI_ID } },
    });
    expect(obj(fields.project)).toMatchObject({ key: 'CSI', simplified: true, projectTypeKey: 'software' });
  });

  it('expands changelog (oldest first, with total), names, schema and transitions on issue get', async () => {
    const issue = obj(
      (await jira.get('/rest/api/3/issue/HD-2?fields=status&expand=changelog,schema,transitions')).body,
    );
    const changelog = obj(issue.changelog);
    expect([changelog.startAt, changelog.total, objs(changelog.histories).length]).toEqual([0, 2, 2]);
    expect(objs(changelog.histories)[0]?.created).toBe('2026-01-05T11:00:00.000+0100');
    expect(obj(issue.schema).status).toEqual({ type: 'status', system: 'status' });
    expect(objs(issue.transitions).map((t) => t.name)).toEqual([
      'Neu',
      'In Bearbeitung',
      'Gelöst',
      'Geschlossen',
    ]);
  });
});

describe('seed isolation', () => {
  it('writes change the emulator’s copy only, never the seed object it was started with', async () => {
    await jira.put('/rest/api/3/issue/HD-3', { fields: { summary: 'Geändert' } });
    expect(obj(obj((await jira.get('/rest/api/3/issue/HD-3?fields=summary')).body).fields).summary).toBe(
      'Geändert',
    );
    expect(seed.issues.find((i) => i.key === 'HD-3')?.summary).toBe('Drucker im Büro 3 druckt nicht');
    expect(seed.issues.find((i) => i.key === 'HD-3')?.histories).toHaveLength(2);
  });
});
