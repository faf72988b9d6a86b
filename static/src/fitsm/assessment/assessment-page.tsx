/**
 * The FitSM self-assessment page (global page, subpage `fitsm-assessment`): the history of assessments with the
 * newest one's capability per process (Fähigkeitsgrad) and the maturity of the management system (Reifegrad) as
 * the backend computes them; creating an assessment (title, date, assessors); one assessment opened in place
 * (assessment-detail.tsx). Loads through `getFitsmAssessments`; creating one opens it.
 */
import { useCallback, useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import {
  FITSM_ATTRIBUTION,
  FITSM_LIMITS,
  type FitsmAssessmentsView,
  type FitsmLevelsSummaryView,
} from '../../../../src/contract/fitsm-assessment';
import type { UiI18n } from '../../i18n/load';
import { downloadText } from '../../platform/download';
import { LoadingState } from '../../shared/loading-state';
import { AssessmentDetail } from './assessment-detail';
import { AssessmentFailureState, type AssessmentFailure } from './assessment-failure';
import { FitsmSettingsSection } from './fitsm-settings';
import {
  groupOf,
  groupTitle,
  levelText,
  parseAccountIds,
  type FitsmAssessmentInvoke,
} from './assessment-model';

export interface FitsmAssessmentPageProps {
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  /** The viewer (the first assessor of a new assessment); null when the host does not say. */
  readonly accountId: string | null;
  /** Today in the viewer's time zone (`YYYY-MM-DD`), the default date of a new assessment. */
  readonly today: string;
  /** Offers a file for download (the browser's Blob download by default). */
  readonly download?: (content: string, fileName: string, mimeType: string) => void;
}

type ListState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: AssessmentFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmAssessmentsView };

export function FitsmAssessmentPage({
  invoke,
  i18n,
  accountId,
  today,
  download = downloadText,
}: FitsmAssessmentPageProps): ReactNode {
  const { t } = i18n;
  const [state, setState] = useState<ListState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let current = true;
    // A reload after a change keeps the page (and the opened assessment, with its expanded groups and the reader's
    // place) on screen until the answer comes: only the first load or a retry shows the loading state.
    setState((previous) => (previous.phase === 'loaded' ? previous : { phase: 'loading' }));
    void invoke('getFitsmAssessments', {}).then((answer) => {
      if (!current) return;
      setState(
        answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
      );
    });
    return () => {
      current = false;
    };
  }, [invoke, attempt]);
  const reloadList = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  return (
    <main className="fitsm-page page page-wide" data-testid="fitsm-assessment-page">
      <header className="stack stack-tight">
        <h1>{t('manifest.okrPage.fitsmAssessmentTitle')}</h1>
        <p className="subtle">{t('fitsmAssessment.intro')}</p>
        <p className="subtle fitsm-attribution" data-testid="fitsm-attribution">
          {t('fitsmAssessment.attribution', { attribution: FITSM_ATTRIBUTION.text })}
        </p>
      </header>
      {state.phase === 'loading' && <LoadingState label={t('fitsmAssessment.loading')} />}
      {state.phase === 'error' && (
        <AssessmentFailureState
          failure={state.failure}
          i18n={i18n}
          heading={t('fitsmAssessment.loadFailed')}
          onRetry={reloadList}
        />
      )}
      {state.phase === 'loaded' && (
        <>
          <LatestLevels latest={state.view.latest} i18n={i18n} />
          <History
            view={state.view}
            i18n={i18n}
            openId={openId}
            onOpen={setOpenId}
            onCreate={
              state.view.canEdit && !creating
                ? () => {
                    setCreating(true);
                  }
                : undefined
            }
          />
          {creating && (
            <CreateForm
              invoke={invoke}
              i18n={i18n}
              accountId={accountId}
              today={today}
              onCancel={() => {
                setCreating(false);
              }}
              onCreated={(id) => {
                setCreating(false);
                setOpenId(id);
                reloadList();
              }}
            />
          )}
          {openId !== null && (
            <AssessmentDetail
              key={openId}
              id={openId}
              invoke={invoke}
              i18n={i18n}
              history={state.view.assessments}
              download={download}
              onChanged={reloadList}
            />
          )}
        </>
      )}
      <FitsmSettingsSection invoke={invoke} i18n={i18n} />
    </main>
  );
}

