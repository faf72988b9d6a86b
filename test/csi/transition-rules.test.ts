/** The CSI validator rules: what each transition needs, and the German and English refusals. */
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { checkCsiTransition, describeMissing } from '../../src/domain/csi/transition-rules';
import { translatorOf } from '../../src/domain/shared/texts';

/** The refusal's words as the validator gets them: the locale files (Forge's i18n serves the same). */
const de = translatorOf({ ...englishMessages, ...germanMessages });
const en = translatorOf(englishMessages);

const evaluation = {
  ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
  evaluatedByAccountId: 'acc-claudia',
  evaluatedOn: '2026-02-12',
};
const approved = {
  outcome: 'approved' as const,
  deciderAccountId: 'acc-claudia',
  decidedOn: '2026-02-26',
  rationale: 'Größter Hebel.',
};
const baseline = { name: 'VPN-Störungen pro Monat', value: 25, unit: 'Störungen', measuredOn: '2026-01-05' };
const target = { value: 12.5, targetDate: '2026-06-30' };

function record(patch: Partial<CsiRecord>): CsiRecord {
  return { ...EMPTY_CSI_RECORD, ...patch };
}

describe('approve', () => {
  it('refuses an unevaluated, undecided improvement and says what is missing in German', () => {
    const check = checkCsiTransition('approve', EMPTY_CSI_RECORD);
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual(['evaluation', 'decision']);
    expect(describeMissing('approve', check.missing, de)).toBe(
      'Genehmigen ist erst möglich, wenn die Verbesserung bewertet ist und ein Entscheider die Genehmigung erfasst hat. ' +
        'Fehlt: die Bewertung mit allen vier Kriterien (Nutzen, Dringlichkeit, Aufwand, Risiko) und die Entscheidung „genehmigt“ mit Entscheider. ' +
        'Bitte im Bereich „Verbesserungsnachweis (CSI)“ des Vorgangs ergänzen, speichern und den Übergang erneut ausführen.',
    );
  });

  it('refuses an evaluated improvement without an approval, in English', () => {
    const check = checkCsiTransition('approve', record({ evaluation }));
    expect(check.missing).toEqual(['decision']);
    expect(describeMissing('approve', check.missing, en)).toBe(
      'An improvement can only be approved once it has been evaluated and a decider has recorded the approval. ' +
        'Missing: the decision "approved" with its decider. ' +
        'Fill it in on the issue\'s "Improvement record (CSI)" panel, save, and run the transition again.',
    );
  });

  it('needs the outcome "approved" and a decider', () => {
    const deferred = checkCsiTransition(
      'approve',
      record({ evaluation, decision: { ...approved, outcome: 'deferred' } }),
    );
    expect(deferred.missing).toEqual(['decision-approved']);
    const noDecider = checkCsiTransition(
      'approve',
      record({ evaluation, decision: { ...approved, deciderAccountId: ' ' } }),
    );
    expect(noDecider.missing).toEqual(['decider']);
  });

  it('refuses an evaluation with a rating missing', () => {
    const partial = { ...evaluation, ratings: { ...evaluation.ratings, risk: 0 } };
    expect(
      checkCsiTransition('approve', record({ evaluation: partial, decision: approved })).missing,
    ).toEqual(['evaluation']);
  });

  it('lets an evaluated and approved improvement through', () => {
    expect(checkCsiTransition('approve', record({ evaluation, decision: approved }))).toEqual({
      ok: true,
      missing: [],
    });
  });
});

describe('verify', () => {
  it('needs a baseline and a target with its date', () => {
    expect(checkCsiTransition('verify', EMPTY_CSI_RECORD).missing).toEqual(['baseline', 'target']);
    const check = checkCsiTransition('verify', record({ baseline }));
    expect(check.missing).toEqual(['target']);
    expect(describeMissing('verify', check.missing, de)).toBe(
      'Die Wirksamkeitsprüfung ist erst möglich, wenn Ausgangswert (Baseline) und Zielwert mit Zieldatum erfasst sind. ' +
        'Fehlt: der Zielwert mit Zieldatum. ' +
        'Bitte im Bereich „Verbesserungsnachweis (CSI)“ des Vorgangs ergänzen, speichern und den Übergang erneut ausführen.',
    );
    expect(
      checkCsiTransition('verify', record({ baseline: { ...baseline, name: '' }, target })).missing,
    ).toEqual(['baseline']);
    expect(checkCsiTransition('verify', record({ baseline, target })).ok).toBe(true);
  });
});

describe('close', () => {
  it('needs the measured result', () => {
    const check = checkCsiTransition('close', record({ baseline, target }));
    expect(check.missing).toEqual(['result']);
    expect(describeMissing('close', check.missing, en)).toContain(
      'Missing: the measured result (KPI and value).',
    );
    const result = { ...baseline, value: 16, measuredOn: '2026-05-20' };
    expect(checkCsiTransition('close', record({ baseline, target, result })).ok).toBe(true);
  });
});
