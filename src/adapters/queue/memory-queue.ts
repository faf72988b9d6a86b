import { InvalidPushSettingsError, PayloadTooBigError, TooManyEventsError } from '@forge/events';
import type {
  QueueConsumer,
  QueueMessage,
  QueuePort,
  QueuePushOptions,
} from '../../application/ports/queue-port';
import { QUEUE_MAX_DELAY_SECONDS, QUEUE_MAX_EVENTS_PER_PUSH } from '../../application/ports/queue-port';

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
 * The delay of a push in whole seconds, checked as Forge checks `delayInSeconds` (0–900; the SDK throws
 * `InvalidPushSettingsError` outside it). A fraction or a non-number is refused too: the port promises whole
 * seconds, and Forge's service documents no rounding.
 *
 * @throws InvalidPushSettingsError naming the allowed range.
 */
export function checkQueueDelay(options: QueuePushOptions | undefined): number {
  const delaySeconds = options?.delaySeconds ?? 0;
  if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > QUEUE_MAX_DELAY_SECONDS)
    throw new InvalidPushSettingsError(
      `The delay of a queue push must be whole seconds between 0 and ${String(QUEUE_MAX_DELAY_SECONDS)} (Forge's delayInSeconds); this one: ${String(delaySeconds)}.`,
    );
  return delaySeconds;
}

/** A waiting message and the instant (the queue's clock, epoch ms) before which it may not run. */
interface PendingMessage<M> {
  readonly message: M;
  dueMs: number;
}

/** How a {@link MemoryQueue} is built. */
export interface MemoryQueueOptions {
  /** Run the consumer by itself after a push (preview); otherwise messages wait for {@link MemoryQueue.runPending}. */
  readonly autoRun?: boolean;
  /** Told about a message whose consumer failed, like the resolvers' `logError`. */
  readonly onError?: (message: string, error: unknown) => void;
  /** The clock deciding when a delayed message is due (default the system clock; tests pass a fake one). */
  readonly now?: () => number;
}

/**
 * A queue in memory for tests and the preview. With `autoRun` the consumer runs right after `push` returns (on a
 * later tick, like a real queue); otherwise messages wait until {@link MemoryQueue.runPending}. A push Forge would
 * refuse (see {@link checkQueuePush}, {@link checkQueueDelay}) is refused with `@forge/events`' error.
 *
 * A push with `delaySeconds` is due that many seconds later on the queue's clock: `runPending()` leaves it waiting
 * until then (`runPending({ includeDelayed: true })` runs it at once, as a test or bench that does not want to
 * wait does); with `autoRun` a timer runs it after the delay.
 */
export class MemoryQueue<M extends QueueMessage = QueueMessage> implements QueuePort<M> {
  private readonly pending: PendingMessage<M>[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private consumer: QueueConsumer<M> | null = null;
  private readonly now: () => number;
  private readonly autoRun: boolean;
  private readonly onError: (message: string, error: unknown) => void;

  constructor(autoRun: boolean | MemoryQueueOptions, onError?: (message: string, error: unknown) => void) {
    const options = typeof autoRun === 'boolean' ? { autoRun, ...(onError ? { onError } : {}) } : autoRun;
    this.autoRun = options.autoRun ?? false;
    this.onError = options.onError ?? (() => undefined);
    this.now = options.now ?? (() => Date.now());
  }

  /** Sets who consumes the messages (set after construction: the consumer usually needs the queue itself). */
  setConsumer(consumer: QueueConsumer<M>): void {
    this.consumer = consumer;
  }

  async push(message: M, options?: QueuePushOptions): Promise<void> {
    await Promise.resolve(); // checked and queued on a later tick, like a real push
    const delaySeconds = checkQueueDelay(options);
    checkQueuePush({ ...message });
    // A copy through JSON, as a real queue serialises the body.
    const entry: PendingMessage<M> = {
      message: JSON.parse(JSON.stringify(message)) as M,
      dueMs: this.now() + delaySeconds * 1000,
    };
    this.pending.push(entry);
    if (!this.autoRun) return;
    if (delaySeconds === 0) {
      this.startRun(new Promise<void>((resolve) => setImmediate(resolve)));
      return;
    }
    // After the delay in real time; the message is released even when the queue's clock is a fixed one.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      entry.dueMs = Number.NEGATIVE_INFINITY;
      this.startRun(Promise.resolve());
    }, delaySeconds * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private startRun(after: Promise<void>): void {
    const run = after.then(async () => {
      await this.runPending();
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Several messages in one push: all checked together first (Forge refuses the whole push), then queued. */
  async pushBatch(messages: readonly M[]): Promise<void> {
    await Promise.resolve();
    checkQueueBatch(messages.map((message) => ({ ...message })));
    for (const message of messages) await this.push(message);
  }

  /** Messages not yet consumed (due or delayed). */
  get size(): number {
    return this.pending.length;
  }

  /** Messages waiting for their delay on the queue's clock. */
  get delayedSize(): number {
    const nowMs = this.now();
    return this.pending.filter((entry) => entry.dueMs > nowMs).length;
  }

  /**
   * Runs the consumer on every due message, in push order, including the ones the consumer pushes meanwhile
   * (a chained job runs to its end); a failing message is reported and dropped. Delayed messages not yet due wait,
   * unless `includeDelayed` runs them too (a test or bench skipping the wait).
   *
   * @returns how many messages ran.
   */
  async runPending(options: { readonly includeDelayed?: boolean } = {}): Promise<number> {
    const consumer = this.consumer;
    if (consumer === null) return 0;
    let ran = 0;
    for (let entry = this.takeDue(options); entry !== undefined; entry = this.takeDue(options)) {
      try {
        await consumer(entry.message);
      } catch (error) {
        this.onError(`queue message ${entry.message.jobId} failed`, error);
      }
      ran++;
    }
    return ran;
  }

  /** The first message that may run now, taken off the queue. */
  private takeDue(options: { readonly includeDelayed?: boolean }): PendingMessage<M> | undefined {
    const nowMs = this.now();
    const index = this.pending.findIndex((entry) => options.includeDelayed === true || entry.dueMs <= nowMs);
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }

  /**
   * Resolves when every automatically started run has finished (tests, preview shutdown). Delayed messages whose
   * timer has not fired yet are not waited for ({@link MemoryQueue.stop} drops their timers).
   */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Stops the timers of delayed messages (they stay queued for {@link MemoryQueue.runPending}). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** A new in-memory queue (the same as `new MemoryQueue<M>(options)`). */
export function createMemoryQueue<M extends QueueMessage = QueueMessage>(
  options: MemoryQueueOptions = {},
): MemoryQueue<M> {
  return new MemoryQueue<M>(options);
}
