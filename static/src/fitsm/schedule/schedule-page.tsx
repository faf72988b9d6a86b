/**
 * The implementation schedule (Zeitplan, issue 12): the CSI improvements that close FitSM gaps as a timeline by
 * quarter, with each item's key, summary, process, score, gap and dependency warnings. Editors move an item to
 * another quarter with a select (keyboard and screen reader alike; no drag), add and remove items, set the start
 * quarter and the capacity, and everyone exports the plan as CSV or JSON. Every change names the loaded version;
 * a conflict says so and loads the schedule again.
 */
import { useCallback, useEffect, useState, type SyntheticEvent, type ReactNode } from 'react';
import {
  FITSM_SUBJECT_ID_PATTERN,
  QUARTER_PATTERN,
  SCHEDULE_CAPACITY_RANGE,
  type FitsmPlanSettingsView,
  type FitsmScheduleItemView,
  type FitsmScheduleView,
} from '../../../../src/contract/fitsm-plan';
import type { Invoke } from '../../api/resolver-types';
import type { UiI18n } from '../../i18n/load';
import { downloadText } from '../../platform/download';
import { LoadingState } from '../../shared/loading-state';
import {
  FitsmAttribution,
  PlanFailureState,
  PlanNoticeRegion,
  type PlanFailure,
  type PlanNotice,
} from '../shared/plan-failure';

export type ScheduleInvoke = Invoke<
  | 'getFitsmSchedule'
  | 'moveFitsmScheduleItem'
  | 'addFitsmScheduleItem'
  | 'removeFitsmScheduleItem'
  | 'exportFitsmSchedule'
  | 'getFitsmPlanSettings'
  | 'saveFitsmPlanSettings'
>;

export interface SchedulePageProps {
  readonly invoke: ScheduleInvoke;
  readonly i18n: UiI18n;
  /** Offers a file for download (the browser's Blob download by default). */
  readonly download?: (content: string, fileName: string, mimeType: string) => void;
  /** Opens an issue (Jira: `router.open('/browse/KEY')`); absent: keys are plain text. */
  readonly openIssue?: (key: string) => void;
}

type State =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: PlanFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmScheduleView };

/** The quarter after `quarter` (`2026-Q4` → `2027-Q1`). */
export function nextQuarter(quarter: string): string {
  const match = QUARTER_PATTERN.exec(quarter);
  if (match === null) return quarter;
  const year = Number(match[1]);
  const q = Number(match[2]);
  return q === 4 ? `${String(year + 1)}-Q1` : `${String(year)}-Q${String(q + 1)}`;
}

