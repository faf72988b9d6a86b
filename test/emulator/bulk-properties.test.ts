/**
 * `POST /rest/api/3/issue/properties/multi` in the emulator: Jira's documented limits (≤ 100 issues, ≤ 10
 * properties per issue, values of valid non-empty JSON ≤ 32,768 characters) as 400s of the whole request; 303 See
 * Other with the task's `Location` and no body; per-issue failures (no Edit Issues) in the task result while the
 * other issues are written; unknown and invisible issues ignored; `GET /rest/api/3/task/{id}` for the submitter;
 * values searchable through the entity property indexes like single PUTs; and the app's Jira client over it.
 */
import { startEmulator } from '../../dev/emulator';
import type { EntityPropertyIndex, RunningEmulator } from '../../dev/emulator';
import type { JiraSeed, SeedUser } from '../../dev/emulator/seed';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { ADMIN, AGENT, LEAD, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

const FLOW_INDEX: EntityPropertyIndex = {
  propertyKey: 'three-ways-flow',
  entityType: 'issue',
  values: [
    { path: 'ageDays', type: 'number', searchAlias: 'flowAgeDays' },
    { path: 'leadTimeDays', type: 'number', searchAlias: 'flowLeadTimeDays' },
  ],
};

/** Browses HD and CSI but may edit issues only in CSI. */
const VIEWER: SeedUser = {
  ...LEAD,
  accountId: '5b10a0000000000000000009',
  displayName: 'Vera Viewer',
  emailAddress: 'vera@example.test',
  apiToken: 'token-vera',
  deniedPermissions: { EDIT_ISSUES: ['HD'] },
};

const HD_1 = 100_001;

function seed(): JiraSeed {
  const base = buildSeed({ hd: 120, csi: 2, sec: 1 });
  return { ...base, users: [...base.users, VIEWER] };
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed(), entityPropertyIndexes: [FLOW_INDEX] });
});

afterAll(async () => {
  await emulator.stop();
});

const entry = (issueID: number, properties: Record<string, unknown>) => ({ issueID, properties });
const flow = (ageDays: number) => ({ 'three-ways-flow': { ageDays } });

async function property(key: string, propertyKey = 'three-ways-flow'): Promise<unknown> {
  const reply = await clientFor(emulator.url, ADMIN).get(
    `/rest/api/3/issue/${key}/properties/${propertyKey}`,
  );
  return reply.status === 200 ? obj(reply.body).value : null;
}

it('answers 303 with the task in Location and no body; the task is COMPLETE for its submitter', async () => {
  const jira = clientFor(emulator.url, AGENT);

  const reply = await jira.post('/rest/api/3/issue/properties/multi', {
    issues: [entry(HD_1, flow(3)), entry(HD_1 + 1, { ...flow(4), other: { a: [1, 2] } })],
  });

  expect(reply.status).toBe(303);
  expect(reply.text).toBe('');
  const location = reply.headers.get('location') ?? '';
  expect(location).toMatch(new RegExp(`^${emulator.url}/rest/api/3/task/\\d+$`));
  expect(await property('HD-1')).toEqual({ ageDays: 3 });
  expect(await property('HD-2', 'other')).toEqual({ a: [1, 2] });

  const task = await jira.get(location.slice(emulator.url.length));
  expect(task.status).toBe(200);
  expect(obj(task.body)).toMatchObject({
    self: location,
    status: 'COMPLETE',
    progress: 100,
    result: { updatedIssueIds: [HD_1, HD_1 + 1], failedIssues: [] },
  });
  for (const member of ['id', 'submittedBy', 'elapsedRuntime', 'submitted', 'lastUpdate']) {
    expect(obj(task.body)).toHaveProperty(member);
  }
  // Another user (not a Jira administrator, not the submitter) may not read the task.
  const other = await clientFor(emulator.url, LEAD).get(location.slice(emulator.url.length));
  expect(other.status).toBe(403);
});

it('refuses 101 issues, 11 properties on an issue and a value of 32,769 characters with 400, writing nothing', async () => {
  const jira = clientFor(emulator.url, ADMIN);
  const hundredOne = Array.from({ length: 101 }, (_, i) => entry(HD_1 + i, flow(101)));
  const hundred = hundredOne.slice(0, 100);
  const elevenProperties = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, { i }]));
  const tenProperties = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, { i }]));
  // {"s":"…"}: 8 characters around the string.
  const valueOfLength = (length: number) => ({ s: 'x'.repeat(length - 8) });
  expect(JSON.stringify(valueOfLength(32_769))).toHaveLength(32_769);

  const tooMany = await jira.post('/rest/api/3/issue/properties/multi', { issues: hundredOne });
  const tooManyProperties = await jira.post('/rest/api/3/issue/properties/multi', {
    issues: [entry(HD_1 + 110, flow(1)), entry(HD_1 + 111, elevenProperties)],
  });
  const tooLong = await jira.post('/rest/api/3/issue/properties/multi', {
    issues: [entry(HD_1 + 112, { big: valueOfLength(32_769) })],
  });

  expect([tooMany.status, tooManyProperties.status, tooLong.status]).toEqual([400, 400, 400]);
  expect(obj(tooMany.body).errorMessages).toEqual([expect.stringContaining('At most 100 issues')]);
  expect(obj(tooManyProperties.body).errorMessages).toEqual([
    expect.stringContaining('At most 10 properties'),
  ]);
  expect(obj(tooLong.body).errorMessages).toEqual([expect.stringContaining('32768 characters')]);
  expect(await property('HD-111')).toBeNull();
  expect(await property('HD-101')).toBeNull();

  // Exactly at the limits: accepted.
  expect((await jira.post('/rest/api/3/issue/properties/multi', { issues: hundred })).status).toBe(303);
  expect(await property('HD-100')).toEqual({ ageDays: 101 });
  const atLimits = await jira.post('/rest/api/3/issue/properties/multi', {
    issues: [entry(HD_1 + 111, tenProperties), entry(HD_1 + 112, { big: valueOfLength(32_768) })],
  });
  expect(atLimits.status).toBe(303);
  expect(await property('HD-113', 'big')).toEqual(valueOfLength(32_768));
});

