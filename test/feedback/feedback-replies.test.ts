/**
 * Feedback out end to end over the emulator: the status trigger fans an improvement's feedback replies out through
 * a queue, the consumer posts each exactly once as the app — under duplicate and out-of-order events, Forge's
 * redeliveries, injected 429s, and a writer that stopped between reserving and recording — in the reporter's
 * language with a mention; an improvement that opted out tells nobody.
 */
import { InvocationError } from '@forge/events';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { checkQueueBatch } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import {
  FEEDBACK_REPLY_LEASE_MS,
  feedbackReplySettingsKey,
  listFeedbackTold,
  saveFeedbackReplySettings,
  setFeedbackRepliesOptOut,
  type FeedbackReplyEntry,
  type FeedbackReplyMessage,
} from '../../src/application/feedback-replies';
import type { AdfNode } from '../../src/application/ports/jira-port';
import type { QueuePort } from '../../src/application/ports/queue-port';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import { feedbackReplyDedupeKey, feedbackReplyMarker } from '../../src/domain/feedback/replies';
import { createFeedbackReplyConsumer } from '../../src/entry/consumers/feedback-reply-consumer';
import { createFeedbackStatusTrigger } from '../../src/entry/triggers/feedback-status-trigger';
import { emulatorClient } from '../integration/support/emulator-client';
import { AGENT, CSI_PROJECT_ID, OUTSIDER, buildFlowSeed } from '../integration/support/flow-seed';

const IMPROVEMENT_ID = '90001';
const IMPROVEMENT_KEY = 'CSI-1';
const SUMMARY = 'Self-Service-Passwortrücksetzung einführen';
const ADD_COMMENT = JIRA_ROUTES.addComment;

let emulator: RunningEmulator;

beforeAll(async () => {
  const seed = buildFlowSeed({ issues: 110 });
  // HD-2 is reported by an English-speaking user.
  emulator = await startEmulator({
    seed: {
      ...seed,
      issues: seed.issues.map((issue) =>
        issue.key === 'HD-2' ? { ...issue, reporterAccountId: OUTSIDER.accountId } : issue,
      ),
    },
  });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.faults.clear();
  emulator.requests.reset();
});

/** The wait an `InvocationError` asks Forge for (`retryOptions.retryAfter`, seconds). */
function retryAfterSecondsOf(answer: InvocationError): number {
  const options = (answer as unknown as { retryOptions?: { retryAfter?: unknown } }).retryOptions;
  if (typeof options?.retryAfter !== 'number') throw new Error('an InvocationError without retryAfter');
  return options.retryAfter;
}

function statusEvent(toStatus: string, issueId = IMPROVEMENT_ID, key = IMPROVEMENT_KEY): unknown {
  return {
    eventType: 'avi:jira:updated:issue',
    issue: {
      id: issueId,
      key,
      fields: {
        summary: SUMMARY,
        issuetype: { name: 'Verbesserung (CSI)' },
        project: { id: CSI_PROJECT_ID, key: 'CSI' },
      },
    },
    changelog: { items: [{ field: 'status', fieldtype: 'jira', fromString: 'x', toString: toStatus }] },
  };
}

/**
 * The app's trigger and consumer over a memory store, a queue that checks pushes as Forge does and keeps them, and
 * Jira as the emulator's agent. `deliverAll` delivers every queued message as Forge would, again after an
 * `InvocationError` (with `retryContext`), advancing the app's clock by the asked wait.
 */
