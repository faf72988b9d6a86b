/** Comparing two assessments, gaps below the target, CSV and JSON export, and the one-slot rating change. */
import { compareFitsmAssessments, fitsmMovement } from '../../src/domain/fitsm/assessment-compare';
import { fitsmGapKey, fitsmGaps } from '../../src/domain/fitsm/assessment-gaps';
import { fitsmAssessmentCsv, fitsmAssessmentJson } from '../../src/domain/fitsm/assessment-export';
import { fitsmRatingIn, withFitsmRatingIn } from '../../src/domain/fitsm/assessment';
import { ANNA, BERND, allGeneralAt, assessmentOf, rating, ratingsOf } from './support';

// July 2020 (after the training) and April 2022 (CSI established), PR14 and two general requirements.
const july2020 = assessmentOf(
  {
    ...allGeneralAt(1),
    ...ratingsOf({ 'PR14.1': [1, 1, 1], 'PR14.2': [1, 1, 2], 'PR14.3': [0, 0, 1], 'PR9.1': [3, 3, 3] }),
  },
  { id: 'fa-2020-07', date: '2020-07-15' },
);
const april2022 = assessmentOf(
  {
    ...allGeneralAt(2),
    ...ratingsOf({
      'PR14.1': [3, 3, 3],
      'PR14.2': [3, 3, 3],
      'PR14.3': [2, 2, 3],
      'PR9.1': [2, 2, 2],
      'PR1.1': [1, 1, 1],
    }),
  },
  { id: 'fa-2022-04', date: '2022-04-20' },
);

describe('compareFitsmAssessments', () => {
  const comparison = compareFitsmAssessments(july2020, april2022);

  it('names the movement per requirement', () => {
    const of = (id: string) => comparison.requirements.find((entry) => entry.requirementId === id);
    expect(of('PR14.1')).toMatchObject({ before: 1, after: 3, movement: 'up', delta: 2 });
    expect(of('PR9.1')).toMatchObject({ before: 3, after: 2, movement: 'down', delta: -1 });
    expect(of('PR1.1')).toMatchObject({ before: null, after: 1, movement: 'rated', delta: null });
    expect(of('PR2.1')).toMatchObject({ before: null, after: null, movement: 'none' });
    // 17 general requirements 1 → 2, PR14.1–PR14.3 up; PR9.1 down.
    expect(comparison.counts).toEqual({ up: 20, down: 1, same: 0 });
  });

  it('names the movement per process and of the maturity', () => {
    const of = (id: string) => comparison.groups.find((entry) => entry.groupId === id);
    // PR14: min(1,1,0)=0 → min(3,3,2)=2.
    expect(of('PR14')).toMatchObject({ before: 0, after: 2, movement: 'up', delta: 2 });
    // PR9 has only PR9.1 rated: undetermined on both sides.
    expect(of('PR9')).toMatchObject({ before: null, after: null, movement: 'none' });
    expect(comparison.maturity).toMatchObject({ before: 1, after: 2, movement: 'up' });
  });

  it('tells a lost level apart from a missing one', () => {
    expect(fitsmMovement(2, null)).toBe('unrated');
    expect(fitsmMovement(2, 2)).toBe('same');
  });
});

describe('fitsmGaps', () => {
  it('lists requirements below the target per group, largest shortfall first, unrated apart', () => {
    const assessment = assessmentOf(
      ratingsOf({
        'PR14.1': [3, 3, 3],
        'PR14.2': [2, 2, 2],
        'PR14.3': [0, 1, 0],
        'PR9.1': [1, 1, 1],
        'PR9.2': [null, 2, 2],
        'GR6.2': [2, 2, 2],
      }),
      { targetByGroup: { PR9: 2 } },
    );
    const gaps = fitsmGaps(assessment);
    const pr14 = gaps.find((group) => group.groupId === 'PR14');
    // Target 3: PR14.3 (0, shortfall 3) before PR14.2 (2, shortfall 1); PR14.1 meets it.
    expect(pr14?.gaps.map((gap) => [gap.requirementId, gap.level, gap.shortfall])).toEqual([
      ['PR14.3', 0, 3],
      ['PR14.2', 2, 1],
    ]);
    expect(pr14?.level).toBe(0);
    const pr9 = gaps.find((group) => group.groupId === 'PR9');
    // The process's own target 2: PR9.1 at 1 is a gap; PR9.2 has no agreed rating, so it is unrated, no gap.
    expect(pr9?.targetLevel).toBe(2);
    expect(pr9?.gaps.map((gap) => gap.requirementId)).toEqual(['PR9.1']);
    expect(pr9?.unrated).toEqual(['PR9.2', 'PR9.3', 'PR9.4', 'PR9.5', 'PR9.6']);
    // General groups come first.
    expect(gaps[0]?.groupId).toBe('GR1');
    expect(gaps.find((group) => group.groupId === 'GR6')?.gaps[0]).toMatchObject({
      requirementId: 'GR6.2',
      shortfall: 1,
    });
  });

  it('leaves out processes out of scope', () => {
    const gaps = fitsmGaps(assessmentOf(ratingsOf({ 'PR5.1': [0, 0, 0] }), { outOfScope: ['PR5'] }));
    expect(gaps.find((group) => group.groupId === 'PR5')).toBeUndefined();
  });

  it('keys a gap by assessment and requirement', () => {
    expect(fitsmGapKey('fa-2022-04', 'PR14.2')).toBe('fitsm-gap:fa-2022-04:PR14.2');
  });
});

