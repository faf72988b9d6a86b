/**
 * What one does with an opened assessment besides rating: download it (CSV or JSON, as the backend writes it),
 * compare it with an earlier one (what moved: maturity, capability per process, requirements), and register
 * selected gaps (agreed rating below the target) as improvements in a chosen CSI project (`registerFitsmGaps`,
 * idempotent: a second click registers nothing new), showing the issue keys.
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type {
  FitsmAssessmentListItem,
  FitsmAssessmentView,
  FitsmComparison,
  FitsmLevelChange,
} from '../../../../src/contract/fitsm-assessment';
import { MAX_FITSM_GAPS_PER_CALL, type FitsmGapImprovementsView } from '../../../../src/contract/fitsm-plan';
import type { UiI18n } from '../../i18n/load';
import { AssessmentFailureState, type AssessmentFailure } from './assessment-failure';
import { levelText, summaryOf, type FitsmAssessmentInvoke } from './assessment-model';

/** Download buttons for the CSV and the JSON export. */
export function ExportAssessment({
  id,
  invoke,
  i18n,
  download,
}: {
  readonly id: string;
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  readonly download: (content: string, fileName: string, mimeType: string) => void;
}): ReactNode {
  const { t } = i18n;
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const exportAs = (format: 'csv' | 'json'): void => {
    setFailure(null);
    setBusy(true);
    void invoke('exportFitsmAssessment', { id, format }).then((answer) => {
      setBusy(false);
      if (answer.ok) download(answer.value.content, answer.value.fileName, answer.value.mimeType);
      else setFailure(answer.error);
    });
  };
  return (
    <section className="stack" aria-labelledby="fa-export" data-testid="export">
      <h3 id="fa-export">{t('fitsmAssessment.export.heading')}</h3>
      <div className="field-row">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            exportAs('csv');
          }}
        >
          {t('fitsmAssessment.export.csv')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            exportAs('json');
          }}
        >
          {t('fitsmAssessment.export.json')}
        </button>
      </div>
      {failure !== null && (
        <AssessmentFailureState failure={failure} i18n={i18n} heading={t('fitsmAssessment.export.failed')} />
      )}
    </section>
  );
}

/** A change in words: `2 → 3 (up)`, with "undetermined" for a missing level. */
function changeText(change: FitsmLevelChange, i18n: UiI18n): string {
  return i18n.t('fitsmAssessment.compare.change', {
    before: levelText(change.before, i18n),
    after: levelText(change.after, i18n),
    movement: i18n.t(`fitsmAssessment.movement.${change.movement}`),
  });
}

