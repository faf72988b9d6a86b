/**
 * The alignment tree of the OKR page: each objective (indented under the one it aligns to) with its progress bar
 * and the expected-progress marker, its time-aware status, owner and grade; under it its key results with
 * progress, current value (start → target), status, confidence, owner, a sparkline of the history and a
 * disclosure that opens the key result's detail in place. Status and grades are words; colour only repeats them.
 */
import type { ReactNode } from 'react';
import type { KeyResultView, ObjectiveView, OkrStatus } from '../../../src/contract/okr';
import { gradeBand } from '../../../src/contract/okr-rules';
import type { UiI18n } from '../i18n/load';
import type { OkrFormat } from './okr-format';
import { treeRows, widthOf } from './okr-model';

const STATUS_CLASS: Readonly<Record<OkrStatus, string>> = {
  'on-track': 'badge-success',
  'at-risk': 'badge-warning',
  'off-track': 'badge-danger',
};
const BAND_CLASS = { delivered: 'badge-success', progress: 'badge-warning', missed: 'badge-danger' } as const;

export function StatusBadge({ status, i18n }: { readonly status: OkrStatus; readonly i18n: UiI18n }) {
  return (
    <span className={`badge ${STATUS_CLASS[status]}`} data-status={status}>
      {i18n.t(`okrPage.status.${status}`)}
    </span>
  );
}

export function GradeBadge({
  grade,
  i18n,
  format,
}: {
  readonly grade: number;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
}) {
  const band = gradeBand(grade);
  return (
    <span className={`badge ${BAND_CLASS[band]}`} data-grade={grade} data-band={band}>
      {i18n.t('okrPage.grade', { grade: format.grade(grade), band: i18n.t(`okrPage.band.${band}`) })}
    </span>
  );
}

/** Progress as a bar with the expected progress as a marker, and both as text. */
export function ProgressBar({
  progress,
  expected,
  i18n,
  format,
}: {
  readonly progress: number;
  readonly expected: number;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
}) {
  return (
    <span className="okr-progress">
      <span className="okr-progress-track" aria-hidden="true">
        <span className="okr-progress-fill" style={{ width: widthOf(progress) }} />
        <span className="okr-progress-expected" style={{ left: widthOf(expected) }} />
      </span>
      <span className="okr-progress-text">
        {i18n.t('okrPage.progress', {
          progress: format.percent(progress),
          expected: format.percent(expected),
        })}
      </span>
    </span>
  );
}

