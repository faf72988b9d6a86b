/**
 * The internal audit plan: lifecycle (plan, change, done, reopen, cancel), findings, the revision guard against
 * lost updates, overdue in Europe/Berlin across DST changes and the year end, the year view and its counts.
 */
import { MemoryStore } from '../../src/adapters/store/memory-store';
import {
  currentYearAuditCounts,
  getAuditPlanView,
  recordAuditFinding,
  saveAudit,
  type AuditContext,
} from '../../src/application/fitsm-audit';
import {
  AuditRevisionConflictError,
  AuditRuleError,
  calendarDayIn,
  isAuditOverdue,
  type AuditInput,
} from '../../src/domain/fitsm/audit';
import { catalogueLookup } from '../../src/domain/fitsm/audit-catalogue';
import { processGroupOf, serviceTextOf } from '../../src/domain/fitsm/audit-subjects';

const BERLIN = 'Europe/Berlin';
const NOW = Date.UTC(2026, 2, 2, 11, 0); // Monday 2 March 2026, 12:00 Berlin

const ctx = (nowMs = NOW, actingAccountId = 'acc-lead'): AuditContext => ({
  nowMs,
  timeZone: BERLIN,
  actingAccountId,
  lookup: catalogueLookup('en'),
});

const input = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  subjectId: 'PR9',
  plannedOn: '2026-03-10',
  auditorAccountId: 'acc-auditor',
  scope: 'Incident records of February: classification and escalation',
  status: 'planned',
  doneOn: null,
  ...overrides,
});

describe('audit lifecycle', () => {
  it('plans, changes, records findings, completes and reopens an audit, each change growing its revision', async () => {
    const store = new MemoryStore();
    const planned = await saveAudit(store, { auditId: null, audit: input(), expectedRevision: null }, ctx());
    expect(planned).toMatchObject({
      id: 'A-2026-1',
      status: 'planned',
      revision: 1,
      doneOn: null,
      findings: [],
    });
    const second = await saveAudit(
      store,
      {
        auditId: null,
        audit: input({ subjectId: 'PR14.1', plannedOn: '2026-06-01' }),
        expectedRevision: null,
      },
      ctx(),
    );
    expect(second.id).toBe('A-2026-2');

    const moved = await saveAudit(
      store,
      { auditId: 'A-2026-1', audit: input({ plannedOn: '2026-03-12' }), expectedRevision: 1 },
      ctx(),
    );
    expect(moved).toMatchObject({ plannedOn: '2026-03-12', revision: 2 });

    const { finding } = await recordAuditFinding(
      store,
      {
        auditId: 'A-2026-1',
        finding: { text: ' Escalation times not recorded ', severity: 'minor', requirementId: 'PR9.4' },
        expectedRevision: 2,
      },
      ctx(),
    );
    expect(finding).toMatchObject({
      id: 'F1',
      text: 'Escalation times not recorded',
      recordedOn: '2026-03-02',
    });
    expect(finding.improvementKey).toBeNull();

    // Done without a day: today in the plan's time zone.
    const done = await saveAudit(
      store,
      { auditId: 'A-2026-1', audit: input({ plannedOn: '2026-03-12', status: 'done' }), expectedRevision: 3 },
      ctx(),
    );
    expect(done).toMatchObject({ status: 'done', doneOn: '2026-03-02', revision: 4 });
    expect(done.findings).toHaveLength(1);

    await expect(
      saveAudit(
        store,
        { auditId: 'A-2026-1', audit: input({ status: 'cancelled' }), expectedRevision: 4 },
        ctx(),
      ),
    ).rejects.toThrow(/a done audit cannot be cancelled/);

    const reopened = await saveAudit(
      store,
      { auditId: 'A-2026-1', audit: input({ status: 'planned' }), expectedRevision: 4 },
      ctx(),
    );
    expect(reopened).toMatchObject({ status: 'planned', doneOn: null, revision: 5 });

    const cancelled = await saveAudit(
      store,
      {
        auditId: 'A-2026-2',
        audit: input({ subjectId: 'PR14.1', plannedOn: '2026-06-01', status: 'cancelled' }),
        expectedRevision: 1,
      },
      ctx(),
    );
    expect(cancelled.status).toBe('cancelled');
    await expect(
      recordAuditFinding(
        store,
        {
          auditId: 'A-2026-2',
          finding: { text: 'x', severity: 'major', requirementId: 'PR14.1' },
          expectedRevision: 2,
        },
        ctx(),
      ),
    ).rejects.toThrow(/cancelled: it has no findings/);
    await expect(
      saveAudit(
        store,
        {
          auditId: 'A-2026-2',
          audit: input({ plannedOn: '2026-06-01', status: 'done' }),
          expectedRevision: 2,
        },
        ctx(),
      ),
    ).rejects.toThrow(/cancelled audit is planned again/);
  });

  it('refuses a stale revision (lost update) but lets changes to different audits of the year both land', async () => {
    const store = new MemoryStore();
    await saveAudit(store, { auditId: null, audit: input(), expectedRevision: null }, ctx());
    await saveAudit(
      store,
      { auditId: null, audit: input({ subjectId: 'PR2' }), expectedRevision: null },
      ctx(),
    );

    const [a, b] = await Promise.all([
      saveAudit(store, { auditId: 'A-2026-1', audit: input({ scope: 'Alice' }), expectedRevision: 1 }, ctx()),
      saveAudit(
        store,
        { auditId: 'A-2026-2', audit: input({ subjectId: 'PR2', scope: 'Bob' }), expectedRevision: 1 },
        ctx(),
      ),
    ]);
    expect([a.scope, b.scope]).toEqual(['Alice', 'Bob']);

    const stale = saveAudit(
      store,
      { auditId: 'A-2026-1', audit: input({ scope: 'Carol' }), expectedRevision: 1 },
      ctx(),
    );
    await expect(stale).rejects.toBeInstanceOf(AuditRevisionConflictError);
    await expect(stale).rejects.toThrow(/changed by someone else \(revision 2, you loaded 1\)/);
    const view = await getAuditPlanView(store, 2026, { asOfMs: NOW, timeZone: BERLIN });
    expect(view.audits.map((x) => x.scope)).toEqual(['Alice', 'Bob']);
  });

  it('refuses broken input naming every problem, and ids the catalogue does not have', async () => {
    const store = new MemoryStore();
    const call = saveAudit(
      store,
      {
        auditId: null,
        audit: input({
          subjectId: 'PR15',
          auditorAccountId: ' ',
          scope: '',
          status: 'done',
          doneOn: '2026-03-03',
        }),
        expectedRevision: null,
      },
      ctx(),
    );
    await expect(call).rejects.toBeInstanceOf(AuditRuleError);
    await expect(call).rejects.toThrow(
      /subjectId: "PR15" is not a FitSM id.*auditorAccountId.*scope.*doneOn: 2026-03-03 lies after today/,
    );
    await expect(
      saveAudit(store, { auditId: null, audit: input({ subjectId: 'GR8' }), expectedRevision: null }, ctx()),
    ).rejects.toThrow(/GR8 is not in the FitSM catalogue/);
    await expect(
      saveAudit(
        store,
        { auditId: null, audit: input({ subjectId: 'PR9.99' }), expectedRevision: null },
        ctx(),
      ),
    ).rejects.toThrow(/PR9.99 is not in the FitSM catalogue/);
    const first = await saveAudit(store, { auditId: null, audit: input(), expectedRevision: null }, ctx());
    await expect(
      saveAudit(
        store,
        { auditId: first.id, audit: input({ plannedOn: '2027-01-05' }), expectedRevision: 1 },
        ctx(),
      ),
    ).rejects.toThrow(/not in 2026.*cancel it and plan it in the other year/);
  });
});

