/**
 * Writes and the product events they emit after the response: issue create (`avi:jira:created:issue`),
 * transitions and field edits (`avi:jira:updated:issue`, with changelog), links (`avi:jira:created:issuelink`);
 * the ADF-only comment rule; issue properties round trip.
 */
import { startEmulator } from '../../dev/emulator';
import type { ProductEvent, RunningEmulator } from '../../dev/emulator';
import { adfParagraph } from '../../dev/emulator/adf';
import { AGENT, DAY_MS, HD_ID, START_MS, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestClient } from './http-client';

const NOW_MS = START_MS + 10 * DAY_MS;
const NOW_TEXT = '2026-01-15T08:00:00.000+0000';

let emulator: RunningEmulator;
let jira: TestClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildSeed({ hd: 10, csi: 2 }), now: () => NOW_MS });
  jira = clientFor(emulator.url, AGENT);
});

afterAll(async () => {
  await emulator.stop();
});

/** Collects the events of one write; resolves after `count` events arrived. */
function collectEvents(count: number): { events: ProductEvent[]; done: Promise<void> } {
  const events: ProductEvent[] = [];
  let unsubscribe = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    unsubscribe = emulator.onProductEvent((event) => {
      events.push(event);
      if (events.length === count) {
        unsubscribe();
        resolve();
      }
    });
  });
  return { events, done };
}

/** The events emitted while `action` runs and for 50 ms after it (subscribed before the request is sent). */
async function eventsDuring<T>(action: () => Promise<T>): Promise<{ result: T; events: ProductEvent[] }> {
  const events: ProductEvent[] = [];
  const unsubscribe = emulator.onProductEvent((event) => {
    events.push(event);
  });
  const result = await action();
  await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();
  return { result, events };
}

async function fieldsOf(key: string, fields: string): Promise<Record<string, unknown>> {
  return obj(obj((await jira.get(`/rest/api/3/issue/${key}?fields=${fields}`)).body).fields);
}

describe('issue create', () => {
  it('creates HD-11 in the first workflow status and emits avi:jira:created:issue once the write is answered', async () => {
    const { events, done } = collectEvents(1);
    // What a trigger handler sees when the event arrives: the answered request and the new issue.
    let seenByHandler: Promise<[readonly { routeKey: string; status: number }[], number]> | undefined;
    const stopWatching = emulator.onProductEvent(() => {
      const log = emulator.requests.log();
      seenByHandler = jira.get('/rest/api/3/issue/HD-11?fields=summary').then((r) => [log, r.status]);
    });
    const reply = await jira.post('/rest/api/3/issue', {
      fields: {
        project: { key: 'HD' },
        issuetype: { name: 'Incident' },
        summary: 'VPN trennt alle fünf Minuten',
        description: adfParagraph('Seit dem Update.'),
        labels: ['vpn'],
      },
    });
    await done;
    stopWatching();
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: '300002',
      key: 'HD-11',
      self: `${emulator.url}/rest/api/3/issue/300002`,
    });
    const [logAtEvent, readStatus] = (await seenByHandler) ?? [[], 0];
    expect(logAtEvent).toContainEqual({ routeKey: 'POST /rest/api/3/issue', status: 201 });
    expect(readStatus).toBe(200);
    const payload = obj(events[0]?.payload);
    expect(events[0]?.eventType).toBe('avi:jira:created:issue');
    expect(payload.eventType).toBe('avi:jira:created:issue');
    expect(payload.atlassianId).toBe(AGENT.accountId);
    expect(payload.associatedUsers).toEqual([{ accountId: AGENT.accountId }]);
    const issue = obj(payload.issue);
    expect([issue.id, issue.key]).toEqual(['300002', 'HD-11']);
    const fields = obj(issue.fields);
    expect(fields.summary).toBe('VPN trennt alle fünf Minuten');
    expect(obj(fields.status)).toMatchObject({
      id: '1',
      name: 'Neu',
      statusCategory: { key: 'new', name: 'To Do' },
    });
    expect(obj(fields.project)).toMatchObject({ id: HD_ID, key: 'HD' });
    expect(fields.created).toBe(NOW_TEXT);

    const stored = await fieldsOf('HD-11', 'summary,description,labels,created,reporter,status');
    expect(stored.description).toEqual(adfParagraph('Seit dem Update.'));
    expect(stored.labels).toEqual(['vpn']);
    expect(obj(stored.reporter).accountId).toBe(AGENT.accountId);
  });

  it('answers 400 with per-field errors: plain-text description, missing summary, unknown project', async () => {
    const plain = await jira.post('/rest/api/3/issue', {
      fields: { project: { key: 'HD' }, issuetype: { id: '10100' }, summary: 'x', description: 'nur Text' },
    });
    expect(plain.status).toBe(400);
    expect(plain.body).toEqual({
      errorMessages: [],
      errors: {
        description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      },
    });
    const missing = await jira.post('/rest/api/3/issue', {
      fields: { project: { key: 'SEC' }, issuetype: { id: '10100' } },
    });
    expect(obj(missing.body).errors).toEqual({
      project: 'Specify a valid project ID or key',
      issuetype: 'Specify an issue type',
      summary: 'You must specify a summary of the issue.',
    });
  });
});

