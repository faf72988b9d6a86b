/**
 * Hostile review of the effect check (issue 11): the check measures as the app and posts its figures on the
 * improvement, so a user may configure only a JQL whose issues they may browse themselves (Jira administrators
 * any); the linked key result of a closed or ended period keeps its history.
 */
import { USERS, user } from '../../dev/sample-data/model';
import { csiRecordStoreKey, type StoredCsiRecordEntry } from '../../src/application/csi-record';
import { effectCommentMarker, runEffectCheck } from '../../src/application/effect-check';
import { effectCommentKey, readEffectConfig } from '../../src/application/effect-check-store';
import { measureEffect, type EffectMeasureDeps } from '../../src/application/effect-check-measure';
import { CSAT_MAX_REQUESTS } from '../../src/application/csat';
import { effectRunWindows } from '../../src/domain/feedback/effect-check';
import { closedPeriodKey } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import { createEffectCheckHandlers } from '../../src/entry/resolvers/effect-check-handlers';
import type { ResolverDeps } from '../../src/entry/resolvers/handlers';
import type { EffectCheckConfig } from '../../src/contract/feedback';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';

jest.setTimeout(60_000);

let h: CsiHarness;
const ADMIN = user('admin').accountId;
/** Aylin browses HD, CSI and MAIL, not TEAM. */
const AYLIN = user('aylin').accountId;
const KEY = 'CSI-3';
const ID = '10326';

beforeAll(async () => {
  h = await startCsiHarness();
});
afterAll(async () => {
  await h.stop();
});

const handlers = () =>
  createEffectCheckHandlers({
    jira: (context: Readonly<Record<string, unknown>>) => h.jiraFor(String(context['accountId'])),
    jiraAsApp: () => h.jiraFor(ADMIN),
    store: h.store,
    clock: () => SAMPLE_NOW_MS,
    logError: (message: string, error: unknown) => {
      throw new Error(`${message}: ${String(error)}`);
    },
  } as unknown as ResolverDeps);
const as = (accountId: string) => ({ accountId, timezone: 'Europe/Berlin', locale: 'de_DE' });

const config = (jql: string): EffectCheckConfig => ({
  target: { kind: 'issue-count', jql },
  better: 'lower',
  changeDate: null,
  verifyAfterDays: 30,
  beforeDays: 90,
});

async function versionNow(): Promise<number | null> {
  return (await readEffectConfig(h.store, ID)).version;
}

describe('the scope of an effect check', () => {
  it('sample users: Aylin may edit CSI-3 but not browse TEAM', () => {
    const aylin = USERS.find((u) => u.accountId === AYLIN);
    expect(aylin?.browseProjects).not.toContain('TEAM');
    expect(aylin?.browseProjects).toContain('CSI');
  });

  it.each([['project = TEAM'], ['project in (HD, TEAM)'], ['project = HD OR project = TEAM']])(
    'refuses a non-admin’s JQL that finds issues they may not browse (%s), storing nothing',
    async (jql) => {
      const before = await versionNow();
      const answer = await handlers().saveEffectCheckConfig(
        { issueKey: KEY, config: config(jql), expectedVersion: before },
        as(AYLIN),
      );
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!answer.ok) expect(answer.error.detail).toMatch(/may not browse/);
      expect(await versionNow()).toBe(before);
    },
  );

  it('accepts a JQL the user sees all of, and keeps an unchanged JQL without searching again', async () => {
    const first = await handlers().saveEffectCheckConfig(
      { issueKey: KEY, config: config('project = HD'), expectedVersion: await versionNow() },
      as(AYLIN),
    );
    expect(first).toMatchObject({ ok: true });
    const second = await handlers().saveEffectCheckConfig(
      {
        issueKey: KEY,
        config: { ...config('project = HD'), beforeDays: 60 },
        expectedVersion: await versionNow(),
      },
      as(AYLIN),
    );
    expect(second).toMatchObject({ ok: true, value: { config: { beforeDays: 60 } } });
  });

  it('lets a Jira administrator configure any scope', async () => {
    const answer = await handlers().saveEffectCheckConfig(
      { issueKey: KEY, config: config('project = TEAM'), expectedVersion: await versionNow() },
      as(ADMIN),
    );
    expect(answer).toMatchObject({ ok: true, value: { config: { target: { jql: 'project = TEAM' } } } });
  });

  it('answers invalid-settings naming the JQL when Jira refuses it for the app too', async () => {
    const answer = await handlers().saveEffectCheckConfig(
      { issueKey: KEY, config: config('projekt = = HD'), expectedVersion: await versionNow() },
      as(AYLIN),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    if (!answer.ok) expect(answer.error.detail).toMatch(/JQL/);
  });
});

