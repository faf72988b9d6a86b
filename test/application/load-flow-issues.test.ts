/**
 * loadFlowIssues over an in-memory JiraPort: the fields and page sizes it asks for, one bulk changelog fetch per
 * 1,000 issues, histories merged into each issue, streaming (issues handed over before the search ends), and the
 * flow report of the streamed issues.
 */
import {
  FLAGGED_CUSTOM_TYPE,
  FLOW_ISSUE_FIELDS,
  flaggedFieldIdOf,
  loadFlowIssues,
} from '../../src/application/load-flow-issues';
import type { JiraField, JiraPort } from '../../src/application/ports/jira-port';
import { createFlowAccumulator } from '../../src/domain/flow/engine';
import type { JiraHistory, JiraIssueInput } from '../../src/domain/flow/types';

type Event = string;

/** The site's Flagged field as Jira Software creates it (the id differs per site). */
const FLAGGED: JiraField = {
  id: 'customfield_10021',
  name: 'Flagged',
  custom: true,
  clauseNames: ['cf[10021]', 'Flagged'],
  customType: FLAGGED_CUSTOM_TYPE,
};
const SUMMARY: JiraField = {
  id: 'summary',
  name: 'Summary',
  custom: false,
  clauseNames: ['summary'],
  customType: null,
};

/**
 * A Jira of `count` issues: search pages of `pageSize`, each even issue with one status change (and, with
 * `flaggedItems`, a Flagged change named as that site names it); records every call.
 */
function fakeJira(
  count: number,
  pageSize = 100,
  options: { fields?: readonly JiraField[]; flaggedName?: string } = {},
): { jira: JiraPort; events: Event[]; bulkBatches: string[][] } {
  const events: Event[] = [];
  const bulkBatches: string[][] = [];
  const issue = (n: number): JiraIssueInput => ({
    id: String(10_000 + n),
    key: `HD-${n}`,
    fields: {
      created: '2026-01-05T09:00:00.000+0100',
      status: { id: '3', name: 'In Bearbeitung', statusCategory: { key: 'indeterminate' } },
      issuetype: { id: '1', name: 'Störung' },
      resolutiondate: null,
      summary: `Störung ${n}`,
    },
  });
  const unused = (): never => {
    throw new Error('not used by loadFlowIssues');
  };
  const jira: JiraPort = {
    listFields() {
      events.push('fields');
      return Promise.resolve(options.fields ?? [SUMMARY, FLAGGED]);
    },
    async *searchIssues(jql, fields) {
      events.push(`search ${jql} [${fields.join(',')}]`);
      for (let start = 1; start <= count; start += pageSize) {
        events.push(`page ${start}`);
        yield Array.from({ length: Math.min(pageSize, count - start + 1) }, (_, i) => issue(start + i));
        await Promise.resolve();
      }
    },
    bulkFetchChangelogs(ids, fieldIds) {
      events.push(`bulk ${ids.length} [${fieldIds.join(',')}]`);
      bulkBatches.push([...ids]);
      const histories = new Map<string, JiraHistory[]>();
      // Every other issue has a change; the rest are left out, as Jira leaves out issues without changes.
      for (const id of ids) {
        if (Number(id) % 2 === 0) {
          histories.set(id, [
            {
              id: `h${id}`,
              created: '2026-01-06T08:00:00.000+0000',
              items: [
                {
                  field: 'status',
                  fieldId: 'status',
                  fromString: 'Neu',
                  toString: 'In Bearbeitung',
                  from: '1',
                  to: '3',
                },
                ...(options.flaggedName === undefined
                  ? []
                  : [
                      {
                        field: options.flaggedName,
                        fieldtype: 'custom',
                        fieldId: 'customfield_10021',
                        from: null,
                        fromString: null,
                        to: '[10019]',
                        toString: 'Impediment',
                      },
                    ]),
              ],
            },
          ]);
        }
      }
      return Promise.resolve(histories);
    },
    searchIssueIds: unused,
    searchIssueRefs: unused,
    bulkSetIssueProperties: unused,
    getIssue: unused,
    getIssueChangelog: unused,
    getIssueLinks: unused,
    getComments: unused,
    addComment: unused,
    getIssueProperty: unused,
    setIssueProperty: unused,
    deleteIssueProperty: unused,
    listProjectStatuses: unused,
    searchStatuses: unused,
    listIssueTypesForProject: unused,
    searchProjects: unused,
    getProject: unused,
    getMyself: unused,
    getMyPermissions: unused,
    getUsers: unused,
    createIssue: unused,
    createIssueLink: unused,
  };
  return { jira, events, bulkBatches };
}