/** The last values as a small line; named by its first and last value for screen readers. */
export function Sparkline({
  view,
  i18n,
  format,
}: {
  readonly view: KeyResultView;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
}) {
  const values = view.history.map((point) => point.value);
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min === 0 ? 1 : max - min;
  const points = values
    .map((value, index) => {
      const x = (index / (values.length - 1)) * 96 + 2;
      const y = 22 - ((value - min) / span) * 20;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const kr = view.keyResult;
  return (
    <svg
      className="okr-sparkline"
      viewBox="0 0 100 24"
      width="100"
      height="24"
      role="img"
      aria-label={i18n.t('okrPage.sparkline', {
        count: values.length,
        first: format.value(values[0] ?? null, kr),
        last: format.value(values[values.length - 1] ?? null, kr),
      })}
    >
      <polyline points={points} fill="none" strokeWidth="2" />
    </svg>
  );
}

export interface TreeProps {
  readonly objectives: readonly ObjectiveView[];
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
  /** Whether the period is closed (no edits). */
  readonly closed: boolean;
  /** The open key result detail (id) and what renders it. */
  readonly openKeyResultId: string | null;
  readonly renderDetail: (view: KeyResultView, objective: ObjectiveView) => ReactNode;
  /** What is open under objective `id` (its edit form, a new key result's form, an archive confirmation). */
  readonly renderBelow: (objectiveId: string) => ReactNode;
  readonly onToggleDetail: (keyResultId: string) => void;
  readonly onEditObjective: (view: ObjectiveView) => void;
  readonly onArchiveObjective: (view: ObjectiveView) => void;
  readonly onAddKeyResult: (view: ObjectiveView) => void;
  readonly onEditKeyResult: (view: KeyResultView, objective: ObjectiveView) => void;
  readonly onArchiveKeyResult: (view: KeyResultView) => void;
}

export function ObjectiveTree(props: TreeProps) {
  const { objectives, i18n } = props;
  return (
    <ul className="okr-tree" aria-label={i18n.t('okrPage.tree.label')} data-testid="okr-tree">
      {treeRows(objectives).map(({ view, depth }) => (
        <ObjectiveItem key={view.objective.id} {...props} view={view} depth={depth} />
      ))}
    </ul>
  );
}

function ObjectiveItem({
  view,
  depth,
  i18n,
  format,
  closed,
  openKeyResultId,
  renderDetail,
  renderBelow,
  onToggleDetail,
  onEditObjective,
  onArchiveObjective,
  onAddKeyResult,
  onEditKeyResult,
  onArchiveKeyResult,
  objectives,
}: TreeProps & { readonly view: ObjectiveView; readonly depth: number }) {
  const { t } = i18n;
  const { objective } = view;
  const headingId = `objective-${objective.id}`;
  const parent =
    objective.parentObjectiveId === undefined
      ? null
      : (objectives.find((candidate) => candidate.objective.id === objective.parentObjectiveId) ?? null);
  const editable = view.canEdit && !closed;
  return (
    <li
      className="okr-objective"
      data-objective={objective.id}
      data-depth={depth}
      style={{ marginLeft: `calc(${String(Math.min(depth, 6))} * var(--ds-space-400, 32px))` }}
    >
      <section aria-labelledby={headingId} className="okr-card stack">
        <div className="okr-card-head">
          {/* Focusable from script only: a deep link to the objective moves the focus here. */}
          <h3 id={headingId} tabIndex={-1}>
            <span className="subtle okr-id">{objective.id}</span> {objective.title}
          </h3>
          <StatusBadge status={view.status} i18n={i18n} />
          {view.grading !== null && (
            <GradeBadge grade={view.grading.objectiveGrade} i18n={i18n} format={format} />
          )}
          {objective.archived && <span className="badge badge-neutral">{t('okrPage.archived')}</span>}
        </div>
        <p className="subtle">
          {t('okrPage.objective.meta', { owner: view.owner.displayName })}
          {parent !== null && ` · ${t('okrPage.objective.alignsTo', { parent: parent.objective.title })}`}
          {objective.scope.type === 'project'
            ? ` · ${t('okrPage.objective.projectScope', { project: objective.scope.projectKey })}`
            : ` · ${t('okrPage.objective.teamScope', { team: objective.scope.teamId })}`}
        </p>
        {objective.description.trim() !== '' && <p className="okr-description">{objective.description}</p>}
        <ProgressBar progress={view.progress} expected={view.expected} i18n={i18n} format={format} />
        {editable && (
          <div className="okr-actions">
            <button
              type="button"
              onClick={() => {
                onAddKeyResult(view);
              }}
            >
              {t('okrPage.keyResult.add')}
            </button>
            <button
              type="button"
              onClick={() => {
                onEditObjective(view);
              }}
            >
              {t('okrPage.objective.edit')}
              <span className="visually-hidden"> {objective.title}</span>
            </button>
            <button
              type="button"
              onClick={() => {
                onArchiveObjective(view);
              }}
            >
              {t('okrPage.objective.archive')}
              <span className="visually-hidden"> {objective.title}</span>
            </button>
          </div>
        )}
        {renderBelow(objective.id)}
        {view.keyResults.length === 0 ? (
          <p className="subtle" data-testid="no-key-results">
            {t('okrPage.keyResult.none')}
          </p>
        ) : (
          <ul className="okr-key-results">
            {view.keyResults.map((kr) => {
              const grade = view.grading?.keyResults.find((g) => g.keyResultId === kr.keyResult.id);
              const open = openKeyResultId === kr.keyResult.id;
              const detailId = `kr-detail-${kr.keyResult.id}`;
              return (
                <li key={kr.keyResult.id} className="okr-key-result" data-key-result={kr.keyResult.id}>
                  <div className="okr-kr-main">
                    <p className="okr-kr-title">
                      <span className="subtle okr-id">{kr.keyResult.id}</span> {kr.keyResult.title}
                    </p>
                    <StatusBadge status={kr.status} i18n={i18n} />
                    {grade !== undefined && <GradeBadge grade={grade.grade} i18n={i18n} format={format} />}
                  </div>
                  <ProgressBar progress={kr.progress} expected={kr.expected} i18n={i18n} format={format} />
                  <p className="okr-kr-figures" data-testid="kr-figures">
                    <span>
                      {t('okrPage.keyResult.current', {
                        value: format.value(kr.currentValue, kr.keyResult),
                      })}
                    </span>
                    <span>
                      {t('okrPage.keyResult.startTarget', {
                        start: format.value(kr.start, kr.keyResult),
                        target: format.value(kr.target, kr.keyResult),
                      })}
                    </span>
                    <span>
                      {kr.confidence === null
                        ? t('okrPage.keyResult.noConfidence')
                        : t('okrPage.keyResult.confidence', { confidence: kr.confidence })}
                    </span>
                    <span>{t('okrPage.keyResult.owner.short', { owner: kr.owner.displayName })}</span>
                    <span>{t(`okrPage.source.${kr.keyResult.source}`)}</span>
                    <Sparkline view={kr} i18n={i18n} format={format} />
                  </p>
                  <div className="okr-actions">
                    <button
                      type="button"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      onClick={() => {
                        onToggleDetail(kr.keyResult.id);
                      }}
                    >
                      {t(open ? 'okrPage.keyResult.hideDetail' : 'okrPage.keyResult.showDetail')}
                      <span className="visually-hidden"> {kr.keyResult.title}</span>
                    </button>
                    {kr.canEdit && !closed && (
                      <>
                        <button
                          type="button"
                          onClick={() => {
                            onEditKeyResult(kr, view);
                          }}
                        >
                          {t('okrPage.keyResult.edit')}
                          <span className="visually-hidden"> {kr.keyResult.title}</span>
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            onArchiveKeyResult(kr);
                          }}
                        >
                          {t('okrPage.keyResult.archive')}
                          <span className="visually-hidden"> {kr.keyResult.title}</span>
                        </button>
                      </>
                    )}
                  </div>
                  {open && (
                    <div id={detailId} className="okr-kr-detail">
                      {renderDetail(kr, view)}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </li>
  );
}
