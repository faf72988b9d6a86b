/**
 * The FitSM plan's resolvers against the Jira emulator with the sample data: an audit finding registered as one
 * improvement under a double click, gaps of an assessment registered idempotently and scheduled, a project without
 * CSI refused with its own code, who may edit (Jira admins and the FitSM editor group) and who may only read, and
 * payload validation.
 */
import { JIRA_ROUTES, type JiraClient } from '../../src/adapters/jira/jira-client';
import { readStoredCsiRecord } from '../../src/application/csi-record';
import { readAuditPlan } from '../../src/application/fitsm-audit';
import {
  GapSelectionError,
  readGapLinks,
  registerGapImprovements,
} from '../../src/application/fitsm-gap-improvements';
import { readSchedule } from '../../src/application/fitsm-schedule';
import { FITSM_SETTINGS_KEY } from '../../src/application/fitsm-settings';
import { CsiNotSetUpError } from '../../src/application/register-improvement';
import type { FitsmPlanResult } from '../../src/contract/fitsm-plan';
import { createFitsmAssessmentHandlers } from '../../src/entry/resolvers/fitsm-assessment-handlers';
import { createFitsmPlanHandlers } from '../../src/entry/resolvers/fitsm-plan-handlers';
import {
  RESOLVER_PAYLOAD_LIMIT_BYTES,
  payloadBytes,
  type ResolverDeps,
} from '../../src/entry/resolvers/handlers';
import { user, type UserKey } from '../../dev/sample-data/model';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from '../csi/support';
import { assessmentOf, ratingsOf } from './support';
import { unusedFactsViews } from '../project-flow/facts-fixtures';

const EDITOR_GROUP = 'FitSM-Redaktion';
/** Who is what: the sample admin holds Administer Jira; Sabine is in the editor group; Paul only reads. */
const GROUPS: Partial<Record<UserKey, readonly string[]>> = {
  sabine: ['jira-software-users', EDITOR_GROUP],
  paul: ['jira-software-users'],
};

let h: CsiHarness;
const clients = new Map<string, JiraClient>();

function jiraOf(accountId: string): JiraClient {
  let client = clients.get(accountId);
  if (client === undefined) {
    const base = h.jiraFor(accountId) as JiraClient;
    const key = (['admin', 'sabine', 'paul'] as const).find((k) => user(k).accountId === accountId);
    client = Object.assign(Object.create(base) as JiraClient, {
      // Jira's own answers, with Administer Jira for the admin only (the FitSM edit right is asked of it).
      getMyPermissions: async (keys: readonly string[], projectKey?: string) => ({
        ...(await base.getMyPermissions(keys, projectKey)),
        ...(keys.includes('ADMINISTER') ? { ADMINISTER: key === 'admin' } : {}),
      }),
      getMyGroupNames: () => Promise.resolve(key === undefined ? [] : (GROUPS[key] ?? [])),
    });
    clients.set(accountId, client);
  }
  return client;
}

const errors: unknown[] = [];
const deps: ResolverDeps = {
  facts: unusedFactsViews(),
  issueReader: () => {
    throw new Error('not used');
  },
  // The plan's resolvers ask only the Jira port calls a JiraClient has.
  jira: (context) => jiraOf(String(context['accountId'])),
  get store() {
    return h.store;
  },
  clock: () => SAMPLE_NOW_MS,
  logError: (_message, error) => {
    errors.push(error);
  },
};
const handlers = () => createFitsmPlanHandlers(deps);

const ctx = (key: UserKey, locale = 'de_DE') => ({
  accountId: user(key).accountId,
  locale,
  timezone: 'Europe/Berlin',
});

