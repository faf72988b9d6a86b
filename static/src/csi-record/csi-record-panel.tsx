/**
 * The improvement-record panel on CSI issues (FITSM-CSI.md "Improvement record"): source, service, owner, the
 * uniform evaluation with its live score, the decision, baseline/target/result KPIs, lessons learned, the next
 * review and the feedback issues; the issue's place in the CSI workflow and what its next transition still needs.
 *
 * `CsiRecordPanel` holds the state and calls the resolvers; `CsiRecordContent` draws a given state (so every
 * state renders in tests without a browser). Everything is a real form control with a label, grouped in
 * fieldsets with legends; nothing needs a mouse.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import type { CsiErrorCode, CsiRecordView } from '../../../src/contract/csi';
import {
  CSI_CRITERIA,
  CSI_SOURCES,
  CSI_TEXT_LIMITS,
  type CsiCriterion,
  type CsiWeights,
  csiScore,
} from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import type { InvokeCsiRecord } from './csi-api-types';
import {
  CSI_DECISION_OUTCOMES,
  calendarDayIn,
  draftProblems,
  isDraftDirty,
  type DraftEdit,
  type RecordDraft,
} from './record-draft';
import { RatingGroup, anchorOf, peopleOptions, problemText, recordFieldControls } from './record-fields';
import {
  INITIAL_PANEL_STATE,
  loadRecord,
  panelReducer,
  saveRecord,
  type PanelState,
} from './record-panel-state';
import { FeedbackIssues, LastChange, WorkflowStatus } from './record-sections';
import { SaveStatus } from '../shared/save-status';
import type { InvokeFeedbackPanel } from './feedback-api-types';
import type { OpenPath } from './feedback-loop-section';
import { FeedbackSections } from './feedback-sections';
import { LoadingState } from '../shared/loading-state';

// Moved to the section files; re-exported so importers keep working.
export { peopleOptions, problemText } from './record-fields';

export interface CsiRecordPanelProps {
  readonly issueKey: string | null;
  /** The acting user's account id (from the view context); null when unknown. */
  readonly accountId: string | null;
  /** IANA time zone of the user: "today" for new evaluations and decisions. */
  readonly timeZone: string;
  readonly invoke: InvokeCsiRecord;
  readonly i18n: UiI18n;
  /** The clock (tests pass a fixed one). */
  readonly now?: () => number;
  /**
   * The feedback-loop resolvers (issue 11): with them the panel shows the loop and the effect check under the
   * record; without (tests of the record alone) it shows the record only.
   */
  readonly feedbackInvoke?: InvokeFeedbackPanel;
  /** Opens a Jira path (a feedback issue, a reply comment); Jira: `router.open`. */
  readonly openPath?: OpenPath;
}

export function CsiRecordPanel({
  issueKey,
  accountId,
  timeZone,
  invoke,
  i18n,
  now,
  feedbackInvoke,
  openPath,
}: CsiRecordPanelProps) {
  const [state, dispatch] = useReducer(panelReducer, INITIAL_PANEL_STATE);
  const [attempt, setAttempt] = useState(0);
  const statusRef = useRef<HTMLDivElement>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const locale = i18n.formattingLocale;

  useEffect(() => {
    let current = true;
    dispatch({ type: 'load-started' });
    void loadRecord(invoke, issueKey, locale).then((action) => {
      if (current) dispatch(action);
    });
    return () => {
      current = false;
    };
  }, [invoke, issueKey, locale, attempt]);

  const today = calendarDayIn((now ?? Date.now)(), timeZone);
  const onEdit = useCallback((edit: DraftEdit) => {
    dispatch({ type: 'edit', edit });
  }, []);

  async function onSave(): Promise<void> {
    if (state.load.phase !== 'loaded' || state.draft === null) return;
    const action = await saveRecord(invoke, state.load.view, state.draft, locale, () => {
      dispatch({ type: 'save-started' });
    });
    dispatch(action);
  }

  // After a save attempt, move the focus to what it says: the problems that blocked it, or the outcome.
  const savePhase = state.save.phase;
  const saveAttempts = state.saveAttempts;
  useEffect(() => {
    if (savePhase === 'problems') problemsRef.current?.focus();
    else if (savePhase === 'saved' || savePhase === 'failed') statusRef.current?.focus();
  }, [savePhase, saveAttempts]);

  // Leaving the page with unsaved input asks first (Jira shows the browser's own question).
  const dirty =
    state.load.phase === 'loaded' && state.draft !== null && isDraftDirty(state.draft, state.load.pristine);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);

  const after =
    feedbackInvoke !== undefined && issueKey !== null && state.load.phase === 'loaded' ? (
      <FeedbackSections
        issueKey={issueKey}
        invoke={feedbackInvoke}
        i18n={i18n}
        openPath={openPath ?? openInTop}
        recordVersion={state.load.view.version}
        recordDirty={dirty}
        onRecordChanged={(view) => {
          dispatch({ type: 'loaded', result: { ok: true, value: view }, locale });
        }}
        onReloadRecord={() => {
          setAttempt((n) => n + 1);
        }}
      />
    ) : undefined;

  return (
    <CsiRecordContent
      after={after}
      state={state}
      i18n={i18n}
      me={accountId}
      today={today}
      onEdit={onEdit}
      onSave={() => {
        void onSave();
      }}
      onReload={() => {
        setAttempt((n) => n + 1);
      }}
      statusRef={statusRef}
      problemsRef={problemsRef}
    />
  );
}