describe('overdue in Europe/Berlin', () => {
  it('takes today from the Berlin calendar across the DST changes and the year end', () => {
    // Spring forward, 29 March 2026 02:00 CET → 03:00 CEST.
    expect(calendarDayIn(Date.UTC(2026, 2, 28, 22, 59), BERLIN)).toBe('2026-03-28'); // 23:59 CET
    expect(calendarDayIn(Date.UTC(2026, 2, 28, 23, 0), BERLIN)).toBe('2026-03-29'); // 00:00 CET
    expect(calendarDayIn(Date.UTC(2026, 2, 29, 21, 59), BERLIN)).toBe('2026-03-29'); // 23:59 CEST
    expect(calendarDayIn(Date.UTC(2026, 2, 29, 22, 0), BERLIN)).toBe('2026-03-30'); // 00:00 CEST
    // Fall back, 25 October 2026 03:00 CEST → 02:00 CET.
    expect(calendarDayIn(Date.UTC(2026, 9, 24, 22, 0), BERLIN)).toBe('2026-10-25'); // 00:00 CEST
    expect(calendarDayIn(Date.UTC(2026, 9, 25, 22, 59), BERLIN)).toBe('2026-10-25'); // 23:59 CET
    expect(calendarDayIn(Date.UTC(2026, 9, 25, 23, 0), BERLIN)).toBe('2026-10-26');
    // Year end: 23:30 UTC on 31 December is already 1 January in Berlin.
    expect(calendarDayIn(Date.UTC(2026, 11, 31, 23, 30), BERLIN)).toBe('2027-01-01');
    expect(calendarDayIn(Date.UTC(2026, 11, 31, 23, 30), 'UTC')).toBe('2026-12-31');
  });

  it('flags a planned audit from the day after its planned day, not done or cancelled ones', () => {
    expect(isAuditOverdue({ status: 'planned', plannedOn: '2026-10-25' }, '2026-10-25')).toBe(false);
    expect(isAuditOverdue({ status: 'planned', plannedOn: '2026-10-25' }, '2026-10-26')).toBe(true);
    expect(isAuditOverdue({ status: 'done', plannedOn: '2026-10-25' }, '2026-11-26')).toBe(false);
    expect(isAuditOverdue({ status: 'cancelled', plannedOn: '2026-10-25' }, '2026-11-26')).toBe(false);
  });

  it('an audit of 25 October (DST end) turns overdue at Berlin midnight; one of 31 December at the Berlin new year', async () => {
    const store = new MemoryStore();
    const early = ctx(Date.UTC(2026, 0, 5, 9, 0));
    await saveAudit(
      store,
      { auditId: null, audit: input({ plannedOn: '2026-10-25' }), expectedRevision: null },
      early,
    );
    await saveAudit(
      store,
      { auditId: null, audit: input({ plannedOn: '2026-12-31', subjectId: 'GR6' }), expectedRevision: null },
      early,
    );
    const overdueAt = async (ms: number) =>
      (await getAuditPlanView(store, 2026, { asOfMs: ms, timeZone: BERLIN })).audits
        .filter((a) => a.overdue)
        .map((a) => `${a.id}:${String(a.daysOverdue)}`);

    expect(await overdueAt(Date.UTC(2026, 9, 25, 22, 59))).toEqual([]); // 23:59 CET on the 25th
    expect(await overdueAt(Date.UTC(2026, 9, 25, 23, 0))).toEqual(['A-2026-1:1']); // 00:00 on the 26th
    expect(await overdueAt(Date.UTC(2026, 11, 31, 22, 59))).toEqual(['A-2026-1:67']); // 23:59 on 31 Dec
    expect(await overdueAt(Date.UTC(2026, 11, 31, 23, 0))).toEqual(['A-2026-1:68', 'A-2026-2:1']);
    // In UTC the last audit is not overdue yet at that instant.
    const utc = await getAuditPlanView(store, 2026, {
      asOfMs: Date.UTC(2026, 11, 31, 23, 0),
      timeZone: 'UTC',
    });
    expect(utc.audits.filter((a) => a.overdue).map((a) => a.id)).toEqual(['A-2026-1']);

    // The register's counts read the Berlin year: at 00:30 on 1 January 2027 that is 2027's (empty) plan, but
    // 2026's two audits not held are still overdue: the new year must not hide them.
    expect(await currentYearAuditCounts(store, Date.UTC(2026, 11, 31, 23, 30), BERLIN)).toMatchObject({
      year: 2027,
      planned: 0,
      overdue: 2,
    });
    expect(await currentYearAuditCounts(store, Date.UTC(2026, 11, 31, 22, 30), BERLIN)).toMatchObject({
      year: 2026,
      planned: 2,
      overdue: 1,
    });
  });
});

