/**
 * The Forge issue reader against an in-memory `requestJira`: the requests it makes, changelog paging, what it
 * keeps of the histories, and the typed errors of Jira's failure statuses.
 */
import type { APIResponse, RequestProductMethod, Route } from '@forge/api';
import { IssueNotFoundError, JiraForbiddenError, JiraUnavailableError } from '../../application/errors';
import { createForgeIssueReader } from './forge-issue-reader';

interface FakeAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

function response({ status = 200, body = {}, headers = {} }: FakeAnswer): APIResponse {
  const lowerHeaders = new Map(Object.entries(headers).map(([k, value]) => [k.toLowerCase(), value]));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: {
      get: (name) => lowerHeaders.get(name.toLowerCase()) ?? null,
      has: (name) => lowerHeaders.has(name.toLowerCase()),
      append: () => undefined,
      delete: () => undefined,
      set: () => undefined,
      forEach: (callback) => {
        lowerHeaders.forEach((value, key) => {
          callback(value, key);
        });
      },
    },
    json: () => Promise.resolve(body),
    text: () => Promise.resolve(JSON.stringify(body)),
    arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
  };
}

const FIELD_PATH = '/rest/api/3/field';
/** The site's fields: the Flagged field as Jira Software creates it (its id differs per site). */
const fieldsBody = (flagged: { id: string; name: string } = { id: 'customfield_10021', name: 'Flagged' }) => [
  { id: 'summary', name: 'Summary', custom: false, clauseNames: ['summary'], schema: { type: 'string' } },
  {
    id: flagged.id,
    name: flagged.name,
    custom: true,
    clauseNames: [`cf[${flagged.id.replace('customfield_', '')}]`, 'Flagged'],
    schema: {
      type: 'array',
      items: 'option',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
    },
  },
];

/**
 * A Jira that answers request paths from a table (the field list by default) and records every path it was
 * asked for.
 */
function fakeJira(answers: Record<string, FakeAnswer>): {
  requestJira: RequestProductMethod;
  paths: string[];
} {
  const paths: string[] = [];
  const requestJira: RequestProductMethod = (url: Route) => {
    paths.push(url.value);
    const answer = answers[url.value] ?? (url.value === FIELD_PATH ? { body: fieldsBody() } : undefined);
    return Promise.resolve(response(answer ?? { status: 404, body: { errorMessages: ['not in the fake'] } }));
  };
  return { requestJira, paths };
}

// Forge's `route` encodes query values: the commas of the field list arrive as %2C.
const ISSUE_PATH =
  '/rest/api/3/issue/HD-7?fields=created%2Cstatus%2Cissuetype%2Cresolutiondate%2Csummary%2Cproject%2Cupdated';
/** Client options that skip the waits between retries. */
const noWait = { sleep: () => Promise.resolve() };
const issueBody = {
  id: '10007',
  key: 'HD-7',
  self: 'https://example.atlassian.net/rest/api/3/issue/10007',
  fields: {
    created: '2024-05-01T10:00:00.000+0200',
    status: { id: '10001', name: 'Done', statusCategory: { id: 3, key: 'done', name: 'Done' } },
    issuetype: { id: '10004', name: 'Incident' },
    resolutiondate: '2024-05-03T10:00:00.000+0200',
    summary: 'VPN down',
  },
};
const statusItem = (from: string, to: string) => ({
  field: 'status',
  fieldtype: 'jira',
  fieldId: 'status',
  fromString: from,
  toString: to,
});
const assigneeItem = { field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, to: 'abc' };

