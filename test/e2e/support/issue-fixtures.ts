/**
 * Hand-written Jira issues (REST shape: `fields` + `changelog.histories`) for the browser tests, behind an
 * in-memory `IssueReadPort`. The expected panel values are worked out by hand in the comments.
 */
import { IssueNotFoundError } from '../../../src/application/errors';
import type { IssueReadPort } from '../../../src/application/ports/issue-read-port';
import type { ProjectFlowView } from '../../../src/contract/project-flow';
import { computeFlowFacts } from '../../../src/domain/flow/engine';
import { deriveDefaultMapping } from '../../../src/domain/flow/mapping-defaults';
import { buildProjectFlowView } from '../../../src/domain/flow/project-view';
import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../../src/domain/flow/types';

/** The instant the tests compute the flow for: 2026-03-10 12:00 UTC. */
export const asOfMs = Date.parse('2026-03-10T12:00:00.000Z');

const open: JiraStatusRef = { id: '1', name: 'Open', statusCategory: { key: 'new' } };
const inProgress: JiraStatusRef = { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } };
const waiting: JiraStatusRef = {
  id: '10002',
  name: 'Waiting for Customer',
  statusCategory: { key: 'indeterminate' },
};
const inReview: JiraStatusRef = { id: '10003', name: 'In Review', statusCategory: { key: 'indeterminate' } };
const done: JiraStatusRef = { id: '10004', name: 'Done', statusCategory: { key: 'done' } };

/** Every status of project HD with its Jira category (what `listProjectStatuses` answers). */
export const projectStatuses: readonly JiraStatusRef[] = [open, inProgress, waiting, inReview, done];