export interface CsiRecordContentProps {
  readonly state: PanelState;
  readonly i18n: UiI18n;
  readonly me: string | null;
  /** `YYYY-MM-DD` in the user's time zone. */
  readonly today: string;
  readonly onEdit: (edit: DraftEdit) => void;
  readonly onSave: () => void;
  /** Loads the record again (discarding unsaved input). */
  readonly onReload: () => void;
  /** Focused after a save: its outcome. */
  readonly statusRef?: React.RefObject<HTMLDivElement | null>;
  /** Focused when problems block a save. */
  readonly problemsRef?: React.RefObject<HTMLDivElement | null>;
  /** Shown under the record form (the feedback-loop sections). */
  readonly after?: ReactNode;
}

/** Load errors a second attempt can cure; the others need the user (or an administrator) to act first. */
const RETRYABLE: ReadonlySet<CsiErrorCode> = new Set(['invalid-payload', 'jira-unavailable', 'internal']);

/** The score of complete ratings with the project's weights; null while a criterion is unrated. */
export function liveScore(ratings: Readonly<Record<CsiCriterion, number | null>>, weights: CsiWeights) {
  const { benefit, urgency, effort, risk } = ratings;
  if (benefit === null || urgency === null || effort === null || risk === null) return null;
  try {
    return csiScore({ benefit, urgency, effort, risk }, weights);
  } catch {
    return null; // unusable weights: the server refuses them too
  }
}

export function CsiRecordContent(props: CsiRecordContentProps) {
  const { state, i18n } = props;
  const { t } = i18n;
  if (state.load.phase === 'loading') {
    return <LoadingState label={t('csiRecord.loading')} />;
  }
  if (state.load.phase === 'error') {
    const { code, detail } = state.load;
    if (code === 'not-csi-issue') {
      return (
        <section className="csi-empty" aria-labelledby="csi-empty-heading" data-testid="not-csi-issue">
          <h2 id="csi-empty-heading">{t('csiRecord.notCsi.heading')}</h2>
          <p>{t('csiRecord.notCsi.text')}</p>
          <p className="subtle">{t('csiRecord.notCsi.setup')}</p>
        </section>
      );
    }
    return (
      <div className="state-error" role="alert" data-testid="load-error">
        <h2>{t('csiRecord.error.heading')}</h2>
        <p>{t(`csiRecord.error.${code}`)}</p>
        {RETRYABLE.has(code) && (
          <button type="button" className="button-primary" onClick={props.onReload}>
            {t('csiRecord.retry')}
          </button>
        )}
        <details>
          <summary>{t('csiRecord.technicalDetail')}</summary>
          <code>
            {code}: {detail}
          </code>
        </details>
      </div>
    );
  }
  if (state.draft === null) return null;
  return <RecordForm {...props} view={state.load.view} pristine={state.load.pristine} draft={state.draft} />;
}

interface RecordFormProps extends CsiRecordContentProps {
  readonly view: CsiRecordView;
  readonly pristine: RecordDraft;
  readonly draft: RecordDraft;
}

