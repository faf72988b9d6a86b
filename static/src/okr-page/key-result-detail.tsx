/**
 * A key result's detail, opened in place under it (`getKeyResultDetail`): the history chart (a lazily loaded
 * chunk), the check-ins, the check-in form, "Measure now" for measured key results, the linked issues with their
 * status (open through Jira's router; link by key, unlink), the improvements among them as the experiments made
 * toward the key result, and for external key results the web trigger with secret rotation.
 */
import { lazy, Suspense, useCallback, useState, type SyntheticEvent } from 'react';
import type { KeyResultDetail, OkrLinkedIssueView } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { ChartBoundary } from './chart-boundary';
import { CheckInForm } from './check-in-form';
import { OkrErrorState, type OkrFailure } from './okr-error';
import type { OkrFormat } from './okr-format';
import type { OkrInvoke } from './okr-invoke';
import { useOkrLoad } from './okr-load';
import { periodFirstDate } from './okr-model';
import { SecretPanel } from './secret-panel';

const HistoryChart = lazy(() => import('./history-chart'));

export interface KeyResultDetailProps {
  readonly keyResultId: string;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
  readonly timeZone: string;
  /** `YYYY-MM-DD` in the viewer's zone. */
  readonly today: string;
  /** The period is closed: nothing changes any more. */
  readonly closed: boolean;
  readonly openIssue: (key: string) => void;
  readonly copy: (text: string) => Promise<void>;
  /** Something changed the key result (check-in, measurement, link): the overview reloads. */
  readonly onChanged: () => void;
}

/** Check-ins listed before "show all". */
const SHOWN_CHECK_INS = 10;

const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*$/;

export function KeyResultDetailPanel(props: KeyResultDetailProps) {
  const { keyResultId, invoke, i18n, onChanged } = props;
  const { t } = i18n;
  const load = useCallback(() => invoke('getKeyResultDetail', { keyResultId }), [invoke, keyResultId]);
  const { state, retry, reload: loadAgain } = useOkrLoad(load);
  const reload = (): void => {
    loadAgain();
    onChanged();
  };
  if (state.phase === 'loading') return <LoadingState label={t('okrPage.detail.loading')} />;
  if (state.phase === 'error') return <OkrErrorState failure={state.failure} i18n={i18n} onRetry={retry} />;
  return <LoadedDetail {...props} detail={state.value} onReload={reload} />;
}

function LoadedDetail({
  detail,
  invoke,
  i18n,
  format,
  timeZone,
  today,
  closed,
  openIssue,
  copy,
  onReload,
}: KeyResultDetailProps & { readonly detail: KeyResultDetail; readonly onReload: () => void }) {
  const { t } = i18n;
  const { view } = detail;
  const kr = view.keyResult;
  const editable = view.canEdit && !closed;
  const experiments = detail.linkedIssues.filter((issue) => issue.isImprovement);
  return (
    <div className="stack okr-detail" data-testid="kr-detail">
      <h4 className="visually-hidden">{t('okrPage.detail.heading', { keyResult: kr.title })}</h4>
      {view.lastMeasuredAtMs !== null && (
        <p className="subtle">
          {t('okrPage.detail.lastMeasured', { date: format.dateTime(view.lastMeasuredAtMs) })}
        </p>
      )}
      <ChartBoundary
        fallback={
          <p className="note note-warning" data-testid="chart-failed">
            {t('okrPage.chart.failed')}
          </p>
        }
      >
        <Suspense fallback={<LoadingState label={t('okrPage.chart.loading')} />}>
          <HistoryChart detail={detail} i18n={i18n} format={format} timeZone={timeZone} />
        </Suspense>
      </ChartBoundary>
      {kr.source === 'measured' && editable && (
        <MeasureButton detail={detail} invoke={invoke} i18n={i18n} format={format} onMeasured={onReload} />
      )}
      <CheckInList detail={detail} i18n={i18n} format={format} />
      {editable && (
        <CheckInForm
          view={view}
          invoke={invoke}
          i18n={i18n}
          today={today}
          periodStart={periodFirstDate(detail.objective.period)}
          onCheckedIn={onReload}
        />
      )}
      <LinkedIssues
        title={t('okrPage.links.heading')}
        testId="linked-issues"
        issues={detail.linkedIssues.filter((issue) => !issue.isImprovement)}
        hiddenCount={detail.hiddenOrMoreCount}
        emptyText={t('okrPage.links.none')}
        keyResultId={kr.id}
        editable={editable}
        invoke={invoke}
        i18n={i18n}
        openIssue={openIssue}
        onChanged={onReload}
      />
      {editable && <LinkForm keyResultId={kr.id} invoke={invoke} i18n={i18n} onLinked={onReload} />}
      <LinkedIssues
        title={t('okrPage.experiments.heading')}
        testId="experiments"
        issues={experiments}
        hiddenCount={0}
        emptyText={t('okrPage.experiments.none')}
        keyResultId={kr.id}
        editable={editable}
        invoke={invoke}
        i18n={i18n}
        openIssue={openIssue}
        onChanged={onReload}
      />
      {kr.source === 'external' && detail.webTriggerUrl !== null && (
        <SecretPanel
          keyResultId={kr.id}
          webTriggerUrl={detail.webTriggerUrl}
          hasSecret={detail.hasSecret}
          invoke={invoke}
          i18n={i18n}
          copy={copy}
        />
      )}
    </div>
  );
}