describe('transitions', () => {
  it('lists every other status of the project as a transition', async () => {
    const reply = obj((await jira.get('/rest/api/3/issue/HD-2/transitions')).body);
    expect(objs(reply.transitions).map((t) => [t.id, t.name])).toEqual([
      ['1', 'Neu'],
      ['3', 'In Bearbeitung'],
      ['5', 'Gelöst'],
      ['6', 'Geschlossen'],
    ]);
  });

  it('entering a done status sets resolution and resolutiondate, emits the changelog; leaving clears them', async () => {
    const { events, done } = collectEvents(1);
    const reply = await jira.post('/rest/api/3/issue/HD-2/transitions', { transition: { id: '5' } });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    await done;
    const payload = obj(events[0]?.payload);
    expect(payload.eventType).toBe('avi:jira:updated:issue');
    expect(obj(obj(obj(payload.issue).fields).status).name).toBe('Gelöst');
    expect(objs(obj(payload.changelog).items)).toEqual([
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: '10010',
        fromString: 'Wartet auf Kunde',
        to: '5',
        toString: 'Gelöst',
      },
      { field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', to: '10000', toString: 'Done' },
    ]);
    const resolved = await fieldsOf('HD-2', 'status,resolution,resolutiondate,updated');
    expect([
      obj(resolved.status).name,
      obj(resolved.resolution).name,
      resolved.resolutiondate,
      resolved.updated,
    ]).toEqual(['Gelöst', 'Done', NOW_TEXT, NOW_TEXT]);

    const reopen = collectEvents(1);
    await jira.post('/rest/api/3/issue/HD-2/transitions', { transition: { id: '3' } });
    await reopen.done;
    expect(objs(obj(obj(reopen.events[0]?.payload).changelog).items).map((i) => i.field)).toEqual([
      'status',
      'resolution',
    ]);
    const reopened = await fieldsOf('HD-2', 'status,resolution,resolutiondate');
    expect([obj(reopened.status).name, reopened.resolution, reopened.resolutiondate]).toEqual([
      'In Bearbeitung',
      null,
      null,
    ]);
    const changelog = obj((await jira.get('/rest/api/3/issue/HD-2/changelog')).body);
    expect(changelog.total).toBe(4);
    const last = objs(changelog.values)[3];
    expect(last?.created).toBe(NOW_TEXT);
    expect(obj(last?.author).accountId).toBe(AGENT.accountId);
  });

  it('answers 400 to a missing or invalid transition id, including the current status', async () => {
    expect((await jira.post('/rest/api/3/issue/HD-4/transitions', {})).body).toEqual({
      errorMessages: ["Missing 'transition' identifier"],
      errors: {},
    });
    expect(
      obj((await jira.post('/rest/api/3/issue/HD-4/transitions', { transition: { id: '10010' } })).body),
    ).toEqual({
      errorMessages: ["Transition id '10010' is not valid for this issue."],
      errors: {},
    });
  });
});

