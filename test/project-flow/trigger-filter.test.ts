/**
 * The issue-event trigger's `filter` in manifest.yml and the handler's own rule must let through the same fields:
 * a field only the handler knows is never delivered on Forge; one only the filter knows costs invocations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createIssueEventInvalidator,
  FLOW_RELEVANT_FIELDS,
} from '../../src/entry/triggers/issue-event-trigger';

interface TriggerModule {
  readonly key: string;
  readonly events: readonly string[];
  readonly filter?: { readonly expression?: string; readonly onError?: string };
}

function flowTrigger(): TriggerModule {
  const manifest = parse(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
    modules: { trigger: TriggerModule[] };
  };
  const trigger = manifest.modules.trigger.find((t) => t.key === 'flow-issue-events');
  if (trigger === undefined) throw new Error('no flow-issue-events trigger');
  return trigger;
}

/** The field names of the expression's `[…].includes(item.field)` list. */
function filterFields(expression: string): string[] {
  const list = /\[([^\]]*)\]\.includes\(item\.field\)/.exec(expression);
  if (list === null) throw new Error(`no field list in ${expression}`);
  return [...(list[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => (m[1] ?? '').toLowerCase()).sort();
}

describe('the issue-event trigger filter', () => {
  it('lets through exactly the fields the handler treats as flow-relevant', () => {
    const trigger = flowTrigger();
    expect(trigger.filter?.onError).toBe('RECEIVE_AND_LOG');
    expect(filterFields(trigger.filter?.expression ?? '')).toEqual([...FLOW_RELEVANT_FIELDS].sort());
  });

  it('treats a change of an issue’s security level as relevant: the facts must re-read who may see it', async () => {
    expect(filterFields(flowTrigger().filter?.expression ?? '')).toContain('security');
    const recorded: { issueId: string; projectId: string }[] = [];
    const trigger = createIssueEventInvalidator({
      logError: () => undefined,
      recordFacts: (event) => {
        recorded.push(event);
        return Promise.resolve();
      },
    });

    await trigger({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '1', key: 'HD-1', fields: { project: { id: '10000' } } },
      changelog: { items: [{ field: 'security', fieldtype: 'jira', fieldId: 'security', to: '10100' }] },
    });

    expect(recorded).toEqual([{ issueId: '1', projectId: '10000' }]);
  });
});