function world(feedbackIssueKeys: readonly string[], record: Partial<CsiRecord> = {}) {
  const time = { now: Date.UTC(2026, 11, 1, 9) };
  const clock = (): number => time.now;
  const store = createMemoryStore({ clock });
  const pending: { message: FeedbackReplyMessage; retryCount: number }[] = [];
  /** Events per push, in order. */
  const pushes: number[] = [];
  const queue: QueuePort<FeedbackReplyMessage> = {
    push() {
      return Promise.reject(new Error('the fan-out pushes batches where the queue takes them'));
    },
    pushBatch(messages) {
      checkQueueBatch(messages.map((message) => ({ ...message })));
      pushes.push(messages.length);
      for (const message of messages)
        pending.push({ message: JSON.parse(JSON.stringify(message)) as FeedbackReplyMessage, retryCount: 0 });
      return Promise.resolve();
    },
  };
  const errors: string[] = [];
  const logError = (message: string): void => {
    errors.push(message);
  };
  const { client, clock: jiraClock } = emulatorClient(emulator, AGENT);
  const trigger = createFeedbackStatusTrigger({ store, queue, logError });
  const consumer = createFeedbackReplyConsumer({ jiraApp: () => client, store, clock, logError });
  const deliverAll = async (): Promise<{ deliveries: number; retries: number }> => {
    let deliveries = 0;
    let retries = 0;
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      deliveries++;
      const answer = await consumer({
        body: next.message,
        ...(next.retryCount === 0 ? {} : { retryContext: { retryCount: next.retryCount } }),
      });
      if (answer !== undefined) {
        retries++;
        time.now += retryAfterSecondsOf(answer) * 1000;
        pending.push({ message: next.message, retryCount: next.retryCount + 1 });
      }
    }
    return { deliveries, retries };
  };
  const saved = async (): Promise<void> => {
    await store.put(
      csiRecordStoreKey(IMPROVEMENT_ID),
      {
        savedAt: new Date(time.now).toISOString(),
        record: {
          ...EMPTY_CSI_RECORD,
          baseline: { name: 'Durchlaufzeit p50', value: 1, unit: 'Tage', measuredOn: '2026-09-01' },
          target: { value: 0.5, targetDate: '2026-12-31' },
          result: { name: 'Durchlaufzeit p50', value: 0.28, unit: 'Tage', measuredOn: '2026-11-30' },
          feedbackIssueKeys,
          ...record,
        },
      },
      null,
    );
  };
  return { time, store, pending, pushes, trigger, consumer, deliverAll, saved, errors, client, jiraClock };
}

async function repliesOn(
  w: ReturnType<typeof world>,
  issueKey: string,
): Promise<{ id: string; body: AdfNode }[]> {
  const comments = await w.client.getComments(issueKey);
  return comments.filter((c) => JSON.stringify(c.body).includes(`[three-ways-reply ${IMPROVEMENT_ID}/`));
}

function textOf(node: AdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(textOf).join('');
}

function mentionsOf(node: AdfNode): unknown[] {
  return [...(node.type === 'mention' ? [node.attrs] : []), ...(node.content ?? []).flatMap(mentionsOf)];
}

/** A fresh improvement id per test, so replies of earlier tests on the same emulator issues do not count. */
let nextImprovement = 0;
function useImprovement(): { id: string; key: string } {
  nextImprovement++;
  return { id: String(90_000 + nextImprovement), key: `CSI-${nextImprovement}` };
}

