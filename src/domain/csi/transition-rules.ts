/**
 * The checks of the CSI workflow's validators (FITSM-CSI.md "Rules"): what a record must hold before Jira lets an
 * improvement be approved, moved to the effectiveness check, or closed, and the message that tells the user what
 * is missing and what to do (its words are in `locales/`, `csiRules.*`).
 */
import { CSI_CRITERIA, type CsiRecord } from './record-types';
import { isValidRating } from './scoring';
import type { CsiTransitionRule } from './workflow';
import type { Translate } from '../shared/texts';

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
  /** What the record lacks (the refusal for the user: {@link describeMissing}). */
  readonly missing: readonly CsiMissingItem[];
}

/**
 * The refusal text of a rule with the missing items (shared by the validator and the panel), in the language of
 * `t` (messages `csiRules.*` in `locales/`): the rule, what is missing, what to do.
 * @example describeMissing('close', ['result'], german)
 * // 'Abschließen ist erst möglich, wenn das gemessene Ergebnis erfasst ist. Fehlt: das gemessene Ergebnis (…). …'
 */
export function describeMissing(
  rule: CsiTransitionRule,
  missing: readonly CsiMissingItem[],
  t: Translate,
): string {
  const items = missing.map((item) => t(`csiRules.missing.${item}`));
  const last = items[items.length - 1] ?? '';
  const list = items.length <= 1 ? last : `${items.slice(0, -1).join(', ')} ${t('csiRules.and')} ${last}`;
  return `${t(`csiRules.rule.${rule}`)} ${t('csiRules.missingList', { list })} ${t('csiRules.whatToDo')}`;
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
 * @returns `ok` with nothing missing, or the missing items (worded for the user by {@link describeMissing}).
 * @example checkCsiTransition('close', EMPTY_CSI_RECORD) // { ok: false, missing: ['result'] }
 */
export function checkCsiTransition(rule: CsiTransitionRule, record: CsiRecord): CsiTransitionCheck {
  const missing = missingFor(rule, record);
  return { ok: missing.length === 0, missing };
}
