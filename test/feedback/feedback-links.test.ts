/**
 * Feedback in through issue links, through the preview's Forge runtime on the real manifest and composition root:
 * the emulator's link writes emit Forge's issue link events, the preview routes them to the `feedback-link-events`
 * trigger, and the improvement's stored record (and its issue property mirror) follows the links — under duplicate
 * and out-of-order delivery, for feedback kinds of issues only, with the source set only when the record has none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type ProductEvent, type RunningEmulator } from '../../dev/emulator';
import { createPreviewBackend, createPreviewClock, type PreviewBackend } from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { csiRecordStoreKey, readStoredCsiRecord, saveCsiRecord } from '../../src/application/csi-record';
import type { StorePort } from '../../src/application/ports/store-port';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { createAppHandlers, handlersByManifestName } from '../../src/entry/composition-root';
import { AGENT, buildFlowSeed } from '../integration/support/flow-seed';

const NOW = Date.UTC(2026, 11, 1, 9);

let emulator: RunningEmulator;
let backend: PreviewBackend;
let store: StorePort;
const errors: string[] = [];
/** Every link event the emulator emitted, in order. */
const emitted: ProductEvent[] = [];
let deliveries: Promise<unknown>[] = [];
/** Redeliveries the triggers asked for, with the delay Forge would wait. */
let redeliveries: { delayMs: number; run: () => void }[] = [];
/** The delays of every redelivery made so far. */
const redeliveryDelaysMs: number[] = [];

beforeAll(async () => {
  const seed = buildFlowSeed({ issues: 9 });
  emulator = await startEmulator({
    seed: {
      ...seed,
      // The app's CSI type, and the link types whose rule is tested (Relates is the seed's own).
      issueTypes: seed.issueTypes.map((t) => (t.id === '10003' ? { ...t, name: 'Verbesserung (CSI)' } : t)),
      linkTypes: [
        ...seed.linkTypes,
        { id: '10001', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
        { id: '10002', name: 'Feedback', inward: 'erhielt Feedback aus', outward: 'gab Feedback zu' },
      ],
    },
    now: () => NOW,
  });
  backend = createPreviewBackend({
    modules: readBackendModules(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')),
    clock: createPreviewClock(() => NOW),
    logError: (message) => errors.push(message),
    // A redelivery Forge would make later (a new improvement's record, 30 s) runs when the test settles.
    later: (delayMs, run) => {
      redeliveries.push({ delayMs, run });
    },
  });
  store = createMemoryStore();
  const transport = createHttpTransport({
    baseUrl: emulator.url,
    email: AGENT.emailAddress,
    apiToken: AGENT.apiToken,
  });
  const app = createAppHandlers({
    jiraForUser: () => transport,
    jiraAsApp: () => transport,
    store,
    queue: (key) => backend.queue(key),
    clock: () => NOW,
    logError: (message) => errors.push(message),
    texts: localeFileTexts,
  });
  backend.bind(handlersByManifestName(app));
  // As `npm start` wires them: every emulator event goes to the preview's triggers.
  emulator.onProductEvent((event) => {
    if (event.eventType.endsWith(':issuelink')) emitted.push(event);
    deliveries.push(backend.deliverProductEvent(event.eventType, event.payload));
  });
});
afterAll(async () => {
  backend.stop();
  await emulator.stop();
});
afterEach(() => {
  expect(errors).toEqual([]);
});

/** Waits until the events of the writes so far reached their triggers and those finished. */
async function settle(): Promise<void> {
  // The emulator emits after the response has finished: give it the turn it waits for.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const pending = deliveries;
  deliveries = [];
  await Promise.all(pending);
  await redeliver();
}

/** Makes the redeliveries the triggers asked for (Forge's wait has passed), until none is left. */
async function redeliver(): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const due = redeliveries;
    redeliveries = [];
    if (due.length === 0) break;
    for (const { delayMs, run } of due) {
      redeliveryDelaysMs.push(delayMs);
      run();
    }
  }
  await backend.idle();
}