function RecordForm({
  state,
  i18n,
  me,
  today,
  onEdit,
  onSave,
  onReload,
  statusRef,
  problemsRef,
  view,
  pristine,
  draft,
  after,
}: RecordFormProps) {
  const { t } = i18n;
  const locale = i18n.formattingLocale;
  const save = state.save;
  const problems = state.showProblems ? draftProblems(draft) : [];
  const dirty = isDraftDirty(draft, pristine);
  const canEdit = view.canEdit;
  const people = peopleOptions(view.people, me, draft, i18n);
  const score = liveScore(draft.ratings, view.weights);
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const { text, numberInput, date, textarea, person } = recordFieldControls({
    draft,
    problems,
    people,
    i18n,
    onEdit,
  });

  const baselineUnit = draft.baselineUnit.trim();
  const kpiName = draft.baselineName.trim();

  return (
    <main className="csi-root" aria-labelledby="csi-heading">
      <header className="csi-header stack stack-tight">
        <h2 id="csi-heading">{t('csiRecord.heading')}</h2>
        <p className="subtle">{t('csiRecord.intro')}</p>
      </header>

      <WorkflowStatus view={view} draft={draft} i18n={i18n} />

      {!canEdit && (
        <p className="note note-warning" role="note" data-testid="read-only-note">
          {t('csiRecord.readOnly')}
        </p>
      )}
      {view.mirror !== 'in-sync' && (
        <p className="note note-warning" role="note" data-testid="mirror-note">
          {t(
            view.mirror === 'repaired'
              ? 'csiRecord.mirror.repaired'
              : view.mirror === 'unsaved'
                ? 'csiRecord.mirror.unsaved'
                : 'csiRecord.mirror.mismatch',
          )}
        </p>
      )}

      <form
        noValidate
        aria-label={t('csiRecord.formLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          onSave();
        }}
      >
        <fieldset disabled={!canEdit || save.phase === 'saving'} className="plain-fieldset csi-groups">
          <fieldset className="csi-group">
            <legend>{t('csiRecord.group.registration')}</legend>
            <div className="field-row">
              <div className="field">
                <label className="field-label" htmlFor="csi-source">
                  {t('csiRecord.source')}
                </label>
                <select
                  id="csi-source"
                  value={draft.source}
                  onChange={(event) => {
                    onEdit({ type: 'set-source', value: event.target.value });
                  }}
                >
                  <option value="">{t('csiRecord.source.none')}</option>
                  {CSI_SOURCES.map((source) => (
                    <option key={source} value={source}>
                      {t(`csiRecord.source.${source}`)}
                    </option>
                  ))}
                </select>
              </div>
              {text('sourceDetail', t('csiRecord.sourceDetail'), CSI_TEXT_LIMITS.sourceDetail, true)}
            </div>
            <div className="field-row">
              {text('service', t('csiRecord.service'), CSI_TEXT_LIMITS.service, true)}
              {person('ownerAccountId', t('csiRecord.owner'))}
            </div>
          </fieldset>

          <fieldset className="csi-group" data-testid="evaluation">
            <legend>{t('csiRecord.group.evaluation')}</legend>
            <p className="subtle" id="csi-scale-help">
              {t('csiRecord.evaluation.scale')}
            </p>
            <div className="rating-grid">
              {CSI_CRITERIA.map((criterion) => (
                <RatingGroup
                  key={criterion}
                  criterion={criterion}
                  value={draft.ratings[criterion]}
                  weight={view.weights[criterion]}
                  problem={problems.find((p) => p.field === `rating-${criterion}`) ?? null}
                  i18n={i18n}
                  onRate={(rating) => {
                    onEdit({ type: 'rate', criterion, rating, me, today });
                  }}
                />
              ))}
            </div>
            <div className="field-row">
              {person('evaluatedByAccountId', t('csiRecord.evaluatedBy'))}
              {date('evaluatedOn', t('csiRecord.evaluatedOn'))}
            </div>
            <p className="csi-score">
              <span className="field-label" id="csi-score-label">
                {t('csiRecord.score')}
              </span>{' '}
              <output aria-labelledby="csi-score-label" aria-live="polite" data-testid="score">
                {score === null
                  ? t('csiRecord.score.none')
                  : t('csiRecord.score.value', { score: oneDecimal.format(score) })}
              </output>
            </p>
            <p className="subtle">{t('csiRecord.score.help')}</p>
          </fieldset>

          <fieldset className="csi-group">
            <legend>{t('csiRecord.group.decision')}</legend>
            <div className="field-row">
              <div className="field">
                <label className="field-label" htmlFor="csi-outcome">
                  {t('csiRecord.decision')}
                </label>
                <select
                  id="csi-outcome"
                  value={draft.decisionOutcome}
                  aria-invalid={problems.some((p) => p.code === 'outcome-missing') ? true : undefined}
                  onChange={(event) => {
                    onEdit({ type: 'set-outcome', value: event.target.value, today });
                  }}
                >
                  <option value="">{t('csiRecord.decision.none')}</option>
                  {CSI_DECISION_OUTCOMES.map((outcome) => (
                    <option key={outcome} value={outcome}>
                      {t(`csiRecord.decision.${outcome}`)}
                    </option>
                  ))}
                </select>
              </div>
              {person('deciderAccountId', t('csiRecord.decider'))}
              {date('decidedOn', t('csiRecord.decidedOn'))}
            </div>
            {textarea('rationale', t('csiRecord.rationale'), CSI_TEXT_LIMITS.rationale)}
          </fieldset>

          <fieldset className="csi-group">
            <legend>{t('csiRecord.group.kpi')}</legend>
            <p className="subtle">{t('csiRecord.kpi.help')}</p>
            <fieldset className="csi-subgroup">
              <legend>{t('csiRecord.group.baseline')}</legend>
              <div className="field-row">
                {text('baselineName', t('csiRecord.baseline.name'), CSI_TEXT_LIMITS.kpiName, true)}
                {numberInput('baselineValue', t('csiRecord.baseline.value'))}
                {text('baselineUnit', t('csiRecord.baseline.unit'), CSI_TEXT_LIMITS.kpiUnit)}
                {date('baselineMeasuredOn', t('csiRecord.baseline.measuredOn'))}
              </div>
            </fieldset>
            <fieldset className="csi-subgroup">
              <legend>{t('csiRecord.group.target')}</legend>
              <div className="field-row">
                {numberInput('targetValue', t('csiRecord.target.value'))}
                {date('targetDate', t('csiRecord.target.date'))}
                {baselineUnit !== '' && <span className="subtle unit-hint">{baselineUnit}</span>}
              </div>
            </fieldset>
            <fieldset className="csi-subgroup">
              <legend>{t('csiRecord.group.result')}</legend>
              <div className="field-row">
                {numberInput('resultValue', t('csiRecord.result.value'))}
                {date('resultMeasuredOn', t('csiRecord.result.measuredOn'))}
                {kpiName !== '' && (
                  <span className="subtle unit-hint">
                    {t('csiRecord.result.kpi', { name: kpiName, unit: baselineUnit })}
                  </span>
                )}
              </div>
            </fieldset>
          </fieldset>

          <fieldset className="csi-group">
            <legend>{t('csiRecord.group.review')}</legend>
            {date('nextReviewOn', t('csiRecord.nextReviewOn'))}
            {textarea('lessonsLearned', t('csiRecord.lessonsLearned'), CSI_TEXT_LIMITS.lessonsLearned)}
          </fieldset>

          <FeedbackIssues view={view} draft={draft} i18n={i18n} onEdit={onEdit} />
        </fieldset>

        {problems.length > 0 && (
          <div className="problems" role="alert" data-testid="problems" ref={problemsRef} tabIndex={-1}>
            <h3>{t('csiRecord.problems.heading')}</h3>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <a
                    href={`#${anchorOf(p)}`}
                    onClick={(event) => {
                      // Jump into the field itself, not just near it.
                      const target = document.getElementById(anchorOf(p));
                      if (target !== null) {
                        event.preventDefault();
                        target.focus();
                      }
                    }}
                  >
                    {problemText(p, i18n)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}

        {canEdit && (
          <div className="actions">
            <button type="submit" className="button-primary" disabled={save.phase === 'saving'}>
              {save.phase === 'saving' ? t('csiRecord.saving') : t('csiRecord.save')}
            </button>
            {dirty && (
              <span className="csi-dirty" data-testid="dirty">
                {t('csiRecord.unsaved')}
              </span>
            )}
          </div>
        )}
        <SaveStatus
          statusRef={statusRef}
          phase={save.phase}
          savingText={t('csiRecord.saving')}
          savedText={t('csiRecord.saved')}
        >
          {save.phase === 'failed' && (
            <div className="state-error" role="alert">
              <p>{t(`csiRecord.saveError.${save.code}`)}</p>
              {save.code === 'invalid-record' && <p className="csi-detail">{save.detail}</p>}
              {save.code === 'conflict' && (
                <p>
                  <button type="button" onClick={onReload}>
                    {t('csiRecord.reload')}
                  </button>{' '}
                  <span className="subtle">{t('csiRecord.reload.help')}</span>
                </p>
              )}
            </div>
          )}
        </SaveStatus>
      </form>

      {after}
      <LastChange view={view} i18n={i18n} />
    </main>
  );
}

/** Opens a Jira path in the top window (outside Jira's iframe; Jira's entry passes `router.open` instead). */
function openInTop(path: string): void {
  window.open(path, '_top');
}
