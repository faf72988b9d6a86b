/**
 * The four Automation actions as Automation calls them (Forge's automation-action reference): the configured
 * inputs as the payload, the rule's user as `context.principal`, an answer of outputs or `{ errors: [{ message }] }`
 * (German / English, naming cause and fix). Over the emulator with the sample data.
 */
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { readStoredCsiRecord } from '../../src/application/csi-record';
import { registerImprovement } from '../../src/application/register-improvement';
import type { FeedbackReplyMessage } from '../../src/application/feedback-replies';
import { closedPeriodKey } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { QueuePort } from '../../src/application/ports/queue-port';
import { createAutomationActions, type AutomationActions } from '../../src/entry/actions/automation-actions';
import { user } from '../../dev/sample-data/model';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';
import { createSignInKeyResult } from '../okr/support/okr-fixtures';
import { seedSampleEffectCheck } from '../../dev/preview/feedback-seed';

let h: CsiHarness;
let actions: AutomationActions;
let okr: OkrStore;
const pushed: FeedbackReplyMessage[] = [];
const logged: unknown[] = [];
/** The OKR actions' clock: December 2026, inside the fixtures' period 2026-Q4. */
const OKR_NOW_MS = Date.UTC(2026, 11, 4, 12);
let nowMs = SAMPLE_NOW_MS;

const admin = { principal: { accountId: user('admin').accountId } };
const claudia = { principal: { accountId: user('claudia').accountId } };

beforeAll(async () => {
  h = await startCsiHarness();
  okr = new OkrStore(h.store, { clock: () => nowMs });
  const queue: QueuePort<FeedbackReplyMessage> = {
    push: (message) => {
      pushed.push(message);
      return Promise.resolve();
    },
  };
  actions = createAutomationActions({
    jira: (accountId) => h.jiraFor(accountId ?? '') as JiraClient,
    effect: () => {
      const jira = h.jiraFor(user('admin').accountId) as JiraClient;
      return { jira, serviceDesk: jira, okr, store: h.store, clock: () => nowMs, logError: () => undefined };
    },
    store: h.store,
    okr,
    feedbackQueue: queue,
    clock: () => nowMs,
    texts: localeFileTexts,
    logError: (_message, error) => logged.push(error),
  });
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  nowMs = SAMPLE_NOW_MS;
  expect(logged).toEqual([]);
});

/** The message of a failed answer (fails the test for a successful one). */
function messageOf(answer: unknown): string {
  const errors = (answer as { errors?: { message: string }[] }).errors;
  expect(errors).toHaveLength(1);
  return errors?.[0]?.message ?? '';
}

const lowCsat = {
  projectKey: 'CSI',
  summary: 'Niedrige Zufriedenheit bei HD-12 untersuchen',
  source: 'customer-feedback',
  service: 'Service Desk',
  issueKey: 'HD-12',
  sourceDetail: 'CSAT 1 auf HD-12',
  // Automation passes every configured input; an optional one left empty arrives as an empty string.
  description: '',
  linkType: '',
  dedupeKey: '',
};

