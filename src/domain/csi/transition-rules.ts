/**
 * The checks of the CSI workflow's validators (FITSM-CSI.md "Rules"): what a record must hold before Jira lets an
 * improvement be approved, moved to the effectiveness check, or closed, and the message that tells the user what
 * is missing and what to do, in German or English.
 */
import { CSI_CRITERIA, type CsiRecord } from './record-types';
import { isValidRating } from './scoring';
import type { CsiTransitionRule } from './workflow';

/** The language of the app's CSI texts and of the names the setup creates. */
export type CsiLanguage = 'de' | 'en';

/** `de` for a German Jira locale (`de_DE`, `de-AT`, `de`), else `en` (also when absent or not a string). */
export function csiLanguageOfLocale(locale: unknown): CsiLanguage {
  return typeof locale === 'string' && /^de([-_]|$)/i.test(locale) ? 'de' : 'en';
}

/**
 * What a rule can find missing:
 * - `evaluation`: no evaluation with all four ratings (benefit, urgency, effort, risk);
 * - `decision`: no decision recorded;
 * - `decision-approved`: a decision is recorded but it is not "approved";
 * - `decider`: the decision names no decider;
 * - `baseline`: no baseline KPI with name and value;
 * - `target`: no target value with a target date;
 * - `result`: no measured result.
 */
export type CsiMissingItem =
  'evaluation' | 'decision' | 'decision-approved' | 'decider' | 'baseline' | 'target' | 'result';

export interface CsiTransitionCheck {
  /** True when the transition may go ahead. */
  readonly ok: boolean;
  readonly missing: readonly CsiMissingItem[];
  /** The refusal for the user (names what is missing and what to do); null when `ok`. */
  readonly message: string | null;
}

const MISSING_TEXT: Readonly<Record<CsiMissingItem, Readonly<Record<CsiLanguage, string>>>> = {
  evaluation: {
    de: 'die Bewertung mit allen vier Kriterien (Nutzen, Dringlichkeit, Aufwand, Risiko)',
    en: 'the evaluation with all four criteria (benefit, urgency, effort, risk)',
  },
  decision: {
    de: 'die Entscheidung „genehmigt“ mit Entscheider',
    en: 'the decision "approved" with its decider',
  },
  'decision-approved': {
    de: 'eine Entscheidung „genehmigt“ (erfasst ist eine andere Entscheidung)',
    en: 'a decision "approved" (the recorded decision is a different one)',
  },
  decider: { de: 'der Entscheider der Genehmigung', en: 'the decider of the approval' },
  baseline: {
    de: 'der Ausgangswert (Baseline-KPI mit Bezeichnung und Wert)',
    en: 'the baseline KPI (name and value)',
  },
  target: {
    de: 'der Zielwert mit Zieldatum',
    en: 'the target value with its target date',
  },
  result: {
    de: 'das gemessene Ergebnis (Kennzahl und Wert)',
    en: 'the measured result (KPI and value)',
  },
};

const RULE_TEXT: Readonly<Record<CsiTransitionRule, Readonly<Record<CsiLanguage, string>>>> = {
  approve: {
    de: 'Genehmigen ist erst möglich, wenn die Verbesserung bewertet ist und ein Entscheider die Genehmigung erfasst hat.',
    en: 'An improvement can only be approved once it has been evaluated and a decider has recorded the approval.',
  },
  verify: {
    de: 'Die Wirksamkeitsprüfung ist erst möglich, wenn Ausgangswert (Baseline) und Zielwert mit Zieldatum erfasst sind.',
    en: 'The effectiveness check can only start once the baseline KPI and the target value with its date are recorded.',
  },
  close: {
    de: 'Abschließen ist erst möglich, wenn das gemessene Ergebnis erfasst ist.',
    en: 'An improvement can only be closed once its measured result is recorded.',
  },
};

const WHAT_TO_DO: Readonly<Record<CsiLanguage, string>> = {
  de: 'Bitte im Bereich „Verbesserungsnachweis (CSI)“ des Vorgangs ergänzen, speichern und den Übergang erneut ausführen.',
  en: 'Fill it in on the issue\'s "Improvement record (CSI)" panel, save, and run the transition again.',
};

function joinList(items: readonly string[], language: CsiLanguage): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1] ?? '';
  return `${items.slice(0, -1).join(', ')} ${language === 'de' ? 'und' : 'and'} ${last}`;
}

/** The refusal text of a rule with the missing items (shared by the validator and the panel). */
export function describeMissing(
  rule: CsiTransitionRule,
  missing: readonly CsiMissingItem[],
  language: CsiLanguage,
): string {
  const label = language === 'de' ? 'Fehlt' : 'Missing';
  const list = joinList(
    missing.map((item) => MISSING_TEXT[item][language]),
    language,
  );
  return `${RULE_TEXT[rule][language]} ${label}: ${list}. ${WHAT_TO_DO[language]}`;
}

function hasFullEvaluation(record: CsiRecord): boolean {
  const evaluation = record.evaluation;
  if (evaluation === null) return false;
  return CSI_CRITERIA.every((criterion) => isValidRating(evaluation.ratings[criterion]));
}

function missingFor(rule: CsiTransitionRule, record: CsiRecord): CsiMissingItem[] {
  const missing: CsiMissingItem[] = [];
  switch (rule) {
    case 'approve': {
      if (!hasFullEvaluation(record)) missing.push('evaluation');
      const decision = record.decision;
      if (decision === null) {
        missing.push('decision');
      } else {
        if (decision.outcome !== 'approved') missing.push('decision-approved');
        if (decision.deciderAccountId.trim() === '') missing.push('decider');
      }
      break;
    }
    case 'verify': {
      const { baseline, target } = record;
      if (baseline === null || baseline.name.trim() === '' || !Number.isFinite(baseline.value)) {
        missing.push('baseline');
      }
      if (target === null || !Number.isFinite(target.value) || target.targetDate === '')
        missing.push('target');
      break;
    }
    case 'close': {
      const { result } = record;
      if (result === null || result.name.trim() === '' || !Number.isFinite(result.value))
        missing.push('result');
      break;
    }
  }
  return missing;
}

/**
 * Checks a transition's rule against the improvement record:
 * - `approve`: an evaluation with all four ratings AND a decision with outcome "approved" and a decider;
 * - `verify`: a baseline KPI (name, value) AND a target (value, target date);
 * - `close`: a measured result.
 *
 * @returns `ok` with nothing missing, or the missing items and the message naming them in `language`.
 * @example checkCsiTransition('close', EMPTY_CSI_RECORD, 'de').message
 * // 'Abschließen ist erst möglich, wenn das gemessene Ergebnis erfasst ist. Fehlt: das gemessene Ergebnis (…). …'
 */
export function checkCsiTransition(
  rule: CsiTransitionRule,
  record: CsiRecord,
  language: CsiLanguage,
): CsiTransitionCheck {
  const missing = missingFor(rule, record);
  if (missing.length === 0) return { ok: true, missing, message: null };
  return { ok: false, missing, message: describeMissing(rule, missing, language) };
}
