/**
 * The record panel's "Wirkung prüfen / Effect check" section (issue 11, FLOW-METRICS.md §6): where the check
 * stands (not configured, not in Verifying, waiting until the due day, due, checked), "Jetzt prüfen" with progress,
 * the latest result in plain language with its before/after chart, the earlier runs, "Ergebnis übernehmen" (writes
 * the proposed result into the record, guarded by the record's version: a `conflict` is explained and the record
 * reloaded) and the configuration form.
 */
import { useEffect, useRef, useState } from 'react';
import type { CsiRecordView } from '../../../src/contract/csi';
import type { EffectCheckView } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { formatCalendarDay } from './record-draft';
import type { InvokeFeedbackPanel } from './feedback-api-types';
import { FeedbackErrorState, type FeedbackFailure } from './feedback-error';
import { EffectConfigForm } from './effect-config-form';
import { LatestRun, RunHistory } from './effect-result';
import { unitText } from './effect-format';

type CheckState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: FeedbackFailure }
  | { readonly phase: 'loaded'; readonly view: EffectCheckView };

type ActionState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running' | 'adopting' }
  | { readonly phase: 'ran' }
  | { readonly phase: 'adopted'; readonly view: CsiRecordView }
  | { readonly phase: 'failed'; readonly what: 'run' | 'adopt'; readonly failure: FeedbackFailure };

export interface EffectCheckSectionProps {
  readonly issueKey: string;
  readonly invoke: InvokeFeedbackPanel;
  readonly i18n: UiI18n;
  /** The version of the record the panel holds (adopting writes only from it). */
  readonly recordVersion: number | null;
  /** The record form has unsaved input (adopting would replace the form: the user saves or discards first). */
  readonly recordDirty: boolean;
  /** The record after adopting a result. */
  readonly onRecordChanged: (view: CsiRecordView) => void;
  /** Loads the record again (after a conflict). */
  readonly onReloadRecord: () => void;
}

export function EffectCheckSection(props: EffectCheckSectionProps) {
  const { issueKey, invoke, i18n } = props;
  const { t } = i18n;
  const [state, setState] = useState<CheckState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [action, setAction] = useState<ActionState>({ phase: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void invoke('getEffectCheck', { issueKey }).then((answer) => {
      if (current)
        setState(
          answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
        );
    });
    return () => {
      current = false;
    };
  }, [invoke, issueKey, attempt]);

  // After running or adopting, the outcome takes the focus, so a screen reader reads it.
  useEffect(() => {
    if (action.phase === 'ran' || action.phase === 'adopted' || action.phase === 'failed')
      resultRef.current?.focus();
  }, [action.phase]);

  const reload = (): void => {
    setAction({ phase: 'idle' });
    setAttempt((n) => n + 1);
  };

  const run = async (): Promise<void> => {
    setAction({ phase: 'running' });
    const answer = await invoke('runEffectCheck', { issueKey });
    if (answer.ok) {
      setState({ phase: 'loaded', view: answer.value });
      setAction({ phase: 'ran' });
    } else setAction({ phase: 'failed', what: 'run', failure: answer.error });
  };

  const adopt = async (runId: string): Promise<void> => {
    setAction({ phase: 'adopting' });
    const answer = await invoke('adoptEffectResult', {
      issueKey,
      runId,
      expectedRecordVersion: props.recordVersion,
    });
    if (answer.ok) {
      setAction({ phase: 'adopted', view: answer.value });
      props.onRecordChanged(answer.value);
    } else setAction({ phase: 'failed', what: 'adopt', failure: answer.error });
  };

  return (
    <section className="csi-group stack" aria-labelledby="effect-check-heading" data-testid="effect-check">
      <h3 id="effect-check-heading">{t('effectCheck.heading')}</h3>
      {state.phase === 'loading' && <LoadingState label={t('effectCheck.loading')} />}
      {state.phase === 'error' && (
        <FeedbackErrorState
          failure={state.failure}
          heading={t('effectCheck.loadFailed')}
          i18n={i18n}
          onRetry={reload}
        />
      )}
      {state.phase === 'loaded' && (
        <>
          <StateText view={state.view} i18n={i18n} />
          {state.view.canEdit && state.view.config !== null && (
            <div className="actions">
              <button
                type="button"
                className="button-primary"
                disabled={action.phase === 'running' || action.phase === 'adopting'}
                onClick={() => void run()}
              >
                {t('effectCheck.run')}
              </button>
            </div>
          )}
          <div
            ref={resultRef}
            tabIndex={-1}
            aria-live="polite"
            className="save-status"
            data-testid="effect-action-status"
          >
            {action.phase === 'running' && (
              <span role="status">
                <span className="spinner" aria-hidden="true" /> {t('effectCheck.running')}
              </span>
            )}
            {action.phase === 'adopting' && (
              <span role="status">
                <span className="spinner" aria-hidden="true" /> {t('effectCheck.adopting')}
              </span>
            )}
            {action.phase === 'ran' && <span className="state-success">{t('effectCheck.ran')}</span>}
            {action.phase === 'adopted' && (
              <span className="state-success" data-testid="effect-adopted">
                {action.view.record.result === null
                  ? t('effectCheck.adopted')
                  : t('effectCheck.adoptedValue', {
                      name: action.view.record.result.name,
                      value: new Intl.NumberFormat(i18n.formattingLocale, {
                        maximumFractionDigits: 2,
                      }).format(action.view.record.result.value),
                      unit: action.view.record.result.unit,
                    })}
              </span>
            )}
            {action.phase === 'failed' && action.failure.code === 'conflict' && (
              <div className="state-error" role="alert" data-testid="effect-adopt-conflict">
                <p>{t(action.what === 'adopt' ? 'effectCheck.adoptConflict' : 'effectCheck.runConflict')}</p>
                <p>
                  <button
                    type="button"
                    onClick={() => {
                      if (action.what === 'adopt') props.onReloadRecord();
                      reload();
                    }}
                  >
                    {t('effectCheck.reload')}
                  </button>
                </p>
              </div>
            )}
            {action.phase === 'failed' && action.failure.code !== 'conflict' && (
              <FeedbackErrorState
                failure={action.failure}
                heading={t(action.what === 'run' ? 'effectCheck.runFailed' : 'effectCheck.adoptFailed')}
                i18n={i18n}
                testId="effect-action-error"
              />
            )}
          </div>
          {state.view.latest !== null && (
            <>
              <LatestRun run={state.view.latest} i18n={i18n} />
              {state.view.latest.proposedResult !== null && (
                <Adopt
                  {...props}
                  view={state.view}
                  busy={action.phase === 'running' || action.phase === 'adopting'}
                  onAdopt={(runId) => void adopt(runId)}
                />
              )}
            </>
          )}
          <RunHistory runs={state.view.history} i18n={i18n} />
          <EffectConfigForm
            key={attempt}
            view={state.view}
            invoke={invoke}
            i18n={i18n}
            onSaved={(view) => {
              setState({ phase: 'loaded', view });
            }}
            onReload={reload}
          />
        </>
      )}
    </section>
  );
}

