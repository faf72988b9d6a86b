import type { FlowJobMessage, QueueConsumer, QueuePort } from '../../application/ports/queue-port';

/**
 * A queue in memory for tests and the preview. With `autoRun` the consumer runs right after `push` returns (on a
 * later tick, like a real queue); otherwise messages wait until {@link MemoryQueue.runPending}.
 */
export class MemoryQueue<M extends FlowJobMessage = FlowJobMessage> implements QueuePort<M> {
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

  push(message: M): Promise<void> {
    // A copy through JSON, as a real queue serialises the body.
    this.pending.push(JSON.parse(JSON.stringify(message)) as M);
    if (this.autoRun) {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        await this.runPending();
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
    return Promise.resolve();
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
