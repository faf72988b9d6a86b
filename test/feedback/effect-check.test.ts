/**
 * The effect check over the emulator with the sample data (issue 11): "Self-Service-Passwortrücksetzung
 * einführen" (CSI-3, in Wirksamkeitsprüfung since its go-live) checked against the help desk's lead time finds the
 * drop; two daily runs at once post one comment; a stale configuration or record version is a conflict; the
 * linked manual key result gets the value once; the runs stay within the store's value limit; the resolvers
 * answer the contract's codes.
 */
import { USERS, user } from '../../dev/sample-data/model';
import { OkrStore } from '../../src/application/okr-store';
import {
  adoptEffectResult,
  effectCommentMarker,
  getEffectCheck,
  runEffectCheck,
  saveEffectCheckConfig,
  type EffectCheckDeps,
} from '../../src/application/effect-check';
import { runDailyEffectChecks } from '../../src/application/effect-check-daily';
import {
  appendEffectRun,
  EFFECT_INDEX_KEY,
  effectCommentKey,
  effectRunsKey,
  readEffectRuns,
} from '../../src/application/effect-check-store';
import {
  csiRecordStoreKey,
  readStoredCsiRecord,
  type StoredCsiRecordEntry,
} from '../../src/application/csi-record';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { createEffectCheckSchedule } from '../../src/entry/scheduled/effect-check-schedule';
import { StoreConflictError } from '../../src/application/ports/store-port';
import type { EffectCheckConfig } from '../../src/contract/feedback';
import { createEffectCheckHandlers } from '../../src/entry/resolvers/effect-check-handlers';
import type { ResolverDeps } from '../../src/entry/resolvers/handlers';
import { feedbackReplyDedupeKey } from '../../src/domain/feedback/replies';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';
import { liveFactsViews } from '../project-flow/facts-fixtures';

// Each flow check loads the sample help desk's issues from the emulator (about a second each on a busy machine);
// the key-result test runs five of them.
jest.setTimeout(60_000);

let h: CsiHarness;
const ADMIN = user('admin').accountId;
const CLAUDIA = user('claudia').accountId;
const KEY = 'CSI-3';
const ID = '10326';