describe('Verbesserungsvorschlag registrieren (register-improvement)', () => {
  it('registers the improvement with the rule’s issue linked, once per issue', async () => {
    const first = await actions.registerImprovementAction(lowCsat, admin);
    const again = await actions.registerImprovementAction({ ...lowCsat, summary: 'Zweiter Lauf' }, admin);

    expect(first).toEqual({ issueKey: expect.stringMatching(/^CSI-\d+$/) as string, created: true });
    expect(again).toEqual({ issueKey: (first as { issueKey: string }).issueKey, created: false });
    const improvement = await h
      .jiraFor(user('admin').accountId)
      .getIssue((first as { issueKey: string }).issueKey, ['summary']);
    expect(improvement.fields?.summary).toBe('Niedrige Zufriedenheit bei HD-12 untersuchen');
    const { stored } = await readStoredCsiRecord(h.store, improvement.id ?? '');
    expect(stored?.record).toMatchObject({
      source: 'customer-feedback',
      sourceDetail: 'CSAT 1 auf HD-12',
      service: 'Service Desk',
      feedbackIssueKeys: ['HD-12'],
      updatedByAccountId: user('admin').accountId,
    });
  });

  it('refuses invalid inputs in German and English, naming each problem', async () => {
    const message = messageOf(
      await actions.registerImprovementAction({ ...lowCsat, summary: '  ', source: 'gerücht' }, admin),
    );
    expect(message).toMatch(
      /^Die Eingaben der Aktion sind ungültig: .* \/ The action's inputs are not valid: /,
    );
    expect(message).toContain('summary is required');
    expect(message).toContain('source must be one of audit, assessment');

    expect(
      messageOf(await actions.registerImprovementAction({ ...lowCsat, issueKey: '', dedupeKey: '' }, admin)),
    ).toContain('give issueKey ({{issue.key}}) or dedupeKey');
  });

  it('keeps a rule’s own dedupe key apart from the keys other callers register under', async () => {
    // The feedback web trigger registered an improvement under its key (external id of the HD intake).
    const webTriggerKey = 'feedback-intake-ext:10001:survey-7';
    const fromWebTrigger = await registerImprovement(
      { store: h.store, jira: h.jiraFor(user('admin').accountId), clock: () => nowMs },
      {
        projectIdOrKey: 'CSI',
        summary: 'Rückmeldung / feedback: Umfrage 7',
        source: 'customer-feedback',
        sourceDetail: '',
        service: '',
        feedbackIssue: null,
        dedupeKey: webTriggerKey,
      },
    );
    // A rule naming the same text as its dedupe key registers its own improvement, with its issue linked.
    const fromRule = await actions.registerImprovementAction(
      { ...lowCsat, issueKey: 'HD-12', dedupeKey: webTriggerKey },
      admin,
    );
    expect(fromRule).toMatchObject({ created: true });
    const ruleKey = (fromRule as { issueKey: string }).issueKey;
    expect(ruleKey).not.toBe(fromWebTrigger.issueKey);
    const links = await h.jiraFor(user('admin').accountId).getIssueLinks(ruleKey);
    expect(links.map((link) => link.inwardIssue?.key)).toEqual(['HD-12']);
    // And the rule's key still dedupes the rule's own runs.
    expect(await actions.registerImprovementAction({ ...lowCsat, dedupeKey: webTriggerKey }, admin)).toEqual({
      issueKey: ruleKey,
      created: false,
    });
  });

  it('names the fix when the project has no CSI', async () => {
    const message = messageOf(
      await actions.registerImprovementAction(
        { ...lowCsat, projectKey: 'HD', dedupeKey: 'hd-no-csi' },
        admin,
      ),
    );
    expect(message).toContain('CSI ist in diesem Projekt nicht eingerichtet');
    expect(message).toContain('Set CSI up in the project settings');
  });

  it('fails with not found for a triggering issue the rule’s user cannot see', async () => {
    const message = messageOf(
      await actions.registerImprovementAction({ ...lowCsat, issueKey: 'HD-999999' }, admin),
    );
    expect(message).toMatch(/^Nicht gefunden/);
  });
});

describe('Feedbackschleife schließen (close-feedback-loop)', () => {
  it('queues one reply per feedback issue of a closed improvement, step closed', async () => {
    const closed = h
      .jiraFor(user('admin').accountId)
      .searchIssues('project = CSI AND status = "Abgeschlossen"', ['summary']);
    const candidates: { key: string; feedback: readonly string[] }[] = [];
    for await (const page of closed) {
      for (const issue of page) {
        const { stored } = await readStoredCsiRecord(h.store, issue.id ?? '');
        const feedback = stored?.record.feedbackIssueKeys ?? [];
        if (feedback.length > 0) candidates.push({ key: issue.key ?? '', feedback });
      }
    }
    const target = candidates[0];
    expect(target).toBeDefined();
    pushed.length = 0;

    const answer = await actions.closeFeedbackLoopAction({ issueKey: target?.key, step: '' }, admin);

    expect(answer).toEqual({ enqueued: target?.feedback.length, step: 'closed', skipped: '' });
    expect(pushed.map((m) => [m.improvementKey, m.feedbackIssueKey, m.step])).toEqual(
      (target?.feedback ?? []).map((key) => [target?.key, key, 'closed']),
    );
  });

  it('tells nobody of an improvement in Verifying when the project does not reply on In Implementation', async () => {
    pushed.length = 0;
    expect(await actions.closeFeedbackLoopAction({ issueKey: 'CSI-3' }, admin)).toEqual({
      enqueued: 0,
      step: 'in-implementation',
      skipped: 'step-off',
    });
    expect(pushed).toEqual([]);
  });

  it('refuses step closed for an improvement not closed, a non-CSI issue, and a user who may not edit', async () => {
    expect(
      messageOf(await actions.closeFeedbackLoopAction({ issueKey: 'CSI-3', step: 'closed' }, admin)),
    ).toContain('so step closed does not fit');
    expect(messageOf(await actions.closeFeedbackLoopAction({ issueKey: 'HD-12' }, admin))).toMatch(
      /^Der Vorgang ist keine Verbesserung/,
    );
    expect(
      messageOf(await actions.closeFeedbackLoopAction({ issueKey: 'CSI-3', step: 'later' }, admin)),
    ).toContain('step must be empty');
    h.readOnly.add(user('claudia').accountId);
    try {
      expect(messageOf(await actions.closeFeedbackLoopAction({ issueKey: 'CSI-3' }, claudia))).toMatch(
        /^Nicht erlaubt .*may not edit CSI-3/,
      );
    } finally {
      h.readOnly.delete(user('claudia').accountId);
    }
  });
});