describe('the linked key result of another period', () => {
  it('gets no check-in when its period has ended, has not begun or was closed; one while it runs', async () => {
    const okr = new OkrStore(h.store, { clock: () => SAMPLE_NOW_MS });
    const manualKeyResult = async (quarter: string) => {
      const objective = await okr.createObjective({
        title: `Ziele ${quarter}`,
        description: '',
        period: { kind: 'quarter', quarter, timeZone: 'Europe/Berlin' },
        ownerAccountId: ADMIN,
        scope: { type: 'project', projectKey: 'HD' },
      });
      const keyResult = await okr.createKeyResult({
        objectiveId: objective.value.id,
        title: `Neue Vorgänge pro Tag ${quarter}`,
        ownerAccountId: ADMIN,
        weight: 1,
        unit: 'Vorgänge pro Tag',
        direction: 'decrease',
        kind: { type: 'metric', start: 10, target: 5 },
        source: 'manual',
      });
      return keyResult.value.id;
    };
    const link = async (keyResultId: string) => {
      const entry = await h.store.get<StoredCsiRecordEntry>(csiRecordStoreKey(ID));
      if (entry?.value.record === undefined) throw new Error('no record');
      await h.store.put<StoredCsiRecordEntry>(
        csiRecordStoreKey(ID),
        { ...entry.value, record: { ...entry.value.record, keyResultId } },
        entry.version,
      );
    };
    const deps = {
      jira: h.jiraFor(ADMIN),
      serviceDesk: null,
      okr,
      store: h.store,
      clock: () => SAMPLE_NOW_MS,
      logError: (message: string, error: unknown) => {
        throw new Error(`${message}: ${String(error)}`);
      },
    };
    const saved = await handlers().saveEffectCheckConfig(
      { issueKey: KEY, config: config('project = HD'), expectedVersion: await versionNow() },
      as(ADMIN),
    );
    expect(saved.ok).toBe(true);

    // The sample's now lies in 2026-Q1.
    for (const quarter of ['2025-Q4', '2026-Q2']) {
      const id = await manualKeyResult(quarter);
      await link(id);
      const run = await runEffectCheck(deps, KEY, 'manual');
      expect(run.run?.proposedResult).not.toBeNull();
      expect(run.run?.keyResultUpdate).toBeNull();
      expect(await okr.checkIns(id)).toEqual([]);
    }

    const running = await manualKeyResult('2026-Q1');
    await link(running);
    await h.store.set(closedPeriodKey('2026-Q1'), { closedAtMs: SAMPLE_NOW_MS, closedByAccountId: ADMIN });
    const closed = await runEffectCheck(deps, KEY, 'manual');
    expect(closed.run?.keyResultUpdate).toBeNull();
    expect(await okr.checkIns(running)).toEqual([]);

    await h.store.delete(closedPeriodKey('2026-Q1'));
    const open = await runEffectCheck(deps, KEY, 'manual');
    expect(open.run?.keyResultUpdate).toMatchObject({ keyResultId: running });
    expect(await okr.checkIns(running)).toHaveLength(1);
  });
});

