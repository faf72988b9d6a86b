/**
 * The flow measurement service over an in-memory Jira port: what it searches for each scope (a project bounded by
 * the period, a JQL as it is, exactly the given issue ids), the facts it returns (instants in epoch ms, rework from
 * the engine's timeline), and the default mapping without one (the status mapping page's defaults over the
 * projects' workflows: "Wartet auf Kunde" waits).
 */
import { measureFlow, scopeJql } from '../../src/application/flow-measurement';
import { JqlRefinementError } from '../../src/domain/flow/jql-scope';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../src/domain/flow/types';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 8);
const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
const CALENDAR = { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };

const NEU: JiraStatusRef = { id: '1', name: 'Neu', statusCategory: { key: 'new' } };
const GELOEST: JiraStatusRef = { id: '5', name: 'Gelöst', statusCategory: { key: 'done' } };
const STATUSES: readonly JiraStatusRef[] = [
  NEU,
  { id: '3', name: 'In Bearbeitung', statusCategory: { key: 'indeterminate' } },
  { id: '4', name: 'Wartet auf Kunde', statusCategory: { key: 'indeterminate' } },
  GELOEST,
];

function move(id: string, atMs: number, from: string, to: string): JiraHistory {
  return {
    id,
    created: iso(atMs),
    items: [{ field: 'status', fieldId: 'status', fromString: from, toString: to }],
  };
}

/** HD-1: works 2 h, waits on the customer 6 h, works 2 h more, solved. HD-2: never started. */
const ISSUES: readonly JiraIssueInput[] = [
  {
    id: '101',
    key: 'HD-1',
    fields: { created: iso(T0), status: GELOEST, summary: 'Drucker' },
    changelog: {
      histories: [
        move('1', T0 + HOUR, 'Neu', 'In Bearbeitung'),
        move('2', T0 + 3 * HOUR, 'In Bearbeitung', 'Wartet auf Kunde'),
        move('3', T0 + 9 * HOUR, 'Wartet auf Kunde', 'In Bearbeitung'),
        move('4', T0 + 11 * HOUR, 'In Bearbeitung', 'Gelöst'),
      ],
    },
  },
  { id: '102', key: 'HD-2', fields: { created: iso(T0 + HOUR), status: NEU, summary: 'VPN' } },
];

interface Calls {
  readonly searches: string[];
  readonly statusLists: string[];
}

function memoryJira(calls: Calls): JiraPort {
  const byId = new Map(ISSUES.map((i) => [i.id ?? '', i]));
  const port: Pick<JiraPort, 'listFields' | 'searchIssues' | 'bulkFetchChangelogs' | 'listProjectStatuses'> =
    {
      listFields: () => Promise.resolve([]),
      async *searchIssues(jql: string) {
        calls.searches.push(jql);
        const ids = /issuekey in \(([^)]*)\)/.exec(jql)?.[1]?.split(', ');
        const found = ISSUES.filter((i) => ids === undefined || ids.includes(i.id ?? ''));
        yield await Promise.resolve(
          found.map((i): JiraIssueInput => ({ ...i, changelog: { histories: [] } })),
        );
      },
      bulkFetchChangelogs: (ids) =>
        Promise.resolve(new Map(ids.map((id) => [id, byId.get(id)?.changelog?.histories ?? []]))),
      listProjectStatuses: (projectKey) => {
        calls.statusLists.push(projectKey);
        return Promise.resolve([{ id: '10001', name: 'Störung', statuses: STATUSES }]);
      },
    };
  return port as JiraPort;
}

describe('scopeJql', () => {
  it('bounds a project by the period and leaves a JQL without a period as it is', () => {
    const jql = scopeJql(
      { kind: 'project', projectKey: 'HD' },
      { activeSince: '2026-01-01', to: '2026-03-02' },
    );
    expect(jql).toContain('project = "HD"');
    expect(jql).toContain('2026-03-03');
    expect(jql).toContain('2026-01-01');
    expect(scopeJql({ kind: 'jql', jql: 'labels = x' }, null)).toBe('labels = x');
    expect(scopeJql({ kind: 'issues', issueIds: ['1'] }, null)).toBeNull();
    expect(() => scopeJql({ kind: 'project', projectKey: 'HD' }, null)).toThrow(RangeError);
  });

  it('refuses a JQL scope without a condition (it would be every issue of the site) and one a refinement escapes', () => {
    const period = { activeSince: '2026-01-01', to: '2026-03-02' };
    for (const jql of ['', '  \t '])
      expect(() => scopeJql({ kind: 'jql', jql }, period)).toThrow(/needs a condition/);
    expect(() => scopeJql({ kind: 'jql', jql: '' }, null)).toThrow(/needs a condition/);
    expect(() =>
      scopeJql({ kind: 'project', projectKey: 'HD', refinement: ') OR (project = X' }, period),
    ).toThrow(JqlRefinementError);
    expect(() => scopeJql({ kind: 'jql', jql: 'labels = x) OR (project = X' }, period)).toThrow(
      JqlRefinementError,
    );
  });
});

