/**
 * The CSI review meeting (Review-Termin, issue 12): the cadence (monthly or fortnightly from an anchor day) and
 * the next dates, "prepare agenda" for the next meeting, the meeting's agenda and minutes (in
 * `meeting-detail.tsx`), and the meeting history. Editors change the cadence, prepare and write minutes; others
 * read.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { FitsmMeetingsView, FitsmMeetingView } from '../../../../src/contract/fitsm-meeting';
import type { Invoke } from '../../api/resolver-types';
import type { UiI18n } from '../../i18n/load';
import { LoadingState } from '../../shared/loading-state';
import { PlanFailureState, type PlanFailure } from '../shared/plan-failure';
import { CadenceForm } from './cadence-form';
import { MeetingDetail } from './meeting-detail';

export type MeetingInvoke = Invoke<
  | 'getFitsmMeetings'
  | 'getFitsmMeeting'
  | 'saveFitsmMeetingCadence'
  | 'prepareFitsmMeeting'
  | 'saveFitsmMeetingMinutes'
>;

export interface MeetingPageProps {
  readonly invoke: MeetingInvoke;
  readonly i18n: UiI18n;
  /** The viewer: the decider of the decisions they record; null when the host does not say. */
  readonly accountId: string | null;
  /** The viewer's IANA zone (the cadence's default). */
  readonly timeZone: string;
  readonly openIssue?: (key: string) => void;
}

type State =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: PlanFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmMeetingsView };

export function MeetingPage({ invoke, i18n, accountId, timeZone, openIssue }: MeetingPageProps): ReactNode {
  const { t, format } = i18n;
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [meeting, setMeeting] = useState<FitsmMeetingView | null>(null);
  const [failure, setFailure] = useState<PlanFailure | null>(null);
  const [working, setWorking] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    const answer = await invoke('getFitsmMeetings', {});
    setState(answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error });
  }, [invoke]);

  useEffect(() => {
    setState({ phase: 'loading' });
    void load();
  }, [load, attempt]);

  if (state.phase === 'loading') return <LoadingState label={t('fitsmMeetingPage.loading')} />;
  if (state.phase === 'error')
    return (
      <PlanFailureState
        area="fitsmMeeting"
        failure={state.failure}
        i18n={i18n}
        heading={t('fitsmMeetingPage.loadFailed')}
        onRetry={() => {
          setAttempt((n) => n + 1);
        }}
      />
    );
  const { view } = state;
  const { cadence } = view.config;

  const prepare = async (): Promise<void> => {
    setWorking(true);
    setFailure(null);
    const next = view.next[0];
    // Preparing a meeting prepared before refreshes its agenda against its version (the open one's, or the
    // stored one's from the history); a meeting not prepared yet is new (null).
    let expectedVersion = meeting !== null && meeting.meeting.date === next?.date ? meeting.version : null;
    const stored = view.meetings.find((m) => m.date === next?.date);
    if (expectedVersion === null && stored !== undefined) {
      const current = await invoke('getFitsmMeeting', { meetingId: stored.id });
      if (current.ok) expectedVersion = current.value.version;
    }
    const answer = await invoke('prepareFitsmMeeting', { expectedVersion });
    setWorking(false);
    if (answer.ok) {
      setMeeting(answer.value);
      await load();
    } else setFailure(answer.error);
  };

  const open = async (meetingId: string): Promise<void> => {
    setFailure(null);
    const answer = await invoke('getFitsmMeeting', { meetingId });
    if (answer.ok) setMeeting(answer.value);
    else setFailure(answer.error);
  };

  const whenText = (startsAtMs: number): string => format.dateTime(new Date(startsAtMs).toISOString());

  return (
    <section
      className="stack fitsm-meeting"
      data-testid="fitsm-meeting"
      aria-labelledby="fitsm-meeting-heading"
    >
      <h2 id="fitsm-meeting-heading" className="heading-medium">
        {t('fitsmMeetingPage.heading')}
      </h2>
      {!view.canEdit && <p className="note">{t('fitsmMeetingPage.readOnly')}</p>}
      <section className="stack-tight" aria-labelledby="fitsm-meeting-next">
        <h3 id="fitsm-meeting-next" className="heading-small">
          {t('fitsmMeetingPage.next')}
        </h3>
        {cadence === null ? (
          <p className="state-empty fitsm-empty" data-testid="meeting-no-cadence">
            {t('fitsmMeetingPage.noCadence')}
          </p>
        ) : (
          <>
            <p data-testid="meeting-cadence">
              {t(`fitsmMeetingPage.cadence.${cadence.frequency}`, {
                anchor: cadence.anchorDate,
                time: cadence.startTime,
                zone: cadence.timeZone,
              })}
            </p>
            <ol data-testid="meeting-next-dates">
              {view.next.map((occurrence) => (
                <li key={occurrence.date}>{whenText(occurrence.startsAtMs)}</li>
              ))}
            </ol>
            {view.canEdit && (
              <button
                type="button"
                className="button-primary"
                disabled={working}
                onClick={() => void prepare()}
                data-testid="prepare-agenda"
              >
                {t('fitsmMeetingPage.prepare')}
              </button>
            )}
          </>
        )}
        {failure !== null && <PlanFailureState area="fitsmMeeting" failure={failure} i18n={i18n} />}
      </section>
      {meeting !== null && (
        <MeetingDetail
          key={`${meeting.meeting.id}/${String(meeting.version)}`}
          invoke={invoke}
          i18n={i18n}
          view={meeting}
          accountId={accountId}
          openIssue={openIssue}
          onSaved={async (saved) => {
            setMeeting(saved);
            await load();
          }}
        />
      )}
      <section className="stack-tight" aria-labelledby="fitsm-meeting-history">
        <h3 id="fitsm-meeting-history" className="heading-small">
          {t('fitsmMeetingPage.history')}
        </h3>
        {view.meetings.length === 0 ? (
          <p className="state-empty fitsm-empty" data-testid="meeting-history-empty">
            {t('fitsmMeetingPage.historyEmpty')}
          </p>
        ) : (
          <ul className="stack-tight" data-testid="meeting-history">
            {view.meetings.map((m) => (
              <li key={m.id} data-meeting={m.id}>
                <button type="button" className="link-button" onClick={() => void open(m.id)}>
                  {whenText(m.startsAtMs)}
                </button>{' '}
                <span className="badge">{t(`fitsmMeetingPage.status.${m.status}`)}</span>{' '}
                <span className="subtle">
                  {t('fitsmMeetingPage.historyFacts', {
                    items: m.agendaItemCount,
                    decisions: m.decisionCount,
                  })}
                </span>
                {m.openDecisionCount > 0 && (
                  <span className="note note-warning">
                    <span aria-hidden="true"> ⚠ </span>
                    {t('fitsmMeetingPage.openDecisions', { count: m.openDecisionCount })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {view.moreCount > 0 && (
          <p className="subtle">{t('fitsmMeetingPage.more', { count: view.moreCount })}</p>
        )}
      </section>
      {view.canEdit && (
        <CadenceForm invoke={invoke} i18n={i18n} config={view.config} timeZone={timeZone} onSaved={load} />
      )}
    </section>
  );
}
