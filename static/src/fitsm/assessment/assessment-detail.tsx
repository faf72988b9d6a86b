/**
 * One assessment opened on the self-assessment page: its maturity (Reifegrad) and the capability per process
 * (Fähigkeitsgrad) as the backend computes them, "undetermined" where agreed ratings are missing; export,
 * comparison with an earlier assessment and registering gaps (assessment-tools.tsx); then every group of
 * requirements with its chart and, per requirement, each assessor's rating side by side with the agreed one
 * (rating-editor.tsx). Editors rate; everyone else reads.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type {
  FitsmAssessmentListItem,
  FitsmAssessmentView,
  FitsmGroupLevel,
  FitsmRating,
  FitsmRequirementId,
  FitsmRequirementRatings,
} from '../../../../src/contract/fitsm-assessment';
import type { UiI18n } from '../../i18n/load';
import { LoadingState } from '../../shared/loading-state';
import { AssessmentFailureState, type AssessmentFailure } from './assessment-failure';
import {
  groupOf,
  groupTitle,
  levelText,
  requirementsOf,
  type FitsmAssessmentInvoke,
} from './assessment-model';
import { CompareAssessments, ExportAssessment, RegisterGaps } from './assessment-tools';
import { GroupChart } from './group-chart';
import { RatingEditor, type RatingTarget } from './rating-editor';

type DetailState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: AssessmentFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmAssessmentView };

export interface AssessmentDetailProps {
  readonly id: string;
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  /** Every assessment of the history (to compare with). */
  readonly history: readonly FitsmAssessmentListItem[];
  readonly download: (content: string, fileName: string, mimeType: string) => void;
  /** The assessment changed (the history's latest levels may have moved). */
  readonly onChanged: () => void;
}

export function AssessmentDetail({
  id,
  invoke,
  i18n,
  history,
  download,
  onChanged,
}: AssessmentDetailProps): ReactNode {
  const { t } = i18n;
  const [state, setState] = useState<DetailState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<RatingTarget | null>(null);

  useEffect(() => {
    let current = true;
    void invoke('getFitsmAssessment', { id }).then((answer) => {
      if (!current) return;
      setState(
        answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
      );
    });
    return () => {
      current = false;
    };
  }, [invoke, id, attempt]);
  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  if (state.phase === 'loading') return <LoadingState label={t('fitsmAssessment.detail.loading')} />;
  if (state.phase === 'error')
    return (
      <AssessmentFailureState
        failure={state.failure}
        i18n={i18n}
        heading={t('fitsmAssessment.detail.loadFailed')}
        onRetry={reload}
      />
    );
  const { view } = state;
  const { assessment, levels } = view;
  const canRate = view.canEdit && assessment.status === 'draft';
  const nameOf = (accountId: string): string => view.people[accountId] ?? accountId;

  return (
    <section className="fitsm-detail stack" aria-labelledby="fa-detail" data-testid="assessment-detail">
      <header className="stack stack-tight">
        <h2 id="fa-detail">{t('fitsmAssessment.detail.heading', { title: assessment.title })}</h2>
        <p className="subtle">
          {t('fitsmAssessment.detail.meta', {
            date: assessment.date,
            status: t(`fitsmAssessment.status.${assessment.status}`),
            assessors: assessment.assessors.map(nameOf).join(', '),
          })}
        </p>
        {view.canEdit && assessment.status === 'agreed' && (
          <p className="note">{t('fitsmAssessment.detail.agreedNote')}</p>
        )}
      </header>
      <section className="stack" aria-labelledby="fa-levels" data-testid="assessment-levels">
        <h3 id="fa-levels">{t('fitsmAssessment.levels.heading')}</h3>
        <p className="heading-small" data-testid="maturity">
          {t('fitsmAssessment.maturity', { level: levelText(levels.maturity.level, i18n) })}
        </p>
        {levels.maturity.level === null && levels.maturity.missing.length > 0 && (
          <p className="subtle">
            {t('fitsmAssessment.levels.missing', { count: String(levels.maturity.missing.length) })}
          </p>
        )}
        <p className="subtle">{t('fitsmAssessment.levels.rule')}</p>
      </section>
      <div className="fitsm-tools">
        <ExportAssessment id={assessment.id} invoke={invoke} i18n={i18n} download={download} />
        <CompareAssessments
          id={assessment.id}
          previousId={view.previousId}
          history={history}
          invoke={invoke}
          i18n={i18n}
        />
        <RegisterGaps view={view} invoke={invoke} i18n={i18n} />
      </div>
      {levels.groups.map((group) => (
        <GroupSection
          key={group.groupId}
          group={group}
          ratings={assessment.ratings}
          assessors={assessment.assessors}
          nameOf={nameOf}
          i18n={i18n}
          canRate={canRate}
          editing={editing}
          onEdit={setEditing}
          renderEditor={(target, current) => (
            <RatingEditor
              assessmentId={assessment.id}
              target={target}
              current={current}
              invoke={invoke}
              i18n={i18n}
              onSaved={(next) => {
                setState({ phase: 'loaded', view: next });
                setEditing(null);
                onChanged();
              }}
              onReload={reload}
              onCancel={() => {
                setEditing(null);
              }}
            />
          )}
        />
      ))}
    </section>
  );
}