async function jira(method: string, url: string, body?: unknown): Promise<number> {
  const response = await fetch(`${emulator.url}${url}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${AGENT.emailAddress}:${AGENT.apiToken}`).toString('base64')}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.text();
  return response.status;
}

async function link(type: string, inward: string, outward: string): Promise<string> {
  const before = emitted.length;
  expect(
    await jira('POST', '/rest/api/3/issueLink', {
      type: { name: type },
      inwardIssue: { key: inward },
      outwardIssue: { key: outward },
    }),
  ).toBe(201);
  await settle();
  const event = emitted[before];
  expect(event?.eventType).toBe('avi:jira:created:issuelink');
  return (event?.payload as { id: string }).id;
}

async function unlink(linkId: string): Promise<void> {
  expect(await jira('DELETE', `/rest/api/3/issueLink/${linkId}`)).toBe(204);
  await settle();
}

async function recordOf(issueId: string) {
  return readStoredCsiRecord(store, issueId);
}

async function mirrorOf(issueKey: string): Promise<unknown> {
  const response = await fetch(
    `${emulator.url}/rest/api/3/issue/${issueKey}/properties/${CSI_RECORD_PROPERTY_KEY}`,
    {
      headers: {
        authorization: `Basic ${Buffer.from(`${AGENT.emailAddress}:${AGENT.apiToken}`).toString('base64')}`,
      },
    },
  );
  return response.status === 200 ? ((await response.json()) as { value: unknown }).value : null;
}

