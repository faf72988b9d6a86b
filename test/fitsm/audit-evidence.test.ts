/**
 * The CSI capability evidence counts audits (PR14.1 "based on … audits"): at level 3, 90 % of this year's internal
 * audit findings are registered as improvements; without findings nothing is missed.
 */
import { assessCsiCapability, type CsiCapabilityItem } from '../../src/domain/csi/capability';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';

/** A closed improvement showing every other evidence (level 3 on its own). */
const complete: CsiCapabilityItem = {
  record: {
    ...EMPTY_CSI_RECORD,
    source: 'audit',
    ownerAccountId: 'acc-sabine',
    evaluation: {
      ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
      evaluatedByAccountId: 'acc-claudia',
      evaluatedOn: '2026-02-12',
    },
    decision: {
      outcome: 'approved',
      deciderAccountId: 'acc-claudia',
      decidedOn: '2026-02-26',
      rationale: '',
    },
    result: { name: 'Tickets', value: 3, unit: '', measuredOn: '2026-03-01' },
    feedbackIssueKeys: ['HD-1'],
  },
  statusKey: 'closed',
  open: false,
  overdue: false,
  linkedIssueCount: 1,
};

describe('audit findings as capability evidence', () => {
  it('keeps level 3 without findings and at 9 of 10 registered; 8 of 10 falls back to level 2, naming it', () => {
    expect(assessCsiCapability([complete]).level).toBe(3);
    const row = (registered: number, total: number) =>
      assessCsiCapability([complete], { auditFindings: { registered, total } });

    const none = row(0, 0);
    expect(none.level).toBe(3);
    expect(none.evidence.find((e) => e.id === 'audit-findings-registered')).toEqual({
      id: 'audit-findings-registered',
      count: 0,
      total: 0,
      share: null,
      level: 3,
      met: true,
    });
    expect(row(9, 10).level).toBe(3);
    const short = row(8, 10);
    expect(short.level).toBe(2);
    expect(short.missingForNext).toEqual(['audit-findings-registered']);
    expect(short.evidence.find((e) => e.id === 'audit-findings-registered')).toMatchObject({
      share: 0.8,
      met: false,
    });
  });

  it('does not lift a project without improvements off level 0', () => {
    expect(assessCsiCapability([], { auditFindings: { registered: 3, total: 3 } }).level).toBe(0);
  });
});
