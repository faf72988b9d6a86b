/**
 * The flow facts store's entry points (issue 13): the issue-event trigger marks the issue pending in the facts of
 * its project (and of the project a moved issue left), the `flow-facts-worker` consumer validates its message and
 * hands transient failures back to Forge for redelivery, and the nightly function reconciles within a deadline and
 * never throws.
 */
import { JiraUnavailableError } from '../../src/application/errors';
import type { FactsMessage, FactsSyncDeps } from '../../src/application/flow-facts-sync';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { MemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createFlowFactsSchedule } from '../../src/entry/scheduled/flow-facts-schedule';
import {
  createFlowFactsConsumer,
  factsMessageOfEvent,
  FLOW_FACTS_MAX_RETRIES,
} from '../../src/entry/consumers/flow-facts-consumer';
import {
  createIssueEventInvalidator,
  issueIdOfIssueEvent,
  type IssueFactsEvent,
} from '../../src/entry/triggers/issue-event-trigger';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { StorePort } from '../../src/application/ports/store-port';

const NOW = Date.UTC(2026, 2, 2, 12);

/** An `InvocationError` as `@forge/events` returns it: `{ _retry: true, retryOptions }`. */
function isRetry(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { _retry?: unknown })._retry === true;
}

describe('issue-event trigger → flow facts', () => {
  function trigger(fail?: (event: IssueFactsEvent) => boolean) {
    const recorded: IssueFactsEvent[] = [];
    const errors: string[] = [];
    const handler = createIssueEventInvalidator({
      logError: (message) => errors.push(message),
      recordFacts: (event) => {
        if (fail?.(event) === true) return Promise.reject(new Error('store rate limit'));
        recorded.push(event);
        return Promise.resolve();
      },
    });
    return { handler, recorded, errors };
  }
  const issue = (projectId: string) => ({ id: '20001', key: 'HD-1', fields: { project: { id: projectId } } });

  it('records created, updated (flow fields) and deleted issues in their project', async () => {
    const { handler, recorded } = trigger();
    await handler({ eventType: 'avi:jira:created:issue', issue: issue('10000') });
    await handler({
      eventType: 'avi:jira:updated:issue',
      issue: issue('10000'),
      changelog: { items: [{ field: 'Flagged', fieldId: 'customfield_10021' }] },
    });
    // Forge's deleted-issue event carries the issue as it was, with its id and project.
    await handler({ eventType: 'avi:jira:deleted:issue', issue: issue('10000') });
    expect(recorded).toEqual([
      { issueId: '20001', projectId: '10000' },
      { issueId: '20001', projectId: '10000' },
      { issueId: '20001', projectId: '10000' },
    ]);
  });

  it('records a moved issue in its new project and in the one it left', async () => {
    const { handler, recorded } = trigger();
    await handler({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '20001', key: 'OPS-7', fields: { project: { id: '10001' } } },
      changelog: {
        items: [
          { field: 'project', fieldId: 'project', from: '10000', to: '10001' },
          { field: 'Key', fieldId: 'issuekey', fromString: 'HD-1', toString: 'OPS-7' },
        ],
      },
    });
    expect(recorded).toEqual(
      expect.arrayContaining([
        { issueId: '20001', projectId: '10001' },
        { issueId: '20001', projectId: '10000' },
      ]),
    );
    expect(recorded).toHaveLength(2);
  });

  it('records nothing for an update of fields no view reads, or an event without an issue id', async () => {
    const { handler, recorded } = trigger();
    await handler({
      eventType: 'avi:jira:updated:issue',
      issue: issue('10000'),
      changelog: { items: [{ field: 'labels', fieldId: 'labels' }] },
    });
    await handler({
      eventType: 'avi:jira:created:issue',
      issue: { key: 'HD-1', fields: { project: { id: '1' } } },
    });
    expect(recorded).toEqual([]);
    expect(issueIdOfIssueEvent({ issue: { id: 'HD-1' } })).toBeNull();
    expect(issueIdOfIssueEvent({ issue: { id: 20001 } })).toBe('20001');
  });

  it('asks Forge for a retry when the facts could not be marked, and logs why', async () => {
    const { handler, errors } = trigger(() => true);
    const result = await handler({ eventType: 'avi:jira:created:issue', issue: issue('10000') });
    expect(isRetry(result)).toBe(true);
    expect(errors).toEqual([
      'recording issue 20001 for the flow facts of project 10000 failed; asking for a retry',
    ]);
  });
});