export function SchedulePage({
  invoke,
  i18n,
  download = downloadText,
  openIssue,
}: SchedulePageProps): ReactNode {
  const { t } = i18n;
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<PlanNotice>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    const answer = await invoke('getFitsmSchedule', {});
    setState(answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error });
  }, [invoke]);

  useEffect(() => {
    setState({ phase: 'loading' });
    void load();
  }, [load, attempt]);

  /** Runs a change; a conflict explains itself and loads the schedule again, other failures are shown. */
  const change = async (
    run: () => Promise<{ ok: true } | { ok: false; error: PlanFailure }>,
    doneText: string,
  ): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    const answer = await run();
    setBusy(false);
    if (answer.ok) {
      setNotice({ text: doneText });
      await load();
      return true;
    }
    if (answer.error.code === 'conflict') {
      setNotice({ text: t('fitsmSchedule.conflictReloaded'), failure: answer.error });
      await load();
      return false;
    }
    setNotice({ text: t('fitsmSchedule.changeFailed'), failure: answer.error });
    return false;
  };

  if (state.phase === 'loading') return <LoadingState label={t('fitsmSchedule.loading')} />;
  if (state.phase === 'error')
    return (
      <PlanFailureState
        area="fitsmPlan"
        failure={state.failure}
        i18n={i18n}
        heading={t('fitsmSchedule.loadFailed')}
        onRetry={() => {
          setAttempt((n) => n + 1);
        }}
      />
    );

  const { view } = state;
  const { plan } = view;
  const quarters = plan.quarters.map((q) => q.quarter);
  const lastQuarter = quarters.at(-1);
  const moveTargets = lastQuarter === undefined ? [] : [...quarters, nextQuarter(lastQuarter)];
  const itemByKey = new Map(plan.items.map((item) => [item.improvementKey, item]));

  const exportAs = async (format: 'csv' | 'json'): Promise<void> => {
    const answer = await invoke('exportFitsmSchedule', { format });
    if (answer.ok) {
      const file = answer.value;
      download(file.content, file.fileName, `${file.mimeType};charset=utf-8`);
      setNotice({ text: t('fitsmSchedule.exported', { file: file.fileName }) });
    } else setNotice({ text: t('fitsmSchedule.changeFailed'), failure: answer.error });
  };

  const move = (item: FitsmScheduleItemView, value: string): void => {
    const quarter = value === '' ? null : value;
    void change(
      () =>
        invoke('moveFitsmScheduleItem', {
          improvementKey: item.improvementKey,
          quarter,
          expectedVersion: view.version ?? 0,
        }),
      quarter === null
        ? t('fitsmSchedule.unpinned', { key: item.improvementKey })
        : t('fitsmSchedule.moved', { key: item.improvementKey, quarter }),
    );
  };

  const remove = (item: FitsmScheduleItemView): void => {
    void change(
      () =>
        invoke('removeFitsmScheduleItem', {
          improvementKey: item.improvementKey,
          expectedVersion: view.version ?? 0,
        }),
      t('fitsmSchedule.removed', { key: item.improvementKey }),
    );
  };

  const keyOf = (key: string): ReactNode =>
    openIssue === undefined ? (
      <strong>{key}</strong>
    ) : (
      <button
        type="button"
        className="link-button"
        onClick={() => {
          openIssue(key);
        }}
      >
        {key}
      </button>
    );

  return (
    <section
      className="stack fitsm-schedule"
      data-testid="fitsm-schedule"
      aria-labelledby="fitsm-schedule-heading"
    >
      <h2 id="fitsm-schedule-heading" className="heading-medium">
        {t('fitsmSchedule.heading')}
      </h2>
      <p className="subtle">
        {t('fitsmSchedule.intro', {
          start: plan.settings.startQuarter,
          capacity: plan.settings.capacityPerQuarter,
        })}
      </p>
      {!view.canEdit && <p className="note">{t('fitsmSchedule.readOnly')}</p>}
      <div className="field-row">
        <button type="button" onClick={() => void exportAs('csv')} data-testid="schedule-export-csv">
          {t('fitsmSchedule.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('json')} data-testid="schedule-export-json">
          {t('fitsmSchedule.exportJson')}
        </button>
      </div>
      <PlanNoticeRegion notice={notice} testId="schedule-notice" i18n={i18n} />
      {plan.items.length === 0 ? (
        <p className="state-empty fitsm-empty" data-testid="schedule-empty">
          {t('fitsmSchedule.empty')}
        </p>
      ) : (
        <ol className="stack fitsm-quarters" aria-label={t('fitsmSchedule.timeline')}>
          {plan.quarters.map((quarter) => (
            <li key={quarter.quarter} data-quarter={quarter.quarter} className="fitsm-quarter">
              <h3 className="heading-small">
                {quarter.quarter}{' '}
                <span className="subtle">
                  {t('fitsmSchedule.load', {
                    load: quarter.load,
                    capacity: plan.settings.capacityPerQuarter,
                  })}
                </span>
              </h3>
              {quarter.overCapacity && (
                <p className="note note-warning">
                  <span aria-hidden="true">⚠ </span>
                  {t('fitsmSchedule.overCapacity')}
                </p>
              )}
              {quarter.itemKeys.length === 0 ? (
                <p className="subtle">{t('fitsmSchedule.quarterEmpty')}</p>
              ) : (
                <ul className="stack-tight">
                  {quarter.itemKeys.map((key) => {
                    const item = itemByKey.get(key);
                    if (item === undefined) return null;
                    return (
                      <li key={key} data-item={key} className="fitsm-schedule-item">
                        <p>
                          {keyOf(key)} {item.summary}
                        </p>
                        <p className="subtle">
                          {t('fitsmSchedule.itemFacts', {
                            subject: item.subjectId,
                            score: item.score === null ? '–' : item.score,
                            gap: item.gapSize === null ? '–' : item.gapSize,
                            rank: item.rank,
                          })}
                          {item.pinned && ` · ${t('fitsmSchedule.pinned')}`}
                        </p>
                        {item.dependencyWarnings.length > 0 && (
                          <p className="note note-warning" data-testid="dependency-warning">
                            <span aria-hidden="true">⚠ </span>
                            {t('fitsmSchedule.dependencyWarning', {
                              keys: item.dependencyWarnings.join(', '),
                            })}
                          </p>
                        )}
                        {view.canEdit && (
                          <div className="field-row">
                            <label className="field">
                              <span className="field-label">{t('fitsmSchedule.moveLabel', { key })}</span>
                              <select
                                value={item.pinned ? item.quarter : ''}
                                disabled={busy}
                                onChange={(event) => {
                                  move(item, event.target.value);
                                }}
                              >
                                <option value="">
                                  {t('fitsmSchedule.byRule', { quarter: item.quarter })}
                                </option>
                                {moveTargets.map((q) => (
                                  <option key={q} value={q}>
                                    {q}
                                  </option>
                                ))}
                              </select>
                            </label>
                            <button
                              type="button"
                              disabled={busy}
                              aria-label={t('fitsmSchedule.removeLabel', { key })}
                              onClick={() => {
                                remove(item);
                              }}
                            >
                              {t('fitsmSchedule.remove')}
                            </button>
                          </div>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {view.setAside.length > 0 && (
        <section className="stack-tight" aria-labelledby="fitsm-set-aside">
          <h3 id="fitsm-set-aside" className="heading-small">
            {t('fitsmSchedule.setAside')}
          </h3>
          <ul>
            {view.setAside.map((item) => (
              <li key={item.improvementKey}>
                {keyOf(item.improvementKey)} {item.summary} – {t('fitsmSchedule.setAsideRejected')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.canEdit && (
        <AddItemForm
          i18n={i18n}
          busy={busy}
          onAdd={(issueKey, subjectId) =>
            change(
              () => invoke('addFitsmScheduleItem', { issueKey, subjectId, expectedVersion: view.version }),
              t('fitsmSchedule.added', { key: issueKey }),
            )
          }
        />
      )}
      <ScheduleSettingsForm invoke={invoke} i18n={i18n} onSaved={load} />
      <FitsmAttribution i18n={i18n} />
    </section>
  );
}

function AddItemForm({
  i18n,
  busy,
  onAdd,
}: {
  readonly i18n: UiI18n;
  readonly busy: boolean;
  readonly onAdd: (issueKey: string, subjectId: string) => Promise<boolean>;
}): ReactNode {
  const { t } = i18n;
  const [issueKey, setIssueKey] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [problem, setProblem] = useState('');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const key = issueKey.trim().toUpperCase();
    const subject = subjectId.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) {
      setProblem(t('fitsmSchedule.add.badKey'));
      return;
    }
    if (!FITSM_SUBJECT_ID_PATTERN.test(subject)) {
      setProblem(t('fitsmSchedule.add.badSubject'));
      return;
    }
    setProblem('');
    void onAdd(key, subject).then((ok) => {
      if (ok) {
        setIssueKey('');
        setSubjectId('');
      }
    });
  };
  return (
    <form className="stack-tight" onSubmit={submit} aria-labelledby="fitsm-schedule-add" noValidate>
      <h3 id="fitsm-schedule-add" className="heading-small">
        {t('fitsmSchedule.add.heading')}
      </h3>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t('fitsmSchedule.add.issueKey')}</span>
          <input
            value={issueKey}
            onChange={(e) => {
              setIssueKey(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmSchedule.add.subject')}</span>
          <input
            value={subjectId}
            onChange={(e) => {
              setSubjectId(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('fitsmSchedule.add.submit')}
        </button>
      </div>
      {problem !== '' && (
        <p className="problems" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function ScheduleSettingsForm({
  invoke,
  i18n,
  onSaved,
}: {
  readonly invoke: ScheduleInvoke;
  readonly i18n: UiI18n;
  readonly onSaved: () => Promise<void>;
}): ReactNode {
  const { t } = i18n;
  const [view, setView] = useState<FitsmPlanSettingsView | null>(null);
  const [startQuarter, setStartQuarter] = useState('');
  const [capacity, setCapacity] = useState('');
  const [status, setStatus] = useState<{ readonly text: string; readonly failure?: PlanFailure } | null>(
    null,
  );

  const load = useCallback(async (): Promise<void> => {
    const answer = await invoke('getFitsmPlanSettings', {});
    if (!answer.ok) {
      setStatus({ text: t('fitsmSchedule.settings.loadFailed'), failure: answer.error });
      return;
    }
    setView(answer.value);
    setStartQuarter(answer.value.settings.startQuarter ?? '');
    setCapacity(String(answer.value.settings.capacityPerQuarter));
  }, [invoke, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (view === null)
    return status?.failure === undefined ? null : (
      <PlanFailureState area="fitsmPlan" failure={status.failure} i18n={i18n} heading={status.text} />
    );

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const quarter = startQuarter.trim().toUpperCase();
    const perQuarter = Number(capacity);
    if (quarter !== '' && !QUARTER_PATTERN.test(quarter)) {
      setStatus({ text: t('fitsmSchedule.settings.badQuarter') });
      return;
    }
    if (
      !Number.isInteger(perQuarter) ||
      perQuarter < SCHEDULE_CAPACITY_RANGE.min ||
      perQuarter > SCHEDULE_CAPACITY_RANGE.max
    ) {
      setStatus({
        text: t('fitsmSchedule.settings.badCapacity', {
          min: SCHEDULE_CAPACITY_RANGE.min,
          max: SCHEDULE_CAPACITY_RANGE.max,
        }),
      });
      return;
    }
    const answer = await invoke('saveFitsmPlanSettings', {
      settings: {
        ...view.settings,
        startQuarter: quarter === '' ? null : quarter,
        capacityPerQuarter: perQuarter,
      },
      expectedVersion: view.version,
    });
    if (answer.ok) {
      setView(answer.value);
      setStatus({ text: t('fitsmSchedule.settings.saved') });
      await onSaved();
    } else {
      setStatus({ text: t('fitsmSchedule.settings.saveFailed'), failure: answer.error });
      if (answer.error.code === 'conflict') {
        // The latest version to save against; the input stays as typed.
        const latest = await invoke('getFitsmPlanSettings', {});
        if (latest.ok) setView(latest.value);
      }
    }
  };

  return (
    <form
      className="stack-tight"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="fitsm-schedule-settings"
      noValidate
    >
      <h3 id="fitsm-schedule-settings" className="heading-small">
        {t('fitsmSchedule.settings.heading')}
      </h3>
      <fieldset className="plain-fieldset field-row" disabled={!view.canEdit}>
        <label className="field">
          <span className="field-label">{t('fitsmSchedule.settings.startQuarter')}</span>
          <input
            value={startQuarter}
            placeholder="2026-Q1"
            onChange={(e) => {
              setStartQuarter(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmSchedule.settings.capacity')}</span>
          <input
            type="number"
            min={SCHEDULE_CAPACITY_RANGE.min}
            max={SCHEDULE_CAPACITY_RANGE.max}
            value={capacity}
            onChange={(e) => {
              setCapacity(e.target.value);
            }}
          />
        </label>
        {view.canEdit && (
          <button type="submit" className="button-primary">
            {t('fitsmSchedule.settings.save')}
          </button>
        )}
      </fieldset>
      <div aria-live="polite" data-testid="schedule-settings-status">
        {status !== null &&
          (status.failure === undefined ? (
            <p className={status.text === t('fitsmSchedule.settings.saved') ? 'state-success' : 'problems'}>
              {status.text}
            </p>
          ) : (
            <PlanFailureState area="fitsmPlan" failure={status.failure} i18n={i18n} heading={status.text} />
          ))}
      </div>
    </form>
  );
}