function MeasureButton({
  detail,
  invoke,
  i18n,
  format,
  onMeasured,
}: {
  readonly detail: KeyResultDetail;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
  readonly onMeasured: () => void;
}) {
  const { t } = i18n;
  const [phase, setPhase] = useState<'idle' | 'measuring'>('idle');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [failure, setFailure] = useState<OkrFailure | null>(null);
  const measure = async (): Promise<void> => {
    setPhase('measuring');
    setFailure(null);
    setOutcome(null);
    const answer = await invoke('measureKeyResult', { keyResultId: detail.view.keyResult.id });
    setPhase('idle');
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setOutcome(
      t('okrPage.measure.done', {
        value: format.value(answer.value.value, detail.view.keyResult),
        count: answer.value.issueCount,
      }),
    );
    onMeasured();
  };
  return (
    <div className="stack">
      <div className="okr-actions">
        <button type="button" disabled={phase === 'measuring'} onClick={() => void measure()}>
          {t('okrPage.measure.button')}
        </button>
      </div>
      <p role="status" aria-live="polite">
        {phase === 'measuring' ? t('okrPage.measure.running') : (outcome ?? '')}
      </p>
      {failure !== null && (
        <OkrErrorState failure={failure} i18n={i18n} heading={t('okrPage.measure.failed')} />
      )}
    </div>
  );
}