describe('field edits', () => {
  it('edits summary, labels and Flagged with one changelog history and one update event', async () => {
    const { events, done } = collectEvents(1);
    const reply = await jira.put('/rest/api/3/issue/HD-6', {
      fields: {
        summary: 'Drucker im Büro 6 druckt wieder nicht',
        customfield_10021: [{ value: 'Impediment' }],
      },
      update: { labels: [{ add: 'eskalation' }] },
    });
    expect(reply.status).toBe(204);
    await done;
    const items = objs(obj(obj(events[0]?.payload).changelog).items);
    expect(items).toEqual([
      {
        field: 'summary',
        fieldtype: 'jira',
        fieldId: 'summary',
        fromString: 'Drucker im Büro 6 druckt nicht',
        toString: 'Drucker im Büro 6 druckt wieder nicht',
      },
      {
        field: 'Flagged',
        fieldtype: 'custom',
        fieldId: 'customfield_10021',
        to: '[10019]',
        toString: 'Impediment',
      },
      { field: 'labels', fieldtype: 'jira', fieldId: 'labels', fromString: '', toString: 'eskalation' },
    ]);
    const fields = await fieldsOf('HD-6', 'summary,labels,customfield_10021');
    expect(fields.labels).toEqual(['eskalation']);
    expect(fields.customfield_10021).toEqual([
      { self: `${emulator.url}/rest/api/3/customFieldOption/10019`, value: 'Impediment', id: '10019' },
    ]);
  });

  it('answers 400 naming fields it cannot set, and emits nothing for an edit that changes nothing', async () => {
    const unknown = await jira.put('/rest/api/3/issue/HD-6', { fields: { duedate: '2026-02-01' } });
    expect(unknown.body).toEqual({
      errorMessages: [],
      errors: { duedate: "Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown." },
    });
    const same = await eventsDuring(() =>
      jira.put('/rest/api/3/issue/HD-6', { fields: { labels: ['eskalation'] } }),
    );
    expect(same.result.status).toBe(204);
    expect(same.events).toEqual([]);
  });
});

describe('issue links', () => {
  it('links inwardIssue → outwardIssue ("HD-1 blocks HD-3") and emits avi:jira:created:issuelink', async () => {
    const { events, done } = collectEvents(1);
    const reply = await jira.post('/rest/api/3/issueLink', {
      type: { name: 'Blocks' },
      inwardIssue: { key: 'HD-1' },
      outwardIssue: { key: 'HD-3' },
    });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe('');
    await done;
    expect(events[0]?.payload).toEqual({
      eventType: 'avi:jira:created:issuelink',
      id: '40002',
      sourceIssueId: '100001',
      destinationIssueId: '100003',
      sourceProjectId: HD_ID,
      destinationProjectId: HD_ID,
      issueLinkType: {
        id: '10000',
        name: 'Blocks',
        inward: 'is blocked by',
        outward: 'blocks',
        self: `${emulator.url}/rest/api/3/issueLinkType/10000`,
      },
      atlassianId: AGENT.accountId,
    });
    const source = objs((await fieldsOf('HD-1', 'issuelinks')).issuelinks);
    expect(source.map((l) => [obj(l.type).outward, obj(l.outwardIssue).key])).toEqual([['blocks', 'HD-3']]);
    const destination = objs((await fieldsOf('HD-3', 'issuelinks')).issuelinks);
    expect(destination.map((l) => [obj(l.type).inward, obj(l.inwardIssue).key])).toEqual([
      ['is blocked by', 'HD-1'],
    ]);
  });

  it('answers a duplicate link like a created one, without a second link or event; 404 for unknown types', async () => {
    const duplicate = await eventsDuring(() =>
      jira.post('/rest/api/3/issueLink', {
        type: { id: '10000' },
        inwardIssue: { id: '100001' },
        outwardIssue: { key: 'HD-3' },
      }),
    );
    expect(duplicate.result.status).toBe(201);
    expect(duplicate.events).toEqual([]);
    expect(objs((await fieldsOf('HD-1', 'issuelinks')).issuelinks)).toHaveLength(1);
    const unknownType = await jira.post('/rest/api/3/issueLink', {
      type: { name: 'Clones' },
      inwardIssue: { key: 'HD-1' },
      outwardIssue: { key: 'HD-3' },
    });
    expect(unknownType.status).toBe(404);
    expect(obj(unknownType.body).errorMessages).toEqual(["No issue link type with name 'Clones' found."]);
    const types = objs(obj((await jira.get('/rest/api/3/issueLinkType')).body).issueLinkTypes);
    expect(types.map((t) => t.name)).toEqual(['Blocks', 'Relates']);
  });
});