describe('feedback replies', () => {
  it('closing replies once on each of 100 linked issues through 429s, also when the event comes twice', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `HD-${i + 11}`);
    const w = world(keys);
    await w.saved();
    emulator.faults.inject({ endpoint: ADD_COMMENT, status: 429, retryAfterSeconds: 2, times: 7 });

    expect(await w.trigger(statusEvent('Abgeschlossen'))).toBeUndefined();
    expect(await w.trigger(statusEvent('Abgeschlossen'))).toBeUndefined(); // delivered twice
    expect(w.pending).toHaveLength(200);
    // Forge takes at most 50 events a push: two pushes per event.
    expect(w.pushes).toEqual([50, 50, 50, 50]);
    const run = await w.deliverAll();

    // The first reply meets 4 of the 429s in a row (the client's attempts): it fails, Forge is asked to deliver it
    // again, and the redelivery looks for it before posting. The second waits out the other 3.
    expect(run).toEqual({ deliveries: 201, retries: 1 });
    expect(w.errors).toEqual(['feedback reply feedback-reply:90001:HD-11:closed failed (transient)']);
    // 100 posts plus the 7 answered 429: the client waited out Retry-After (2 s each) and sent again.
    expect(emulator.requests.count(ADD_COMMENT)).toBe(107);
    expect(emulator.requests.count(JIRA_ROUTES.getComments)).toBe(1);
    // 3 + 3 waits within the two posts' attempts, and one cool-down: the next post to the endpoint waits out the
    // Retry-After it last answered.
    expect(w.jiraClock.sleeps).toEqual(Array.from({ length: 7 }, () => 2000));
    for (const key of ['HD-11', 'HD-60', 'HD-110']) expect(await repliesOn(w, key)).toHaveLength(1);
    const told = await listFeedbackTold(w.store, IMPROVEMENT_ID, keys);
    expect(told).toHaveLength(100);
    expect(told.every((t) => t.state === 'told' && t.step === 'closed' && t.commentId !== null)).toBe(true);
    expect(told[0]).toMatchObject({
      feedbackIssueKey: 'HD-11',
      toldAtMs: w.time.now,
      reporterAccountId: AGENT.accountId,
    });
  });

  it("answers in the reporter's language and mentions the reporter (German for de_DE, English for en_US)", async () => {
    const w = world(['HD-1', 'HD-2']);
    await w.saved();
    await w.trigger(statusEvent('Closed'));
    await w.deliverAll();

    const [german] = await repliesOn(w, 'HD-1');
    const [english] = await repliesOn(w, 'HD-2');
    expect(german && textOf(german.body)).toContain(`Die Verbesserung CSI-1 „${SUMMARY}“`);
    expect(german && textOf(german.body)).toContain('Was sich geändert hat: Durchlaufzeit p50: 0,28 Tage');
    expect(german && mentionsOf(german.body)).toEqual([
      { id: AGENT.accountId, text: '@Anna Berger', accessLevel: '' },
    ]);
    expect(english && textOf(english.body)).toContain('What changed: Durchlaufzeit p50: 0.28 Tage');
    expect(english && mentionsOf(english.body)).toEqual([
      { id: OUTSIDER.accountId, text: '@Otto Klein', accessLevel: '' },
    ]);
  });

  it('a late In Implementation event after Closed posts nothing more; in order, both steps reply', async () => {
    const w = world(['HD-3']);
    await w.saved();
    await saveFeedbackReplySettings(w.store, CSI_PROJECT_ID, { replyOnImplementation: true }, null);
    const before = (await repliesOn(w, 'HD-3')).length;

    await w.trigger(statusEvent('Abgeschlossen'));
    await w.deliverAll();
    await w.trigger(statusEvent('In Umsetzung')); // delivered after Closed
    await w.deliverAll();
    expect((await repliesOn(w, 'HD-3')).length - before).toBe(1);

    // Another improvement, in order: In Implementation, then Closed → two replies.
    const other = useImprovement();
    const w2 = world(['HD-4']);
    await w2.store.put(
      csiRecordStoreKey(other.id),
      { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-4'] } },
      null,
    );
    await saveFeedbackReplySettings(w2.store, CSI_PROJECT_ID, { replyOnImplementation: true }, null);
    await w2.trigger(statusEvent('In Implementation', other.id, other.key));
    await w2.deliverAll();
    await w2.trigger(statusEvent('Closed', other.id, other.key));
    await w2.trigger(statusEvent('Closed', other.id, other.key));
    await w2.deliverAll();
    const texts = (await w2.client.getComments('HD-4'))
      .map((c) => textOf(c.body))
      .filter((t) => t.includes(`[three-ways-reply ${other.id}/`));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('wird jetzt umgesetzt');
    expect(texts[1]).toContain('ist abgeschlossen');
  });

  it('In Implementation tells nobody unless the project turned it on', async () => {
    const w = world(['HD-5']);
    await w.saved();
    await w.trigger(statusEvent('In Umsetzung'));
    expect(w.pending).toHaveLength(0);
    expect(await w.store.get(feedbackReplySettingsKey(CSI_PROJECT_ID))).toBeNull();
  });

  it('an improvement that opted out tells nobody, even for messages already queued', async () => {
    const w = world(['HD-6', 'HD-7']);
    await w.saved();
    await w.trigger(statusEvent('Closed'));
    await setFeedbackRepliesOptOut(w.store, IMPROVEMENT_ID, true, w.time.now);
    await w.deliverAll();
    await w.trigger(statusEvent('Closed'));
    expect(w.pending).toHaveLength(0);
    expect(emulator.requests.count(ADD_COMMENT)).toBe(0);
    expect(await listFeedbackTold(w.store, IMPROVEMENT_ID, ['HD-6', 'HD-7'])).toEqual([]);
  });

  it('a writer stopped between reserving and posting: busy within the lease, then posted once', async () => {
    const improvement = useImprovement();
    const w = world([]);
    const key = feedbackReplyDedupeKey(improvement.id, 'HD-8', 'closed');
    await w.store.put<FeedbackReplyEntry>(
      key,
      { state: 'reserved', reservedAtMs: w.time.now, feedbackIssueKey: 'HD-8', step: 'closed' },
      null,
    );
    await w.store.put(
      csiRecordStoreKey(improvement.id),
      { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-8'] } },
      null,
    );
    const start = w.time.now;
    await w.trigger(statusEvent('Closed', improvement.id, improvement.key));
    const run = await w.deliverAll();

    // The first delivery waits 30 s (a concurrent duplicate would be done by then), the next ones the rest of the
    // lease (16 min; Forge waits at most 900 s per redelivery); the one after it takes the reservation over,
    // finds no reply and posts.
    expect(run).toEqual({ deliveries: 4, retries: 3 });
    expect(w.time.now - start).toBeGreaterThanOrEqual(FEEDBACK_REPLY_LEASE_MS);
    const replies = (await w.client.getComments('HD-8')).filter((c) =>
      textOf(c.body).includes(feedbackReplyMarker(improvement.id, 'HD-8', 'closed')),
    );
    expect(replies).toHaveLength(1);
    expect((await w.store.get<FeedbackReplyEntry>(key))?.value).toMatchObject({
      state: 'told',
      commentId: replies[0]?.id,
    });
  });

  it('a writer stopped between posting and recording: the next delivery finds its reply and posts none', async () => {
    const improvement = useImprovement();
    const w = world([]);
    const key = feedbackReplyDedupeKey(improvement.id, 'HD-9', 'closed');
    await w.store.put<FeedbackReplyEntry>(
      key,
      {
        state: 'reserved',
        reservedAtMs: w.time.now - FEEDBACK_REPLY_LEASE_MS - 1,
        feedbackIssueKey: 'HD-9',
        step: 'closed',
      },
      null,
    );
    const posted = await w.client.addComment('HD-9', {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Hallo, …' }] },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: feedbackReplyMarker(improvement.id, 'HD-9', 'closed') }],
        },
      ],
    });
    await w.store.put(
      csiRecordStoreKey(improvement.id),
      { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-9'] } },
      null,
    );
    emulator.requests.reset();
    await w.trigger(statusEvent('Closed', improvement.id, improvement.key));
    await w.deliverAll();

    expect(emulator.requests.count(ADD_COMMENT)).toBe(0);
    expect((await w.store.get<FeedbackReplyEntry>(key))?.value).toMatchObject({
      state: 'told',
      commentId: posted.id,
    });
  });

  it('a post that failed is tried again by the redelivery, after looking for it first', async () => {
    const improvement = useImprovement();
    const w = world([]);
    await w.store.put(
      csiRecordStoreKey(improvement.id),
      { savedAt: '2026-12-01T09:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-10'] } },
      null,
    );
    // More 503s than the client's attempts: the first delivery fails, Forge delivers again.
    emulator.faults.inject({ endpoint: ADD_COMMENT, status: 503, times: 4 });
    await w.trigger(statusEvent('Closed', improvement.id, improvement.key));
    const run = await w.deliverAll();

    expect(run.retries).toBe(1);
    expect(emulator.requests.count(JIRA_ROUTES.getComments)).toBe(1);
    const replies = (await w.client.getComments('HD-10')).filter((c) =>
      textOf(c.body).includes(feedbackReplyMarker(improvement.id, 'HD-10', 'closed')),
    );
    expect(replies).toHaveLength(1);
  });
});
