/**
 * A push's delay (issue 13: issue events coalesced through a 10 s delay): the in-memory queue keeps a delayed
 * message until it is due on its clock (or a test asks for it at once), runs it by itself after the delay with
 * `autoRun`, and refuses delays Forge refuses; the Forge adapter passes the delay as `delayInSeconds`.
 */
import { InvalidPushSettingsError } from '@forge/events';
import { checkQueueDelay, MemoryQueue } from '../../src/adapters/queue/memory-queue';

const pushed: unknown[] = [];
jest.mock('@forge/events', () => {
  const actual = jest.requireActual<typeof import('@forge/events')>('@forge/events');
  class Queue {
    push(events: unknown): Promise<{ jobId: string }> {
      pushed.push(events);
      return Promise.resolve({ jobId: 'j' });
    }
  }
  return { ...actual, Queue };
});

interface TestMessage {
  readonly kind: 'test';
  readonly jobId: string;
  readonly [field: string]: unknown;
}

function queueWithClock(autoRun = false) {
  let nowMs = 1_000_000;
  const queue = new MemoryQueue<TestMessage>({ autoRun, now: () => nowMs });
  const ran: string[] = [];
  queue.setConsumer((message) => {
    ran.push(message.jobId);
    return Promise.resolve();
  });
  return {
    queue,
    ran,
    advance: (ms: number): void => {
      nowMs += ms;
    },
  };
}

describe('memory queue delays', () => {
  it('keeps a delayed message until it is due on the queue clock, in push order among the due ones', async () => {
    const { queue, ran, advance } = queueWithClock();
    await queue.push({ kind: 'test', jobId: 'late' }, { delaySeconds: 10 });
    await queue.push({ kind: 'test', jobId: 'now' });
    expect([queue.size, queue.delayedSize]).toEqual([2, 1]);
    expect(await queue.runPending()).toBe(1);
    expect(ran).toEqual(['now']);
    advance(9_999);
    expect(await queue.runPending()).toBe(0);
    advance(1);
    expect(await queue.runPending()).toBe(1);
    expect(ran).toEqual(['now', 'late']);
    expect(queue.size).toBe(0);
  });

  it('runs delayed messages at once when asked (tests and benches skip the wait)', async () => {
    const { queue, ran } = queueWithClock();
    await queue.push({ kind: 'test', jobId: 'a' }, { delaySeconds: 900 });
    await queue.push({ kind: 'test', jobId: 'b' }, { delaySeconds: 0 });
    expect(await queue.runPending({ includeDelayed: true })).toBe(2);
    expect(ran).toEqual(['a', 'b']);
  });

  it('with autoRun runs a delayed message by itself after the delay, not before', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { queue, ran } = queueWithClock(true);
      await queue.push({ kind: 'test', jobId: 'coalesced' }, { delaySeconds: 10 });
      await jest.advanceTimersByTimeAsync(9_000);
      await queue.idle();
      expect(ran).toEqual([]);
      // The queue's own clock stands still: the timer releases the message anyway.
      await jest.advanceTimersByTimeAsync(1_000);
      await queue.idle();
      expect(ran).toEqual(['coalesced']);
      expect(queue.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses delays Forge refuses, with its error, and queues nothing', async () => {
    const { queue } = queueWithClock();
    for (const delaySeconds of [-1, 901, 1.5, Number.NaN]) {
      await expect(queue.push({ kind: 'test', jobId: 'x' }, { delaySeconds })).rejects.toBeInstanceOf(
        InvalidPushSettingsError,
      );
    }
    await expect(queue.push({ kind: 'test', jobId: 'x' }, { delaySeconds: 901 })).rejects.toThrow(
      /between 0 and 900/,
    );
    expect(queue.size).toBe(0);
    expect([checkQueueDelay(undefined), checkQueueDelay({ delaySeconds: 900 })]).toEqual([0, 900]);
  });
});

describe('Forge queue delays', () => {
  it('passes the delay as delayInSeconds and leaves it out without one', async () => {
    const { createForgeQueue } = await import('../../src/adapters/queue/forge-queue');
    const queue = createForgeQueue<TestMessage>('flow-facts');
    await queue.push({ kind: 'test', jobId: 'a' }, { delaySeconds: 10 });
    await queue.push({ kind: 'test', jobId: 'b' });
    expect(pushed).toEqual([
      { body: { kind: 'test', jobId: 'a' }, delayInSeconds: 10 },
      { body: { kind: 'test', jobId: 'b' } },
    ]);
    await expect(queue.push({ kind: 'test', jobId: 'c' }, { delaySeconds: 1000 })).rejects.toBeInstanceOf(
      InvalidPushSettingsError,
    );
    expect(pushed).toHaveLength(2);
  });
});
