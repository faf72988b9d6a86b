/**
 * A fixture manifest with every kind of backend module the app will use (product trigger with a filter, queue
 * consumer, scheduled trigger, web trigger, workflow validator, Automation action) and handlers that record their
 * calls: the preview's routing of kinds the real manifest does not have yet is tested with it.
 */
import type { AppFunction } from '../../../src/entry/composition-root';

export const FIXTURE_MANIFEST = `app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000001
modules:
  trigger:
    - key: label-trigger
      function: on-event
      events: [avi:jira:updated:issue]
      filter:
        expression: "event.changelog.items.some(item => item.field == 'labels')"
        onError: IGNORE_AND_LOG
  consumer:
    - key: work-consumer
      queue: work
      function: worker
  scheduledTrigger:
    - key: hourly-review
      function: review
      interval: hour
  webtrigger:
    - key: feedback-hook
      function: hook
  jira:workflowValidator:
    - key: fixture-validator
      name: Fixture
      description: Refuses without a comment
      function: validate
  action:
    - key: notify-requester
      name: Notify requester
      function: notify
      actionVerb: UPDATE
      description: Tells the requester
      inputs:
        issueKey:
          title: Issue
          type: string
          required: true
        note:
          title: Note
          type: string
          required: false
  automation:actionProvider:
    - key: fixture-actions
      actions: [notify-requester]
  function:
    - key: on-event
      handler: index.onEvent
    - key: worker
      handler: index.worker
    - key: review
      handler: index.review
    - key: hook
      handler: index.hook
    - key: validate
      handler: index.validate
    - key: notify
      handler: index.notify
`;

/** Fixture handlers that record what they were called with. */
export function fixtureHandlers(
  calls: { name: string; args: unknown[] }[],
  workerRetries: number,
): Record<string, AppFunction> {
  let asked = 0;
  const recorder =
    (name: string, answer: (...args: unknown[]) => unknown = () => undefined) =>
    (...args: unknown[]) => {
      calls.push({ name, args });
      return Promise.resolve(answer(...args));
    };
  return {
    'index.onEvent': recorder('onEvent'),
    'index.worker': recorder('worker', () =>
      asked++ < workerRetries
        ? { _retry: true, retryOptions: { retryAfter: 7, retryReason: 'FUNCTION_RETRY_REQUEST' } }
        : undefined,
    ),
    'index.review': recorder('review'),
    'index.hook': recorder('hook', (request) => ({
      statusCode: 202,
      headers: { 'x-seen': [(request as { method: string }).method] },
      body: JSON.stringify({ got: (request as { body?: string }).body ?? null }),
    })),
    'index.validate': recorder('validate', (event) =>
      (event as { comment?: string }).comment === undefined
        ? { result: false, errorMessage: 'A comment is needed.' }
        : { result: true },
    ),
    'index.notify': recorder('notify', (payload) => ({
      notified: (payload as { issueKey: string }).issueKey,
    })),
  };
}
