/**
 * Changelogs: bulkfetch batching (1,000 issues per request, 400 above), item filtering by field id or name,
 * epoch-millisecond `created`, the 10,000-history page cap with pages ordered oldest first, and the per-issue
 * changelog `PageBeanChangelog` capped at 100.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { AGENT, HOUR_MS, START_MS, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

const BULKFETCH = 'POST /rest/api/3/changelog/bulkfetch';

/** A string-valued own property (change items may lack `toString`; the prototype's must not count). */
function ownText(item: Record<string, unknown>, key: string): string | undefined {
  const value: unknown = Object.getOwnPropertyDescriptor(item, key)?.value;
  return typeof value === 'string' ? value : undefined;
}

describe('changelog bulkfetch on a 2,000-issue help desk', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: buildSeed({ hd: 2000, extraItems: true }) });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('fetches 2,000 issues in two requests of 1,000, status and Flagged items only', async () => {
    const jira = clientFor(emulator.url, AGENT);
    emulator.requests.reset();
    const byIssue = new Map<string, Record<string, unknown>[]>();
    for (let batch = 0; batch < 2; batch++) {
      const keys = Array.from({ length: 1000 }, (_, i) => `HD-${batch * 1000 + i + 1}`);
      const reply = await jira.post('/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: keys,
        fieldIds: ['status', 'customfield_10021'],
        maxResults: 10_000,
      });
      expect(reply.status).toBe(200);
      const body = obj(reply.body);
      expect(body.nextPageToken).toBeUndefined();
      for (const log of objs(body.issueChangeLogs))
        byIssue.set(String(log.issueId), objs(log.changeHistories));
    }
    expect(emulator.requests.count(BULKFETCH)).toBe(2);
    expect(byIssue.size).toBe(2000);
    // HD-1 (resolved): Neu → In Bearbeitung → Gelöst, then Flagged on and off; the assignee change is filtered out.
    const histories = byIssue.get('100001') ?? [];
    expect(
      histories.map((h) =>
        objs(h.items).map(
          // Read `toString` as an own property: an item without it must not yield Object.prototype.toString.
          (i) => `${String(i.field)}:${ownText(i, 'toString') ?? '∅'}`,
        ),
      ),
    ).toEqual([['status:In Bearbeitung'], ['status:Gelöst'], ['Flagged:Impediment'], ['Flagged:∅']]);
    // `created` is epoch milliseconds in this endpoint.
    expect(histories.map((h) => h.created)).toEqual([
      START_MS + HOUR_MS,
      START_MS + 2 * HOUR_MS,
      START_MS + 2 * HOUR_MS + 10 * 60_000,
      START_MS + 2 * HOUR_MS + 12 * 60_000,
    ]);
    expect(objs(histories[0]?.items)[0]).toEqual({
      field: 'status',
      fieldtype: 'jira',
      fieldId: 'status',
      from: '1',
      fromString: 'Neu',
      to: '3',
      toString: 'In Bearbeitung',
    });
  });

  it('answers 400 to 1,001 issues and to an empty list', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const tooMany = await jira.post('/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `HD-${i + 1}`),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      errorMessages: ['issueIdsOrKeys: at most 1000 issue IDs or keys can be requested; got 1001.'],
      errors: {},
    });
    const empty = await jira.post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [] });
    expect(empty.status).toBe(400);
    expect(obj(empty.body).errorMessages).toEqual(['issueIdsOrKeys: must not be empty.']);
  });

  it('filters by field id only: the Flagged field by its custom field id, never by its name (as Jira Cloud)', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const reply = await jira.post('/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: ['HD-2'],
      fieldIds: ['customfield_10021'],
    });
    const logs = objs(obj(reply.body).issueChangeLogs);
    expect(logs).toHaveLength(1);
    expect(objs(logs[0]?.changeHistories).map((h) => objs(h.items)[0]?.fieldId)).toEqual([
      'customfield_10021',
      'customfield_10021',
    ]);

    for (const byName of [['Flagged'], ['flagged']]) {
      const named = await jira.post('/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: ['HD-1', 'HD-2'],
        fieldIds: byName,
      });
      expect(named.status).toBe(200);
      expect(obj(named.body).issueChangeLogs).toEqual([]);
    }
  });

  it('lists the site’s fields with the Flagged custom field’s id, clause names and type', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const reply = await jira.get('/rest/api/3/field');
    expect(reply.status).toBe(200);
    const fields = objs(reply.body);
    expect(fields.find((f) => f.id === 'status')).toMatchObject({ custom: false, name: 'Status' });
    expect(fields.find((f) => f.name === 'Flagged')).toEqual({
      id: 'customfield_10021',
      key: 'customfield_10021',
      name: 'Flagged',
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ['cf[10021]', 'Flagged'],
      schema: {
        type: 'array',
        items: 'option',
        custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
        customId: 10021,
      },
    });
  });
});