describe('loadFlowIssues', () => {
  it('asks for the flow fields and fetches changelogs of status and Flagged once per 1,000 issues', async () => {
    const { jira, events, bulkBatches } = fakeJira(2500);

    const count = await loadFlowIssues(jira, 'project = HD', () => undefined);

    expect(count).toBe(2500);
    expect(events[0]).toBe(
      'search project = HD [created,status,issuetype,resolutiondate,summary,project,updated]',
    );
    // The site's fields once, with the first batch, to find the Flagged field's id.
    expect(events.filter((e) => e === 'fields')).toHaveLength(1);
    expect(events.indexOf('fields')).toBeLessThan(events.indexOf('bulk 1000 [status,customfield_10021]'));
    expect(FLOW_ISSUE_FIELDS).toEqual([
      'created',
      'status',
      'issuetype',
      'resolutiondate',
      'summary',
      'project',
      'updated',
    ]);
    expect(events.filter((e) => e.startsWith('page'))).toHaveLength(25);
    expect(events.filter((e) => e.startsWith('bulk'))).toEqual([
      'bulk 1000 [status,customfield_10021]',
      'bulk 1000 [status,customfield_10021]',
      'bulk 500 [status,customfield_10021]',
    ]);
    expect(bulkBatches.map((ids) => [ids[0], ids[ids.length - 1]])).toEqual([
      ['10001', '11000'],
      ['11001', '12000'],
      ['12001', '12500'],
    ]);
  });

  it('asks for the status only on a site without a Flagged field', async () => {
    const { jira, events } = fakeJira(3, 100, { fields: [SUMMARY] });

    await loadFlowIssues(jira, 'project = HD', () => undefined);

    expect(events.filter((e) => e.startsWith('bulk'))).toEqual(['bulk 3 [status]']);
  });

  it('names the Flagged field’s items "Flagged" whatever the site calls the field, so they count as blocked time', async () => {
    const { jira } = fakeJira(2, 100, {
      fields: [SUMMARY, { ...FLAGGED, name: 'Markiert', untranslatedName: 'Flagged' }],
      flaggedName: 'Markiert',
    });
    const accumulator = createFlowAccumulator({
      mode: 'canonical',
      startPolicy: 'first',
      timeZone: 'Europe/Berlin',
      asOfMs: Date.UTC(2026, 0, 7, 8, 0),
    });
    const issues: JiraIssueInput[] = [];

    await loadFlowIssues(jira, 'project = HD', (issue) => {
      issues.push(issue);
      accumulator.add(issue);
    });

    const items = issues[1]?.changelog?.histories?.[0]?.items ?? [];
    expect(items.map((item) => [item.field, item.fieldId])).toEqual([
      ['status', 'status'],
      ['Flagged', 'customfield_10021'],
    ]);
    // Flagged since 6 Jan 08:00 UTC, still flagged at asOf 7 Jan 08:00 UTC.
    const hd2 = accumulator.finish().issues.find((i) => i.key === 'HD-2');
    expect(hd2?.blockedMs).toBe(24 * 3_600_000);
  });

  it('hands issues over while the search is still running, holding at most one batch', async () => {
    const { jira, events } = fakeJira(2000);
    let firstIssueAfter = -1;

    await loadFlowIssues(jira, 'project = HD', () => {
      if (firstIssueAfter < 0) firstIssueAfter = events.filter((e) => e.startsWith('page')).length;
    });

    // The first 1,000 issues go out after the 10th of 20 pages.
    expect(firstIssueAfter).toBe(10);
  });

  it('batches by 1,000 even when Jira’s pages do not divide 1,000', async () => {
    const { jira, bulkBatches } = fakeJira(1500, 70);

    await loadFlowIssues(jira, 'project = HD', () => undefined);

    expect(bulkBatches.map((ids) => ids.length)).toEqual([1000, 500]);
  });

  it('merges each issue’s histories into changelog.histories, empty when Jira has none, in search order', async () => {
    const { jira } = fakeJira(3);
    const issues: JiraIssueInput[] = [];

    await loadFlowIssues(jira, 'project = HD', (issue) => issues.push(issue));

    expect(issues.map((i) => [i.key, i.changelog?.histories?.map((h) => h.id)])).toEqual([
      ['HD-1', []],
      ['HD-2', ['h10002']],
      ['HD-3', []],
    ]);
    expect(issues[0]?.fields?.summary).toBe('Störung 1');
  });

  it('reports progress after each batch; the total is unknown', async () => {
    const { jira } = fakeJira(2100);
    const progress: [number, number | null][] = [];

    await loadFlowIssues(
      jira,
      'project = HD',
      () => undefined,
      (done, total) => progress.push([done, total]),
    );

    expect(progress).toEqual([
      [1000, null],
      [2000, null],
      [2100, null],
    ]);
  });

  it('feeds a flow accumulator: the changes it merged count in the report', async () => {
    const { jira } = fakeJira(4);
    const accumulator = createFlowAccumulator({
      mode: 'canonical',
      startPolicy: 'first',
      timeZone: 'Europe/Berlin',
      asOfMs: Date.UTC(2026, 0, 7, 8, 0),
    });

    await loadFlowIssues(jira, 'project = HD', (issue) => {
      accumulator.add(issue);
    });
    const report = accumulator.finish();

    // Created 5 Jan 08:00 UTC (09:00 +0100); HD-2 and HD-4 moved Neu → In Bearbeitung on 6 Jan 08:00 UTC.
    const hd2 = report.issues.find((i) => i.key === 'HD-2');
    expect(hd2?.timeInStatusMs).toEqual({ Neu: 24 * 3_600_000, 'In Bearbeitung': 24 * 3_600_000 });
    expect(report.issues.find((i) => i.key === 'HD-1')?.timeInStatusMs).toEqual({
      'In Bearbeitung': 48 * 3_600_000,
    });
  });

  it('does not call bulk fetch (nor read the fields) for an empty search', async () => {
    const { jira, events } = fakeJira(0);

    expect(await loadFlowIssues(jira, 'project = EMPTY', () => undefined)).toBe(0);
    expect(events.filter((e) => e.startsWith('bulk') || e === 'fields')).toEqual([]);
  });
});

describe('flaggedFieldIdOf', () => {
  it('finds the Flagged custom field by its name, untranslated name or JQL clause name', () => {
    expect(flaggedFieldIdOf([SUMMARY, FLAGGED])).toBe('customfield_10021');
    expect(flaggedFieldIdOf([{ ...FLAGGED, name: 'Markiert', untranslatedName: 'Flagged' }])).toBe(
      'customfield_10021',
    );
    expect(flaggedFieldIdOf([{ ...FLAGGED, id: 'customfield_10500', name: 'Markiert' }])).toBe(
      'customfield_10500',
    );
  });

  it('prefers the checkboxes field Jira Software creates over another custom field named Flagged', () => {
    const imitation: JiraField = {
      id: 'customfield_10001',
      name: 'Flagged',
      custom: true,
      clauseNames: ['cf[10001]'],
      customType: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
    };
    expect(flaggedFieldIdOf([imitation, FLAGGED])).toBe('customfield_10021');
  });

  it('is null on a site without one (a system field is never taken)', () => {
    expect(flaggedFieldIdOf([SUMMARY])).toBeNull();
    expect(flaggedFieldIdOf([{ ...SUMMARY, id: 'flagged', name: 'Flagged', custom: false }])).toBeNull();
  });
});