function StateText({ view, i18n }: { readonly view: EffectCheckView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const day = (date: string | null): string =>
    date === null ? t('effectCheck.result.noValue') : formatCalendarDay(date, i18n.formattingLocale);
  const text =
    view.state === 'waiting'
      ? t('effectCheck.state.waiting', { since: day(view.enteredVerifyingOn), dueOn: day(view.dueOn) })
      : view.state === 'checked' && view.latest !== null
        ? t('effectCheck.state.checked', { when: i18n.format.dateTime(view.latest.ranAt) })
        : t(`effectCheck.state.${view.state}`);
  return (
    <div className="stack stack-tight">
      <p
        className={view.state === 'due' ? 'note note-warning' : 'note'}
        data-testid="effect-state"
        data-state={view.state}
      >
        {text}
      </p>
      {view.changeDate !== null && (
        <p className="subtle" data-testid="effect-change-date">
          {t('effectCheck.changeDateInForce', { date: day(view.changeDate) })}
        </p>
      )}
      {!view.canEdit && <p className="subtle">{t('effectCheck.readOnly')}</p>}
    </div>
  );
}

function Adopt({
  view,
  i18n,
  busy,
  recordDirty,
  onAdopt,
}: EffectCheckSectionProps & {
  readonly view: EffectCheckView;
  readonly busy: boolean;
  readonly onAdopt: (runId: string) => void;
}) {
  const { t } = i18n;
  const latest = view.latest;
  const proposed = latest?.proposedResult ?? null;
  if (latest === null || proposed === null) return null;
  const number = new Intl.NumberFormat(i18n.formattingLocale, { maximumFractionDigits: 2 });
  return (
    <div className="stack stack-tight" data-testid="effect-adopt">
      <p>
        {t('effectCheck.proposed', {
          name: proposed.name,
          value: number.format(proposed.value),
          unit: unitText(proposed.unit, t),
          day: formatCalendarDay(proposed.measuredOn, i18n.formattingLocale),
        })}
      </p>
      {view.canEdit && (
        <p>
          <button
            type="button"
            disabled={busy || recordDirty}
            aria-describedby={recordDirty ? 'effect-adopt-dirty' : undefined}
            onClick={() => {
              onAdopt(latest.runId);
            }}
          >
            {t('effectCheck.adopt')}
          </button>{' '}
          {recordDirty && (
            <span className="subtle" id="effect-adopt-dirty">
              {t('effectCheck.adoptDirty')}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
