/** Capability evidence and levels at the thresholds' edges. */
import {
  assessCsiCapability,
  CSI_CAPABILITY_REQUIREMENTS,
  type CsiCapabilityItem,
} from '../../src/domain/csi/capability';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';

const evaluation = {
  ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
  evaluatedByAccountId: 'acc-claudia',
  evaluatedOn: '2026-02-12',
};
const decision = {
  outcome: 'approved' as const,
  deciderAccountId: 'acc-claudia',
  decidedOn: '2026-02-26',
  rationale: '',
};
const result = { name: 'Tickets', value: 3, unit: '', measuredOn: '2026-03-01' };

/** A closed improvement with every piece of evidence. */
const complete: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  source: 'audit',
  ownerAccountId: 'acc-sabine',
  evaluation,
  decision,
  result,
  feedbackIssueKeys: ['HD-1'],
};

function item(
  patch: Partial<CsiRecord> = {},
  rest: Partial<Omit<CsiCapabilityItem, 'record'>> = {},
): CsiCapabilityItem {
  return {
    record: { ...complete, ...patch },
    statusKey: 'closed',
    open: false,
    overdue: false,
    linkedIssueCount: 0,
    ...rest,
  };
}

function times(n: number, make: () => CsiCapabilityItem): CsiCapabilityItem[] {
  return Array.from({ length: n }, make);
}

describe('assessCsiCapability', () => {
  it('is level 0 without improvements and asks for registered ones with a source', () => {
    const view = assessCsiCapability([]);
    expect(view.level).toBe(0);
    expect(view.missingForNext).toEqual(['with-source']);
    expect(view.evidence).toHaveLength(CSI_CAPABILITY_REQUIREMENTS.length);
  });

  it('reaches level 3 when everything is recorded', () => {
    const view = assessCsiCapability(times(10, () => item()));
    expect(view.level).toBe(3);
    expect(view.missingForNext).toEqual([]);
    expect(view.evidence.every((e) => e.met)).toBe(true);
  });

  it('is level 1 at exactly 50 % with a source and level 0 below', () => {
    const half = [...times(1, () => item()), ...times(1, () => item({ source: null }))];
    const atHalf = assessCsiCapability(half);
    expect(atHalf.level).toBe(1);
    expect(atHalf.missingForNext).toEqual(['with-source']);
    const below = assessCsiCapability([...times(1, () => item()), ...times(2, () => item({ source: null }))]);
    expect(below.level).toBe(0);
    expect(below.evidence.find((e) => e.id === 'with-source' && e.level === 1)).toEqual({
      id: 'with-source',
      count: 1,
      total: 3,
      share: 1 / 3,
      level: 1,
      met: false,
    });
  });

  it('needs 80 % with source and evaluated and 50 % decided for level 2', () => {
    // 8 of 10 with a source: level 2 (0.8 ≥ 0.8) but not 3 (0.8 < 0.9)
    const eight = [...times(8, () => item()), ...times(2, () => item({ source: null }))];
    expect(assessCsiCapability(eight).level).toBe(2);
    expect(assessCsiCapability(eight).missingForNext).toEqual(['with-source']);
    // 7 of 10: level 1
    const seven = [...times(7, () => item()), ...times(3, () => item({ source: null }))];
    expect(assessCsiCapability(seven).level).toBe(1);
    // 5 of 10 decided (with decider) is enough for level 2; 4 of 10 is not
    const decided = (n: number): CsiCapabilityItem[] => [
      ...times(n, () => item()),
      ...times(10 - n, () => item({ decision: null })),
    ];
    expect(assessCsiCapability(decided(5)).level).toBe(2);
    const four = assessCsiCapability(decided(4));
    expect(four.level).toBe(1);
    expect(four.missingForNext).toEqual(['decision-recorded']);
    // a decision without a decider does not count
    expect(
      assessCsiCapability([
        ...times(4, () => item()),
        ...times(6, () => item({ decision: { ...decision, deciderAccountId: '' } })),
      ]).level,
    ).toBe(1);
  });

  it('does not expect an evaluation or a decision before the item got there', () => {
    const items = [
      ...times(9, () => item()),
      item({ evaluation: null, decision: null, result: null }, { statusKey: 'identified', open: true }),
    ];
    const view = assessCsiCapability(items);
    const evaluated = view.evidence.find((e) => e.id === 'evaluated' && e.level === 3);
    expect(evaluated?.total).toBe(9);
    expect(evaluated?.count).toBe(9);
    expect(view.level).toBe(3);
  });

  it('asks for reviews on time and verified effects for level 3', () => {
    // 4 of 5 open items on time (0.8) and every closed one verified: level 3
    const open = (overdue: boolean): CsiCapabilityItem =>
      item({ result: null }, { statusKey: 'implementing', open: true, overdue });
    const onTime = [...times(10, () => item()), ...times(4, () => open(false)), open(true)];
    expect(assessCsiCapability(onTime).level).toBe(3);
    // 3 of 5 on time: level 2, missing reviewed-on-time
    const late = [...times(10, () => item()), ...times(3, () => open(false)), ...times(2, () => open(true))];
    expect(assessCsiCapability(late).missingForNext).toEqual(['reviewed-on-time']);
    // 7 of 10 closed with a result: effect-verified missing
    const unverified = [...times(7, () => item()), ...times(3, () => item({ result: null }))];
    const view = assessCsiCapability(unverified);
    expect(view.level).toBe(2);
    expect(view.missingForNext).toEqual(['effect-verified']);
  });

  it('counts a closed item as effect-verified by an effect check with a verdict, not by one with too little data', () => {
    // 7 of 10 closed with a result; the other 3 were checked with a verdict: all verified, level 3
    const checked = [
      ...times(7, () => item()),
      ...times(3, () => item({ result: null }, { effectChecked: true })),
    ];
    const view = assessCsiCapability(checked);
    expect(view.evidence.find((e) => e.id === 'effect-verified')).toMatchObject({ count: 10, total: 10 });
    expect(view.level).toBe(3);
    // Checks that found too little data leave effectChecked false: 7 of 10, level 2
    const insufficient = [
      ...times(7, () => item()),
      ...times(3, () => item({ result: null }, { effectChecked: false })),
    ];
    expect(assessCsiCapability(insufficient).missingForNext).toEqual(['effect-verified']);
    // An open item's check does not count: only closed items are asked for a verified effect
    const openChecked = item({ result: null }, { statusKey: 'verifying', open: true, effectChecked: true });
    expect(
      assessCsiCapability([...times(10, () => item()), openChecked]).evidence.find(
        (e) => e.id === 'effect-verified',
      ),
    ).toMatchObject({ count: 10, total: 10 });
  });

  it('counts linked issues as recorded actions', () => {
    const noActions = times(10, () => item({ feedbackIssueKeys: [] }));
    expect(assessCsiCapability(noActions).missingForNext).toEqual(['with-actions']);
    const linked = times(10, () => item({ feedbackIssueKeys: [] }, { linkedIssueCount: 2 }));
    expect(assessCsiCapability(linked).level).toBe(3);
  });
});