describe('createForgeIssueReader', () => {
  it('reads the issue and every changelog page, keeping only status and Flagged changes', async () => {
    const { requestJira, paths } = fakeJira({
      [ISSUE_PATH]: { body: issueBody },
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100': {
        body: {
          startAt: 0,
          maxResults: 2,
          total: 4,
          isLast: false,
          values: [
            { id: '1', created: '2024-05-01T11:00:00.000+0200', items: [assigneeItem] },
            {
              id: '2',
              created: '2024-05-02T09:00:00.000+0200',
              items: [assigneeItem, statusItem('Open', 'In Progress')],
            },
          ],
        },
      },
      '/rest/api/3/issue/HD-7/changelog?startAt=2&maxResults=100': {
        body: {
          startAt: 2,
          maxResults: 2,
          total: 4,
          isLast: true,
          values: [
            {
              id: '3',
              created: '2024-05-02T12:00:00.000+0200',
              items: [
                {
                  field: 'Flagged',
                  fieldtype: 'custom',
                  fieldId: 'customfield_10021',
                  fromString: null,
                  toString: 'Impediment',
                },
              ],
            },
            { id: '4', created: '2024-05-03T10:00:00.000+0200', items: [statusItem('In Progress', 'Done')] },
          ],
        },
      },
    });

    const issue = await createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('HD-7');

    expect(paths).toEqual([
      ISSUE_PATH,
      FIELD_PATH,
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100',
      '/rest/api/3/issue/HD-7/changelog?startAt=2&maxResults=100',
    ]);
    expect(issue.key).toBe('HD-7');
    expect(issue.fields?.status?.statusCategory?.key).toBe('done');
    expect(issue.changelog?.histories?.map((h) => h.id)).toEqual(['2', '3', '4']);
    expect(issue.changelog?.histories?.[0]?.items).toEqual([statusItem('Open', 'In Progress')]);
  });

  it('knows the Flagged field by its id from the site’s fields, however the site names it', async () => {
    const flaggedItem = (fieldId: string, field: string) => ({
      field,
      fieldtype: 'custom',
      fieldId,
      from: null,
      fromString: null,
      to: '[10019]',
      toString: 'Impediment',
    });
    const { requestJira } = fakeJira({
      [ISSUE_PATH]: { body: issueBody },
      [FIELD_PATH]: { body: fieldsBody({ id: 'customfield_10500', name: 'Markiert' }) },
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100': {
        body: {
          isLast: true,
          values: [
            {
              id: '1',
              created: '2024-05-01T11:00:00.000+0200',
              items: [flaggedItem('customfield_10500', 'Markiert')],
            },
            // Another site's id: some other custom field that happens to carry the name.
            {
              id: '2',
              created: '2024-05-01T12:00:00.000+0200',
              items: [flaggedItem('customfield_10021', 'Flagged')],
            },
          ],
        },
      },
    });

    const issue = await createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('HD-7');

    expect(issue.changelog?.histories?.map((h) => h.id)).toEqual(['1']);
    expect(issue.changelog?.histories?.[0]?.items).toEqual([flaggedItem('customfield_10500', 'Flagged')]);
  });

  it('stops paging at an empty page even when Jira does not say isLast', async () => {
    const { requestJira, paths } = fakeJira({
      [ISSUE_PATH]: { body: issueBody },
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100': { body: { values: [] } },
    });

    const issue = await createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('HD-7');

    expect(paths).toHaveLength(3);
    expect(issue.changelog?.histories).toEqual([]);
  });

  it('reads the changelog under the issue’s current key when an old key was asked for (moved issue)', async () => {
    const { requestJira, paths } = fakeJira({
      '/rest/api/3/issue/OLD-3?fields=created%2Cstatus%2Cissuetype%2Cresolutiondate%2Csummary%2Cproject%2Cupdated':
        {
          body: issueBody,
        },
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100': { body: { isLast: true, values: [] } },
    });

    await createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('OLD-3');

    expect(paths[2]).toBe('/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100');
  });

  it.each([
    [404, IssueNotFoundError],
    [401, JiraForbiddenError],
    [403, JiraForbiddenError],
    [429, JiraUnavailableError],
    [500, JiraUnavailableError],
    [503, JiraUnavailableError],
  ])('turns HTTP %i on the issue into %p', async (status, errorClass) => {
    const { requestJira } = fakeJira({ [ISSUE_PATH]: { status, body: { errorMessages: ['nope'] } } });

    const read = createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('HD-7');

    await expect(read).rejects.toBeInstanceOf(errorClass);
    await expect(read).rejects.toThrow(`Jira answered ${status} to GET /rest/api/3/issue/HD-7`);
  });

  it('keeps Jira’s Retry-After of a 429 on a changelog page', async () => {
    const { requestJira } = fakeJira({
      [ISSUE_PATH]: { body: issueBody },
      '/rest/api/3/issue/HD-7/changelog?startAt=0&maxResults=100': {
        status: 429,
        headers: { 'Retry-After': '17' },
      },
    });

    const failure: unknown = await createForgeIssueReader(requestJira, noWait)
      .getIssueWithChangelog('HD-7')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(JiraUnavailableError);
    expect((failure as JiraUnavailableError).retryAfterSeconds).toBe(17);
    expect((failure as JiraUnavailableError).status).toBe(429);
  });

  it('retries a 429 without Retry-After within the panel’s 3 attempts, then succeeds', async () => {
    let issueCalls = 0;
    const waits: number[] = [];
    const requestJira: RequestProductMethod = (url: Route) => {
      if (url.value === ISSUE_PATH) {
        issueCalls++;
        return Promise.resolve(response(issueCalls < 3 ? { status: 429 } : { body: issueBody }));
      }
      if (url.value === FIELD_PATH) return Promise.resolve(response({ body: fieldsBody() }));
      return Promise.resolve(response({ body: { isLast: true, values: [] } }));
    };

    const issue = await createForgeIssueReader(requestJira, {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    }).getIssueWithChangelog('HD-7');

    expect(issue.key).toBe('HD-7');
    expect(issueCalls).toBe(3);
    // Full jitter below 500 ms, then below 1000 ms.
    expect(waits).toEqual([250, 500]);
  });

  it('treats another client error (400) as a plain error, not a user-facing one', async () => {
    const { requestJira } = fakeJira({ [ISSUE_PATH]: { status: 400 } });

    const failure: unknown = await createForgeIssueReader(requestJira, noWait)
      .getIssueWithChangelog('HD-7')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(IssueNotFoundError);
    expect(failure).not.toBeInstanceOf(JiraUnavailableError);
  });

  it('rejects a response that is not an issue with a clear message', async () => {
    const { requestJira } = fakeJira({ [ISSUE_PATH]: { body: { fields: 'nonsense' } } });

    await expect(createForgeIssueReader(requestJira, noWait).getIssueWithChangelog('HD-7')).rejects.toThrow(
      /^Unexpected response to GET \/rest\/api\/3\/issue\/HD-7:/,
    );
  });

  it('lists the statuses of all issue types of a project', async () => {
    const { requestJira, paths } = fakeJira({
      '/rest/api/3/project/HD/statuses': {
        body: [
          { id: '1', name: 'Task', statuses: [{ id: '1', name: 'Open', statusCategory: { key: 'new' } }] },
          {
            id: '2',
            name: 'Incident',
            statuses: [{ id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } }],
          },
        ],
      },
    });

    const statuses = await createForgeIssueReader(requestJira, noWait).listProjectStatuses?.('HD');

    expect(paths).toEqual(['/rest/api/3/project/HD/statuses']);
    expect(statuses?.map((s) => `${s.name ?? ''}:${s.statusCategory?.key ?? ''}`)).toEqual([
      'Open:new',
      'In Progress:indeterminate',
    ]);
  });
});
