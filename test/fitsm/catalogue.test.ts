/** The FitSM requirement catalogue: ids unique and complete per group, summaries in both languages. */
import {
  FITSM_ATTRIBUTION,
  FITSM_GROUP_IDS,
  FITSM_GROUPS,
  FITSM_PROCESS_IDS,
  fitsmGroupIdOf,
} from '../../src/domain/fitsm/catalogue';
import { FITSM_REQUIREMENTS } from '../../src/domain/fitsm/catalogue-requirements';
import { fitsmRequirementIdsOf } from '../../src/domain/fitsm/assessment-levels';

/**
 * Requirements per group in FitSM-1 V3.0.1 (counted from GenomicDataInfrastructure/fitsm-process-map,
 * content/fitsm-3.0/requirements.json): 17 general requirements, 65 process requirements.
 */
const EXPECTED_COUNTS: Record<string, number> = {
  GR1: 3,
  GR2: 4,
  GR3: 2,
  GR4: 2,
  GR5: 2,
  GR6: 2,
  GR7: 2,
  PR1: 4,
  PR2: 5,
  PR3: 3,
  PR4: 4,
  PR5: 4,
  PR6: 5,
  PR7: 6,
  PR8: 4,
  PR9: 6,
  PR10: 4,
  PR11: 5,
  PR12: 6,
  PR13: 6,
  PR14: 3,
};

describe('FitSM catalogue', () => {
  it('has 21 groups (GR1–GR7, PR1–PR14) with names in German and English', () => {
    expect(FITSM_GROUPS.map((group) => group.id)).toEqual(FITSM_GROUP_IDS);
    expect(FITSM_GROUPS.filter((group) => group.kind === 'process').map((group) => group.id)).toEqual([
      ...FITSM_PROCESS_IDS,
    ]);
    for (const group of FITSM_GROUPS) {
      expect(group.name.de.trim()).not.toBe('');
      expect(group.name.en.trim()).not.toBe('');
      expect(group.kind).toBe(group.id.startsWith('GR') ? 'general' : 'process');
    }
  });

  it('has unique requirement ids', () => {
    const ids = FITSM_REQUIREMENTS.map((requirement) => requirement.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(82);
  });

  it('numbers every group 1..n without holes, each requirement in the group its id names', () => {
    for (const groupId of FITSM_GROUP_IDS) {
      const ids = fitsmRequirementIdsOf(groupId);
      expect({ groupId, count: ids.length }).toEqual({ groupId, count: EXPECTED_COUNTS[groupId] });
      expect(ids).toEqual(ids.map((_, index) => `${groupId}.${String(index + 1)}`));
    }
    for (const requirement of FITSM_REQUIREMENTS) {
      expect(fitsmGroupIdOf(requirement.id)).toBe(requirement.groupId);
    }
  });

  it('has a summary in both languages for every requirement, and they differ', () => {
    for (const requirement of FITSM_REQUIREMENTS) {
      expect(requirement.summary.de.trim().length).toBeGreaterThan(10);
      expect(requirement.summary.en.trim().length).toBeGreaterThan(10);
      expect(requirement.summary.de).not.toBe(requirement.summary.en);
    }
  });

  it('keeps the summaries in our own words (not FitSM-1 text: e.g. no "shall")', () => {
    for (const requirement of FITSM_REQUIREMENTS) expect(requirement.summary.en).not.toMatch(/\bshall\b/i);
  });

  it('names the licence and its holder', () => {
    expect(FITSM_ATTRIBUTION.text).toBe('FitSM – ITEMO e.V., CC BY 4.0');
    expect(FITSM_ATTRIBUTION.licenceUrl).toBe('https://creativecommons.org/licenses/by/4.0/');
  });

  it('finds no group for an unknown prefix', () => {
    expect(fitsmGroupIdOf('PR15.1')).toBeUndefined();
    expect(fitsmGroupIdOf('PR14.2')).toBe('PR14');
  });
});