beforeAll(async () => {
  h = await startCsiHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Lead time of the help desk, the defaults for windows, change date = the day CSI-3 entered Verifying. */
const flowConfig: EffectCheckConfig = {
  target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' },
  better: 'lower',
  changeDate: null,
  verifyAfterDays: 30,
  beforeDays: 90,
};

function appDeps(nowMs = SAMPLE_NOW_MS): EffectCheckDeps & { jira: JiraClient } {
  const jira = h.jiraFor(ADMIN) as JiraClient;
  return {
    jira,
    serviceDesk: jira,
    okr: new OkrStore(h.store, { clock: () => nowMs }),
    store: h.store,
    clock: () => nowMs,
    logError: (message, error) => {
      throw new Error(`${message}: ${String(error)}`);
    },
  };
}

async function configure(config: EffectCheckConfig | null, issueKey = KEY): Promise<number | null> {
  const current = await getEffectCheck(h.store, h.jiraFor(CLAUDIA), issueKey, SAMPLE_NOW_MS, 'Europe/Berlin');
  const view = await saveEffectCheckConfig(h.store, h.jiraFor(CLAUDIA), issueKey, config, current.version, {
    nowMs: SAMPLE_NOW_MS,
    userTimeZone: 'Europe/Berlin',
    accountId: CLAUDIA,
    appJira: h.jiraFor(ADMIN),
  });
  return view.version;
}

async function effectComments(): Promise<string[]> {
  const comments = await h.jiraFor(ADMIN).getComments(KEY);
  const text = (node: { text?: string; content?: readonly unknown[] }): string =>
    (node.text ?? '') + (node.content ?? []).map((c) => text(c as typeof node)).join(' ');
  return comments.map((c) => text(c.body)).filter((t) => t.includes('[three-ways-effect-check'));
}

describe('a flow check on the sample help desk', () => {
  it('is due, finds the lead-time drop, posts once and proposes the p50 after', async () => {
    await configure(flowConfig);
    const before = await getEffectCheck(h.store, h.jiraFor(CLAUDIA), KEY, SAMPLE_NOW_MS, 'Europe/Berlin');
    expect(before).toMatchObject({ state: 'due', issueId: ID, canEdit: true, latest: null });
    expect(before.changeDate).toBe(before.enteredVerifyingOn);

    const outcome = await runEffectCheck(appDeps(), KEY, 'manual');
    expect(outcome.posted).toBe(true);
    const run = outcome.run;
    if (run === null) throw new Error('no run');
    expect(run.result.verdict).toBe('improved');
    expect(run.result.after.p50 ?? Infinity).toBeLessThan(run.result.before.p50 ?? 0);
    expect(run.result.before.n).toBeGreaterThan(200);
    expect(run.chart.before.length).toBeLessThanOrEqual(200);
    expect([...run.chart.after].sort((a, b) => a - b)).toEqual(run.chart.after);
    expect(run.proposedResult).toEqual({
      name: 'Durchlaufzeit (Median)',
      value: Math.round((run.result.after.p50 ?? 0) * 100) / 100,
      unit: 'Tage',
      measuredOn: '2026-03-02',
    });
    const comments = await effectComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(
      /^Wirkung geprüft: Durchlaufzeit \(Median\) von [0-9,]+ auf [0-9,]+ Tage gesunken \(−\d+ %\), Mann-Whitney p [<=] 0,\d{3} – verbessert\./,
    );
    console.log(`sample flow check: ${comments[0]?.split('.')[0] ?? ''}`);

    // A second run of the same configuration measures again but posts nothing.
    const again = await runEffectCheck(appDeps(), KEY, 'manual');
    expect(again).toMatchObject({ posted: false, run: { commentId: null, runId: 'run-2' } });
    expect(await effectComments()).toHaveLength(1);
    const view = await getEffectCheck(h.store, h.jiraFor(CLAUDIA), KEY, SAMPLE_NOW_MS, 'Europe/Berlin');
    expect(view.state).toBe('checked');
    expect(view.latest?.runId).toBe('run-2');
    expect(view.history.map((r) => r.runId)).toEqual(['run-1']);
    expect(view.history[0]).not.toHaveProperty('chart');
  });

  it('posts one comment when two daily runs check a new configuration at once', async () => {
    await configure({ ...flowConfig, beforeDays: 60 });
    const summaries = await Promise.all(
      [1, 2].map(() =>
        runDailyEffectChecks({ ...appDeps(), jira: () => appDeps().jira, elapsedClock: () => 0 }),
      ),
    );
    expect(summaries.flatMap((s) => s.failed)).toEqual([]);
    expect(summaries.flatMap((s) => s.checked)).toEqual([ID]);
    expect(await effectComments()).toHaveLength(2); // one per configuration version
    const runs = await readEffectRuns(h.store, ID);
    expect(runs.latest).toMatchObject({ trigger: 'schedule', configVersion: 2 });
    expect(runs.latest?.commentId).not.toBeNull();
    // The next day's run finds it checked.
    const next = await runDailyEffectChecks({
      ...appDeps(),
      jira: () => appDeps().jira,
      elapsedClock: () => 0,
    });
    expect(next).toMatchObject({ checked: [], skipped: [ID] });
    expect(await effectComments()).toHaveLength(2);
  });

  it('starts no check after its budget', async () => {
    let elapsed = 0;
    const summary = await runDailyEffectChecks(
      { ...appDeps(), jira: () => appDeps().jira, elapsedClock: () => (elapsed += 700_000) },
      600_000,
    );
    expect(summary.deferred).toEqual([ID]);
  });
});

describe('the other target kinds on the sample help desk', () => {
  it('counts password tickets per day (fewer after, yet both medians 0) and finds a better CSAT', async () => {
    await configure({
      target: { kind: 'issue-count', jql: 'project = HD AND labels = passwort' },
      better: 'lower',
      changeDate: null,
      verifyAfterDays: 30,
      beforeDays: 60,
    });
    const count = await runEffectCheck(appDeps(), KEY, 'manual');
    // One value per local day: 60 before, 30 after (the after window ended before the sample's today). Most days
    // have no password ticket, so both medians are 0: the test sees fewer after (p < 0.01, a before day exceeds
    // an after day more often than not), but §6 says no detectable change while the median stands still.
    expect(count.run).toMatchObject({
      unit: 'issues per day',
      result: { before: { n: 60, p50: 0 }, after: { n: 30, p50: 0 }, verdict: 'no-detectable-change' },
      proposedResult: { value: 0, unit: 'Vorgänge pro Tag' },
    });
    expect(count.run?.result.mannWhitney.pValue).toBeLessThan(0.01);
    expect(count.run?.result.effectSize).toBeGreaterThan(0.6);
    expect(count.run?.result.warnings).toContain('median-change-undefined');

    await configure({
      target: { kind: 'csat', jql: 'project = HD' },
      better: 'higher',
      changeDate: null,
      verifyAfterDays: 30,
      beforeDays: 30,
    });
    const csat = await runEffectCheck(appDeps(), KEY, 'manual');
    expect(csat.run).toMatchObject({ unit: 'rating', result: { verdict: 'improved' } });
    console.log(
      `sample CSAT check: median ${String(csat.run?.result.before.p50)} → ${String(csat.run?.result.after.p50)}, n ${String(csat.run?.result.before.n)}/${String(csat.run?.result.after.n)}, p ${String(csat.run?.result.mannWhitney.pValue)}`,
    );
  });
});

describe('versions', () => {
  it('refuses a save from a stale configuration version', async () => {
    const version = await configure(flowConfig);
    await expect(
      saveEffectCheckConfig(h.store, h.jiraFor(CLAUDIA), KEY, flowConfig, (version ?? 1) - 1, {
        nowMs: SAMPLE_NOW_MS,
        userTimeZone: null,
        accountId: CLAUDIA,
        appJira: h.jiraFor(ADMIN),
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
  });

  it('adopts a run’s proposed result only from the record version the panel holds', async () => {
    await configure(flowConfig);
    const outcome = await runEffectCheck(appDeps(), KEY, 'manual');
    const runId = outcome.run?.runId ?? '';
    const { version } = await readStoredCsiRecord(h.store, ID);
    await expect(
      adoptEffectResult(h.store, h.jiraFor(CLAUDIA), KEY, runId, (version ?? 1) - 1, SAMPLE_NOW_MS),
    ).rejects.toBeInstanceOf(StoreConflictError);
    const adopted = await adoptEffectResult(h.store, h.jiraFor(CLAUDIA), KEY, runId, version, SAMPLE_NOW_MS);
    expect(adopted.record.result).toEqual(outcome.run?.proposedResult);
    expect(adopted.version).toBe((version ?? 0) + 1);
  });
});

describe('the linked key result', () => {
  it('gets the value once per configuration version when it takes manual values in the same unit', async () => {
    const okr = new OkrStore(h.store, { clock: () => SAMPLE_NOW_MS });
    const objective = await okr.createObjective({
      title: 'Schneller helfen',
      description: '',
      period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
      ownerAccountId: CLAUDIA,
      scope: { type: 'project', projectKey: 'HD' },
    });
    const make = (unit: string, source: 'manual' | 'external') =>
      okr.createKeyResult({
        objectiveId: objective.value.id,
        title: `Durchlaufzeit (${source}, ${unit})`,
        ownerAccountId: CLAUDIA,
        weight: 1,
        unit,
        direction: 'decrease',
        kind: { type: 'metric', start: 1.2, target: 0.8 },
        source,
      });
    const manual = await make('Tage', 'manual');
    const external = await make('Tage', 'external');
    const otherUnit = await make('%', 'manual');
    const link = async (keyResultId: string) => {
      const entry = await h.store.get<StoredCsiRecordEntry>(csiRecordStoreKey(ID));
      if (entry?.value.record === undefined) throw new Error('no record');
      await h.store.put<StoredCsiRecordEntry>(
        csiRecordStoreKey(ID),
        { ...entry.value, record: { ...entry.value.record, keyResultId } },
        entry.version,
      );
    };

    await link(manual.value.id);
    const version = await configure(flowConfig);
    const first = await runEffectCheck(appDeps(), KEY, 'manual');
    const second = await runEffectCheck(appDeps(), KEY, 'manual');
    const value = first.run?.proposedResult?.value;
    expect(first.run?.keyResultUpdate).toEqual({ keyResultId: manual.value.id, value });
    expect(second.run?.keyResultUpdate).toEqual({ keyResultId: manual.value.id, value });
    const checkIns = await okr.checkIns(manual.value.id);
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({
      value,
      author: 'app',
      measurementId: `effect-check:${ID}:v${String(version)}`,
    });

    for (const kr of [external, otherUnit]) {
      await link(kr.value.id);
      const run = await runEffectCheck(appDeps(), KEY, 'manual');
      expect(run.run?.keyResultUpdate).toBeNull();
      expect(await okr.checkIns(kr.value.id)).toEqual([]);
    }
  });
});

describe('store limits', () => {
  it('keeps the latest run with two 200-value charts and ten earlier runs within one stored value', async () => {
    const issueId = 'limits-1';
    const latest = (await readEffectRuns(h.store, ID)).latest;
    if (latest === null) throw new Error('no run to copy');
    const longJql = `project = HD AND summary ~ "${'x'.repeat(1_960)}"`;
    const chart = {
      before: Array.from({ length: 200 }, (_, i) => 1.2345678 + i / 7),
      after: Array.from({ length: 200 }, (_, i) => 0.3456789 + i / 11),
    };
    for (let i = 0; i < 25; i++)
      await appendEffectRun(h.store, issueId, {
        ...latest,
        target: { kind: 'flow', metric: 'lead-time', jql: longJql },
        chart,
        result: {
          ...latest.result,
          warnings: ['after-window-open (data as of 2026-03-02, window ends 2026-03-31)'],
        },
      });
    const stored = await h.store.get(effectRunsKey(issueId));
    const bytes = h.store.storedBytes(stored?.value);
    console.log(
      `runs of one improvement as stored: ${String(bytes)} bytes of ${String(h.store.maxValueBytes)}`,
    );
    expect(bytes).toBeLessThan(h.store.maxValueBytes / 4);
    const runs = await readEffectRuns(h.store, issueId);
    expect(runs.latest?.chart.before).toHaveLength(200);
    expect(runs.history).toHaveLength(10);
    expect(runs.latest?.runId).toBe('run-25');
  });
});

describe('the register’s loop', () => {
  it('shows the effect check’s verdict and the feedback issues told at Closed', async () => {
    const { stored } = await readStoredCsiRecord(h.store, ID);
    const keys = stored?.record.feedbackIssueKeys ?? [];
    expect(keys.length).toBeGreaterThan(0);
    // The first feedback issue was told at Closed; a reply still reserved (being posted) is not "told".
    await h.store.put(
      feedbackReplyDedupeKey(ID, keys[0] ?? '', 'closed'),
      {
        state: 'told',
        reservedAtMs: SAMPLE_NOW_MS,
        feedbackIssueKey: keys[0],
        step: 'closed',
        toldAtMs: SAMPLE_NOW_MS,
      },
      null,
    );
    if (keys[1] !== undefined)
      await h.store.put(
        feedbackReplyDedupeKey(ID, keys[1], 'closed'),
        { state: 'reserved', reservedAtMs: SAMPLE_NOW_MS, feedbackIssueKey: keys[1], step: 'closed' },
        null,
      );
    const register = await h.handlers.getCsiRegister({ projectKey: 'CSI' }, h.contextOf('claudia'));
    if (!register.ok) throw new Error(register.error.detail);
    const item = register.value.items.find((i) => i.issueKey === KEY);
    expect(item?.loop).toEqual({
      feedbackIn: keys.length,
      decided: true,
      done: false,
      told: 1,
      effect: (await readEffectRuns(h.store, ID)).latest?.result.verdict,
    });
    expect(item?.loop.effect).toBe('improved');
    // Items without a configuration show none.
    expect(register.value.items.find((i) => i.issueKey === 'CSI-1')?.loop.effect).toBe('none');
  });
});

describe('the resolvers', () => {
  const handlers = () =>
    createEffectCheckHandlers({
      jira: (context: Readonly<Record<string, unknown>>) => h.jiraFor(String(context['accountId'])),
      jiraAsApp: () => h.jiraFor(ADMIN),
      store: h.store,
      clock: () => SAMPLE_NOW_MS,
      logError: (message: string, error: unknown) => {
        throw new Error(`${message}: ${String(error)}`);
      },
      // Nothing stored and every project ready: the check measures live through the facts path, as before.
      facts: liveFactsViews(SAMPLE_NOW_MS),
    } as unknown as ResolverDeps);
  const as = (accountId: string) => ({ accountId, timezone: 'Europe/Berlin', locale: 'de_DE' });

  it('answers not-csi-issue, forbidden, invalid-settings, effect-check-failed and conflict', async () => {
    const r = handlers();
    expect(await r.getEffectCheck({ issueKey: 'HD-1' }, as(CLAUDIA))).toMatchObject({
      ok: false,
      error: { code: 'not-csi-issue' },
    });
    const view = await r.getEffectCheck({ issueKey: KEY }, as(CLAUDIA));
    if (!view.ok) throw new Error(view.error.detail);
    const reader = USERS.find((u) => u.accountId !== CLAUDIA && u.accountId !== ADMIN)?.accountId ?? '';
    h.readOnly.add(reader);
    try {
      const readView = await r.getEffectCheck({ issueKey: KEY }, as(reader));
      expect(readView).toMatchObject({ ok: true, value: { canEdit: false } });
      for (const answer of [
        await r.saveEffectCheckConfig(
          { issueKey: KEY, config: flowConfig, expectedVersion: view.value.version },
          as(reader),
        ),
        await r.runEffectCheck({ issueKey: KEY }, as(reader)),
        await r.adoptEffectResult({ issueKey: KEY, runId: 'run-1', expectedRecordVersion: 1 }, as(reader)),
      ])
        expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      h.readOnly.delete(reader);
    }
    const tooLong = await r.saveEffectCheckConfig(
      {
        issueKey: KEY,
        config: { ...flowConfig, verifyAfterDays: 400 },
        expectedVersion: view.value.version,
      },
      as(CLAUDIA),
    );
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    if (!tooLong.ok) expect(tooLong.error.detail).toContain('verifyAfterDays');
    expect(
      await r.saveEffectCheckConfig(
        { issueKey: KEY, config: flowConfig, expectedVersion: null },
        as(CLAUDIA),
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // A JQL Jira refuses is refused at the save for a user (the scope check searches it); an administrator's
    // save skips that check, and the run then names the JQL.
    const badConfig = {
      ...flowConfig,
      target: { kind: 'flow' as const, metric: 'lead-time' as const, jql: 'projekt = = HD' },
    };
    const refused = await r.saveEffectCheckConfig(
      { issueKey: KEY, config: badConfig, expectedVersion: view.value.version },
      as(CLAUDIA),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    const bad = await r.saveEffectCheckConfig(
      { issueKey: KEY, config: badConfig, expectedVersion: view.value.version },
      as(ADMIN),
    );
    expect(bad.ok).toBe(true);
    const failed = await r.runEffectCheck({ issueKey: KEY }, as(CLAUDIA));
    expect(failed).toMatchObject({ ok: false, error: { code: 'effect-check-failed' } });
    if (!failed.ok) expect(failed.error.detail).toMatch(/JQL/);
    expect(await r.getEffectCheck({ issueKey: 'nope' }, as(CLAUDIA))).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
  });

  it('keeps the index of configured improvements for the daily run', async () => {
    const index = await h.store.get<{ entries: { issueId: string }[] }>(EFFECT_INDEX_KEY);
    expect(index?.value.entries.map((e) => e.issueId)).toEqual([ID]);
  });
});

describe('a writer that stopped between posting and recording', () => {
  it('leaves a reservation the next run takes over after the lease, finding the comment instead of posting again', async () => {
    const version = await configure({ ...flowConfig, beforeDays: 45 });
    if (version === null) throw new Error('not saved');
    const marker = effectCommentMarker(ID, version);
    // The stopped writer reserved 20 minutes ago and posted its comment, then its invocation ended.
    await h.store.put(
      effectCommentKey(ID, version),
      { state: 'reserved', reservedAtMs: SAMPLE_NOW_MS - 20 * 60_000 },
      null,
    );
    const lost = await h.jiraFor(ADMIN).addComment(KEY, {
      type: 'doc',
      version: 1,
      // As the app writes it: the marker is the comment's last paragraph.
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Wirkung geprüft …' }] },
        { type: 'paragraph', content: [{ type: 'text', text: marker }] },
      ],
    });
    const before = (await effectComments()).length;
    const outcome = await runEffectCheck(appDeps(), KEY, 'schedule');
    expect(outcome.run?.commentId).toBe(lost.id);
    expect(await effectComments()).toHaveLength(before);
    // Recorded as posted: a further run of this version posts nothing either.
    await runEffectCheck(appDeps(), KEY, 'manual');
    expect(await effectComments()).toHaveLength(before);
  });
});

describe('the scheduled function', () => {
  it('answers 500 and logs when the index cannot be read, never throwing', async () => {
    const logged: string[] = [];
    const failing = Object.assign(Object.create(h.store) as MemoryStore, {
      get: () => Promise.reject(new Error('KVS down')),
    });
    const daily = createEffectCheckSchedule({
      ...appDeps(),
      store: failing,
      jira: () => appDeps().jira,
      elapsedClock: () => 0,
      logError: (message) => logged.push(message),
    });
    expect(await daily({ context: { cloudId: 'c', moduleKey: 'effect-check-daily' } })).toEqual({
      statusCode: 500,
      summary: null,
    });
    expect(logged).toEqual(['effect-check-daily: the run failed before checking']);
  });
});
