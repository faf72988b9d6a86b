/**
 * The issue panel's use case against an in-memory issue reader: hand-written Jira issues, numbers worked out by
 * hand from their timestamps.
 */
import { IssueNotFoundError } from '../../src/application/errors';
import { getIssueFlow, projectKeyOf } from '../../src/application/issue-flow';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import type { JiraIssueInput, JiraStatusRef } from '../../src/domain/flow/types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const OPEN = { id: '1', name: 'Open', statusCategory: { key: 'new', name: 'To Do' } };
const IN_PROGRESS = {
  id: '3',
  name: 'In Progress',
  statusCategory: { key: 'indeterminate', name: 'In Progress' },
};
const DONE = { id: '10001', name: 'Done', statusCategory: { key: 'done', name: 'Done' } };
const WAITING = {
  id: '10002',
  name: 'Waiting for customer',
  statusCategory: { key: 'indeterminate', name: 'In Progress' },
};
const PROJECT_STATUSES: readonly JiraStatusRef[] = [OPEN, IN_PROGRESS, WAITING, DONE, IN_PROGRESS];

function statusChange(created: string, from: JiraStatusRef, to: JiraStatusRef) {
  return {
    created,
    items: [
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: from.id ?? null,
        fromString: from.name ?? null,
        to: to.id ?? null,
        toString: to.name ?? null,
      },
    ],
  };
}

/** Created 2024-01-01 08:00 UTC (written +0100), started 01-02 08:00 UTC, done 01-05 20:00 UTC. */
const doneIssue: JiraIssueInput = {
  key: 'HD-1',
  id: '10100',
  fields: {
    created: '2024-01-01T09:00:00.000+0100',
    status: DONE,
    issuetype: { id: '10004', name: 'Service request' },
    resolutiondate: '2024-01-05T20:00:00.000+0000',
    summary: 'Printer on floor 3 is offline',
  },
  changelog: {
    histories: [
      statusChange('2024-01-02T08:00:00.000+0000', OPEN, IN_PROGRESS),
      statusChange('2024-01-05T21:00:00.000+0100', IN_PROGRESS, DONE),
    ],
  },
};

/**
 * Created 2024-03-01 07:00 UTC, started 03-04 08:00 UTC, flagged 03-05 08:00 → 03-06 08:00 UTC, still in progress.
 * Histories newest first, as `expand=changelog` returns them.
 */
const openFlaggedIssue: JiraIssueInput = {
  key: 'HD-2',
  fields: {
    created: '2024-03-01T08:00:00.000+0100',
    status: IN_PROGRESS,
    issuetype: { name: 'Incident' },
    resolutiondate: null,
  },
  changelog: {
    histories: [
      {
        created: '2024-03-06T09:00:00.000+0100',
        items: [{ field: 'Flagged', fromString: 'Impediment', toString: '' }],
      },
      {
        created: '2024-03-05T09:00:00.000+0100',
        items: [{ field: 'Flagged', fromString: null, toString: 'Impediment' }],
      },
      statusChange('2024-03-04T09:00:00.000+0100', OPEN, IN_PROGRESS),
    ],
  },
};
const OPEN_AS_OF_MS = Date.parse('2024-03-08T08:00:00.000Z');

/** An honest in-memory Jira: issues by key, optionally the project's statuses; counts what it was asked. */
class InMemoryIssueReader implements IssueReadPort {
  readonly issueRequests: string[] = [];
  readonly statusRequests: string[] = [];
  listProjectStatuses?: (projectKey: string) => Promise<readonly JiraStatusRef[]>;

  constructor(
    private readonly issues: readonly JiraIssueInput[],
    projectStatuses: readonly JiraStatusRef[] | null,
  ) {
    if (projectStatuses !== null) {
      this.listProjectStatuses = (projectKey) => {
        this.statusRequests.push(projectKey);
        return Promise.resolve(projectStatuses);
      };
    }
  }

  getIssueWithChangelog(issueKey: string): Promise<JiraIssueInput> {
    this.issueRequests.push(issueKey);
    const issue = this.issues.find((candidate) => candidate.key === issueKey);
    return issue === undefined
      ? Promise.reject(new IssueNotFoundError(`Jira answered 404 to GET /rest/api/3/issue/${issueKey}`, 404))
      : Promise.resolve(issue);
  }
}

