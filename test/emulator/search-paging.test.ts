/**
 * `/rest/api/3/search/jql` paging over 12,000 issues with Jira Cloud's page caps: 5,000 per page when only ids
 * are asked, 100 when fields are; larger `maxResults` are silently capped; tokens continue only their query.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { ADMIN, AGENT, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';
import type { TestClient } from './http-client';

const ISSUE_COUNT = 12_000;
const SEARCH = 'POST /rest/api/3/search/jql';

let emulator: RunningEmulator;
let jira: TestClient;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: buildSeed({ hd: ISSUE_COUNT, csi: 3, sec: 2, issueSpacingMinutes: 7 }),
  });
  jira = clientFor(emulator.url, AGENT);
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.requests.reset();
});

async function pageThrough(
  body: Record<string, unknown>,
): Promise<{ ids: string[]; pageSizes: number[]; pages: Record<string, unknown>[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  const pages: Record<string, unknown>[] = [];
  let nextPageToken: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const reply = await jira.post('/rest/api/3/search/jql', {
      ...body,
      ...(nextPageToken === undefined ? {} : { nextPageToken }),
    });
    expect(reply.status).toBe(200);
    const page = obj(reply.body);
    pages.push(page);
    const issues = objs(page.issues);
    pageSizes.push(issues.length);
    for (const issue of issues) ids.push(String(issue.id));
    if (page.isLast === true) {
      expect(page.nextPageToken).toBeUndefined();
      return { ids, pageSizes, pages };
    }
    expect(typeof page.nextPageToken).toBe('string');
    nextPageToken = page.nextPageToken as string;
  }
  throw new Error('search did not end');
}

describe('search/jql paging over 12,000 issues', () => {
  it('serves ids-only pages of 5,000: three requests for 12,000 issues, each issue once, in key order', async () => {
    const startedMs = Date.now();
    const { ids, pageSizes, pages } = await pageThrough({
      jql: 'project = HD ORDER BY key ASC',
      maxResults: 5000,
    });
    expect(pageSizes).toEqual([5000, 5000, 2000]);
    expect(new Set(ids).size).toBe(ISSUE_COUNT);
    expect(ids[0]).toBe('100001');
    expect(ids[4999]).toBe('105000');
    expect(ids[11_999]).toBe('112000');
    // Ids-only pages carry id, key and self but no fields object.
    const first = objs(obj(pages[0]).issues)[0];
    expect(first).toEqual({ id: '100001', key: 'HD-1', self: `${emulator.url}/rest/api/3/issue/100001` });
    expect(emulator.requests.count(SEARCH)).toBe(3);
    expect(Date.now() - startedMs).toBeLessThan(5000);
  });

  it('caps field pages at 100: 120 requests for 12,000 issues with summary and status', async () => {
    const startedMs = Date.now();
    const { ids, pageSizes, pages } = await pageThrough({
      jql: 'project = HD',
      fields: ['summary', 'status'],
      maxResults: 5000,
    });
    expect(pageSizes).toHaveLength(120);
    expect(pageSizes.every((size) => size === 100)).toBe(true);
    expect(new Set(ids).size).toBe(ISSUE_COUNT);
    const issue = objs(obj(pages[0]).issues)[0];
    expect(Object.keys(obj(issue?.fields)).sort()).toEqual(['status', 'summary']);
    expect(obj(issue?.fields).summary).toBe('Drucker im Büro 1 druckt nicht');
    expect(emulator.requests.count(SEARCH)).toBe(120);
    expect(Date.now() - startedMs).toBeLessThan(20_000);
  }, 30_000);

  it('treats fields ["id"] and ["key"] as ids-only (5,000 cap) and defaults maxResults to 50', async () => {
    const keysOnly = await jira.post('/rest/api/3/search/jql', {
      jql: 'project = HD',
      fields: ['key'],
      maxResults: 9999,
    });
    expect(objs(obj(keysOnly.body).issues)).toHaveLength(5000);
    const byDefault = await jira.post('/rest/api/3/search/jql', { jql: 'project = HD', fields: ['id'] });
    expect(objs(obj(byDefault.body).issues)).toHaveLength(50);
    expect(obj(byDefault.body).isLast).toBe(false);
  });

  it('serves the same result via GET with query parameters', async () => {
    const reply = await jira.get(
      `/rest/api/3/search/jql?jql=${encodeURIComponent('key in (HD-7, HD-3) ORDER BY key DESC')}&fields=summary,labels&maxResults=10`,
    );
    expect(reply.status).toBe(200);
    const issues = objs(obj(reply.body).issues);
    expect(issues.map((i) => i.key)).toEqual(['HD-7', 'HD-3']);
    expect(obj(issues[0]?.fields)).toEqual({ summary: 'Drucker im Büro 7 druckt nicht', labels: [] });
    expect(obj(reply.body).isLast).toBe(true);
  });

  it('rejects a token used with another query, and a token that was never issued', async () => {
    const first = await jira.post('/rest/api/3/search/jql', { jql: 'project = HD', maxResults: 10 });
    const token = obj(first.body).nextPageToken;
    const foreign = await jira.post('/rest/api/3/search/jql', {
      jql: 'project = HD ORDER BY created DESC',
      nextPageToken: token,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({
      errorMessages: ['The provided next page token is invalid or expired.'],
      errors: {},
    });
    const garbage = await jira.post('/rest/api/3/search/jql', {
      jql: 'project = HD',
      nextPageToken: 'not-a-token',
    });
    expect(garbage.status).toBe(400);
  });

  it('rejects offset paging members: search/jql pages by token only', async () => {
    const reply = await jira.post('/rest/api/3/search/jql', { jql: 'project = HD', startAt: 100 });
    expect(reply.status).toBe(400);
    expect(obj(reply.body).errorMessages).toEqual([
      'Unrecognized field "startAt": this request accepts only jql, nextPageToken, maxResults, fields, expand, properties, fieldsByKeys, reconcileIssues.',
    ]);
  });

  it('leaves out issues of projects the user may not browse', async () => {
    const admin = clientFor(emulator.url, ADMIN);
    const all = await admin.post('/rest/api/3/search/jql', {
      jql: 'project in (HD, CSI, SEC)',
      maxResults: 5000,
    });
    const agentView = await jira.post('/rest/api/3/search/jql', {
      jql: 'created >= "2026-01-01"',
      maxResults: 5000,
    });
    expect(objs(obj(all.body).issues)).toHaveLength(5000);
    // The agent browses HD only: CSI and SEC issues are silently absent, not an error.
    const keys = objs(obj(agentView.body).issues).map((i) => String(i.key));
    expect(keys.every((k) => k.startsWith('HD-'))).toBe(true);
  });
});