describe('the feedback-link trigger', () => {
  it('records an incident linked to an improvement as feedback, with the source incident-trend, mirrored', async () => {
    // HD-1 is a Störung (incident) of the service desk; CSI-2 has no stored record yet.
    await link('Relates', 'HD-1', 'CSI-2');

    const state = await recordOf('90002');
    expect(state.stored?.record.feedbackIssueKeys).toEqual(['HD-1']);
    expect(state.stored?.record.source).toBe('incident-trend');
    expect(state.stored?.record.updatedByAccountId).toBe(AGENT.accountId);
    expect(state.version).toBe(1);
    expect(await mirrorOf('CSI-2')).toMatchObject({ feedbackIssueKeys: ['HD-1'], mirror: { version: 1 } });
    // CSI-2 had no record: the trigger gave a registration 30 s to save one, then created it.
    expect(redeliveryDelaysMs).toEqual([30_000]);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const event = emitted.find(
      (e) => (e.payload as { destinationIssueId: string }).destinationIssueId === '90002',
    );
    expect(event?.eventType).toBe('avi:jira:created:issuelink');
    await backend.deliverProductEvent(event?.eventType ?? '', event?.payload);
    await redeliver();

    const state = await recordOf('90002');
    expect(state.version).toBe(1);
    expect(state.stored?.record.feedbackIssueKeys).toEqual(['HD-1']);
  });

  it('sets the source only when the record has none', async () => {
    // HD-3 is a Serviceanfrage (customer feedback), but CSI-2 already names incident-trend.
    await link('Relates', 'CSI-2', 'HD-3');

    const record = (await recordOf('90002')).stored?.record;
    expect(record?.feedbackIssueKeys).toEqual(['HD-1', 'HD-3']);
    expect(record?.source).toBe('incident-trend');
  });

  it('takes customer-feedback from a service request when the record has no source', async () => {
    await store.put(
      csiRecordStoreKey('90003'),
      { savedAt: '2026-11-30T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, service: 'Service Desk' } },
      null,
    );
    await link('Feedback', 'HD-6', 'CSI-3');

    const record = (await recordOf('90003')).stored?.record;
    expect(record?.feedbackIssueKeys).toEqual(['HD-6']);
    expect(record?.source).toBe('customer-feedback');
    expect(record?.service).toBe('Service Desk');
  });

  it('ignores a pair without an improvement, a Blocks link, and a link between two improvements', async () => {
    const setsBefore = emulator.requests.count(
      'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    );
    await link('Relates', 'HD-4', 'HD-5');
    await link('Blocks', 'HD-7', 'CSI-1');
    await link('Relates', 'CSI-1', 'CSI-3');

    expect(await store.get(csiRecordStoreKey('20004'))).toBeNull();
    expect(await store.get(csiRecordStoreKey('20005'))).toBeNull();
    // CSI-1 has no record and nothing to record; CSI-3 keeps what it had.
    expect(await store.get(csiRecordStoreKey('90001'))).toBeNull();
    expect((await recordOf('90003')).stored?.record.feedbackIssueKeys).toEqual(['HD-6']);
    expect(emulator.requests.count('PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}')).toBe(
      setsBefore,
    );
  });

  it('drops the key when the last link goes, not while another link remains, and ignores a late "created"', async () => {
    const relates = emitted.find(
      (e) =>
        e.eventType === 'avi:jira:created:issuelink' &&
        (e.payload as { sourceIssueId: string }).sourceIssueId === '90002' &&
        (e.payload as { destinationIssueId: string }).destinationIssueId === '20003',
    );
    const relatesId = (relates?.payload as { id: string }).id;
    // A second link between CSI-2 and HD-3 (Blocks does not count as feedback, but it still links the two).
    const blocksId = await link('Blocks', 'HD-3', 'CSI-2');
    await unlink(relatesId);
    expect((await recordOf('90002')).stored?.record.feedbackIssueKeys).toEqual(['HD-1', 'HD-3']);

    await unlink(blocksId);
    expect((await recordOf('90002')).stored?.record.feedbackIssueKeys).toEqual(['HD-1']);

    // The "created" event of the deleted link arrives again, late: the link is gone, nothing is added back.
    await backend.deliverProductEvent('avi:jira:created:issuelink', relates?.payload);
    await redeliver();
    const state = await recordOf('90002');
    expect(state.stored?.record.feedbackIssueKeys).toEqual(['HD-1']);
    expect(await mirrorOf('CSI-2')).toMatchObject({
      feedbackIssueKeys: ['HD-1'],
      mirror: { version: state.version },
    });
  });

  it("leaves a new improvement's record to the registration that linked it, and keeps that record whole", async () => {
    // As the Automation action and the feedback web trigger register: create, link, then save from "no record".
    const client = createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: AGENT.emailAddress, apiToken: AGENT.apiToken }),
    );
    const delaysBefore = redeliveryDelaysMs.length;
    await client.createIssueLink({ typeName: 'Relates', inwardIssue: 'HD-9', outwardIssue: 'CSI-1' });
    // The link's event reaches the trigger first (the emulator emits it once the link is answered).
    await new Promise((resolve) => setTimeout(resolve, 30));
    await Promise.all(deliveries);
    expect(await store.get(csiRecordStoreKey('90001'))).toBeNull();
    await saveCsiRecord(
      store,
      client,
      'CSI-1',
      {
        ...EMPTY_CSI_RECORD,
        source: 'measurement',
        sourceDetail: 'CSAT ≤ 2',
        service: 'Service Desk',
        feedbackIssueKeys: ['HD-9'],
      },
      null,
      { nowMs: NOW, actingAccountId: AGENT.accountId },
    );
    await settle();

    const state = await recordOf('90001');
    expect(state.version).toBe(1);
    expect(state.stored?.record).toMatchObject({
      source: 'measurement',
      sourceDetail: 'CSAT ≤ 2',
      service: 'Service Desk',
      feedbackIssueKeys: ['HD-9'],
    });
    // The trigger waited once, as long as a registration needs, then found the record and left it whole.
    expect(redeliveryDelaysMs.slice(delaysBefore)).toEqual([30_000]);
  });
});