/** The newest assessment's maturity and the capability of each process, or that there is none yet. */
function LatestLevels({
  latest,
  i18n,
}: {
  readonly latest: FitsmLevelsSummaryView | null;
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  if (latest === null) {
    return (
      <section
        className="fitsm-empty stack stack-tight"
        data-testid="no-assessments"
        aria-labelledby="fa-empty"
      >
        <h2 id="fa-empty">{t('fitsmAssessment.empty.heading')}</h2>
        <p>{t('fitsmAssessment.empty.explained')}</p>
      </section>
    );
  }
  return (
    <section className="stack" aria-labelledby="fa-latest" data-testid="latest-levels">
      <h2 id="fa-latest">
        {t('fitsmAssessment.latest.heading', { title: latest.title, date: latest.date })}
      </h2>
      <p data-testid="latest-maturity">
        {t('fitsmAssessment.maturity', { level: levelText(latest.maturity.level, i18n) })}
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <caption>{t('fitsmAssessment.capability.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fitsmAssessment.column.process')}</th>
              <th scope="col">{t('fitsmAssessment.column.capability')}</th>
              <th scope="col">{t('fitsmAssessment.column.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {latest.capability.map((row) => (
              <tr key={row.processId} data-process={row.processId}>
                <th scope="row">{groupTitle(groupOf(row.processId), i18n)}</th>
                <td>{row.inScope ? levelText(row.level, i18n) : t('fitsmAssessment.outOfScope')}</td>
                <td>{row.inScope ? String(row.missingCount) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The assessments, newest first, each opened with a button; creating a new one for editors. */
function History({
  view,
  i18n,
  openId,
  onOpen,
  onCreate,
}: {
  readonly view: FitsmAssessmentsView;
  readonly i18n: UiI18n;
  readonly openId: string | null;
  readonly onOpen: (id: string) => void;
  readonly onCreate: (() => void) | undefined;
}): ReactNode {
  const { t } = i18n;
  return (
    <section className="stack" aria-labelledby="fa-history">
      <h2 id="fa-history">{t('fitsmAssessment.history.heading')}</h2>
      {!view.canEdit && (
        <p className="note" data-testid="read-only">
          {t('fitsmAssessment.readOnly')}
        </p>
      )}
      {view.assessments.length > 0 && (
        <ul className="fitsm-history" data-testid="assessment-history">
          {view.assessments.map((item) => (
            <li key={item.id} data-assessment={item.id}>
              <button
                type="button"
                aria-pressed={openId === item.id}
                onClick={() => {
                  onOpen(item.id);
                }}
              >
                {t('fitsmAssessment.history.open', { title: item.title, date: item.date })}
              </button>{' '}
              <span className="badge fitsm-status">{t(`fitsmAssessment.status.${item.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      {onCreate !== undefined && (
        <button type="button" className="button-primary fitsm-create" onClick={onCreate}>
          {t('fitsmAssessment.create')}
        </button>
      )}
    </section>
  );
}

/** A new assessment: title, date and assessors (account ids); created as a draft with target level 3. */
function CreateForm({
  invoke,
  i18n,
  accountId,
  today,
  onCancel,
  onCreated,
}: {
  readonly invoke: FitsmAssessmentInvoke;
  readonly i18n: UiI18n;
  readonly accountId: string | null;
  readonly today: string;
  readonly onCancel: () => void;
  readonly onCreated: (id: string) => void;
}): ReactNode {
  const { t } = i18n;
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(today);
  const [assessors, setAssessors] = useState(accountId ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<AssessmentFailure | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const ids = parseAccountIds(assessors);
    if (title.trim() === '') setProblem(t('fitsmAssessment.problem.title'));
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) setProblem(t('fitsmAssessment.problem.date'));
    else if (ids.length === 0 || ids.length > FITSM_LIMITS.assessors)
      setProblem(t('fitsmAssessment.problem.assessors', { max: String(FITSM_LIMITS.assessors) }));
    else {
      setProblem(null);
      setFailure(null);
      setSaving(true);
      void invoke('saveFitsmAssessment', {
        id: null,
        expectedVersion: null,
        title: title.trim(),
        date,
        assessors: ids,
        status: 'draft',
        outOfScope: [],
        targetLevel: 3,
        targetByGroup: {},
      }).then((answer) => {
        setSaving(false);
        if (answer.ok) onCreated(answer.value.assessment.id);
        else setFailure(answer.error);
      });
    }
  };

  return (
    <form
      className="fitsm-form stack"
      aria-labelledby="fa-create"
      onSubmit={submit}
      data-testid="create-form"
    >
      <h2 id="fa-create">{t('fitsmAssessment.createHeading')}</h2>
      <label className="field">
        <span className="field-label">{t('fitsmAssessment.field.title')}</span>
        <input
          value={title}
          maxLength={FITSM_LIMITS.titleChars}
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('fitsmAssessment.field.date')}</span>
        <input
          type="date"
          value={date}
          onChange={(event) => {
            setDate(event.target.value);
          }}
        />
      </label>
      <div className="field">
        <label className="field-label" htmlFor="fa-assessors">
          {t('fitsmAssessment.field.assessors')}
        </label>
        <textarea
          id="fa-assessors"
          rows={2}
          value={assessors}
          aria-describedby="fa-assessors-hint"
          onChange={(event) => {
            setAssessors(event.target.value);
          }}
        />
        <span id="fa-assessors-hint" className="subtle">
          {t('fitsmAssessment.field.assessorsHint')}
        </span>
      </div>
      {problem !== null && (
        <p className="problems" role="alert">
          {problem}
        </p>
      )}
      {failure !== null && (
        <AssessmentFailureState failure={failure} i18n={i18n} heading={t('fitsmAssessment.notSaved')} />
      )}
      <div className="field-row">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('fitsmAssessment.saving') : t('fitsmAssessment.createSubmit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('fitsmAssessment.cancel')}
        </button>
      </div>
    </form>
  );
}
