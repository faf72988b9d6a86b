import { Queue } from '@forge/events';
import type { QueueMessage, QueuePort, QueuePushOptions } from '../../application/ports/queue-port';
import { checkQueueDelay } from './memory-queue';

/**
 * The queue `key` of the manifest over Forge async events (`@forge/events`). One message per push; the consumer
 * function (manifest `consumer` → function with `timeoutSeconds: 900`) receives `{ body }` and passes `body` on.
 * A push's `delaySeconds` becomes the event's `delayInSeconds` (Forge: 0–900, checked here as the SDK checks it,
 * plus whole seconds).
 */
export function createForgeQueue<M extends QueueMessage = QueueMessage>(key: string): QueuePort<M> {
  const queue = new Queue({ key });
  return {
    async push(message: M, options?: QueuePushOptions): Promise<void> {
      const delaySeconds = checkQueueDelay(options);
      await queue.push({
        body: { ...message },
        ...(delaySeconds > 0 ? { delayInSeconds: delaySeconds } : {}),
      });
    },
    async pushBatch(messages: readonly M[]): Promise<void> {
      if (messages.length > 0) await queue.push(messages.map((message) => ({ body: { ...message } })));
    },
  };
}
