/**
 * The panel's checks before saving agree with the resolver's rules (`src/domain/csi/record.ts`): every draft the
 * panel would send passes `CsiRecordInputSchema` and the rules across fields, so a save is never refused with
 * `invalid-record` for something the panel could have said first. Drafts are generated (fast-check) from the
 * values the form's controls can produce: typed text and numbers, `<input type="date">` days or '', account
 * ids from the person selects, ratings from the radio groups.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { CsiRecordInputSchema, findCrossFieldProblems } from '../../src/domain/csi/record';
import { CSI_SOURCES, EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import {
  CSI_DECISION_OUTCOMES,
  draftOf,
  draftProblems,
  recordInputOf,
  type RecordDraft,
} from '../../static/src/csi-record/record-draft';

const day = fc.oneof(
  fc.constant(''),
  fc
    .date({ min: new Date(Date.UTC(2024, 0, 1)), max: new Date(Date.UTC(2027, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const typedNumber = fc.oneof(
  fc.constant(''),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.integer({ min: -1000, max: 1000 }).map((n) => `${String(n)},5`),
  fc.constantFrom('12 Tage', '1.234,5', 'abc', '−3', ' 7 '),
);
const shortText = fc.string({ maxLength: 30 });
const person = fc.constantFrom('', 'acc-anna', 'acc-bernd');
const rating = fc.constantFrom(null, 1, 2, 3, 4, 5);

const someone = person.filter((p) => p !== '');
const validNumber = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.integer({ min: -1000, max: 1000 }).map((n) => `${String(n)},5`),
  fc.constantFrom('−3', ' 7 ', '0'),
);
const rated = fc.constantFrom(1, 2, 3, 4, 5);
/** Day `offset` days after 1 January 2025, as `YYYY-MM-DD`. */
const dayAfter = (offset: number): string =>
  new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
const offset = fc.integer({ min: 0, max: 700 });

/**
 * Each part of the record either left empty or filled in the way the form fills it, the days in the order the
 * process has them (decision on or after the evaluation, result on or after the baseline).
 */
const coherentDraft: fc.Arbitrary<RecordDraft> = fc
  .record({
    source: fc.constantFrom('' as const, ...CSI_SOURCES),
    sourceDetail: shortText,
    service: shortText,
    ownerAccountId: person,
    evaluation: fc.option(
      fc.record({
        ratings: fc.record({ benefit: rated, urgency: rated, effort: rated, risk: rated }),
        evaluatedByAccountId: someone,
        on: offset,
      }),
    ),
    decision: fc.option(
      fc.record({
        decisionOutcome: fc.constantFrom(...CSI_DECISION_OUTCOMES),
        deciderAccountId: someone,
        after: offset,
        rationale: shortText,
      }),
    ),
    baseline: fc.option(
      fc.record({
        baselineName: shortText.filter((t) => t.trim() !== ''),
        baselineValue: validNumber,
        baselineUnit: fc.constantFrom('', 'Tage', '%'),
        on: offset,
      }),
    ),
    target: fc.option(fc.record({ targetValue: validNumber, on: offset })),
    result: fc.option(fc.record({ resultValue: validNumber, after: offset })),
    resultName: fc.constantFrom('', 'Fehlversuche'),
    resultUnit: fc.constantFrom('', 'pro Woche'),
    lessonsLearned: shortText,
    nextReviewOn: day,
    feedbackIssueKeys: fc.subarray(['HD-12', 'HD-31', 'MAIL-7']),
    keyResultId: fc.constantFrom(null, 'kr-1'),
  })
  .map(({ evaluation, decision, baseline, target, result, ...rest }) => {
    const evaluatedOn = evaluation === null ? 0 : evaluation.on;
    const baselineOn = baseline === null ? 0 : baseline.on;
    return {
      ...draftOf(EMPTY_CSI_RECORD, 'de-DE'),
      ...rest,
      ...(evaluation === null
        ? {}
        : {
            ratings: evaluation.ratings,
            evaluatedByAccountId: evaluation.evaluatedByAccountId,
            evaluatedOn: dayAfter(evaluation.on),
          }),
      ...(decision === null
        ? {}
        : {
            decisionOutcome: decision.decisionOutcome,
            deciderAccountId: decision.deciderAccountId,
            decidedOn: dayAfter(evaluatedOn + decision.after),
            rationale: decision.rationale,
          }),
      ...(baseline === null
        ? {}
        : {
            baselineName: baseline.baselineName,
            baselineValue: baseline.baselineValue,
            baselineUnit: baseline.baselineUnit,
            baselineMeasuredOn: dayAfter(baseline.on),
          }),
      ...(target === null ? {} : { targetValue: target.targetValue, targetDate: dayAfter(target.on) }),
      ...(result === null
        ? {}
        : { resultValue: result.resultValue, resultMeasuredOn: dayAfter(baselineOn + result.after) }),
    };
  });

/** A coherent draft with one field changed to any value its control can hold. */
const draftArbitrary: fc.Arbitrary<RecordDraft> = fc.oneof(
  coherentDraft,
  fc
    .tuple(
      coherentDraft,
      fc.oneof(
        fc.record({
          field: fc.constantFrom(
            'evaluatedOn',
            'decidedOn',
            'baselineMeasuredOn',
            'targetDate',
            'resultMeasuredOn',
          ),
          value: day,
        }),
        fc.record({
          field: fc.constantFrom('baselineValue', 'targetValue', 'resultValue'),
          value: typedNumber,
        }),
        fc.record({ field: fc.constantFrom('evaluatedByAccountId', 'deciderAccountId'), value: person }),
        fc.record({
          field: fc.constantFrom('baselineName', 'rationale'),
          value: fc.constantFrom('', ' ', 'x'),
        }),
      ),
      fc.constantFrom('benefit', 'urgency', 'effort', 'risk'),
      rating,
    )
    .map(([draft, change, criterion, r]) => ({
      ...draft,
      [change.field]: change.value,
      ratings: { ...draft.ratings, [criterion]: r },
    })),
);

describe('the panel checks and the resolver rules', () => {
  it('lets only records through that the resolver accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(draftArbitrary, (draft) => {
        const input = recordInputOf(draft);
        if (!input.ok) return;
        accepted += 1;
        const parsed = v.safeParse(CsiRecordInputSchema, input.input);
        expect(parsed.issues?.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`) ?? []).toEqual([]);
        expect(findCrossFieldProblems(input.input)).toEqual([]);
      }),
      { numRuns: 3000, seed: 20260312 },
    );
    // The generator must reach the interesting case often enough to mean something.
    expect(accepted).toBeGreaterThan(600);
  });

  it('refuses nothing the resolver accepts in the common shapes of a record', () => {
    const base = draftOf(EMPTY_CSI_RECORD, 'de-DE');
    const filled: RecordDraft = {
      ...base,
      ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
      evaluatedByAccountId: 'acc-anna',
      evaluatedOn: '2026-03-10',
      decisionOutcome: 'rejected',
      deciderAccountId: 'acc-bernd',
      decidedOn: '2026-03-10',
      baselineName: 'Fehlversuche',
      baselineValue: '120',
      baselineMeasuredOn: '2026-03-01',
      targetValue: '102',
      targetDate: '2026-06-30',
      resultValue: '99,5',
      resultMeasuredOn: '2026-03-01',
    };
    expect(draftProblems(filled)).toEqual([]);
    const input = recordInputOf(filled);
    expect(input.ok && v.safeParse(CsiRecordInputSchema, input.input).success).toBe(true);
  });
});