describe('export', () => {
  const assessment = assessmentOf(ratingsOf({ 'PR14.1': [2, 2, 3] }), { assessors: [ANNA, BERND] });
  const withNotes = {
    ...assessment,
    ratings: withFitsmRatingIn(
      assessment.ratings,
      'PR14.1',
      { kind: 'agreed' },
      rating(2, {
        notes: '=HYPERLINK("http://x";"y")',
        issueKeys: ['CSI-1', 'CSI-2'],
      }),
    ),
  };

  it('writes German CSV with ; and defuses formula-like text', () => {
    const csv = fitsmAssessmentCsv(
      withNotes,
      'de',
      new Map([
        [ANNA, 'Anna'],
        [BERND, 'Bernd'],
      ]),
    );
    const lines = csv.replace('\uFEFF', '').split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(
      'Bereich;Name des Bereichs;Anforderung;Zusammenfassung;Bewertung Anna;Notizen Anna;Bewertung Bernd;Notizen Bernd;' +
        'Vereinbarte Bewertung;Nachweise;Vorgänge;Fähigkeitsgrad des Prozesses / Stufe der Gruppe (Teil des Reifegrads);' +
        'Zielstufe;Unter dem Ziel',
    );
    const row = lines.find((line) => line.startsWith('PR14;'));
    expect(row).toContain(';PR14.1;');
    expect(row).toContain(';2;;3;;2;"\'=HYPERLINK(""http://x"";""y"")";CSI-1 CSI-2;offen;3;ja');
    expect(lines).toHaveLength(1 + 82 + 1 + 2 + 1);
    expect(lines.at(-3)).toBe('Reifegrad des Managementsystems;offen');
    expect(lines.at(-2)).toContain('FitSM – ITEMO e.V., CC BY 4.0');
  });

  it('writes English CSV with ,', () => {
    const csv = fitsmAssessmentCsv(withNotes, 'en');
    expect(csv).toContain('Area,Area name,Requirement,Summary,Rating acc-anna,Notes acc-anna');
    expect(csv).toContain('Maturity of the management system,undetermined');
  });

  it('writes JSON with the levels, the edition and the attribution', () => {
    const json = fitsmAssessmentJson(withNotes, new Date('2026-12-05T07:00:00Z'));
    expect(json).toMatchObject({
      format: 'three-ways-fitsm-assessment',
      formatVersion: 1,
      exportedAt: '2026-12-05T07:00:00.000Z',
      attribution: { text: 'FitSM – ITEMO e.V., CC BY 4.0' },
    });
    expect(json.levels.capability.PR14.atMost).toBe(2);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('withFitsmRatingIn', () => {
  it('changes one slot and keeps the others', () => {
    const start = ratingsOf({ 'PR14.1': [2, 2, 3] });
    const next = withFitsmRatingIn(
      start,
      'PR14.1',
      { kind: 'assessor', accountId: ANNA },
      rating(3, { ratedBy: ANNA }),
    );
    expect(fitsmRatingIn(next, 'PR14.1', { kind: 'assessor', accountId: ANNA })?.level).toBe(3);
    expect(fitsmRatingIn(next, 'PR14.1', { kind: 'assessor', accountId: BERND })?.level).toBe(3);
    expect(fitsmRatingIn(next, 'PR14.1', { kind: 'agreed' })?.level).toBe(2);
    expect(fitsmRatingIn(start, 'PR14.1', { kind: 'assessor', accountId: ANNA })?.level).toBe(2);
  });

  it('drops a requirement once its last rating is cleared', () => {
    let ratings = ratingsOf({ 'PR14.1': [null, 2, null] });
    ratings = withFitsmRatingIn(ratings, 'PR14.1', { kind: 'assessor', accountId: ANNA }, null);
    expect(ratings['PR14.1']).toBeUndefined();
  });
});
