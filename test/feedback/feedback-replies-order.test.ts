/**
 * Hostile review of feedback out (issue 11): Forge's queue keeps no order, so an improvement's In Implementation
 * replies (its event came late) may be delivered before its Closed replies, which are still queued. The reporter
 * is to hear once, of the close: an In Implementation reply for an improvement that is Closed now is superseded.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import {
  deliverFeedbackReply,
  enqueueFeedbackReplies,
  saveFeedbackReplySettings,
  type FeedbackReplyMessage,
} from '../../src/application/feedback-replies';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { QueuePort } from '../../src/application/ports/queue-port';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { emulatorClient } from '../integration/support/emulator-client';
import { AGENT, CSI_PROJECT_ID, buildFlowSeed } from '../integration/support/flow-seed';

const NOW = Date.UTC(2026, 11, 1, 9);
const IMPROVEMENT = { id: '90002', key: 'CSI-2' };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 12 }) });
});
afterAll(async () => {
  await emulator.stop();
});

/** The emulator's client as the app, with the improvement's status as `statusName` (the workflow moved it). */
function appJira(statusName: string): JiraPort {
  const { client } = emulatorClient(emulator, AGENT);
  return Object.assign(Object.create(client) as JiraPort, {
    getIssue: async (idOrKey: string, fields: readonly string[]) => {
      const issue = await client.getIssue(idOrKey, fields);
      return idOrKey === IMPROVEMENT.id || idOrKey === IMPROVEMENT.key
        ? { ...issue, fields: { ...issue.fields, status: { name: statusName } } }
        : issue;
    },
  });
}

describe('In Implementation replies delivered before the queued Closed replies', () => {
  it('are superseded when the improvement is Closed now, so the reporter hears once', async () => {
    const store = createMemoryStore({ clock: () => NOW });
    await store.put(
      csiRecordStoreKey(IMPROVEMENT.id),
      { savedAt: new Date(NOW).toISOString(), record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-7'] } },
      null,
    );
    await saveFeedbackReplySettings(store, CSI_PROJECT_ID, { replyOnImplementation: true }, null);
    const queued: FeedbackReplyMessage[] = [];
    const queue: QueuePort<FeedbackReplyMessage> = {
      push: (message) => {
        queued.push(message);
        return Promise.resolve();
      },
    };
    const change = {
      improvementIssueId: IMPROVEMENT.id,
      improvementKey: IMPROVEMENT.key,
      improvementSummary: 'Verbesserung 2',
      projectId: CSI_PROJECT_ID,
    };
    await enqueueFeedbackReplies({ store, queue }, { ...change, step: 'closed' });
    await enqueueFeedbackReplies({ store, queue }, { ...change, step: 'in-implementation' });
    expect(queued.map((m) => m.step)).toEqual(['closed', 'in-implementation']);

    const jira = appJira('Abgeschlossen');
    const marker = `[three-ways-reply ${IMPROVEMENT.id}/HD-7/`;
    const before = (await jira.getComments('HD-7')).length;
    // The queue delivers the late In Implementation reply first.
    const outcomes = [];
    for (const message of [...queued].reverse())
      outcomes.push((await deliverFeedbackReply({ store, jira, clock: () => NOW }, message)).kind);

    expect(outcomes).toEqual(['superseded', 'told']);
    const replies = (await jira.getComments('HD-7'))
      .slice(before)
      .filter((c) => JSON.stringify(c.body).includes(marker));
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.body)).toContain('/closed]');
  });

  it('still reply while the improvement is in implementation', async () => {
    const store = createMemoryStore({ clock: () => NOW });
    await store.put(
      csiRecordStoreKey(IMPROVEMENT.id),
      { savedAt: new Date(NOW).toISOString(), record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-8'] } },
      null,
    );
    const message: FeedbackReplyMessage = {
      kind: 'feedback-reply',
      jobId: `feedback-reply:${IMPROVEMENT.id}:HD-8:in-implementation`,
      improvementIssueId: IMPROVEMENT.id,
      improvementKey: IMPROVEMENT.key,
      improvementSummary: 'Verbesserung 2',
      projectId: CSI_PROJECT_ID,
      feedbackIssueKey: 'HD-8',
      step: 'in-implementation',
    };
    const outcome = await deliverFeedbackReply(
      { store, jira: appJira('In Umsetzung'), clock: () => NOW },
      message,
    );
    expect(outcome.kind).toBe('told');
  });
});

describe('a redelivery looking for a reply its failed post may have stored', () => {
  it('does not take a comment quoting the reply (marker inside a quote) for it, and posts the reply', async () => {
    const store = createMemoryStore({ clock: () => NOW });
    const jira = appJira('Abgeschlossen');
    const key = `feedback-reply:${IMPROVEMENT.id}:HD-9:closed`;
    const marker = `[three-ways-reply ${IMPROVEMENT.id}/HD-9/closed]`;
    // The first delivery's post failed (unsure): the next one looks for the reply first.
    await store.put(
      key,
      { state: 'reserved', reservedAtMs: NOW, unsure: true, feedbackIssueKey: 'HD-9', step: 'closed' },
      null,
    );
    const quoting = await jira.addComment('HD-9', {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Danke, aber bei mir geht es noch nicht:' }] },
        {
          type: 'blockquote',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Hallo, danke für Ihre Rückmeldung.' }] },
            { type: 'paragraph', content: [{ type: 'text', text: marker }] },
          ],
        },
      ],
    });
    const message: FeedbackReplyMessage = {
      kind: 'feedback-reply',
      jobId: key,
      improvementIssueId: IMPROVEMENT.id,
      improvementKey: IMPROVEMENT.key,
      improvementSummary: 'Verbesserung 2',
      projectId: CSI_PROJECT_ID,
      feedbackIssueKey: 'HD-9',
      step: 'closed',
    };
    const outcome = await deliverFeedbackReply({ store, jira, clock: () => NOW }, message);
    expect(outcome.kind).toBe('told');
    if (outcome.kind === 'told') expect(outcome.commentId).not.toBe(quoting.id);
  });
});
