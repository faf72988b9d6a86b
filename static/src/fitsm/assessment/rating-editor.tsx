/**
 * Rating one requirement in one slot (an assessor's rating or the agreed one): the level on FitSM-6's scale, the
 * evidence notes and the issues that show it. Saved against the rating as it was shown (`expected`): when someone
 * changed it meanwhile the resolver answers `conflict`, the input stays and the page offers to load the latest
 * version, after which saving again applies the input on top of it.
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import {
  FITSM_LEVELS,
  FITSM_LIMITS,
  type FitsmAssessmentView,
  type FitsmLevel,
  type FitsmRating,
  type FitsmRatingSlot,
  type FitsmRequirementId,
} from '../../../../src/contract/fitsm-assessment';
import type { UiI18n } from '../../i18n/load';
import { AssessmentFailureState, type AssessmentFailure } from './assessment-failure';
import { levelText, parseIssueKeys, type FitsmAssessmentInvoke } from './assessment-model';
import { SaveOutcome } from './save-outcome';

/** Which rating is being edited. */
export interface RatingTarget {
  readonly requirementId: FitsmRequirementId;
  readonly slot: FitsmRatingSlot;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}$/;

export function RatingEditor({
  assessmentId,
  target,
  current,
  invoke,
  i18n,
  onSaved,
  onReload,
  onCancel,
}: {
  readonly assessmentId: string;
  readonly target: RatingTarget;
  /** The rating in the slot as the page shows it now (after a reload: the latest). */
  readonly current: FitsmRating | null;
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  readonly onSaved: (view: FitsmAssessmentView) => void;
  /** Loads the assessment again; this editor (and its input) stays. */
  readonly onReload: () => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = i18n;
  const [level, setLevel] = useState<string>(current === null ? '' : String(current.level));
  const [notes, setNotes] = useState(current?.notes ?? '');
  const [issues, setIssues] = useState(current?.issueKeys.join(', ') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const idBase = `fa-rate-${target.requirementId}-${target.slot.kind === 'agreed' ? 'agreed' : target.slot.accountId}`;

  const save = (rating: { level: FitsmLevel; notes: string; issueKeys: string[] } | null): void => {
    setFailure(null);
    setReloaded(false);
    setSaving(true);
    void invoke('rateFitsmRequirement', {
      assessmentId,
      requirementId: target.requirementId,
      slot: target.slot,
      rating,
      expected: current === null ? null : { ratedAt: current.ratedAt, ratedBy: current.ratedBy },
    }).then((answer) => {
      setSaving(false);
      if (answer.ok) onSaved(answer.value);
      else setFailure(answer.error);
    });
  };

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const keys = parseIssueKeys(issues);
    const badKey = keys.find((key) => !ISSUE_KEY.test(key));
    if (level === '') setProblem(t('fitsmAssessment.problem.level'));
    else if (badKey !== undefined) setProblem(t('fitsmAssessment.problem.issueKey', { key: badKey }));
    else if (keys.length > FITSM_LIMITS.issueKeysPerRating)
      setProblem(t('fitsmAssessment.problem.issueCount', { max: String(FITSM_LIMITS.issueKeysPerRating) }));
    else {
      setProblem(null);
      save({ level: Number(level) as FitsmLevel, notes: notes.trim(), issueKeys: keys });
    }
  };

  return (
    <form className="fitsm-rating-form stack" onSubmit={submit} data-testid="rating-form">
      <label className="field" htmlFor={`${idBase}-level`}>
        <span className="field-label">{t('fitsmAssessment.field.level')}</span>
        <select
          id={`${idBase}-level`}
          value={level}
          onChange={(event) => {
            setLevel(event.target.value);
          }}
        >
          <option value="">{t('fitsmAssessment.field.chooseLevel')}</option>
          {FITSM_LEVELS.map((candidate) => (
            <option key={candidate} value={String(candidate)}>
              {levelText(candidate, i18n)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${idBase}-notes`}>
        <span className="field-label">{t('fitsmAssessment.field.notes')}</span>
        <textarea
          id={`${idBase}-notes`}
          rows={3}
          maxLength={FITSM_LIMITS.noteChars}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </label>
      <label className="field" htmlFor={`${idBase}-issues`}>
        <span className="field-label">{t('fitsmAssessment.field.issues')}</span>
        <input
          id={`${idBase}-issues`}
          value={issues}
          placeholder="HD-12, MAIL-3"
          onChange={(event) => {
            setIssues(event.target.value);
          }}
        />
      </label>
      {problem !== null && (
        <p className="problems" role="alert">
          {problem}
        </p>
      )}
      <SaveOutcome
        failure={failure}
        reloaded={reloaded}
        testId="rating-conflict"
        texts={{
          conflict: t('fitsmAssessment.error.conflict'),
          reload: t('fitsmAssessment.conflict.reload'),
          reloaded: t('fitsmAssessment.conflict.reloaded'),
        }}
        onReload={() => {
          setFailure(null);
          setReloaded(true);
          onReload();
        }}
        renderFailure={(shown) => (
          <AssessmentFailureState failure={shown} i18n={i18n} heading={t('fitsmAssessment.notSaved')} />
        )}
      />
      <div className="field-row">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('fitsmAssessment.saving') : t('fitsmAssessment.save')}
        </button>
        {current !== null && (
          <button
            type="button"
            disabled={saving}
            onClick={() => {
              save(null);
            }}
          >
            {t('fitsmAssessment.clear')}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('fitsmAssessment.cancel')}
        </button>
      </div>
    </form>
  );
}