describe('flow-facts-worker consumer', () => {
  const backfill: FactsMessage = { kind: 'facts-backfill', jobId: 'j-1', projectId: '10000', step: 3 };

  it('validates the message: kind, job id, digits-only project id, whole step', () => {
    expect(factsMessageOfEvent({ body: backfill })).toEqual(backfill);
    expect(factsMessageOfEvent({ body: { kind: 'facts-flush', jobId: 'f', projectId: '10000' } })).toEqual({
      kind: 'facts-flush',
      jobId: 'f',
      projectId: '10000',
    });
    for (const body of [
      { ...backfill, projectId: 'HD' },
      { ...backfill, step: 1.5 },
      { ...backfill, step: -1 },
      { kind: 'facts-flush', projectId: '10000' },
      { kind: 'project-flow', jobId: 'x' },
      null,
    ])
      expect(factsMessageOfEvent({ body })).toBeNull();
  });

  it('runs a valid message once and answers nothing', async () => {
    const ran: FactsMessage[] = [];
    const consume = createFlowFactsConsumer({
      run: (message) => {
        ran.push(message);
        return Promise.resolve();
      },
      logError: () => undefined,
    });
    await expect(consume({ body: backfill })).resolves.toBeUndefined();
    expect(ran).toEqual([backfill]);
  });

  it('drops an invalid message with a log line, without running anything', async () => {
    const errors: string[] = [];
    const run = jest.fn(() => Promise.resolve());
    const consume = createFlowFactsConsumer({ run, logError: (message) => errors.push(message) });
    await expect(consume({ body: { kind: 'facts-backfill', jobId: 'j' } })).resolves.toBeUndefined();
    expect(run).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
  });

  it('asks for redelivery on a transient failure until the retries are used up; never on a bug', async () => {
    const errors: string[] = [];
    const transient = createFlowFactsConsumer({
      run: () => Promise.reject(new JiraUnavailableError('Jira answered 503', 503)),
      logError: (message) => errors.push(message),
    });
    expect(isRetry(await transient({ body: backfill }))).toBe(true);
    expect(
      isRetry(await transient({ body: backfill, retryContext: { retryCount: FLOW_FACTS_MAX_RETRIES - 1 } })),
    ).toBe(true);
    expect(
      await transient({ body: backfill, retryContext: { retryCount: FLOW_FACTS_MAX_RETRIES } }),
    ).toBeUndefined();
    expect(errors.at(-1)).toMatch(/no retry left/);
    const bug = createFlowFactsConsumer({
      run: () => Promise.reject(new TypeError('x is undefined')),
      logError: () => undefined,
    });
    expect(await bug({ body: backfill })).toBeUndefined();
  });
});

describe('flow-facts-nightly scheduled function', () => {
  function syncOver(store: StorePort) {
    return (): FactsSyncDeps => ({
      jiraApp: {} as JiraPort,
      store,
      facts: new FlowFactsStore(store, { clock: () => NOW }),
      queue: new MemoryQueue<FactsMessage>({ now: () => NOW }),
      clock: () => NOW,
    });
  }

  it('reconciles the registered projects (none here) and answers a summary', async () => {
    const run = createFlowFactsSchedule({ sync: syncOver(createMemoryStore()), logError: () => undefined });
    await expect(run({ context: { cloudId: 'c', moduleKey: 'flow-facts-nightly' } })).resolves.toEqual({
      statusCode: 200,
      summary: { projects: 0, marked: 0 },
    });
  });

  it('never throws: a store failure is logged and answered as 500 (Forge does not retry a scheduled run)', async () => {
    const broken = createMemoryStore();
    broken.get = () => Promise.reject(new Error('KVS unavailable'));
    const errors: string[] = [];
    const run = createFlowFactsSchedule({
      sync: syncOver(broken),
      logError: (message) => errors.push(message),
    });
    await expect(run()).resolves.toEqual({ statusCode: 500, summary: null });
    expect(errors).toEqual(['flow-facts-nightly: the reconcile run failed']);
  });
});