/** One group (general requirements or a process): its level, chart and requirements with their ratings. */
function GroupSection({
  group,
  ratings,
  assessors,
  nameOf,
  i18n,
  canRate,
  editing,
  onEdit,
  renderEditor,
}: {
  readonly group: FitsmGroupLevel;
  readonly ratings: Readonly<Partial<Record<FitsmRequirementId, FitsmRequirementRatings>>>;
  readonly assessors: readonly string[];
  readonly nameOf: (accountId: string) => string;
  readonly i18n: UiI18n;
  readonly canRate: boolean;
  readonly editing: RatingTarget | null;
  readonly onEdit: (target: RatingTarget) => void;
  readonly renderEditor: (target: RatingTarget, current: FitsmRating | null) => ReactNode;
}): ReactNode {
  const { t } = i18n;
  const catalogueGroup = groupOf(group.groupId);
  const requirements = requirementsOf(group.groupId);
  const headingId = `fa-group-${group.groupId}`;
  const listId = `fa-group-${group.groupId}-requirements`;
  // The requirements open on demand: 21 groups with all their ratings would make one very long page.
  const [expanded, setExpanded] = useState(false);
  const levelLabel =
    group.kind === 'process' ? 'fitsmAssessment.group.capability' : 'fitsmAssessment.group.general';
  return (
    <section
      className="fitsm-group stack"
      aria-labelledby={headingId}
      data-group={group.groupId}
      data-testid={`group-${group.groupId}`}
    >
      <h3 id={headingId}>{groupTitle(catalogueGroup, i18n)}</h3>
      <p data-testid="group-level">
        {group.inScope
          ? t(levelLabel, { level: levelText(group.level, i18n) })
          : t('fitsmAssessment.outOfScope')}
        {group.inScope && group.level === null && group.missing.length > 0 && (
          <> {t('fitsmAssessment.group.missing', { count: String(group.missing.length) })}</>
        )}
      </p>
      <GroupChart
        groupId={group.groupId}
        requirements={requirements.map((requirement) => ({
          id: requirement.id,
          level: ratings[requirement.id]?.agreed?.level ?? null,
        }))}
        i18n={i18n}
      />
      <button
        type="button"
        className="fitsm-toggle"
        aria-expanded={expanded}
        aria-controls={listId}
        onClick={() => {
          setExpanded(!expanded);
        }}
      >
        {t(expanded ? 'fitsmAssessment.group.hide' : 'fitsmAssessment.group.show', {
          count: String(requirements.length),
          group: group.groupId,
        })}
      </button>
      <ul className="fitsm-requirements" id={listId} hidden={!expanded}>
        {(expanded ? requirements : []).map((requirement) => {
          const rated = ratings[requirement.id];
          const slots: RatingTarget[] = [
            ...assessors.map((accountId): RatingTarget => ({
              requirementId: requirement.id,
              slot: { kind: 'assessor', accountId },
            })),
            { requirementId: requirement.id, slot: { kind: 'agreed' } },
          ];
          return (
            <li key={requirement.id} className="fitsm-requirement" data-requirement={requirement.id}>
              <p>
                <strong>{requirement.id}</strong> {requirement.summary[i18n.language]}
              </p>
              <div className="table-scroll">
                <table className="data-table fitsm-ratings">
                  <caption className="visually-hidden">
                    {t('fitsmAssessment.ratings.caption', { requirement: requirement.id })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('fitsmAssessment.column.who')}</th>
                      <th scope="col">{t('fitsmAssessment.column.level')}</th>
                      <th scope="col">{t('fitsmAssessment.column.evidence')}</th>
                      <th scope="col">{t('fitsmAssessment.column.issues')}</th>
                      {canRate && <th scope="col">{t('fitsmAssessment.column.action')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {slots.map((target) => {
                      const current =
                        target.slot.kind === 'agreed'
                          ? (rated?.agreed ?? null)
                          : (rated?.byAssessor[target.slot.accountId] ?? null);
                      const who =
                        target.slot.kind === 'agreed'
                          ? t('fitsmAssessment.slot.agreed')
                          : nameOf(target.slot.accountId);
                      const slotKey = target.slot.kind === 'agreed' ? 'agreed' : target.slot.accountId;
                      const open =
                        editing !== null &&
                        editing.requirementId === target.requirementId &&
                        (editing.slot.kind === 'agreed' ? 'agreed' : editing.slot.accountId) === slotKey;
                      return (
                        <tr
                          key={slotKey}
                          data-slot={slotKey}
                          className={target.slot.kind === 'agreed' ? 'fitsm-agreed' : undefined}
                        >
                          <th scope="row">{who}</th>
                          <td data-testid="rating-level">
                            {current === null
                              ? t('fitsmAssessment.notRated')
                              : levelText(current.level, i18n)}
                          </td>
                          <td>{current?.notes ?? ''}</td>
                          <td>{current?.issueKeys.join(', ') ?? ''}</td>
                          {canRate && (
                            <td>
                              {open ? (
                                renderEditor(target, current)
                              ) : (
                                <button
                                  type="button"
                                  onClick={() => {
                                    onEdit(target);
                                  }}
                                >
                                  {t('fitsmAssessment.rate', { who, requirement: requirement.id })}
                                </button>
                              )}
                            </td>
                          )}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