/** The value of a successful result (of this area's or the assessment's resolvers); fails the test otherwise. */
function valueOf<T>(
  result:
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly error: { readonly code: string; readonly detail: string } },
): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.detail}`);
  return result.value;
}

const creates = () =>
  jiraOf(user('admin').accountId).requestCount(JIRA_ROUTES.createIssue) +
  jiraOf(user('sabine').accountId).requestCount(JIRA_ROUTES.createIssue);

beforeAll(async () => {
  h = await startCsiHarness();
  await h.store.put(FITSM_SETTINGS_KEY, { editorGroupName: EDITOR_GROUP }, null);
});
afterAll(async () => {
  await h.stop();
});

async function auditWithFinding(): Promise<{ auditId: string; findingId: string }> {
  const audit = valueOf(
    await handlers().saveFitsmAudit(
      {
        auditId: null,
        audit: {
          subjectId: 'PR9',
          plannedOn: '2026-02-20',
          auditorAccountId: user('sabine').accountId,
          scope: 'Störungen im Februar: Klassifizierung und Eskalation',
          status: 'done',
          doneOn: '2026-02-20',
        },
        expectedRevision: null,
      },
      ctx('sabine'),
    ),
  );
  const recorded = valueOf(
    await handlers().recordFitsmFinding(
      {
        auditId: audit.id,
        finding: {
          text: 'Eskalationszeiten werden nicht erfasst',
          severity: 'minor',
          requirementId: 'PR9.4',
        },
        expectedRevision: audit.revision,
      },
      ctx('sabine'),
    ),
  );
  return { auditId: audit.id, findingId: recorded.finding.id };
}

describe('a finding registered as an improvement', () => {
  it('creates one improvement under a double click; the finding keeps its key; the record names audit and finding', async () => {
    const { auditId, findingId } = await auditWithFinding();
    const before = creates();

    const [a, b] = await Promise.all([
      handlers().registerFitsmFinding({ auditId, findingId, projectKey: 'CSI' }, ctx('sabine')),
      handlers().registerFitsmFinding({ auditId, findingId, projectKey: 'CSI' }, ctx('sabine')),
    ]);
    const first = valueOf(a);
    const second = valueOf(b);

    expect(second.issueKey).toBe(first.issueKey);
    expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
    expect(creates() - before).toBe(1);
    const again = valueOf(
      await handlers().registerFitsmFinding({ auditId, findingId, projectKey: 'CSI' }, ctx('admin')),
    );
    expect(again).toEqual({ ...first, created: false });
    expect(creates() - before).toBe(1);

    const { plan } = await readAuditPlan(h.store, 2026);
    const finding = plan.audits.find((x) => x.id === auditId)?.findings.find((f) => f.id === findingId);
    expect(finding).toMatchObject({ improvementKey: first.issueKey, improvementIssueId: first.issueId });
    const { stored } = await readStoredCsiRecord(h.store, first.issueId);
    expect(stored?.record).toMatchObject({
      source: 'audit',
      service: 'PR9 Incident- und Service-Request-Management',
    });
    expect(stored?.record.sourceDetail).toMatch(
      new RegExp(`^Audit ${auditId} \\(PR9, 2026-02-20\\), finding ${findingId} \\[minor\\] on PR9\\.4`),
    );

    const view = valueOf(await handlers().getFitsmAuditPlan({ year: 2026 }, ctx('paul')));
    expect(view.counts).toMatchObject({ done: 1, findings: 1, findingsRegistered: 1 });
    expect(view.canEdit).toBe(false);
    // The CSI register counts this year's audits and the findings registered as improvements.
    const register = await h.handlers.getCsiRegister({ projectKey: 'CSI' }, h.contextOf('sabine'));
    expect(register.ok && register.value.audits).toEqual({
      year: 2026,
      planned: 0,
      done: 1,
      cancelled: 0,
      overdue: 0,
      findings: 1,
      findingsRegistered: 1,
    });
    // …and its capability evidence: the finding registered (1 of 1).
    expect(
      register.ok && register.value.capability.evidence.find((e) => e.id === 'audit-findings-registered'),
    ).toMatchObject({ count: 1, total: 1, met: true });
    expect(view.people.find((p) => p.accountId === user('sabine').accountId)?.displayName).toBe(
      user('sabine').displayName,
    );
  });

  it('answers csi-not-set-up for a project without CSI, creating nothing', async () => {
    const { auditId, findingId } = await auditWithFinding();
    const before = creates();
    const result = await handlers().registerFitsmFinding(
      { auditId, findingId, projectKey: 'HD' },
      ctx('admin'),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'csi-not-set-up' } });
    expect(!result.ok && result.error.detail).toMatch(/HD has no CSI issue type/);
    expect(creates() - before).toBe(0);
  });
});

describe('gaps → improvements', () => {
  const assessment = assessmentOf(
    ratingsOf({
      'PR1.1': [1, 1, 2],
      'PR2.1': [2, 2, 2],
      'GR3.1': [0, 0, 1],
      'PR9.1': [3, 3, 3],
      'PR9.2': [null, 2, 2],
      'PR5.1': [1, 1, 1],
    }),
    { id: 'fa-2022-04', title: 'Selbstbewertung 04/2022', date: '2022-04-20' },
  );
  const deps = () => ({
    store: h.store,
    jira: jiraOf(user('admin').accountId),
    clock: () => SAMPLE_NOW_MS,
    actingAccountId: user('admin').accountId,
    loadAssessment: (id: string) => Promise.resolve(id === assessment.id ? assessment : null),
  });

  it('registers each selected gap once (also when asked twice at once), links it back and schedules it', async () => {
    const before = creates();
    const request = {
      assessmentId: 'fa-2022-04',
      requirementIds: ['PR1.1', 'GR3.1', 'PR2.1'],
      projectKey: 'CSI',
      language: 'de' as const,
    };
    const [first, twin] = await Promise.all([
      registerGapImprovements(deps(), request),
      registerGapImprovements(deps(), request),
    ]);
    expect(creates() - before).toBe(3);
    expect(twin.map((g) => g.issueKey)).toEqual(first.map((g) => g.issueKey));
    const again = await registerGapImprovements(deps(), request);
    expect(again.map((g) => g.created)).toEqual([false, false, false]);
    expect(creates() - before).toBe(3);

    const links = await readGapLinks(h.store, 'fa-2022-04');
    expect(Object.fromEntries(Object.entries(links).map(([id, l]) => [id, l.issueKey]))).toEqual(
      Object.fromEntries(first.map((g) => [g.requirementId, g.issueKey])),
    );
    const gr = first.find((g) => g.requirementId === 'GR3.1');
    const { stored } = await readStoredCsiRecord(h.store, gr?.issueId ?? '');
    expect(stored?.record).toMatchObject({
      source: 'assessment',
      service: 'GR3 Anwendungsbereich und Interessengruppen',
    });
    expect(stored?.record.sourceDetail).toBe(
      'Selbstbewertung „Selbstbewertung 04/2022“ (fa-2022-04, 2022-04-20), Anforderung GR3.1: Stufe 0 → 3',
    );
    const { schedule } = await readSchedule(h.store);
    expect(
      schedule.items
        .filter((i) => i.assessmentId === 'fa-2022-04')
        .map((i) => [i.subjectId, i.gapSize, i.origin])
        .sort(),
    ).toEqual([
      ['GR3.1', 3, 'assessment'],
      ['PR1.1', 2, 'assessment'],
      ['PR2.1', 1, 'assessment'],
    ]);
    // The schedule puts the management system's gap first, then PR1, then PR2 (capacity 3 → one quarter).
    const view = valueOf(await handlers().getFitsmSchedule({}, ctx('deniz')));
    const quarter = view.plan.quarters.find((q) => q.itemKeys.includes(gr?.issueKey ?? ''));
    expect(quarter?.itemKeys.slice(0, 3)).toEqual(
      ['GR3.1', 'PR1.1', 'PR2.1'].map((r) => first.find((g) => g.requirementId === r)?.issueKey),
    );
  });

  it('refuses a selection naming requirements that are no gaps, and a project without CSI, creating nothing', async () => {
    const before = creates();
    const call = registerGapImprovements(deps(), {
      assessmentId: 'fa-2022-04',
      requirementIds: ['PR1.1', 'PR9.1', 'PR9.2', 'PR99.1'],
      projectKey: 'CSI',
      language: 'en',
    });
    await expect(call).rejects.toBeInstanceOf(GapSelectionError);
    await expect(call).rejects.toThrow(
      /PR9.1 meets its target level; PR9.2 has no agreed rating yet; PR99.1 is not a FitSM requirement/,
    );
    await expect(
      registerGapImprovements(deps(), {
        assessmentId: 'fa-2022-04',
        requirementIds: ['PR5.1'],
        projectKey: 'HD',
        language: 'en',
      }),
    ).rejects.toBeInstanceOf(CsiNotSetUpError);
    expect(creates() - before).toBe(0);
  });
});

describe('registerFitsmGaps (an assessment saved through its own resolvers)', () => {
  it('registers the agreed gaps of a stored assessment once, answers their links, and refuses a met requirement', async () => {
    const assessments = createFitsmAssessmentHandlers(deps);
    const created = valueOf(
      await assessments.saveFitsmAssessment(
        {
          id: null,
          expectedVersion: null,
          title: 'Nach der FitSM-Schulung',
          date: '2020-07-15',
          assessors: [user('sabine').accountId],
          status: 'draft',
          outOfScope: [],
          targetLevel: 2,
          targetByGroup: {},
        },
        ctx('sabine'),
      ),
    );
    const id = created.assessment.id;
    for (const [requirementId, level] of [
      ['PR14.1', 0],
      ['PR14.2', 2],
    ] as const) {
      valueOf(
        await assessments.rateFitsmRequirement(
          {
            assessmentId: id,
            requirementId,
            slot: { kind: 'agreed' },
            rating: { level, notes: 'Verbesserungen nur auf Zuruf', issueKeys: [] },
            expected: null,
          },
          ctx('sabine'),
        ),
      );
    }
    const before = creates();
    const met = await handlers().registerFitsmGaps(
      { assessmentId: id, requirementIds: ['PR14.1', 'PR14.2'], projectKey: 'CSI' },
      ctx('sabine'),
    );
    expect(met).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!met.ok && met.error.detail).toMatch(/PR14.2 meets its target level/);

    const [one, two] = await Promise.all([
      handlers().registerFitsmGaps(
        { assessmentId: id, requirementIds: ['PR14.1'], projectKey: 'CSI' },
        ctx('sabine'),
      ),
      handlers().registerFitsmGaps(
        { assessmentId: id, requirementIds: ['PR14.1'], projectKey: 'CSI' },
        ctx('sabine'),
      ),
    ]);
    expect(creates() - before).toBe(1);
    const link = valueOf(one).links[0];
    expect(valueOf(two).links[0]?.issueKey).toBe(link?.issueKey);
    expect(valueOf(await handlers().getFitsmGapLinks({ assessmentId: id }, ctx('paul'))).links).toEqual([
      { requirementId: 'PR14.1', issueKey: link?.issueKey, issueId: link?.issueId, created: false },
    ]);
    const { stored } = await readStoredCsiRecord(h.store, link?.issueId ?? '');
    expect(stored?.record).toMatchObject({
      source: 'assessment',
      service: 'PR14 Management der kontinuierlichen Serviceverbesserung',
    });
    const issue = await jiraOf(user('sabine').accountId).getIssue(link?.issueKey ?? '', ['description']);
    expect(JSON.stringify(issue.fields?.['description'])).toContain(
      'Nachweise: Verbesserungen nur auf Zuruf',
    );
    expect(
      await handlers().registerFitsmGaps(
        { assessmentId: 'fa-none', requirementIds: ['PR14.1'], projectKey: 'CSI' },
        ctx('sabine'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('permissions and payloads', () => {
  it('lets Jira admins and the editor group change the plan, and app users only read', async () => {
    const audit = {
      subjectId: 'PR2',
      plannedOn: '2026-09-01',
      auditorAccountId: user('sabine').accountId,
      scope: 'SLA-Überprüfung',
      status: 'planned' as const,
      doneOn: null,
    };
    const denied = await handlers().saveFitsmAudit(
      { auditId: null, audit, expectedRevision: null },
      ctx('paul'),
    );
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(!denied.ok && denied.error.detail).toMatch(/FitSM editor group/);
    for (const [name, payload] of [
      ['registerFitsmFinding', { auditId: 'A-2026-1', findingId: 'F1', projectKey: 'CSI' }],
      ['registerFitsmGaps', { assessmentId: 'fa-2022-04', requirementIds: ['PR1.1'], projectKey: 'CSI' }],
      ['moveFitsmScheduleItem', { improvementKey: 'CSI-1', quarter: '2026-Q3', expectedVersion: 1 }],
      [
        'saveFitsmPlanSettings',
        { settings: { timeZone: null, startQuarter: null, capacityPerQuarter: 2 }, expectedVersion: null },
      ],
    ] as const) {
      const result = await (handlers()[name] as (p: unknown, c: object) => Promise<FitsmPlanResult<unknown>>)(
        payload,
        ctx('paul'),
      );
      expect([name, result.ok ? 'ok' : result.error.code]).toEqual([name, 'forbidden']);
    }
    expect(
      valueOf(
        await handlers().saveFitsmAudit({ auditId: null, audit, expectedRevision: null }, ctx('sabine')),
      ).status,
    ).toBe('planned');
    expect(
      valueOf(await handlers().saveFitsmAudit({ auditId: null, audit, expectedRevision: null }, ctx('admin')))
        .status,
    ).toBe('planned');
    expect(valueOf(await handlers().getFitsmPlanSettings({}, ctx('paul'))).canEdit).toBe(false);
    expect(valueOf(await handlers().getFitsmSchedule({}, ctx('sabine'))).canEdit).toBe(true);
  });

  it('answers invalid-payload naming the field, conflict for a stale audit, invalid-request for a broken rule', async () => {
    const bad = await handlers().saveFitsmAudit(
      { auditId: 'A-26-1', audit: { subjectId: 'XY1' }, expectedRevision: 0 },
      ctx('admin'),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(!bad.ok && bad.error.detail).toMatch(/auditId must look like A-2026-3/);
    expect(await handlers().getFitsmAuditPlan({ year: 1999 }, ctx('admin'))).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(
      await handlers().registerFitsmGaps(
        { assessmentId: 'fa-1', requirementIds: [], projectKey: 'CSI' },
        ctx('admin'),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(
      await handlers().moveFitsmScheduleItem(
        { improvementKey: 'CSI-1', quarter: '2026-Q5', expectedVersion: 1 },
        ctx('admin'),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(await handlers().exportFitsmSchedule({ format: 'xlsx' }, ctx('admin'))).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(await handlers().getFitsmSchedule({ extra: 1 }, ctx('admin'))).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });

    const { auditId } = await auditWithFinding();
    const stale = await handlers().recordFitsmFinding(
      {
        auditId,
        finding: { text: 'x', severity: 'observation', requirementId: 'PR9.1' },
        expectedRevision: 1,
      },
      ctx('admin'),
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const rule = await handlers().saveFitsmAudit(
      {
        auditId: null,
        audit: {
          subjectId: 'GR9',
          plannedOn: '2026-05-05',
          auditorAccountId: 'x',
          scope: 's',
          status: 'planned',
          doneOn: null,
        },
        expectedRevision: null,
      },
      ctx('admin'),
    );
    expect(rule).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!rule.ok && rule.error.detail).toMatch(/GR9 is not in the FitSM catalogue/);
    expect(errors).toEqual([]);
  });

  it('saves the plan settings guarded by their version, and exports the schedule in the viewer’s language', async () => {
    const settings = { timeZone: 'Europe/Berlin', startQuarter: '2026-Q2', capacityPerQuarter: 2 };
    const saved = valueOf(
      await handlers().saveFitsmPlanSettings({ settings, expectedVersion: null }, ctx('sabine')),
    );
    expect(saved).toMatchObject({ settings, version: 1, effectiveTimeZone: 'Europe/Berlin', canEdit: true });
    expect(
      await handlers().saveFitsmPlanSettings(
        { settings: { ...settings, capacityPerQuarter: 4 }, expectedVersion: null },
        ctx('admin'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await handlers().saveFitsmPlanSettings(
        { settings: { ...settings, timeZone: 'Mars/Olympus' }, expectedVersion: 1 },
        ctx('admin'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const schedule = valueOf(await handlers().getFitsmSchedule({}, ctx('deniz')));
    expect(schedule.plan.settings).toEqual({ startQuarter: '2026-Q2', capacityPerQuarter: 2 });
    const csv = valueOf(await handlers().exportFitsmSchedule({ format: 'csv' }, ctx('deniz', 'en_US')));
    expect(csv.fileName).toBe('fitsm-schedule-2026-Q2.csv');
    expect(csv.content.split('\r\n')[0]).toBe(
      '\uFEFFQuarter,Rank,Improvement,Summary,Process,Requirement,Score,Gap,Moved,Needs first,Origin',
    );
    expect(csv.content.split('\r\n').length - 2).toBe(schedule.plan.items.length);
    await h.store.delete('fitsm-plan-settings');
  });

  it("shows and exports a reader only the schedule's improvements of projects they may browse", async () => {
    // Deniz browses CSI; Paul, the working student, only the help desk: the CSI improvements' keys and
    // summaries stored in the schedule are not his to read.
    const full = valueOf(await handlers().getFitsmSchedule({}, ctx('deniz')));
    expect(full.plan.items.some((item) => item.improvementKey.startsWith('CSI-'))).toBe(true);
    const paul = valueOf(await handlers().getFitsmSchedule({}, ctx('paul')));
    expect(paul.plan.items).toEqual([]);
    expect(paul.setAside).toEqual([]);
    expect(paul.plan.quarters.flatMap((quarter) => quarter.itemKeys)).toEqual([]);
    const csv = valueOf(await handlers().exportFitsmSchedule({ format: 'csv' }, ctx('paul', 'en_US')));
    expect(csv.content).not.toMatch(/CSI-\d/);
    const json = valueOf(await handlers().exportFitsmSchedule({ format: 'json' }, ctx('paul', 'en_US')));
    expect(json.content).not.toMatch(/CSI-\d/);
  });

  it('caps each payload above its largest valid request', () => {
    const finding = {
      auditId: 'A-2026-9999',
      finding: { text: '\u0001'.repeat(2000), severity: 'observation', requirementId: 'PR14.10' },
      expectedRevision: 999_999,
    };
    expect(payloadBytes(finding)).toBeLessThanOrEqual(RESOLVER_PAYLOAD_LIMIT_BYTES.recordFitsmFinding);
    const audit = {
      auditId: 'A-2026-9999',
      audit: {
        subjectId: 'PR14.10',
        plannedOn: '2026-12-31',
        auditorAccountId: 'a'.repeat(128),
        scope: '\u0001'.repeat(1000),
        status: 'cancelled',
        doneOn: null,
      },
      expectedRevision: 999_999,
    };
    expect(payloadBytes(audit)).toBeLessThanOrEqual(RESOLVER_PAYLOAD_LIMIT_BYTES.saveFitsmAudit);
    const gaps = {
      assessmentId: 'a'.repeat(64),
      requirementIds: Array.from({ length: 10 }, () => 'PR14.10'),
      projectKey: 'A'.repeat(20),
    };
    expect(payloadBytes(gaps)).toBeLessThanOrEqual(RESOLVER_PAYLOAD_LIMIT_BYTES.registerFitsmGaps);
  });
});
