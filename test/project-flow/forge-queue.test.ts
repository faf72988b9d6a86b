/** The Forge queue adapter pushes one event per message to the `flow-jobs` queue of `@forge/events`. */
const push = jest.fn((events: unknown) => Promise.resolve({ jobId: 'forge-job', events }));
const constructed: unknown[] = [];

jest.mock('@forge/events', () => ({
  Queue: jest.fn().mockImplementation((params: unknown) => {
    constructed.push(params);
    return { push };
  }),
}));

import { createForgeQueue, FLOW_QUEUE_KEY } from '../../src/adapters/queue/forge-queue';

it('pushes the message as the event body to the flow-jobs queue', async () => {
  const queue = createForgeQueue();
  await queue.push({ kind: 'project-flow', jobId: 'job-1' });
  expect(constructed).toEqual([{ key: FLOW_QUEUE_KEY }]);
  expect(FLOW_QUEUE_KEY).toBe('flow-jobs');
  expect(push).toHaveBeenCalledWith({ body: { kind: 'project-flow', jobId: 'job-1' } });
});