describe('Wirkung prüfen (check-effect)', () => {
  it('runs the configured effect check of the self-service improvement, posting its result once', async () => {
    const issueKey = await seedSampleEffectCheck({
      store: h.store,
      jiraAsOwner: h.jiraFor(user('claudia').accountId),
      jiraAsApp: h.jiraFor(user('admin').accountId),
      seed: h.seed,
      nowMs: SAMPLE_NOW_MS,
    });

    const first = await actions.checkEffectAction({ issueKey }, admin);
    const again = await actions.checkEffectAction({ issueKey }, admin);

    expect(first).toEqual({
      issueKey,
      verdict: expect.stringMatching(/^(improved|worsened|no-change|insufficient-data)$/) as string,
      posted: true,
    });
    expect(again).toEqual({ ...(first as object), posted: false });
  });

  it('names the missing configuration of an improvement without an effect check', async () => {
    const message = messageOf(await actions.checkEffectAction({ issueKey: 'CSI-1' }, admin));
    expect(message).toMatch(/^Die Wirkungsprüfung konnte nicht laufen .*no effect check configured/);
  });

  it('refuses an issue that is no improvement, and a missing issue key', async () => {
    expect(messageOf(await actions.checkEffectAction({ issueKey: 'HD-12' }, admin))).toMatch(
      /keine Verbesserung/,
    );
    expect(messageOf(await actions.checkEffectAction({}, admin))).toContain('issueKey is required');
  });
});

describe('Kennzahl melden (report-key-result-value)', () => {
  it('records a value once per measurement id, as an allowed user', async () => {
    nowMs = OKR_NOW_MS;
    const { keyResultId } = await createSignInKeyResult(okr);
    const payload = {
      keyResultId,
      measurementId: 'mail-2026-12-03',
      value: '372',
      at: '2026-12-03T23:59:00Z',
    };

    const first = await actions.reportKeyResultValueAction(payload, admin);
    nowMs = OKR_NOW_MS;
    const again = await actions.reportKeyResultValueAction({ ...payload, value: 380 }, admin);

    expect(first).toEqual({ result: 'recorded', checkInId: expect.any(String) as string });
    expect(again).toEqual({ result: 'duplicate', checkInId: (first as { checkInId: string }).checkInId });
    const checkIns = await okr.checkIns(keyResultId);
    expect(checkIns.map((c) => [c.value, c.author, c.measurementId])).toEqual([
      [372, user('admin').accountId, 'mail-2026-12-03'],
    ]);
  });

  it('refuses a user who may not check in, bad inputs, and a closed period, writing nothing', async () => {
    nowMs = OKR_NOW_MS;
    const { keyResultId } = await createSignInKeyResult(okr);
    const payload = { keyResultId, measurementId: 'mail-2026-12-02', value: 390 };

    expect(messageOf(await actions.reportKeyResultValueAction(payload, claudia))).toMatch(
      /^Nicht erlaubt .*may not check in on KR-\d+/,
    );
    expect(
      messageOf(
        await actions.reportKeyResultValueAction({ ...payload, value: 'viele', keyResultId: 'x' }, admin),
      ),
    ).toMatch(/keyResultId must look like KR-12.*value must be a number/);
    await h.store.put(
      closedPeriodKey('2026-Q4'),
      { periodKey: '2026-Q4', closedAtMs: OKR_NOW_MS, closedByAccountId: 'acc-a', gradings: {} },
      null,
    );
    try {
      expect(messageOf(await actions.reportKeyResultValueAction(payload, admin))).toMatch(
        /^Der Wert wurde nicht angenommen .*2026-Q4 is closed/,
      );
    } finally {
      await h.store.delete(closedPeriodKey('2026-Q4'));
    }
    expect(await okr.checkIns(keyResultId)).toEqual([]);
  });
});