describe('changelog page caps with 12,000 histories', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    // 1,000 issues created 1 h apart, 12 status changes each, 1 h apart: histories of neighbours interleave.
    emulator = await startEmulator({ seed: buildSeed({ hd: 1000, statusChangesPerHdIssue: 12 }) });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('caps a page at 10,000 histories (maxResults above is capped), oldest first, merged by issueId', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const keys = Array.from({ length: 1000 }, (_, i) => `HD-${i + 1}`);
    const pageSizes: number[] = [];
    const createdOrder: number[] = [];
    const byIssue = new Map<string, number[]>();
    let nextPageToken: unknown;
    do {
      const reply = await jira.post('/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: keys,
        maxResults: 50_000,
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
      });
      expect(reply.status).toBe(200);
      const body = obj(reply.body);
      let size = 0;
      for (const log of objs(body.issueChangeLogs)) {
        const created = objs(log.changeHistories).map((h) => Number(h.created));
        size += created.length;
        createdOrder.push(...created);
        byIssue.set(String(log.issueId), [...(byIssue.get(String(log.issueId)) ?? []), ...created]);
      }
      pageSizes.push(size);
      nextPageToken = body.nextPageToken;
    } while (nextPageToken !== undefined);
    expect(pageSizes).toEqual([10_000, 2000]);
    expect(byIssue.size).toBe(1000);
    // Every issue's 12 histories arrive complete and in order once the pages are merged.
    const hd500 = byIssue.get('100500') ?? [];
    expect(hd500).toHaveLength(12);
    expect(hd500).toEqual(Array.from({ length: 12 }, (_, j) => START_MS + 499 * HOUR_MS + (j + 1) * HOUR_MS));
    // Pages follow the date order (oldest change first, as Jira documents): nothing on page 1 is newer
    // than anything on page 2.
    const firstPage = createdOrder.slice(0, 10_000);
    expect(Math.max(...firstPage)).toBeLessThanOrEqual(Math.min(...createdOrder.slice(10_000)));
  });

  it('defaults to pages of 1,000 histories', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const reply = await jira.post('/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: Array.from({ length: 200 }, (_, i) => `HD-${i + 1}`),
    });
    const body = obj(reply.body);
    const count = objs(body.issueChangeLogs).reduce((n, log) => n + objs(log.changeHistories).length, 0);
    expect(count).toBe(1000);
    expect(typeof body.nextPageToken).toBe('string');
  });

  it('pages the single-issue changelog with startAt and caps maxResults at 100', async () => {
    const jira = clientFor(emulator.url, AGENT);
    const whole = obj((await jira.get('/rest/api/3/issue/HD-3/changelog?maxResults=500')).body);
    expect(whole.maxResults).toBe(100);
    expect(whole.total).toBe(12);
    expect(whole.isLast).toBe(true);
    const values = objs(whole.values);
    expect(values[0]?.created).toBe('2026-01-05T12:00:00.000+0100');
    const page = obj((await jira.get('/rest/api/3/issue/HD-3/changelog?startAt=10&maxResults=5')).body);
    expect(objs(page.values).map((v) => v.id)).toEqual([values[10]?.id, values[11]?.id]);
    expect(page.startAt).toBe(10);
  });
});