let historyId = 100;
function statusChange(at: string, from: JiraStatusRef, to: JiraStatusRef): JiraHistory {
  historyId += 1;
  return {
    id: String(historyId),
    created: at,
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
function flag(at: string, on: boolean): JiraHistory {
  historyId += 1;
  return {
    id: String(historyId),
    created: at,
    items: [
      {
        field: 'Flagged',
        fieldtype: 'custom',
        fieldId: 'customfield_10021',
        from: null,
        fromString: on ? null : 'Impediment',
        to: null,
        toString: on ? 'Impediment' : null,
      },
    ],
  };
}

/**
 * HD-42, done. Created 2026-03-02 08:00 UTC in Open.
 * - Open 1.0 d (→ 03-03 08:00), In Progress 2.5 d (→ 03-05 20:00), Waiting for Customer 1.5 d (→ 03-07 08:00),
 *   In Progress 1.0 d (→ 03-08 08:00), then Done.
 * - Time in status: Open 1.0 d (1/6 = 17 %), In Progress 3.5 d (58 %), Waiting for Customer 1.5 d (25 %); 6.0 d.
 * - Lead time 6.0 d; start (first In Progress) 03-03 08:00, so cycle time 5.0 d.
 * - Flagged 03-04 08:00 → 03-05 08:00 (1 d, during In Progress). With the category-derived mapping every
 *   "indeterminate" status is active work, so active unflagged time = 5.0 − 1.0 = 4.0 d of 5.0 d: 80 %.
 */
const hd42: JiraIssueInput = {
  id: '10042',
  key: 'HD-42',
  fields: {
    created: '2026-03-02T08:00:00.000+0000',
    status: done,
    issuetype: { id: '10001', name: 'Service Request' },
    resolutiondate: '2026-03-08T08:00:00.000+0000',
    summary: 'Set up a laptop for a new colleague',
  },
  changelog: {
    histories: [
      statusChange('2026-03-03T08:00:00.000+0000', open, inProgress),
      flag('2026-03-04T08:00:00.000+0000', true),
      flag('2026-03-05T08:00:00.000+0000', false),
      statusChange('2026-03-05T20:00:00.000+0000', inProgress, waiting),
      statusChange('2026-03-07T08:00:00.000+0000', waiting, inProgress),
      statusChange('2026-03-08T08:00:00.000+0000', inProgress, done),
    ],
  },
};

/**
 * HD-43, open. Created 2026-03-09 08:00 UTC in Open, In Progress at 20:00; Jira says its status is now
 * In Review but the history has no such change (→ warning `status-mismatch`).
 * - Open 12 h = 0.5 d (12/28 = 43 %), In Progress 16 h = 0.7 d (57 %) until asOf.
 * - Age so far 16 h = 0.7 d; no cycle time yet; flow efficiency 16 h / 16 h = 100 %.
 */
const hd43: JiraIssueInput = {
  id: '10043',
  key: 'HD-43',
  fields: {
    created: '2026-03-09T08:00:00.000+0000',
    status: inReview,
    issuetype: { id: '10002', name: 'Incident' },
    resolutiondate: null,
    summary: 'VPN drops every few minutes',
  },
  changelog: { histories: [statusChange('2026-03-09T20:00:00.000+0000', open, inProgress)] },
};

const issues = new Map<string, JiraIssueInput>([
  ['HD-42', hd42],
  ['HD-43', hd43],
]);

/** An `IssueReadPort` over the issues above; unknown keys fail like Jira's 404. */
export const inMemoryIssuePort: IssueReadPort = {
  getIssueWithChangelog: (issueKey) => {
    const issue = issues.get(issueKey);
    return issue === undefined
      ? Promise.reject(
          new IssueNotFoundError(
            `Issue ${issueKey} does not exist or you do not have permission to see it.`,
            404,
          ),
        )
      : Promise.resolve(structuredClone(issue));
  },
  listProjectStatuses: (projectKey) => Promise.resolve(projectKey === 'HD' ? projectStatuses : []),
};

/** Project HD's id in the store's keys. */
export const hdProjectId = '10000';

const DAY_MS = 86_400_000;

/**
 * Twenty finished HD issues for the project view: HD-1 … HD-20 started 2026-02-01 00:00 UTC and done k days
 * later (cycle times 1 … 20 days). HD-42 (cycle time 5 days) took longer than 4 of them: 20 %; HD-43 (age 0.7
 * days) is older than none: 0 %.
 */
const finishedIssues: JiraIssueInput[] = Array.from({ length: 20 }, (_, i) => {
  const startMs = Date.parse('2026-02-01T00:00:00.000Z');
  const instant = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}+0000`;
  const move = (atMs: number, from: JiraStatusRef, to: JiraStatusRef): JiraHistory => ({
    created: instant(atMs),
    items: [{ field: 'status', fieldId: 'status', fromString: from.name ?? null, toString: to.name ?? null }],
  });
  return {
    key: `HD-${String(i + 1)}`,
    fields: { created: '2026-01-31T00:00:00.000+0000', status: done },
    changelog: {
      histories: [move(startMs, open, inProgress), move(startMs + (i + 1) * DAY_MS, inProgress, done)],
    },
  };
});

/**
 * Project HD's flow view as the project page's use case answers it (the default mapping derived from the
 * project's statuses, nothing saved), computed an hour before {@link asOfMs}: what the panel compares with.
 */
export function hdProjectView(): ProjectFlowView {
  const calendar = { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
  const report = computeFlowFacts(finishedIssues, {
    mode: 'canonical',
    mapping: deriveDefaultMapping(projectStatuses),
    startPolicy: 'first',
    timeZone: 'UTC',
    asOfMs,
    calendar,
    forecast: { trials: 100 },
  });
  const computedAtMs = asOfMs - 3_600_000;
  return buildProjectFlowView({
    facts: report,
    projectKey: 'HD',
    from: '2026-01-01',
    to: '2026-03-10',
    percentiles: [50, 85, 95],
    calendar,
    windowDays: 90,
    summaries: new Map(),
    issueTypes: [],
    jql: null,
    mappingVersion: null,
    mappingDerived: true,
    computedAtMs,
  });
}