it('refuses keys instead of ids, empty values, no issues and unknown members', async () => {
  const jira = clientFor(emulator.url, ADMIN);
  const bodies: unknown[] = [
    { issues: [{ issueID: 'HD-1', properties: flow(1) }] },
    { issues: [entry(HD_1, { 'three-ways-flow': null })] },
    { issues: [entry(HD_1, {})] },
    { issues: [] },
    { issues: [entry(HD_1, flow(1))], extra: true },
  ];
  for (const body of bodies) {
    const reply = await jira.post('/rest/api/3/issue/properties/multi', body);
    expect([JSON.stringify(body), reply.status]).toEqual([JSON.stringify(body), 400]);
  }
});

it('records an issue the caller may not edit as failed in the task result and writes the others', async () => {
  const jira = clientFor(emulator.url, VIEWER);
  const CSI_1 = Number(
    objs(obj((await jira.post('/rest/api/3/search/jql', { jql: 'project = CSI' })).body).issues)[0]?.id,
  );

  const reply = await jira.post('/rest/api/3/issue/properties/multi', {
    issues: [entry(HD_1 + 114, flow(7)), entry(CSI_1, flow(8)), entry(999_999, flow(9))],
  });

  expect(reply.status).toBe(303);
  const task = await jira.get((reply.headers.get('location') ?? '').slice(emulator.url.length));
  expect(obj(task.body).result).toEqual({
    updatedIssueIds: [CSI_1],
    failedIssues: [
      { issueID: HD_1 + 114, errorMessages: ['You do not have permission to edit issue HD-115.'] },
    ],
  });
  expect(await property('HD-115')).toBeNull();
  expect(await property(String(CSI_1))).toEqual({ ageDays: 8 });
});

it('ignores issues the caller cannot browse, as Jira ignores issues not found', async () => {
  const sec = objs(
    obj((await clientFor(emulator.url, ADMIN).post('/rest/api/3/search/jql', { jql: 'project = SEC' })).body)
      .issues,
  )[0];
  const reply = await clientFor(emulator.url, AGENT).post('/rest/api/3/issue/properties/multi', {
    issues: [entry(Number(sec?.id), flow(5))],
  });
  expect(reply.status).toBe(303);
  expect(await property(String(sec?.id))).toBeNull();
});

it('makes bulk-written values searchable through the entity property index, like single PUTs', async () => {
  const jira = clientFor(emulator.url, ADMIN);
  const issues = Array.from({ length: 5 }, (_, i) =>
    entry(HD_1 + 50 + i, { 'three-ways-flow': { ageDays: 5040 + i } }),
  );
  expect((await jira.post('/rest/api/3/issue/properties/multi', { issues })).status).toBe(303);

  const found = await jira.post('/rest/api/3/search/jql', {
    jql: 'project = HD AND flowAgeDays >= 5042 ORDER BY flowAgeDays DESC',
    fields: ['id'],
  });
  expect(objs(obj(found.body).issues).map((i) => i.key)).toEqual(['HD-55', 'HD-54', 'HD-53']);
  const byPath = await jira.post('/rest/api/3/search/jql', {
    jql: 'issue.property[three-ways-flow].ageDays = 5040',
  });
  expect(objs(obj(byPath.body).issues).map((i) => i.key)).toEqual(['HD-51']);
});

it('serves the app’s Jira client: 250 entries in three requests, every 303 accepted without following it', async () => {
  const client = createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: ADMIN.emailAddress, apiToken: ADMIN.apiToken }),
  );
  emulator.requests.reset();
  const entries = Array.from({ length: 120 }, (_, i) => ({
    issueId: String(HD_1 + i),
    properties: { 'three-ways-flow': { ageDays: 1000 + i } },
  }));

  await client.bulkSetIssueProperties([...entries, ...entries, ...entries.slice(0, 10)]);

  expect(emulator.requests.count(JIRA_ROUTES.bulkSetIssueProperties)).toBe(3);
  expect(emulator.requests.count(JIRA_ROUTES.getTask)).toBe(0);
  expect(emulator.requests.count()).toBe(3);
  expect(await property('HD-120')).toEqual({ ageDays: 1119 });
  const refs = await client.searchIssueRefs('flowAgeDays >= 1118 ORDER BY key');
  expect(refs).toEqual([
    { id: String(HD_1 + 118), key: 'HD-119' },
    { id: String(HD_1 + 119), key: 'HD-120' },
  ]);
});

it('retries a 429 of the bulk write (the client’s retry policy) and then writes', async () => {
  const client = createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: ADMIN.emailAddress, apiToken: ADMIN.apiToken }),
    { sleep: () => Promise.resolve() },
  );
  emulator.faults.inject({
    endpoint: JIRA_ROUTES.bulkSetIssueProperties,
    status: 429,
    retryAfterSeconds: 1,
    times: 1,
  });
  emulator.requests.reset();

  await client.bulkSetIssueProperties([{ issueId: String(HD_1 + 70), properties: flow(77) }]);

  expect(emulator.requests.log().map((e) => e.status)).toEqual([429, 303]);
  expect(await property('HD-71')).toEqual({ ageDays: 77 });
});
