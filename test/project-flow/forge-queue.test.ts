/** The Forge queue adapter pushes one event per message to the named queue of `@forge/events`. */
const push = jest.fn((events: unknown) => Promise.resolve({ jobId: 'forge-job', events }));
const constructed: unknown[] = [];

jest.mock('@forge/events', () => ({
  Queue: jest.fn().mockImplementation((params: unknown) => {
    constructed.push(params);
    return { push };
  }),
}));

import { createForgeQueue } from '../../src/adapters/queue/forge-queue';

it('pushes the message as the event body to the queue it is named for', async () => {
  const queue = createForgeQueue('flow-facts');
  await queue.push({ kind: 'facts-flush', jobId: 'job-1', projectId: '10000' });
  expect(constructed).toEqual([{ key: 'flow-facts' }]);
  expect(push).toHaveBeenCalledWith({ body: { kind: 'facts-flush', jobId: 'job-1', projectId: '10000' } });
});
