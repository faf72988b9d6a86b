import { Queue } from '@forge/events';
import type {
  FlowJobMessage,
  QueueMessage,
  QueuePort,
  QueuePushOptions,
} from '../../application/ports/queue-port';
import { checkQueueDelay } from './memory-queue';

/** The queue key in manifest.yml (`consumer` module `queue: flow-jobs`). */
export const FLOW_QUEUE_KEY = 'flow-jobs';

/**
 * The queue over Forge async events (`@forge/events`). One message per push; the consumer function (manifest
 * `consumer` → function with `timeoutSeconds: 900`) receives `{ body }` and passes `body` to the flow consumer.
 * A push's `delaySeconds` becomes the event's `delayInSeconds` (Forge: 0–900, checked here as the SDK checks it,
 * plus whole seconds).
 */
export function createForgeQueue<M extends QueueMessage = FlowJobMessage>(
  key = FLOW_QUEUE_KEY,
): QueuePort<M> {
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

/** The message of a Forge async event (`event.body`), or null when it is not one of ours. */
export function flowMessageOfEvent(event: unknown): FlowJobMessage | null {
  const body = typeof event === 'object' && event !== null ? (event as { body?: unknown }).body : undefined;
  if (typeof body !== 'object' || body === null) return null;
  const message = body as { kind?: unknown; jobId?: unknown };
  return message.kind === 'project-flow' && typeof message.jobId === 'string'
    ? (body as FlowJobMessage)
    : null;
}