describe('comments', () => {
  it('accepts only ADF bodies: a plain string is a 400', async () => {
    const plain = await jira.post('/rest/api/3/issue/HD-1/comment', { body: 'Bitte neu starten.' });
    expect(plain.status).toBe(400);
    expect(Object.keys(obj(obj(plain.body).errors))).toEqual(['comment']);
    const almost = await jira.post('/rest/api/3/issue/HD-1/comment', { body: { type: 'doc', content: [] } });
    expect(almost.status).toBe(400);
  });

  it('adds an ADF comment (201 Comment) and pages comments ordered by creation', async () => {
    const added = await jira.post('/rest/api/3/issue/HD-1/comment', {
      body: adfParagraph('Neustart hat geholfen.'),
    });
    expect(added.status).toBe(201);
    expect(obj(added.body)).toMatchObject({
      body: adfParagraph('Neustart hat geholfen.'),
      created: NOW_TEXT,
      author: { accountId: AGENT.accountId, displayName: 'Bernd Agent' },
    });
    const page = obj((await jira.get('/rest/api/3/issue/HD-1/comment?orderBy=-created')).body);
    expect(page.total).toBe(2);
    expect(objs(page.comments).map((c) => c.body)).toEqual([
      adfParagraph('Neustart hat geholfen.'),
      adfParagraph('Ich schaue mir das an.'),
    ]);
    expect((await jira.get('/rest/api/3/issue/HD-1/comment?orderBy=author')).status).toBe(400);
  });
});

describe('issue properties', () => {
  it('round-trips a property: 201 on create, 200 on replace, listed, readable, deleted, then 404', async () => {
    const path = '/rest/api/3/issue/HD-5/properties/three-ways.flow';
    expect((await jira.put(path, { leadTimeDays: 3.5 })).status).toBe(201);
    expect((await jira.put(path, { leadTimeDays: 4 })).status).toBe(200);
    expect((await jira.get(path)).body).toEqual({ key: 'three-ways.flow', value: { leadTimeDays: 4 } });
    const keys = obj((await jira.get('/rest/api/3/issue/HD-5/properties')).body).keys;
    expect(keys).toEqual([
      { self: `${emulator.url}/rest/api/3/issue/100005/properties/three-ways.flow`, key: 'three-ways.flow' },
    ]);
    const withProperties = obj(
      (await jira.get('/rest/api/3/issue/HD-5?fields=summary&properties=*all')).body,
    );
    expect(withProperties.properties).toEqual({ 'three-ways.flow': { leadTimeDays: 4 } });
    expect((await jira.del(path)).status).toBe(204);
    const gone = await jira.get(path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      errorMessages: ["The property with key 'three-ways.flow' does not exist."],
      errors: {},
    });
    expect((await jira.del(path)).status).toBe(404);
  });

  it('rejects an empty value and one longer than 32,768 characters', async () => {
    const path = '/rest/api/3/issue/HD-5/properties/big';
    expect((await jira.request('PUT', path)).status).toBe(400);
    expect((await jira.put(path, { text: 'x'.repeat(32_768) })).status).toBe(400);
    expect((await jira.put(path, 'short')).status).toBe(400);
    expect((await jira.put(path, '"short"')).status).toBe(201);
  });
});