describe('year view', () => {
  it('lists audits by planned day with counts per status and month', async () => {
    const store = new MemoryStore();
    const early = ctx(Date.UTC(2026, 0, 5, 9, 0));
    await saveAudit(
      store,
      { auditId: null, audit: input({ plannedOn: '2026-05-04' }), expectedRevision: null },
      early,
    );
    await saveAudit(
      store,
      { auditId: null, audit: input({ plannedOn: '2026-02-02', subjectId: 'PR1' }), expectedRevision: null },
      early,
    );
    await saveAudit(
      store,
      {
        auditId: null,
        audit: input({ plannedOn: '2026-01-05', subjectId: 'GR2', status: 'done', doneOn: '2026-01-05' }),
        expectedRevision: null,
      },
      early,
    );
    await recordAuditFinding(
      store,
      {
        auditId: 'A-2026-3',
        finding: { text: 'Policy unsigned', severity: 'major', requirementId: 'GR2.1' },
        expectedRevision: 1,
      },
      early,
    );
    const view = await getAuditPlanView(store, 2026, { asOfMs: NOW, timeZone: BERLIN });
    expect(view.today).toBe('2026-03-02');
    expect(view.audits.map((a) => [a.id, a.plannedOn, a.overdue])).toEqual([
      ['A-2026-3', '2026-01-05', false],
      ['A-2026-2', '2026-02-02', true],
      ['A-2026-1', '2026-05-04', false],
    ]);
    expect(view.counts).toEqual({
      planned: 2,
      done: 1,
      cancelled: 0,
      overdue: 1,
      findings: 1,
      findingsRegistered: 0,
    });
    expect(view.byMonth.slice(0, 5)).toEqual([
      { month: 1, planned: 1, done: 1 },
      { month: 2, planned: 1, done: 0 },
      { month: 3, planned: 0, done: 0 },
      { month: 4, planned: 0, done: 0 },
      { month: 5, planned: 1, done: 0 },
    ]);
  });

  it('names the process of a subject as the improvement service', () => {
    expect(processGroupOf('PR12.3')).toBe('PR12');
    expect(processGroupOf('GR4.1')).toBe('GR');
    expect(serviceTextOf('PR9.4', catalogueLookup('en'))).toBe('PR9 Incident and Service Request Management');
    expect(serviceTextOf('GR2.1', catalogueLookup('de'))).toBe('GR2 Dokumentation');
  });
});
