import { PayloadTooBigError, TooManyEventsError } from '@forge/events';
import type {
  FlowJobMessage,
  QueueConsumer,
  QueueMessage,
  QueuePort,
} from '../../application/ports/queue-port';
import { QUEUE_MAX_EVENTS_PER_PUSH } from '../../application/ports/queue-port';

/** Combined payload of one push, as `@forge/events` measures it (`JSON.stringify(events)` in KB of 1,024 bytes). */
export const QUEUE_MAX_PUSH_KB = 200;
/**
 * One event's payload when its consumer runs longer than 55 s (ours: 900 s), per Forge's async-events limits;
 * Forge's service enforces it, the SDK does not.
 */
export const QUEUE_MAX_LONG_RUNNING_EVENT_KB = 100;

/**
 * Checks a push as Forge would: the SDK's own check (≤ 200 KB for the push) and the service's
 * 100 KB per event of a long-running consumer, with the SDK's error classes.
 */
export function checkQueuePush(
  body: Record<string, unknown>,
  maxEventKb = QUEUE_MAX_LONG_RUNNING_EVENT_KB,
): void {
  const events = [{ body }];
  const pushKb = Buffer.byteLength(JSON.stringify(events)) / 1024;
  if (pushKb > QUEUE_MAX_PUSH_KB)
    throw new PayloadTooBigError(`The maximum payload size is ${String(QUEUE_MAX_PUSH_KB)}KB.`);
  const eventKb = Buffer.byteLength(JSON.stringify(body)) / 1024;
  if (eventKb > maxEventKb)
    throw new PayloadTooBigError(
      `The maximum size of one event for a long-running consumer is ${String(maxEventKb)}KB (this one: ${eventKb.toFixed(1)}KB).`,
    );
}

/**
 * Checks a push of several events as Forge would: at most {@link QUEUE_MAX_EVENTS_PER_PUSH}, together at most
 * {@link QUEUE_MAX_PUSH_KB}, each within the long-running consumer's 100 KB.
 */
export function checkQueueBatch(
  bodies: readonly Record<string, unknown>[],
  maxEventKb = QUEUE_MAX_LONG_RUNNING_EVENT_KB,
): void {
  if (bodies.length > QUEUE_MAX_EVENTS_PER_PUSH)
    throw new TooManyEventsError(
      `This push has ${String(bodies.length)} events; at most ${String(QUEUE_MAX_EVENTS_PER_PUSH)} are allowed.`,
    );
  const pushKb = Buffer.byteLength(JSON.stringify(bodies.map((body) => ({ body })))) / 1024;
  if (pushKb > QUEUE_MAX_PUSH_KB)
    throw new PayloadTooBigError(`The maximum payload size is ${String(QUEUE_MAX_PUSH_KB)}KB.`);
  for (const body of bodies) checkQueuePush(body, maxEventKb);
}

/**
 * A queue in memory for tests and the preview. With `autoRun` the consumer runs right after `push` returns (on a
 * later tick, like a real queue); otherwise messages wait until {@link MemoryQueue.runPending}. A push Forge would
 * refuse (see {@link checkQueuePush}) is refused with `@forge/events`' error.
 */
export class MemoryQueue<M extends QueueMessage = FlowJobMessage> implements QueuePort<M> {
  private readonly pending: M[] = [];
  private readonly running = new Set<Promise<void>>();
  private consumer: QueueConsumer<M> | null = null;

  constructor(
    private readonly autoRun: boolean,
    /** Told about a message whose consumer failed, like the resolvers' `logError`. */
    private readonly onError: (message: string, error: unknown) => void = () => undefined,
  ) {}

  /** Sets who consumes the messages (set after construction: the consumer usually needs the queue itself). */
  setConsumer(consumer: QueueConsumer<M>): void {
    this.consumer = consumer;
  }

  async push(message: M): Promise<void> {
    await Promise.resolve(); // checked and queued on a later tick, like a real push
    checkQueuePush({ ...message });
    // A copy through JSON, as a real queue serialises the body.
    this.pending.push(JSON.parse(JSON.stringify(message)) as M);
    if (this.autoRun) {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        await this.runPending();
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  /** Several messages in one push: all checked together first (Forge refuses the whole push), then queued. */
  async pushBatch(messages: readonly M[]): Promise<void> {
    await Promise.resolve();
    checkQueueBatch(messages.map((message) => ({ ...message })));
    for (const message of messages) await this.push(message);
  }

  /** Messages not yet consumed. */
  get size(): number {
    return this.pending.length;
  }

  /** Runs the consumer on every waiting message, in order; a failing message is reported and dropped. */
  async runPending(): Promise<number> {
    const consumer = this.consumer;
    if (consumer === null) return 0;
    let ran = 0;
    for (let message = this.pending.shift(); message !== undefined; message = this.pending.shift()) {
      try {
        await consumer(message);
      } catch (error) {
        this.onError(`queue message ${message.jobId} failed`, error);
      }
      ran++;
    }
    return ran;
  }

  /** Resolves when every automatically started run has finished (tests, preview shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** A new in-memory queue. */
export function createMemoryQueue<M extends FlowJobMessage = FlowJobMessage>(
  options: { autoRun?: boolean; onError?: (message: string, error: unknown) => void } = {},
): MemoryQueue<M> {
  return new MemoryQueue<M>(options.autoRun ?? false, options.onError);
}
