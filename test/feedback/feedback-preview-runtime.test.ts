/**
 * Feedback out through the preview's Forge runtime on the real manifest and the real composition root: an
 * improvement's status event reaches the `feedback-status-events` trigger through its filter, the fan-out goes
 * through the `feedback-replies` queue to the `feedback-reply-worker` consumer, and Jira (the emulator) gets one
 * reply per feedback issue — also when the event is delivered twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createPreviewBackend, createPreviewClock } from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import { listFeedbackTold } from '../../src/application/feedback-replies';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { createAppHandlers, handlersByManifestName } from '../../src/entry/composition-root';
import { AGENT, CSI_PROJECT_ID, buildFlowSeed } from '../integration/support/flow-seed';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 12 }) });
});
afterAll(async () => {
  await emulator.stop();
});

it('replies once on each linked feedback issue when the improvement event is delivered twice', async () => {
  const time = { now: Date.UTC(2026, 11, 1, 9) };
  const errors: string[] = [];
  const logError = (message: string): void => {
    errors.push(message);
  };
  const backend = createPreviewBackend({
    modules: readBackendModules(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')),
    clock: createPreviewClock(() => Date.UTC(2026, 11, 1, 9)),
    logError,
    // A redelivery runs at once, with the app's time moved on by the wait Forge would make.
    later: (delayMs, run) => {
      time.now += delayMs;
      run();
    },
  });
  const store = createMemoryStore();
  const app = createAppHandlers({
    jiraForUser: () =>
      createHttpTransport({ baseUrl: emulator.url, email: AGENT.emailAddress, apiToken: AGENT.apiToken }),
    jiraAsApp: () =>
      createHttpTransport({ baseUrl: emulator.url, email: AGENT.emailAddress, apiToken: AGENT.apiToken }),
    store,
    queue: (key) => backend.queue(key),
    clock: () => time.now,
    logError,
    texts: localeFileTexts,
  });
  backend.bind(handlersByManifestName(app));
  const keys = ['HD-1', 'HD-2', 'HD-3'];
  await store.put(
    csiRecordStoreKey('90002'),
    { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: keys } },
    null,
  );
  const event = {
    eventType: 'avi:jira:updated:issue',
    issue: {
      id: '90002',
      key: 'CSI-2',
      fields: {
        summary: 'Self-Service-Passwortrücksetzung einführen',
        issuetype: { name: 'Verbesserung (CSI)' },
        project: { id: CSI_PROJECT_ID },
      },
    },
    changelog: { items: [{ field: 'status', toString: 'Abgeschlossen' }] },
  };

  const deliveries = await backend.deliverProductEvent('avi:jira:updated:issue', event);
  await backend.idle();
  // Forge delivers the same event again (at least once): nothing more is posted.
  await backend.deliverProductEvent('avi:jira:updated:issue', event);
  await backend.idle();

  expect(deliveries).toContainEqual({
    triggerKey: 'feedback-status-events',
    delivered: true,
    reason: 'filter',
  });
  expect(emulator.requests.count(JIRA_ROUTES.addComment)).toBe(3);
  const told = await listFeedbackTold(store, '90002', keys);
  expect(told.map((t) => [t.feedbackIssueKey, t.state])).toEqual([
    ['HD-1', 'told'],
    ['HD-2', 'told'],
    ['HD-3', 'told'],
  ]);
  // No delivery had to be tried again.
  expect(time.now).toBe(Date.UTC(2026, 11, 1, 9));
  expect(errors).toEqual([]);
});
