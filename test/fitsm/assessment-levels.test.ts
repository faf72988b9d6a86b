/**
 * Capability per process and maturity of the management system against worked examples derived by hand from the
 * rule of `src/domain/fitsm/assessment-levels.ts` (our reading of FitSM-6: a group is at level L when every one
 * of its requirements is at L or higher, so its level is the lowest agreed rating; unrated ⇒ undetermined).
 */
import { computeFitsmLevels, levelOfRequirements } from '../../src/domain/fitsm/assessment-levels';
import { ANNA, BERND, allGeneralAt, assessmentOf, ratingsOf } from './support';

describe('levelOfRequirements (the rule)', () => {
  it('is the lowest rating', () => {
    expect(
      levelOfRequirements([
        { id: 'PR14.1', level: 3 },
        { id: 'PR14.2', level: 2 },
      ]).level,
    ).toBe(2);
  });
  it('is undetermined while a requirement is unrated, with the ceiling the rated ones set', () => {
    const outcome = levelOfRequirements([
      { id: 'PR14.1', level: 3 },
      { id: 'PR14.2', level: null },
    ]);
    expect(outcome).toEqual({ level: null, missing: ['PR14.2'], atMost: 3, limitedBy: ['PR14.1'] });
  });
  it('is undetermined for no requirements at all', () => {
    expect(levelOfRequirements([])).toEqual({ level: null, missing: [], atMost: null, limitedBy: [] });
  });
});

describe('computeFitsmLevels: worked examples', () => {
  const assessment = assessmentOf(
    ratingsOf({
      // Example 1, PR14 (3 requirements). Agreed 3, 2, 3 → lowest is 2 → capability 2, limited by PR14.2.
      // Anna rated 3, 2, 2 → her reading gives 2; Bernd rated 3, 3, 3 → his gives 3 (side by side only).
      'PR14.1': [3, 3, 3],
      'PR14.2': [2, 2, 3],
      'PR14.3': [3, 2, 3],
      // Example 2, PR9 (6 requirements). Agreed 3, 3, 2, 1, 3, 4 → lowest is 1 (PR9.4) → capability 1,
      // although four of six requirements are at 3 or more: one weak requirement holds the process back.
      'PR9.1': [3, 3, 3],
      'PR9.2': [3, 3, 3],
      'PR9.3': [2, 2, 2],
      'PR9.4': [1, 1, 2],
      'PR9.5': [3, 3, 3],
      'PR9.6': [4, 4, 3],
      // Example 3, PR2 (5 requirements). All agreed at 4 → capability 4.
      'PR2.1': [4, 4, 4],
      'PR2.2': [4, 4, 4],
      'PR2.3': [4, 4, 4],
      'PR2.4': [4, 4, 4],
      'PR2.5': [4, 4, 4],
      // Example 4, PR12 (6 requirements), one agreed rating missing: PR12.4 has Anna's 1 and Bernd's 3 but no
      // agreement. Agreed 2, 3, 2, –, 3, 2 → undetermined (never the mean 2 or either assessor's value);
      // missing [PR12.4]; the rated ones already cap it at 2 (atMost 2), limited by PR12.1, PR12.3, PR12.6.
      // Anna's own reading: 2, 3, 2, 1, 3, 2 → 1; Bernd's: 2, 3, 2, 3, 3, – → undetermined (he skipped PR12.6).
      'PR12.1': [2, 2, 2],
      'PR12.2': [3, 3, 3],
      'PR12.3': [2, 2, 2],
      'PR12.4': [null, 1, 3],
      'PR12.5': [3, 3, 3],
      'PR12.6': [2, 2, null],
    }),
  );
  const levels = computeFitsmLevels(assessment);

  it('PR14: lowest agreed rating 2', () => {
    const pr14 = levels.capability.PR14;
    expect(pr14.level).toBe(2);
    expect(pr14.limitedBy).toEqual(['PR14.2']);
    expect(pr14.byAssessor).toEqual({ [ANNA]: 2, [BERND]: 3 });
    expect(pr14.agreedCount).toBe(3);
  });

  it('PR9: one requirement at 1 makes the capability 1', () => {
    expect(levels.capability.PR9.level).toBe(1);
    expect(levels.capability.PR9.limitedBy).toEqual(['PR9.4']);
    expect(levels.capability.PR9.byAssessor).toEqual({ [ANNA]: 1, [BERND]: 2 });
  });

  it('PR2: all at 4', () => {
    expect(levels.capability.PR2.level).toBe(4);
  });

  it('PR12: a missing agreed rating leaves the capability undetermined, with the assessors side by side', () => {
    const pr12 = levels.capability.PR12;
    expect(pr12.level).toBeNull();
    expect(pr12.missing).toEqual(['PR12.4']);
    expect(pr12.atMost).toBe(2);
    expect(pr12.limitedBy).toEqual(['PR12.1', 'PR12.3', 'PR12.6']);
    expect(pr12.agreedCount).toBe(5);
    expect(pr12.byAssessor).toEqual({ [ANNA]: 1, [BERND]: null });
    expect(assessment.ratings['PR12.4']?.agreed).toBeNull();
  });

  it('an unrated process is undetermined; no general requirement rated: maturity undetermined', () => {
    expect(levels.capability.PR1).toMatchObject({ level: null, atMost: null, agreedCount: 0 });
    expect(levels.capability.PR1.missing).toEqual(['PR1.1', 'PR1.2', 'PR1.3', 'PR1.4']);
    expect(levels.maturity.level).toBeNull();
    expect(levels.maturity.missing).toHaveLength(17);
  });

  it('lists every group in catalogue order', () => {
    expect(levels.groups.map((group) => group.groupId).slice(0, 8)).toEqual([
      'GR1',
      'GR2',
      'GR3',
      'GR4',
      'GR5',
      'GR6',
      'GR7',
      'PR1',
    ]);
    expect(levels.groups).toHaveLength(21);
  });
});

