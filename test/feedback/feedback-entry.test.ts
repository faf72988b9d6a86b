/**
 * The entry points of feedback out: which issue events are an improvement reaching a reply step, a failed fan-out
 * asks Forge for a redelivery, and the consumer ignores messages that are not well-formed replies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PayloadTooBigError, TooManyEventsError } from '@forge/events';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { eventPassesFilter } from '../../dev/preview/trigger-filter';
import { checkQueueBatch } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import type { FeedbackReplyMessage } from '../../src/application/feedback-replies';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { QueuePort } from '../../src/application/ports/queue-port';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import {
  createFeedbackReplyConsumer,
  feedbackMessageOfEvent,
} from '../../src/entry/consumers/feedback-reply-consumer';
import {
  createFeedbackStatusTrigger,
  improvementStepOfEvent,
} from '../../src/entry/triggers/feedback-status-trigger';

function event(
  overrides: { type?: string; to?: string; field?: string; eventType?: string } = {},
): Record<string, unknown> {
  return {
    eventType: overrides.eventType ?? 'avi:jira:updated:issue',
    issue: {
      id: '90001',
      key: 'CSI-1',
      fields: {
        summary: 'Self-Service-Passwortrücksetzung einführen',
        issuetype: { name: overrides.type ?? 'Improvement (CSI)' },
        project: { id: '10001' },
      },
    },
    changelog: {
      items: [
        { field: 'resolution', toString: 'Erledigt' },
        { field: overrides.field ?? 'status', toString: overrides.to ?? 'Closed' },
      ],
    },
  };
}

describe('improvementStepOfEvent', () => {
  it.each([
    ['Closed', 'closed'],
    ['Abgeschlossen', 'closed'],
    ['In Implementation', 'in-implementation'],
    ['in umsetzung', 'in-implementation'],
  ])('a CSI issue moving to %s is the step %s', (to, step) => {
    expect(improvementStepOfEvent(event({ to }))).toEqual({
      improvementIssueId: '90001',
      improvementKey: 'CSI-1',
      improvementSummary: 'Self-Service-Passwortrücksetzung einführen',
      projectId: '10001',
      step,
    });
  });

  it('ignores other statuses, other fields, other issue types and other events', () => {
    expect(improvementStepOfEvent(event({ to: 'Verifying' }))).toBeNull();
    expect(improvementStepOfEvent(event({ field: 'summary' }))).toBeNull();
    expect(improvementStepOfEvent(event({ type: 'Störung' }))).toBeNull();
    expect(improvementStepOfEvent(event({ eventType: 'avi:jira:created:issue' }))).toBeNull();
    expect(improvementStepOfEvent({ eventType: 'avi:jira:updated:issue' })).toBeNull();
    expect(improvementStepOfEvent(null)).toBeNull();
  });
});

describe("the trigger's manifest filter (as the preview evaluates Forge's expression)", () => {
  const modules = readBackendModules(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8'));
  const trigger = modules.triggers.find((t) => t.key === 'feedback-status-events');

  it('starts the function for status changes only, on updated issues', () => {
    expect(trigger).toMatchObject({
      functionKey: 'feedback-status',
      events: ['avi:jira:updated:issue'],
      onError: 'RECEIVE_AND_LOG',
    });
    const filter = trigger?.filter;
    if (filter === null || filter === undefined) throw new Error('the trigger has no filter');
    expect(eventPassesFilter(filter, event())).toBe(true);
    expect(eventPassesFilter(filter, event({ field: 'summary' }))).toBe(false);
    expect(eventPassesFilter(filter, { ...event(), changelog: null })).toBe(false);
  });
});

describe('the status trigger', () => {
  it('asks Forge to deliver the event again when the queue refuses a push', async () => {
    const store = createMemoryStore();
    await store.put(
      csiRecordStoreKey('90001'),
      { savedAt: '2026-12-01T00:00:00.000Z', record: { ...EMPTY_CSI_RECORD, feedbackIssueKeys: ['HD-1'] } },
      null,
    );
    const failing: QueuePort<FeedbackReplyMessage> = {
      push: () => Promise.reject(new Error('queue unavailable')),
    };
    const logged: string[] = [];
    const trigger = createFeedbackStatusTrigger({
      store,
      queue: failing,
      logError: (message) => logged.push(message),
    });

    const answer = await trigger(event());
    expect(answer).toMatchObject({ _retry: true, retryOptions: { retryReason: 'FUNCTION_RETRY_REQUEST' } });
    expect(logged).toEqual(['feedback replies of CSI-1 (closed) could not be queued; asking for a retry']);
    // An event that is no reply step costs nothing.
    expect(await trigger(event({ to: 'Verifying' }))).toBeUndefined();
  });
});

describe('a batch push', () => {
  it('is refused as Forge refuses it: more than 50 events, or over 200 KB together', () => {
    const small = { kind: 'feedback-reply', jobId: 'x' };
    expect(() => {
      checkQueueBatch(Array.from({ length: 50 }, () => small));
    }).not.toThrow();
    expect(() => {
      checkQueueBatch(Array.from({ length: 51 }, () => small));
    }).toThrow(TooManyEventsError);
    const large = { ...small, pad: 'x'.repeat(5000) };
    expect(() => {
      checkQueueBatch(Array.from({ length: 50 }, () => large));
    }).toThrow(PayloadTooBigError);
  });
});

describe('the reply consumer', () => {
  const body: FeedbackReplyMessage = {
    kind: 'feedback-reply',
    jobId: 'feedback-reply:90001:HD-1:closed',
    improvementIssueId: '90001',
    improvementKey: 'CSI-1',
    improvementSummary: 'x',
    projectId: '10001',
    feedbackIssueKey: 'HD-1',
    step: 'closed',
  };

  it('reads a well-formed message and nothing else', () => {
    expect(feedbackMessageOfEvent({ body })).toEqual(body);
    expect(feedbackMessageOfEvent({ body: { ...body, step: 'verifying' } })).toBeNull();
    expect(feedbackMessageOfEvent({ body: { ...body, feedbackIssueKey: 'HD-1/../x' } })).toBeNull();
    expect(feedbackMessageOfEvent({ body: { ...body, kind: 'project-flow' } })).toBeNull();
    expect(feedbackMessageOfEvent({})).toBeNull();
  });

  it('logs a malformed message and asks for no redelivery, without calling Jira', async () => {
    const logged: string[] = [];
    const consumer = createFeedbackReplyConsumer({
      jiraApp: () => {
        throw new Error('Jira must not be asked');
      },
      store: createMemoryStore(),
      clock: () => 0,
      logError: (message) => logged.push(message),
    });
    expect(await consumer({ body: { ...body, step: 'x' } })).toBeUndefined();
    expect(logged).toEqual(['feedback reply event without a readable message']);
  });

  it('a reply another delivery is posting: tried again after 30 s, then after the rest of the lease', async () => {
    const store = createMemoryStore();
    await store.put(
      body.jobId,
      { state: 'reserved', reservedAtMs: 0, feedbackIssueKey: 'HD-1', step: 'closed' },
      null,
    );
    const now = { ms: 0 };
    const consumer = createFeedbackReplyConsumer({
      // No method: a call would fail with a TypeError (not retried), so the answers below are the hold's.
      jiraApp: () => ({}) as JiraPort,
      store,
      clock: () => now.ms,
      logError: () => undefined,
    });
    expect(await consumer({ body })).toMatchObject({ retryOptions: { retryAfter: 30 } });
    now.ms = 30_000;
    expect(await consumer({ body, retryContext: { retryCount: 1 } })).toMatchObject({
      retryOptions: { retryAfter: 900 },
    });
    now.ms = 930_000;
    expect(await consumer({ body, retryContext: { retryCount: 2 } })).toMatchObject({
      retryOptions: { retryAfter: 35 },
    });
  });

  it('does not retry a failure that would repeat (a code error) and stops after its retries', async () => {
    const broken = {
      getIssue: () => Promise.reject(new TypeError('broken')),
    } as unknown as JiraPort;
    const consumer = createFeedbackReplyConsumer({
      jiraApp: () => broken,
      store: createMemoryStore(),
      clock: () => 0,
      logError: () => undefined,
    });
    expect(await consumer({ body })).toBeUndefined();
    const unavailable = {
      getIssue: () => Promise.reject(new Error('socket hang up')),
    } as unknown as JiraPort;
    const transient = createFeedbackReplyConsumer({
      jiraApp: () => unavailable,
      store: createMemoryStore(),
      clock: () => 0,
      logError: () => undefined,
    });
    expect(await transient({ body })).toMatchObject({ _retry: true });
    expect(await transient({ body, retryContext: { retryCount: 4 } })).toBeUndefined();
  });
});