describe('measureFlow', () => {
  it('without a mapping measures with the defaults of the project workflow: waiting on the customer is not work', async () => {
    const calls: Calls = { searches: [], statusLists: [] };
    const result = await measureFlow(memoryJira(calls), {
      scope: { kind: 'project', projectKey: 'HD' },
      period: { activeSince: '2026-02-01', to: '2026-03-02' },
      mapping: null,
      calendar: CALENDAR,
      asOfMs: T0 + 24 * HOUR,
      includeSummaries: true,
    });

    expect(calls.searches).toHaveLength(1);
    expect(calls.searches[0]).toContain('project = "HD"');
    expect(calls.statusLists).toEqual(['HD']);
    expect(result.loaded).toBe(2);
    expect(result.facts.stages.map((s) => `${s.name}:${s.kind}`)).toEqual([
      'To Do:backlog',
      'In Bearbeitung:active',
      'Wartet auf Kunde:waiting',
      'Done:done',
    ]);
    const hd1 = result.facts.issues.find((i) => i.key === 'HD-1');
    // Instants in epoch ms; 4 h of work in a 10 h cycle.
    expect(hd1).toMatchObject({
      createdMs: T0,
      startMs: T0 + HOUR,
      doneMs: T0 + 11 * HOUR,
      cycleTimeMs: 10 * HOUR,
      flowEfficiency: 0.4,
    });
    // Rework from the timeline: back from waiting into work.
    expect(hd1?.rework).toEqual({ movedBack: true, visited: [0, 1, 2, 3], returnedTo: [1] });
    expect(result.facts.asOfMs).toBe(T0 + 24 * HOUR);
    expect(result.summaries.get('HD-2')).toBe('VPN');
  });

  it('measures at most maxIssues issues and says the scope was truncated', async () => {
    const calls: Calls = { searches: [], statusLists: [] };
    const base = {
      scope: { kind: 'jql', jql: 'project = HD ORDER BY created ASC' },
      period: null,
      mapping: null,
      calendar: CALENDAR,
      asOfMs: T0 + 24 * HOUR,
    } as const;

    const one = await measureFlow(memoryJira(calls), { ...base, maxIssues: 1 });
    const two = await measureFlow(memoryJira(calls), { ...base, maxIssues: 2 });

    expect([one.loaded, one.truncated, one.facts.issues.map((i) => i.key)]).toEqual([1, true, ['HD-1']]);
    expect([two.loaded, two.truncated]).toEqual([2, false]);
  });

  it('loads exactly the given issue ids, within the project, with the mapping given and no status list', async () => {
    const calls: Calls = { searches: [], statusLists: [] };
    const progress: number[] = [];
    const result = await measureFlow(memoryJira(calls), {
      scope: { kind: 'issues', issueIds: ['102'], projectId: '10000' },
      period: null,
      mapping: {
        stages: [
          { name: 'Backlog', kind: 'backlog', statuses: ['Neu'] },
          { name: 'Work', kind: 'active', statuses: ['In Bearbeitung', 'Wartet auf Kunde'] },
          { name: 'Done', kind: 'done', statuses: ['Gelöst'] },
        ],
        startStage: 'Work',
        doneStage: 'Done',
      },
      calendar: CALENDAR,
      asOfMs: T0 + 24 * HOUR,
      onProgress: (loaded) => {
        progress.push(loaded);
      },
    });

    expect(calls.searches).toEqual(['issuekey in (102) AND project = 10000 ORDER BY created ASC']);
    expect(calls.statusLists).toEqual([]);
    expect(result.jql).toBeNull();
    expect(result.facts.issues.map((i) => i.key)).toEqual(['HD-2']);
    expect(progress).toEqual([1]);
    expect(result.summaries.size).toBe(0);
  });
  it('refuses an issue-id scope whose project is not a Jira id instead of loading the ids from any project', async () => {
    // The consumer loads the ids as the app; the project bound keeps an issue moved out of the user's reach out.
    const calls: Calls = { searches: [], statusLists: [] };
    const request = {
      period: null,
      mapping: null,
      calendar: CALENDAR,
      asOfMs: T0 + 24 * HOUR,
    } as const;
    await expect(
      measureFlow(memoryJira(calls), {
        ...request,
        scope: { kind: 'issues', issueIds: ['102'], projectId: 'HD' },
      }),
    ).rejects.toThrow(/"HD" is no Jira project id/);
    expect(calls.searches).toEqual([]);

    const none = await measureFlow(memoryJira(calls), {
      ...request,
      scope: { kind: 'issues', issueIds: [], projectId: '10000' },
    });
    expect([none.loaded, none.truncated, none.facts.issues.length, calls.searches]).toEqual([
      0,
      false,
      0,
      [],
    ]);
  });
});
