/**
 * One review meeting: its agenda by section (each item with its reason and a link to its issue) and its minutes —
 * a decision per improvement (approve, reject, defer, with a rationale), the free text and the status — saved in
 * one go. The answer names per decision what writing it into the improvement record gave (written, unchanged,
 * conflict, forbidden, …; `fitsmMeeting.decision.<result>`).
 */
import { useState, type SyntheticEvent, type ReactNode } from 'react';
import {
  AGENDA_KINDS,
  MEETING_LIMITS,
  type FitsmMeetingView,
  type MeetingDecision,
  type MeetingDecisionOutcome,
  type MeetingStatus,
} from '../../../../src/contract/fitsm-meeting';
import type { UiI18n } from '../../i18n/load';
import { PlanFailureState, type PlanFailure } from '../shared/plan-failure';
import { agendaReasonText } from './agenda-reason';
import type { MeetingInvoke } from './meeting-page';

type Outcome = MeetingDecision['outcome'];
const OUTCOMES: readonly Outcome[] = ['approved', 'rejected', 'deferred'];

interface DecisionDraft {
  readonly outcome: Outcome | '';
  readonly rationale: string;
}

export function MeetingDetail({
  invoke,
  i18n,
  view,
  accountId,
  openIssue,
  onSaved,
}: {
  readonly invoke: MeetingInvoke;
  readonly i18n: UiI18n;
  readonly view: FitsmMeetingView;
  readonly accountId: string | null;
  readonly openIssue?: ((key: string) => void) | undefined;
  readonly onSaved: (saved: FitsmMeetingView) => Promise<void>;
}): ReactNode {
  const { t, format } = i18n;
  const { meeting } = view;
  const editable = view.canEdit;
  const decisionKeys = [
    ...new Set(meeting.agenda.items.flatMap((item) => (item.issueKey === null ? [] : [item.issueKey]))),
  ];
  const [drafts, setDrafts] = useState<Readonly<Record<string, DecisionDraft>>>(() =>
    Object.fromEntries(
      decisionKeys.map((key) => {
        const stored = meeting.decisions.find((d) => d.issueKey === key);
        return [key, { outcome: stored?.outcome ?? '', rationale: stored?.rationale ?? '' }];
      }),
    ),
  );
  const [minutes, setMinutes] = useState(meeting.minutes);
  const [status, setStatus] = useState<MeetingStatus>(meeting.status);
  const [problem, setProblem] = useState('');
  const [failure, setFailure] = useState<PlanFailure | null>(null);
  const [outcomes, setOutcomes] = useState<readonly MeetingDecisionOutcome[]>(meeting.decisions);
  const [saving, setSaving] = useState(false);

  const issueLink = (key: string): ReactNode =>
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

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (accountId === null) {
      setProblem(t('fitsmMeetingPage.minutes.noDecider'));
      return;
    }
    const decisions: MeetingDecision[] = [];
    for (const key of decisionKeys) {
      const draft = drafts[key];
      if (draft === undefined || draft.outcome === '') continue;
      if (draft.rationale.trim() === '') {
        setProblem(t('fitsmMeetingPage.minutes.rationaleNeeded', { key }));
        return;
      }
      if (draft.rationale.length > MEETING_LIMITS.rationale) {
        setProblem(t('fitsmMeetingPage.minutes.tooLong', { key, max: MEETING_LIMITS.rationale }));
        return;
      }
      decisions.push({
        issueKey: key,
        outcome: draft.outcome,
        deciderAccountId: accountId,
        rationale: draft.rationale.trim(),
      });
    }
    if (minutes.length > MEETING_LIMITS.minutes) {
      setProblem(t('fitsmMeetingPage.minutes.minutesTooLong', { max: MEETING_LIMITS.minutes }));
      return;
    }
    setProblem('');
    setFailure(null);
    setSaving(true);
    const participants = meeting.participantAccountIds.includes(accountId)
      ? meeting.participantAccountIds
      : [...meeting.participantAccountIds, accountId];
    const answer = await invoke('saveFitsmMeetingMinutes', {
      meetingId: meeting.id,
      expectedVersion: view.version,
      status,
      participantAccountIds: participants.slice(0, MEETING_LIMITS.participants),
      minutes,
      decisions,
    });
    setSaving(false);
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setOutcomes(answer.value.outcomes);
    await onSaved(answer.value.meeting);
  };

  return (
    <section
      className="stack"
      data-testid="meeting-detail"
      data-meeting={meeting.id}
      aria-labelledby="fitsm-meeting-detail"
    >
      <h3 id="fitsm-meeting-detail" className="heading-small">
        {t('fitsmMeetingPage.detailHeading', {
          when: format.dateTime(new Date(meeting.startsAtMs).toISOString()),
        })}{' '}
        <span className="badge">{t(`fitsmMeetingPage.status.${meeting.status}`)}</span>
      </h3>
      <p className="subtle">
        {t('fitsmMeetingPage.preparedAt', { when: format.dateTime(meeting.agenda.preparedAt) })}
      </p>
      {view.hiddenCount > 0 && (
        <p className="note">{t('fitsmMeetingPage.hidden', { count: view.hiddenCount })}</p>
      )}
      {meeting.agenda.items.length === 0 ? (
        <p className="state-empty fitsm-empty" data-testid="agenda-empty">
          {t('fitsmMeetingPage.agendaEmpty')}
        </p>
      ) : (
        <div className="stack" data-testid="agenda">
          {AGENDA_KINDS.map((kind) => {
            const items = meeting.agenda.items.filter((item) => item.kind === kind);
            if (items.length === 0) return null;
            return (
              <section key={kind} data-agenda-kind={kind} aria-labelledby={`agenda-${kind}`}>
                <h4 id={`agenda-${kind}`} className="heading-small">
                  {t(`fitsmMeetingPage.kind.${kind}`)} ({items.length})
                </h4>
                <ul className="stack-tight">
                  {items.map((item, index) => (
                    <li key={`${item.issueKey ?? item.keyResultId ?? ''}-${String(index)}`}>
                      {item.issueKey !== null && issueLink(item.issueKey)} {item.title}
                      <br />
                      <span className="subtle">{agendaReasonText(item.reason, i18n)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {meeting.agenda.omitted > 0 && (
            <p className="note">{t('fitsmMeetingPage.omitted', { count: meeting.agenda.omitted })}</p>
          )}
        </div>
      )}
      <form
        className="stack-tight"
        onSubmit={(event) => void submit(event)}
        aria-labelledby="fitsm-minutes"
        noValidate
      >
        <h4 id="fitsm-minutes" className="heading-small">
          {t('fitsmMeetingPage.minutes.heading')}
        </h4>
        <fieldset className="plain-fieldset stack-tight" disabled={!editable}>
          {decisionKeys.map((key) => {
            const draft = drafts[key] ?? { outcome: '', rationale: '' };
            const setDraft = (next: Partial<DecisionDraft>): void => {
              setDrafts((all) => ({ ...all, [key]: { ...draft, ...next } }));
            };
            return (
              <div key={key} className="field-row" data-decision={key}>
                <label className="field">
                  <span className="field-label">{t('fitsmMeetingPage.minutes.decisionFor', { key })}</span>
                  <select
                    value={draft.outcome}
                    onChange={(e) => {
                      setDraft({ outcome: e.target.value as Outcome | '' });
                    }}
                  >
                    <option value="">{t('fitsmMeetingPage.minutes.noDecision')}</option>
                    {OUTCOMES.map((o) => (
                      <option key={o} value={o}>
                        {t(`fitsmMeetingPage.outcome.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span className="field-label">{t('fitsmMeetingPage.minutes.rationaleFor', { key })}</span>
                  <input
                    value={draft.rationale}
                    onChange={(e) => {
                      setDraft({ rationale: e.target.value });
                    }}
                  />
                </label>
              </div>
            );
          })}
          <label className="field">
            <span className="field-label">{t('fitsmMeetingPage.minutes.text')}</span>
            <textarea
              rows={4}
              value={minutes}
              onChange={(e) => {
                setMinutes(e.target.value);
              }}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('fitsmMeetingPage.minutes.status')}</span>
            <select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as MeetingStatus);
              }}
            >
              <option value="planned">{t('fitsmMeetingPage.status.planned')}</option>
              <option value="held">{t('fitsmMeetingPage.status.held')}</option>
            </select>
          </label>
          {editable && (
            <button type="submit" className="button-primary" disabled={saving} data-testid="save-minutes">
              {t('fitsmMeetingPage.minutes.save')}
            </button>
          )}
        </fieldset>
        <div aria-live="polite" data-testid="minutes-status">
          {problem !== '' && (
            <p className="problems" role="alert">
              {problem}
            </p>
          )}
          {failure !== null && <PlanFailureState area="fitsmMeeting" failure={failure} i18n={i18n} />}
        </div>
      </form>
      {outcomes.length > 0 && (
        <section aria-labelledby="fitsm-outcomes">
          <h4 id="fitsm-outcomes" className="heading-small">
            {t('fitsmMeetingPage.outcomes')}
          </h4>
          <ul className="stack-tight" data-testid="decision-outcomes">
            {outcomes.map((o) => (
              <li key={o.issueKey} data-outcome={o.issueKey} data-result={o.result}>
                <span aria-hidden="true">
                  {o.result === 'applied' || o.result === 'unchanged' ? '✓ ' : '⚠ '}
                </span>
                {issueLink(o.issueKey)} · {t(`fitsmMeetingPage.outcome.${o.outcome}`)} ·{' '}
                {t(`fitsmMeeting.decision.${o.result}`)}
                {o.detail !== '' && <span className="subtle"> ({o.detail})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
