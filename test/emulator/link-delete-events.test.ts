/**
 * Deleting an issue link (`DELETE /rest/api/3/issueLink/{linkId}`): 204 without a body, the link gone from both
 * issues, and Forge's `avi:jira:deleted:issuelink` emitted after the response with the members of the created
 * event; 404 for an unknown link and for a caller who may not browse one of its issues (Jira answers alike).
 */
import { startEmulator } from '../../dev/emulator';
import type { ProductEvent, RunningEmulator } from '../../dev/emulator';
import { AGENT, DAY_MS, HD_ID, START_MS, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestClient } from './http-client';

let emulator: RunningEmulator;
let jira: TestClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildSeed({ hd: 6, csi: 1 }), now: () => START_MS + 10 * DAY_MS });
  jira = clientFor(emulator.url, AGENT);
});

afterAll(async () => {
  await emulator.stop();
});

/** The events emitted while `action` runs and for 50 ms after it. */
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

async function linksOf(key: string): Promise<Record<string, unknown>[]> {
  const issue = obj((await jira.get(`/rest/api/3/issue/${key}?fields=issuelinks`)).body);
  return objs(obj(issue.fields).issuelinks);
}

it('deletes a link (204), emits avi:jira:deleted:issuelink like the created event, and 404s the second time', async () => {
  const created = await eventsDuring(() =>
    jira.post('/rest/api/3/issueLink', {
      type: { name: 'Relates' },
      inwardIssue: { key: 'HD-2' },
      outwardIssue: { key: 'HD-4' },
    }),
  );
  expect(created.result.status).toBe(201);
  const createdPayload = obj(created.events[0]?.payload);
  const linkId = String(createdPayload.id);
  expect(objs(await linksOf('HD-2')).map((l) => l.id)).toEqual([linkId]);

  const deleted = await eventsDuring(() => jira.del(`/rest/api/3/issueLink/${linkId}`));

  expect(deleted.result.status).toBe(204);
  expect(deleted.result.text).toBe('');
  expect(deleted.events.map((e) => e.eventType)).toEqual(['avi:jira:deleted:issuelink']);
  expect(deleted.events[0]?.payload).toEqual({
    ...createdPayload,
    eventType: 'avi:jira:deleted:issuelink',
  });
  expect(obj(deleted.events[0]?.payload)).toMatchObject({
    id: linkId,
    sourceIssueId: '100002',
    destinationIssueId: '100004',
    sourceProjectId: HD_ID,
    destinationProjectId: HD_ID,
    issueLinkType: { name: 'Relates' },
    atlassianId: AGENT.accountId,
  });
  expect(await linksOf('HD-2')).toEqual([]);
  expect(await linksOf('HD-4')).toEqual([]);

  const again = await eventsDuring(() => jira.del(`/rest/api/3/issueLink/${linkId}`));
  expect(again.result.status).toBe(404);
  expect(obj(again.result.body).errorMessages).toEqual([`No issue link with id '${linkId}' exists.`]);
  expect(again.events).toEqual([]);
});