describe('getIssueFlow', () => {
  it('measures a done issue: lead time from creation, cycle time from the first In Progress, time per status', async () => {
    const port = new InMemoryIssueReader([doneIssue], PROJECT_STATUSES);
    const asOfMs = Date.parse('2024-02-01T00:00:00.000Z');

    const view = await getIssueFlow(port, 'HD-1', () => asOfMs);

    expect(port.issueRequests).toEqual(['HD-1']);
    expect(port.statusRequests).toEqual(['HD']);
    expect(view).toEqual({
      issueKey: 'HD-1',
      asOf: '2024-02-01T00:00:00.000Z',
      timeZone: 'UTC',
      status: 'Done',
      stage: 'Done',
      createdAt: '2024-01-01T08:00:00.000Z',
      startAt: '2024-01-02T08:00:00.000Z',
      doneAt: '2024-01-05T20:00:00.000Z',
      leadTimeMs: 4 * DAY_MS + 12 * HOUR_MS,
      cycleTimeMs: 3 * DAY_MS + 12 * HOUR_MS,
      ageMs: null,
      flowEfficiency: 1,
      timeInStatus: [
        { status: 'Open', stage: 'To Do', kind: 'backlog', ms: DAY_MS },
        { status: 'In Progress', stage: 'In Progress', kind: 'active', ms: 3 * DAY_MS + 12 * HOUR_MS },
      ],
      warnings: [],
      visits: [
        {
          status: 'Open',
          stage: 'To Do',
          kind: 'backlog',
          enterMs: Date.parse('2024-01-01T08:00:00.000Z'),
          leaveMs: Date.parse('2024-01-02T08:00:00.000Z'),
        },
        {
          status: 'In Progress',
          stage: 'In Progress',
          kind: 'active',
          enterMs: Date.parse('2024-01-02T08:00:00.000Z'),
          leaveMs: Date.parse('2024-01-05T20:00:00.000Z'),
        },
        {
          status: 'Done',
          stage: 'Done',
          kind: 'done',
          enterMs: Date.parse('2024-01-05T20:00:00.000Z'),
          leaveMs: null,
        },
      ],
      blockedMs: 0,
      mappingSource: 'status-categories',
      standing: { kind: 'unknown-project' },
    });
  });

  it('measures an open issue: age since start, flagged time is not active in the flow efficiency', async () => {
    const port = new InMemoryIssueReader([openFlaggedIssue], PROJECT_STATUSES);

    const view = await getIssueFlow(port, 'HD-2', () => OPEN_AS_OF_MS);

    expect(view.status).toBe('In Progress');
    expect(view.stage).toBe('In Progress');
    expect(view.createdAt).toBe('2024-03-01T07:00:00.000Z');
    expect(view.startAt).toBe('2024-03-04T08:00:00.000Z');
    expect(view.doneAt).toBeNull();
    expect(view.leadTimeMs).toBeNull();
    expect(view.cycleTimeMs).toBeNull();
    expect(view.ageMs).toBe(4 * DAY_MS);
    // 4 days in progress, 1 of them flagged: 3 / 4 active.
    expect(view.flowEfficiency).toBe(0.75);
    expect(view.timeInStatus).toEqual([
      { status: 'Open', stage: 'To Do', kind: 'backlog', ms: 3 * DAY_MS + HOUR_MS },
      { status: 'In Progress', stage: 'In Progress', kind: 'active', ms: 4 * DAY_MS },
    ]);
    expect(view.warnings).toEqual([]);
    expect(view.blockedMs).toBe(DAY_MS);
    expect(view.visits.map((visit) => [visit.status, visit.kind, visit.leaveMs])).toEqual([
      ['Open', 'backlog', Date.parse('2024-03-04T08:00:00.000Z')],
      ['In Progress', 'active', null],
    ]);
  });

  it('reports the time zone it was given and keeps durations independent of it', async () => {
    const port = new InMemoryIssueReader([doneIssue], PROJECT_STATUSES);
    const asOfMs = Date.parse('2024-02-01T00:00:00.000Z');

    const berlin = await getIssueFlow(port, 'HD-1', () => asOfMs, 'Europe/Berlin');
    const utc = await getIssueFlow(port, 'HD-1', () => asOfMs);

    expect(berlin.timeZone).toBe('Europe/Berlin');
    expect(berlin.leadTimeMs).toBe(utc.leadTimeMs);
    expect(berlin.cycleTimeMs).toBe(utc.cycleTimeMs);
  });

  it('without the project statuses knows only the current status category: no start, unmapped history', async () => {
    const port = new InMemoryIssueReader([doneIssue], null);

    const view = await getIssueFlow(port, 'HD-1', () => Date.parse('2024-02-01T00:00:00.000Z'));

    expect(view.leadTimeMs).toBe(4 * DAY_MS + 12 * HOUR_MS);
    expect(view.startAt).toBeNull();
    expect(view.cycleTimeMs).toBeNull();
    expect(view.stage).toBe('Done');
    expect(view.timeInStatus).toEqual([
      { status: 'Open', stage: null, kind: null, ms: DAY_MS },
      { status: 'In Progress', stage: null, kind: null, ms: 3 * DAY_MS + 12 * HOUR_MS },
    ]);
    expect([...view.warnings].sort()).toEqual(['done-without-start', 'unmapped-status']);
  });

  it('passes the port’s typed errors through unchanged', async () => {
    const port = new InMemoryIssueReader([], PROJECT_STATUSES);

    await expect(getIssueFlow(port, 'HD-404', () => 0)).rejects.toBeInstanceOf(IssueNotFoundError);
    expect(port.statusRequests).toEqual([]);
  });
});

describe('projectKeyOf', () => {
  it('takes everything before the last dash of an issue key', () => {
    expect(projectKeyOf('HD-42')).toBe('HD');
    expect(projectKeyOf('IT_OPS-7')).toBe('IT_OPS');
    expect(projectKeyOf('NOKEY')).toBeNull();
  });
});