/** Compares the assessment with an earlier one of the history (the one before it by default). */
export function CompareAssessments({
  id,
  previousId,
  history,
  invoke,
  i18n,
}: {
  readonly id: string;
  readonly previousId: string | null;
  readonly history: readonly FitsmAssessmentListItem[];
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  const others = history.filter((item) => item.id !== id);
  const [beforeId, setBeforeId] = useState(previousId ?? others[0]?.id ?? '');
  const [result, setResult] = useState<FitsmComparison | null>(null);
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);
  if (others.length === 0) {
    return (
      <section className="stack" aria-labelledby="fa-compare" data-testid="compare">
        <h3 id="fa-compare">{t('fitsmAssessment.compare.heading')}</h3>
        <p className="subtle">{t('fitsmAssessment.compare.none')}</p>
      </section>
    );
  }
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setFailure(null);
    void invoke('compareFitsmAssessments', { beforeId, afterId: id }).then((answer) => {
      if (answer.ok) setResult(answer.value);
      else setFailure(answer.error);
    });
  };
  const moved = result?.requirements.filter((r) => r.movement === 'up' || r.movement === 'down') ?? [];
  const groupsMoved = result?.groups.filter((g) => g.movement !== 'same' && g.movement !== 'none') ?? [];
  return (
    <section className="stack" aria-labelledby="fa-compare" data-testid="compare">
      <h3 id="fa-compare">{t('fitsmAssessment.compare.heading')}</h3>
      <form className="field-row" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t('fitsmAssessment.compare.with')}</span>
          <select
            value={beforeId}
            onChange={(event) => {
              setBeforeId(event.target.value);
            }}
          >
            {others.map((item) => (
              <option key={item.id} value={item.id}>
                {`${item.title} (${item.date})`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('fitsmAssessment.compare.submit')}</button>
      </form>
      {failure !== null && (
        <AssessmentFailureState failure={failure} i18n={i18n} heading={t('fitsmAssessment.compare.failed')} />
      )}
      {result !== null && (
        <div className="stack" data-testid="comparison" role="status">
          <p>{t('fitsmAssessment.compare.maturity', { change: changeText(result.maturity, i18n) })}</p>
          <p>
            {t('fitsmAssessment.compare.counts', {
              up: String(result.counts.up),
              down: String(result.counts.down),
              same: String(result.counts.same),
            })}
          </p>
          {groupsMoved.length > 0 && (
            <ul data-testid="groups-moved">
              {groupsMoved.map((group) => (
                <li key={group.groupId} data-group={group.groupId} data-movement={group.movement}>
                  {`${group.groupId}: ${changeText(group, i18n)}`}
                </li>
              ))}
            </ul>
          )}
          {moved.length > 0 && (
            <ul data-testid="requirements-moved">
              {moved.map((requirement) => (
                <li
                  key={requirement.requirementId}
                  data-requirement={requirement.requirementId}
                  data-movement={requirement.movement}
                >
                  {`${requirement.requirementId} ${summaryOf(requirement.requirementId, i18n)}: ${changeText(requirement, i18n)}`}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The gaps of the assessment to tick and register as improvements in a CSI project (editors only). */
export function RegisterGaps({
  view,
  invoke,
  i18n,
}: {
  readonly view: FitsmAssessmentView;
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  const gaps = view.gaps.flatMap((group) => group.gaps);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [projectKey, setProjectKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);
  const [registered, setRegistered] = useState<FitsmGapImprovementsView | null>(null);
  const [busy, setBusy] = useState(false);
  if (gaps.length === 0) {
    return (
      <section className="stack" aria-labelledby="fa-gaps" data-testid="gaps">
        <h3 id="fa-gaps">{t('fitsmAssessment.gaps.heading')}</h3>
        <p className="subtle">{t('fitsmAssessment.gaps.none')}</p>
      </section>
    );
  }
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const key = projectKey.trim().toUpperCase();
    if (selected.size === 0) setProblem(t('fitsmAssessment.gaps.problem.none'));
    else if (selected.size > MAX_FITSM_GAPS_PER_CALL)
      setProblem(t('fitsmAssessment.gaps.problem.tooMany', { max: String(MAX_FITSM_GAPS_PER_CALL) }));
    else if (!/^[A-Z][A-Z0-9_]{0,19}$/.test(key)) setProblem(t('fitsmAssessment.gaps.problem.project'));
    else {
      setProblem(null);
      setFailure(null);
      setBusy(true);
      void invoke('registerFitsmGaps', {
        assessmentId: view.assessment.id,
        requirementIds: [...selected],
        projectKey: key,
      }).then((answer) => {
        setBusy(false);
        if (answer.ok) {
          setRegistered(answer.value);
          setSelected(new Set());
        } else setFailure(answer.error);
      });
    }
  };
  return (
    <section className="stack" aria-labelledby="fa-gaps" data-testid="gaps">
      <h3 id="fa-gaps">{t('fitsmAssessment.gaps.heading')}</h3>
      <form className="stack" onSubmit={submit}>
        <fieldset className="plain-fieldset stack">
          <legend>{t('fitsmAssessment.gaps.legend', { count: String(gaps.length) })}</legend>
          {gaps.map((gap) => (
            <label key={gap.requirementId} className="fitsm-gap" data-gap={gap.requirementId}>
              <input
                type="checkbox"
                disabled={!view.canEdit}
                checked={selected.has(gap.requirementId)}
                onChange={(event) => {
                  const next = new Set(selected);
                  if (event.target.checked) next.add(gap.requirementId);
                  else next.delete(gap.requirementId);
                  setSelected(next);
                }}
              />{' '}
              {t('fitsmAssessment.gaps.item', {
                requirement: gap.requirementId,
                summary: summaryOf(gap.requirementId, i18n),
                level: String(gap.level),
                target: String(gap.targetLevel),
              })}
            </label>
          ))}
        </fieldset>
        {view.canEdit && (
          <>
            <div className="field">
              <label className="field-label" htmlFor="fa-gaps-project">
                {t('fitsmAssessment.gaps.project')}
              </label>
              <input
                id="fa-gaps-project"
                value={projectKey}
                aria-describedby="fa-gaps-project-hint"
                onChange={(event) => {
                  setProjectKey(event.target.value);
                }}
              />
              <span id="fa-gaps-project-hint" className="subtle">
                {t('fitsmAssessment.gaps.projectHint')}
              </span>
            </div>
            {problem !== null && (
              <p className="problems" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="button-primary" disabled={busy}>
              {busy
                ? t('fitsmAssessment.gaps.registering')
                : t('fitsmAssessment.gaps.register', { count: String(selected.size) })}
            </button>
          </>
        )}
      </form>
      {failure !== null && (
        <AssessmentFailureState
          area="fitsmPlan"
          failure={failure}
          i18n={i18n}
          heading={t('fitsmAssessment.gaps.failed')}
        />
      )}
      {registered !== null && (
        <div role="status" className="state-success stack stack-tight" data-testid="gaps-registered">
          <p>{t('fitsmAssessment.gaps.done', { count: String(registered.links.length) })}</p>
          <ul>
            {registered.links.map((link) => (
              <li
                key={link.requirementId}
                data-requirement={link.requirementId}
                data-issue-key={link.issueKey}
              >
                {t(link.created ? 'fitsmAssessment.gaps.created' : 'fitsmAssessment.gaps.existing', {
                  requirement: link.requirementId,
                  key: link.issueKey,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