function CheckInList({
  detail,
  i18n,
  format,
}: {
  readonly detail: KeyResultDetail;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
}) {
  const { t } = i18n;
  const kr = detail.view.keyResult;
  const [all, setAll] = useState(false);
  // Newest first: the latest state of things is what a reader looks for; a daily external value makes many.
  const sorted = [...detail.checkIns].sort((a, b) => b.atMs - a.atMs || b.recordedAtMs - a.recordedAtMs);
  const checkIns = all ? sorted : sorted.slice(0, SHOWN_CHECK_INS);
  return (
    <div className="stack" data-testid="check-ins">
      <h4>{t('okrPage.checkIns.heading')}</h4>
      {checkIns.length === 0 ? (
        <p className="subtle">{t('okrPage.checkIns.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table okr-check-ins">
            <caption className="visually-hidden">{t('okrPage.checkIns.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('okrPage.column.date')}</th>
                <th scope="col">{t('okrPage.column.value')}</th>
                <th scope="col">{t('okrPage.column.confidence')}</th>
                <th scope="col">{t('okrPage.column.author')}</th>
                <th scope="col">{t('okrPage.column.source')}</th>
                <th scope="col">{t('okrPage.column.note')}</th>
              </tr>
            </thead>
            <tbody>
              {checkIns.map((checkIn) => (
                <tr key={checkIn.id} data-check-in={checkIn.id}>
                  <th scope="row">{format.dateTime(checkIn.atMs)}</th>
                  <td className="number">{format.value(checkIn.value, kr)}</td>
                  <td>{checkIn.confidence === null ? '–' : `${String(checkIn.confidence)}/10`}</td>
                  <td>{checkIn.author.displayName}</td>
                  <td>{t(`okrPage.source.${checkIn.source}`)}</td>
                  <td>{checkIn.note === '' ? '–' : checkIn.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sorted.length > SHOWN_CHECK_INS && (
        <div className="okr-actions">
          <button
            type="button"
            aria-expanded={all}
            onClick={() => {
              setAll(!all);
            }}
          >
            {all
              ? t('okrPage.checkIns.showLatest', { count: SHOWN_CHECK_INS })
              : t('okrPage.checkIns.showAll', { count: sorted.length })}
          </button>
        </div>
      )}
    </div>
  );
}

function LinkedIssues({
  title,
  testId,
  issues,
  hiddenCount,
  emptyText,
  keyResultId,
  editable,
  invoke,
  i18n,
  openIssue,
  onChanged,
}: {
  readonly title: string;
  readonly testId: string;
  readonly issues: readonly OkrLinkedIssueView[];
  readonly hiddenCount: number;
  readonly emptyText: string;
  readonly keyResultId: string;
  readonly editable: boolean;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly openIssue: (key: string) => void;
  readonly onChanged: () => void;
}) {
  const { t } = i18n;
  const [failure, setFailure] = useState<OkrFailure | null>(null);
  const unlink = async (issueKey: string): Promise<void> => {
    setFailure(null);
    const answer = await invoke('unlinkIssueFromKeyResult', { issueKey, keyResultId });
    if (answer.ok) onChanged();
    else setFailure(answer.error);
  };
  return (
    <div className="stack" data-testid={testId}>
      <h4>{title}</h4>
      {issues.length === 0 && hiddenCount > 0 ? (
        // Linked, but none the viewer may browse: "no issues linked yet" would be wrong.
        <p className="subtle">
          {t(hiddenCount === 1 ? 'okrPage.links.allHidden.one' : 'okrPage.links.allHidden', {
            count: hiddenCount,
          })}
        </p>
      ) : issues.length === 0 ? (
        <p className="subtle">{emptyText}</p>
      ) : (
        <ul className="okr-issues">
          {issues.map((issue) => (
            <li key={issue.issueId} data-issue={issue.issueKey}>
              <a
                href={`/browse/${encodeURIComponent(issue.issueKey)}`}
                className="issue-key"
                onClick={(event) => {
                  event.preventDefault();
                  openIssue(issue.issueKey);
                }}
              >
                {issue.issueKey}
              </a>{' '}
              {issue.summary}{' '}
              <span className={`lozenge lozenge-${issue.statusCategory}`}>{issue.statusName}</span>
              {editable && (
                <button type="button" className="okr-small" onClick={() => void unlink(issue.issueKey)}>
                  {t('okrPage.links.unlink')}
                  <span className="visually-hidden"> {issue.issueKey}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {hiddenCount > 0 && issues.length > 0 && (
        <p className="subtle">{t('okrPage.links.hidden', { count: hiddenCount })}</p>
      )}
      {failure !== null && (
        <OkrErrorState failure={failure} i18n={i18n} heading={t('okrPage.links.failed')} />
      )}
    </div>
  );
}

function LinkForm({
  keyResultId,
  invoke,
  i18n,
  onLinked,
}: {
  readonly keyResultId: string;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  readonly onLinked: () => void;
}) {
  const { t } = i18n;
  const [issueKey, setIssueKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<OkrFailure | null>(null);
  const inputId = `link-${keyResultId}`;
  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const key = issueKey.trim().toUpperCase();
    if (!ISSUE_KEY.test(key)) {
      setProblem(t('okrPage.links.badKey'));
      return;
    }
    setProblem(null);
    const answer = await invoke('linkIssueToKeyResult', { issueKey: key, keyResultId });
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setIssueKey('');
    onLinked();
  };
  return (
    <form className="okr-link-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="field okr-field">
        <label className="field-label" htmlFor={inputId}>
          {t('okrPage.links.issueKey')}
        </label>
        <input
          id={inputId}
          type="text"
          value={issueKey}
          placeholder="HD-42"
          aria-invalid={problem === null ? undefined : true}
          aria-describedby={problem === null ? undefined : `${inputId}-error`}
          onChange={(event) => {
            setIssueKey(event.target.value);
          }}
        />
        {problem !== null && (
          <span id={`${inputId}-error`} className="okr-field-error">
            {problem}
          </span>
        )}
      </div>
      <button type="submit">{t('okrPage.links.link')}</button>
      {failure !== null && (
        <OkrErrorState failure={failure} i18n={i18n} heading={t('okrPage.links.failed')} />
      )}
    </form>
  );
}
