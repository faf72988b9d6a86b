/** The record's run-time rules and the tolerant reading of stored properties. */
import * as v from 'valibot';
import {
  CsiRecordInputSchema,
  findCrossFieldProblems,
  isCalendarDate,
  parseStoredCsiRecord,
  recordProblemsOf,
} from '../../src/domain/csi/record';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';

const stored: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  source: 'audit',
  sourceDetail: 'Auditfeststellung 2026-03',
  service: 'Service Desk',
  ownerAccountId: 'acc-sabine',
  evaluation: {
    ratings: { benefit: 3, urgency: 4, effort: 1, risk: 1 },
    evaluatedByAccountId: 'acc-claudia',
    evaluatedOn: '2026-02-12',
  },
  score: 7.1,
  feedbackIssueKeys: ['HD-12'],
  updatedAt: '2026-02-12T13:05:00.000Z',
  updatedByAccountId: 'acc-claudia',
};

describe('parseStoredCsiRecord', () => {
  it('reads nothing stored as the empty record without a problem', () => {
    expect(parseStoredCsiRecord(null)).toEqual({ record: EMPTY_CSI_RECORD, problem: null });
    expect(parseStoredCsiRecord(undefined)).toEqual({ record: EMPTY_CSI_RECORD, problem: null });
  });

  it('reads a valid record as it is', () => {
    expect(parseStoredCsiRecord(JSON.parse(JSON.stringify(stored)))).toEqual({
      record: stored,
      problem: null,
    });
  });

  it('reads anything else as the empty record and says why, never throwing', () => {
    expect(parseStoredCsiRecord('garbage')).toEqual({
      record: EMPTY_CSI_RECORD,
      problem: 'the stored record is not an object but string',
    });
    expect(parseStoredCsiRecord({ ...stored, schemaVersion: 2 }).problem).toBe(
      'the stored record has schemaVersion 2; this app reads 1',
    );
    const badDate = parseStoredCsiRecord({
      ...stored,
      evaluation: { ...stored.evaluation, evaluatedOn: '2026-02-30' },
    });
    expect(badDate.record).toBe(EMPTY_CSI_RECORD);
    expect(badDate.problem).toContain('evaluation.evaluatedOn: must be a calendar date YYYY-MM-DD');
    expect(parseStoredCsiRecord([1, 2]).problem).toMatch(/not an object/);
  });
});

describe('CsiRecordInputSchema', () => {
  const derived = new Set(['score', 'updatedAt', 'updatedByAccountId']);
  const input = Object.fromEntries(Object.entries(stored).filter(([key]) => !derived.has(key)));

  it('accepts a valid record', () => {
    expect(v.safeParse(CsiRecordInputSchema, input).success).toBe(true);
  });

  it('names the member and rule of each problem', () => {
    const result = v.safeParse(CsiRecordInputSchema, {
      ...input,
      source: 'gossip',
      evaluation: { ...stored.evaluation, ratings: { benefit: 6, urgency: 4, effort: 1, risk: 1.5 } },
      feedbackIssueKeys: ['HD-12', 'HD-12', 'nokey'],
    });
    expect(result.success).toBe(false);
    const problems = recordProblemsOf(result.issues ?? []).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'source: must be one of audit, assessment, measurement, report, customer-feedback, incident-trend, retrospective or null',
        'evaluation.ratings.benefit: must be at most 5',
        'evaluation.ratings.risk: must be a whole number 1..5',
        'feedbackIssueKeys.2: must be an issue key like HD-12',
      ]),
    );
  });

  it('finds the rules across members', () => {
    expect(
      findCrossFieldProblems({
        ...EMPTY_CSI_RECORD,
        target: { value: 1, targetDate: '2026-06-30' },
      }),
    ).toEqual([{ path: 'target', message: 'a target KPI needs the baseline KPI it improves' }]);
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
  });
});
