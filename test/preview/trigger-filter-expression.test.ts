/**
 * The preview evaluates a product trigger's `filter.expression` as Forge would before delivering an emulator event,
 * and refuses at start the forms it cannot evaluate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readBackendModules } from '../../dev/preview/backend-modules';
import {
  eventPassesFilter,
  FilterEvaluationError,
  parseTriggerFilter,
  type TriggerFilter,
} from '../../dev/preview/trigger-filter';
import { FLOW_RELEVANT_FIELDS, isFlowRelevantIssueEvent } from '../../src/entry/triggers/issue-event-trigger';

const MANIFEST = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');

function manifestFilter(): TriggerFilter {
  const trigger = readBackendModules(MANIFEST).triggers.find((t) => t.key === 'flow-issue-events');
  if (trigger?.filter == null) throw new Error('the manifest trigger has no filter');
  return trigger.filter;
}

const issue = { id: '1', key: 'HD-1', fields: { project: { id: '10000' } } };
const updated = (...fields: string[]) => ({
  eventType: 'avi:jira:updated:issue',
  issue,
  changelog: { id: '5', items: fields.map((field) => ({ field, fieldtype: 'jira', fieldId: field })) },
});

describe("the manifest's issue-event filter in the preview", () => {
  const filter = manifestFilter();

  it('lets created and deleted issues and relevant updates through, and holds back the rest', () => {
    expect(eventPassesFilter(filter, { eventType: 'avi:jira:created:issue', issue })).toBe(true);
    expect(eventPassesFilter(filter, { eventType: 'avi:jira:deleted:issue', issue })).toBe(true);
    expect(eventPassesFilter(filter, updated('status'))).toBe(true);
    expect(eventPassesFilter(filter, updated('Flagged'))).toBe(true);
    expect(eventPassesFilter(filter, updated('description', 'security'))).toBe(true);
    expect(eventPassesFilter(filter, updated('description'))).toBe(false);
    expect(eventPassesFilter(filter, updated('assignee', 'labels'))).toBe(false);
    expect(eventPassesFilter(filter, { eventType: 'avi:jira:updated:issue', issue })).toBe(true);
  });

  it("agrees with the handler's own rule on every field it knows and on others", () => {
    const names = ['status', 'Flagged', 'issuetype', 'resolution', 'summary', 'project', 'Key', 'security'];
    expect(names.map((name) => name.toLowerCase()).sort()).toEqual([...FLOW_RELEVANT_FIELDS].sort());
    for (const field of [...names, 'description', 'assignee', 'priority', 'labels', 'Sprint']) {
      const event = updated(field);
      expect([field, eventPassesFilter(filter, event)]).toEqual([field, isFlowRelevantIssueEvent(event)]);
    }
  });

  it('fails for an event the expression cannot read (changelog without items), so onError decides', () => {
    expect(() =>
      eventPassesFilter(filter, { eventType: 'avi:jira:updated:issue', issue, changelog: {} }),
    ).toThrow(FilterEvaluationError);
    expect(readBackendModules(MANIFEST).triggers[0]?.onError).toBe('RECEIVE_AND_LOG');
  });

  it('lets an update whose changelog is null or unreadable through, and so does the handler (nothing is missed)', () => {
    // The filter passes a null changelog and, failing on an unreadable one, receives it (RECEIVE_AND_LOG): the
    // handler must then invalidate too, or the filter's "to be safe" is undone one step later.
    const unreadable: unknown[] = [
      { eventType: 'avi:jira:updated:issue', issue, changelog: null },
      { eventType: 'avi:jira:updated:issue', issue, changelog: {} },
      { eventType: 'avi:jira:updated:issue', issue, changelog: { items: null } },
      { eventType: 'avi:jira:updated:issue', issue, changelog: { items: [null] } },
      { eventType: 'avi:jira:updated:issue', issue, changelog: 'broken' },
    ];
    for (const event of unreadable) {
      let delivered: boolean;
      try {
        delivered = eventPassesFilter(filter, event);
      } catch (error) {
        if (!(error instanceof FilterEvaluationError)) throw error;
        delivered = true; // onError: RECEIVE_AND_LOG
      }
      expect([event, delivered, isFlowRelevantIssueEvent(event)]).toEqual([event, true, true]);
    }
    expect(isFlowRelevantIssueEvent(updated())).toBe(false);
  });
});

describe('trigger filter expressions', () => {
  const passes = (expression: string, event: unknown): boolean =>
    eventPassesFilter(parseTriggerFilter(expression, 't'), event);

  it('evaluates member access, literals, lists, methods and boolean operators', () => {
    const event = { issue: { fields: { labels: ['a', 'B'], summary: '  Hello ' } }, n: 2 };
    expect(
      passes("event.issue.fields.labels.includes('a') && !event.issue.fields.labels.includes('b')", event),
    ).toBe(true);
    expect(passes("event.issue.fields.summary.trim().toLowerCase() == 'hello'", event)).toBe(true);
    expect(passes('event.issue.fields.labels.length == 2 && event.n != 3', event)).toBe(true);
    expect(
      passes("event.issue.fields.labels.map(l => l.toUpperCase()).every(l => ['A', 'B'].includes(l))", event),
    ).toBe(true);
    expect(passes("event.issue.fields.labels.filter(l => l == 'x').length == 0", event)).toBe(true);
    expect(passes('event.missing == null && event.issue.fields.labels[1] == "B"', event)).toBe(true);
    expect(passes("(event.n == 1 || event.n == 2) && event.issue['fields'] != null", event)).toBe(true);
  });

  it('refuses at start what it cannot evaluate, naming the trigger and the form', () => {
    expect(() => parseTriggerFilter('event.n > 1', 'my-trigger')).toThrow(/trigger my-trigger.*">/);
    expect(() => parseTriggerFilter('event.items.find(i => i)', 't')).toThrow(/method find\(\)/);
    expect(() => parseTriggerFilter("issue.key == 'A'", 't')).toThrow(/the name "issue"/);
    expect(() => parseTriggerFilter("event.key == 'A", 't')).toThrow(/unterminated string/);
    expect(() => parseTriggerFilter('event.a ==', 't')).toThrow(/ends too early/);
  });

  it('treats a non-boolean result and a member of null as evaluation errors', () => {
    expect(() => passes('event.n', { n: 2 })).toThrow(FilterEvaluationError);
    expect(() => passes('event.a.b == 1', {})).toThrow(/cannot read "b" of null/);
  });
});

describe('the preview refuses trigger settings it cannot honour', () => {
  const manifest = (filter: string): string =>
    `modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:created:issue]\n${filter}  function:\n    - key: f\n      handler: index.f\n`;

  it('ignoreSelf (it cannot tell the app’s own changes) and an unknown onError', () => {
    expect(() => readBackendModules(manifest('      filter:\n        ignoreSelf: true\n'))).toThrow(
      /ignoreSelf/,
    );
    expect(() =>
      readBackendModules(manifest("      filter:\n        expression: 'true'\n        onError: SOMETIMES\n")),
    ).toThrow(/onError "SOMETIMES"/);
    expect(readBackendModules(manifest('')).triggers[0]).toMatchObject({
      filter: null,
      onError: 'IGNORE_AND_LOG',
    });
  });
});