describe('the linked key result of someone else', () => {
  it('gets no check-in from a check configured by a user who may not check in on it; one from its owner’s', async () => {
    const okr = new OkrStore(h.store, { clock: () => SAMPLE_NOW_MS });
    const objective = await okr.createObjective({
      title: 'Weniger Vorgänge',
      description: '',
      period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
      ownerAccountId: ADMIN,
      scope: { type: 'project', projectKey: 'HD' },
    });
    const keyResult = await okr.createKeyResult({
      objectiveId: objective.value.id,
      title: 'Neue Vorgänge pro Tag',
      ownerAccountId: ADMIN,
      weight: 1,
      unit: 'Vorgänge pro Tag',
      direction: 'decrease',
      kind: { type: 'metric', start: 10, target: 5 },
      source: 'manual',
    });
    const id = keyResult.value.id;
    const entry = await h.store.get<StoredCsiRecordEntry>(csiRecordStoreKey(ID));
    if (entry?.value.record === undefined) throw new Error('no record');
    await h.store.put<StoredCsiRecordEntry>(
      csiRecordStoreKey(ID),
      { ...entry.value, record: { ...entry.value.record, keyResultId: id } },
      entry.version,
    );
    const deps = {
      jira: h.jiraFor(ADMIN),
      serviceDesk: null,
      okr,
      store: h.store,
      clock: () => SAMPLE_NOW_MS,
      logError: (message: string, error: unknown) => {
        throw new Error(`${message}: ${String(error)}`);
      },
    };

    // Aylin may edit the improvement, not the key result (neither admin, editor nor owner).
    const byAylin = await handlers().saveEffectCheckConfig(
      {
        issueKey: KEY,
        config: config('project in (HD)'),
        expectedVersion: await versionNow(),
      },
      as(AYLIN),
    );
    expect(byAylin).toMatchObject({ ok: true });
    const refused = await runEffectCheck(deps, KEY, 'manual');
    expect(refused.run?.proposedResult).not.toBeNull();
    expect(refused.run?.keyResultUpdate).toBeNull();
    expect(await okr.checkIns(id)).toEqual([]);

    const byOwner = await handlers().saveEffectCheckConfig(
      { issueKey: KEY, config: config('project = HD'), expectedVersion: await versionNow() },
      as(ADMIN),
    );
    expect(byOwner).toMatchObject({ ok: true });
    const allowed = await runEffectCheck(deps, KEY, 'manual');
    expect(allowed.run?.keyResultUpdate).toMatchObject({ keyResultId: id });
    expect(await okr.checkIns(id)).toHaveLength(1);
  });
});

describe('a CSAT check of a scope too large to read', () => {
  it('fails naming the limit instead of analysing a partial sample', async () => {
    const csatConfig: EffectCheckConfig = {
      target: { kind: 'csat', jql: 'project = HD' },
      better: 'higher',
      changeDate: '2026-02-01',
      verifyAfterDays: 30,
      beforeDays: 30,
    };
    let ratingsRead = 0;
    const deps: EffectMeasureDeps = {
      jira: {
        getMyself: () => Promise.resolve({ accountId: 'app', timeZone: 'UTC' }),
        searchIssueIds: (_jql: string, options?: { maxIds?: number }) =>
          Promise.resolve(Array.from({ length: options?.maxIds ?? 0 }, (_, i) => String(10_000 + i))),
      } as unknown as EffectMeasureDeps['jira'],
      serviceDesk: {
        getRequestFeedback: () => {
          ratingsRead++;
          return Promise.resolve({ rating: 1 });
        },
      } as unknown as EffectMeasureDeps['serviceDesk'],
      okr: new OkrStore(h.store, { clock: () => SAMPLE_NOW_MS }),
    };
    await expect(
      measureEffect(
        deps,
        csatConfig,
        effectRunWindows(csatConfig, '2026-02-01'),
        'Europe/Berlin',
        SAMPLE_NOW_MS,
      ),
    ).rejects.toThrow(new RegExp(`more than ${String(CSAT_MAX_REQUESTS)} requests`));
    expect(ratingsRead).toBeGreaterThan(0);
  });
});

describe('a run looking for a comment its failed post may have stored', () => {
  it('does not take a comment quoting the result (marker inside a quote) for it, and posts its own', async () => {
    const saved = await handlers().saveEffectCheckConfig(
      {
        issueKey: KEY,
        config: { ...config('project = HD'), beforeDays: 45 },
        expectedVersion: await versionNow(),
      },
      as(ADMIN),
    );
    if (!saved.ok || saved.value.version === null) throw new Error('not saved');
    const version = saved.value.version;
    await h.store.put(
      effectCommentKey(ID, version),
      { state: 'reserved', reservedAtMs: SAMPLE_NOW_MS, unsure: true },
      null,
    );
    const quoting = await h.jiraFor(AYLIN).addComment(KEY, {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Stimmt das?' }] },
        {
          type: 'blockquote',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: effectCommentMarker(ID, version) }] },
          ],
        },
      ],
    });
    const outcome = await runEffectCheck(
      {
        jira: h.jiraFor(ADMIN),
        serviceDesk: null,
        okr: new OkrStore(h.store, { clock: () => SAMPLE_NOW_MS }),
        store: h.store,
        clock: () => SAMPLE_NOW_MS,
        logError: () => undefined,
      },
      KEY,
      'manual',
    );
    expect(outcome.posted).toBe(true);
    expect(outcome.run?.commentId).not.toBe(quoting.id);
  });
});