describe('maturity of the management system: worked example', () => {
  // All 17 general requirements agreed at 2, except GR1.1 at 3 and GR6.2 at 1 (assessments not yet at planned
  // intervals) → lowest is 1 → maturity 1, limited by GR6.2. Process capabilities do not enter the maturity:
  // PR14 at 4 changes nothing.
  const base = { ...allGeneralAt(2), ...ratingsOf({ 'GR1.1': [3, 3, 3], 'GR6.2': [1, 1, 2] }) };
  const withProcess = {
    ...base,
    ...ratingsOf({ 'PR14.1': [4, 4, 4], 'PR14.2': [4, 4, 4], 'PR14.3': [4, 4, 4] }),
  };

  it('is the lowest general requirement: 1', () => {
    const { maturity } = computeFitsmLevels(assessmentOf(withProcess));
    expect(maturity.level).toBe(1);
    expect(maturity.limitedBy).toEqual(['GR6.2']);
    // Anna's own ratings give 1 too, Bernd's give 2 (he rated GR6.2 at 2).
    expect(maturity.byAssessor).toEqual({ [ANNA]: 1, [BERND]: 2 });
  });

  it('rises to 2 once GR6.2 is agreed at 2 (GR1.1 at 3 does not lift it further)', () => {
    const raised = { ...withProcess, ...ratingsOf({ 'GR6.2': [2, 2, 2] }) };
    const { maturity } = computeFitsmLevels(assessmentOf(raised));
    expect(maturity.level).toBe(2);
    // 17 general requirements, GR1.1 at 3, the other 16 (GR6.2 now among them) at 2 limit it.
    expect(maturity.limitedBy).toHaveLength(16);
    expect(maturity.limitedBy).not.toContain('GR1.1');
  });

  it('is undetermined while one general requirement has no agreed rating', () => {
    const missing = { ...withProcess, ...ratingsOf({ 'GR7.2': [null, 3, 3] }) };
    const { maturity } = computeFitsmLevels(assessmentOf(missing));
    expect(maturity).toMatchObject({ level: null, missing: ['GR7.2'], atMost: 1 });
  });
});

describe('scope', () => {
  it('gives a process out of scope no capability', () => {
    const levels = computeFitsmLevels(
      assessmentOf(ratingsOf({ 'PR5.1': [1, 1, 1] }), { outOfScope: ['PR5'] }),
    );
    expect(levels.capability.PR5).toMatchObject({ inScope: false, level: null, missing: [], atMost: null });
    expect(levels.capability.PR4.inScope).toBe(true);
  });
});
