/**
 * The record panel's "Feedbackschleife / Feedback loop" section (issue 11): the improvement's feedback issues with
 * status, reporter and CSAT rating, and per issue who was told at which step and when (with a link to the reply
 * comment) or that nobody was told yet; the CSAT average; and the opt-out switch for this improvement (people who
 * may edit the issue only). Loads through `getFeedbackLoop`, switches through `setFeedbackOptOut`.
 */
import { useEffect, useState } from 'react';
import type { FeedbackIssueLoopView, FeedbackLoopView } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import type { InvokeFeedbackPanel } from './feedback-api-types';
import { FeedbackErrorState, type FeedbackFailure } from './feedback-error';

/** Opens a path of the Jira site (`/browse/KEY?focusedCommentId=…`); Jira: `router.open`. */
export type OpenPath = (path: string) => void;

/** The Jira path of a comment on an issue. */
export function commentPath(issueKey: string, commentId: string): string {
  return `/browse/${encodeURIComponent(issueKey)}?focusedCommentId=${encodeURIComponent(commentId)}`;
}

type LoopState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: FeedbackFailure }
  | { readonly phase: 'loaded'; readonly view: FeedbackLoopView };

export interface FeedbackLoopSectionProps {
  readonly issueKey: string;
  readonly invoke: InvokeFeedbackPanel;
  readonly i18n: UiI18n;
  readonly openPath: OpenPath;
  /** The record's version: a saved record may list other feedback issues, so the loop loads again. */
  readonly recordVersion: number | null;
}

export function FeedbackLoopSection({
  issueKey,
  invoke,
  i18n,
  openPath,
  recordVersion,
}: FeedbackLoopSectionProps) {
  const { t } = i18n;
  const [state, setState] = useState<LoopState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [switching, setSwitching] = useState(false);
  const [switchFailure, setSwitchFailure] = useState<FeedbackFailure | null>(null);
  const [switched, setSwitched] = useState<boolean | null>(null);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void invoke('getFeedbackLoop', { issueKey }).then((answer) => {
      if (current)
        setState(
          answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', failure: answer.error },
        );
    });
    return () => {
      current = false;
    };
  }, [invoke, issueKey, attempt, recordVersion]);

  const setOptOut = async (optOut: boolean): Promise<void> => {
    setSwitching(true);
    setSwitchFailure(null);
    setSwitched(null);
    const answer = await invoke('setFeedbackOptOut', { issueKey, optOut });
    setSwitching(false);
    if (answer.ok) {
      setState({ phase: 'loaded', view: answer.value });
      setSwitched(answer.value.optOut);
    } else {
      setSwitchFailure(answer.error);
      if (answer.error.code === 'forbidden' && state.phase === 'loaded')
        setState({ phase: 'loaded', view: { ...state.view, canEdit: false } });
    }
  };

  return (
    <section className="csi-group stack" aria-labelledby="feedback-loop-heading" data-testid="feedback-loop">
      <h3 id="feedback-loop-heading">{t('feedbackLoop.heading')}</h3>
      {state.phase === 'loading' && <LoadingState label={t('feedbackLoop.loading')} />}
      {state.phase === 'error' && (
        <FeedbackErrorState
          failure={state.failure}
          heading={t('feedbackLoop.loadFailed')}
          i18n={i18n}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.phase === 'loaded' && (
        <LoopContent
          view={state.view}
          i18n={i18n}
          openPath={openPath}
          switching={switching}
          onOptOut={(optOut) => void setOptOut(optOut)}
        />
      )}
      <p role="status" className="state-success" data-testid="opt-out-status">
        {switched === null ? '' : t(switched ? 'feedbackLoop.optOut.on' : 'feedbackLoop.optOut.off')}
      </p>
      {switchFailure !== null && (
        <FeedbackErrorState
          failure={switchFailure}
          heading={t('feedbackLoop.optOut.failed')}
          i18n={i18n}
          testId="opt-out-error"
        />
      )}
    </section>
  );
}

function LoopContent({
  view,
  i18n,
  openPath,
  switching,
  onOptOut,
}: {
  readonly view: FeedbackLoopView;
  readonly i18n: UiI18n;
  readonly openPath: OpenPath;
  readonly switching: boolean;
  readonly onOptOut: (optOut: boolean) => void;
}) {
  const { t } = i18n;
  const number = new Intl.NumberFormat(i18n.formattingLocale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const rated = view.feedbackIssues.filter((issue) => issue.csat !== null).length;
  return (
    <>
      <p className="subtle">
        {t(view.replyOnImplementation ? 'feedbackLoop.explained.both' : 'feedbackLoop.explained.closed')}
      </p>
      <div className="field">
        <label className="checkbox feedback-switch">
          <input
            type="checkbox"
            role="switch"
            data-testid="opt-out"
            checked={view.optOut}
            disabled={!view.canEdit || switching}
            aria-describedby="opt-out-help"
            onChange={(event) => {
              onOptOut(event.target.checked);
            }}
          />
          <span>{t('feedbackLoop.optOut.label')}</span>
        </label>
        <span className="subtle" id="opt-out-help">
          {t(view.canEdit ? 'feedbackLoop.optOut.help' : 'feedbackLoop.optOut.readOnly')}
        </span>
      </div>
      {view.optOut && (
        <p className="note note-warning" data-testid="opt-out-note">
          {t('feedbackLoop.optOut.note')}
        </p>
      )}
      {view.feedbackIssues.length === 0 ? (
        <p className="subtle" data-testid="feedback-loop-empty">
          {t('feedbackLoop.none')}
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table feedback-loop-table" data-testid="feedback-loop-table">
              <caption className="visually-hidden">{t('feedbackLoop.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('feedbackLoop.column.issue')}</th>
                  <th scope="col">{t('feedbackLoop.column.reporter')}</th>
                  <th scope="col">{t('feedbackLoop.column.told')}</th>
                </tr>
              </thead>
              <tbody>
                {view.feedbackIssues.map((issue) => (
                  <FeedbackIssueRow key={issue.issueKey} issue={issue} i18n={i18n} openPath={openPath} />
                ))}
              </tbody>
            </table>
          </div>
          <p data-testid="csat-average">
            {view.csatAverage === null
              ? t('feedbackLoop.csat.averageNone')
              : t('feedbackLoop.csat.average', { average: number.format(view.csatAverage), count: rated })}
          </p>
        </>
      )}
    </>
  );
}

/** A CSAT rating as five stars (decoration) with its value in words. */
export function CsatStars({ rating, i18n }: { readonly rating: number | null; readonly i18n: UiI18n }) {
  const { t } = i18n;
  if (rating === null) return <span className="subtle">{t('feedbackLoop.csat.none')}</span>;
  return (
    <span className="csat" data-rating={rating}>
      <span className="csat-stars" aria-hidden="true">
        {'★'.repeat(rating)}
        <span className="csat-empty">{'☆'.repeat(5 - rating)}</span>
      </span>{' '}
      <span className="csat-value">{t('feedbackLoop.csat.value', { rating })}</span>
    </span>
  );
}

function FeedbackIssueRow({
  issue,
  i18n,
  openPath,
}: {
  readonly issue: FeedbackIssueLoopView;
  readonly i18n: UiI18n;
  readonly openPath: OpenPath;
}) {
  const { t } = i18n;
  const link = (path: string, text: string) => (
    <a
      href={path}
      onClick={(event) => {
        event.preventDefault();
        openPath(path);
      }}
    >
      {text}
    </a>
  );
  return (
    <tr data-key={issue.issueKey}>
      <th scope="row">
        <span className="issue-key">
          {link(`/browse/${encodeURIComponent(issue.issueKey)}`, issue.issueKey)}
        </span>{' '}
        <span className="feedback-summary">
          {issue.summary ?? <span className="subtle">{t('feedbackLoop.hidden')}</span>}
        </span>{' '}
        {issue.statusName !== null && (
          <span className="lozenge-small">
            <span className="visually-hidden">{t('feedbackLoop.column.status')}: </span>
            {issue.statusName}
          </span>
        )}
      </th>
      <td>
        <span className="feedback-reporter">{issue.reporter?.displayName ?? '–'}</span>{' '}
        <span className="feedback-csat">
          <span className="visually-hidden">{t('feedbackLoop.column.csat')}: </span>
          <CsatStars rating={issue.csat} i18n={i18n} />
        </span>
      </td>
      <td data-testid="told">
        {issue.replies.length === 0 ? (
          <span className="subtle">{t('feedbackLoop.notTold')}</span>
        ) : (
          <ul className="told-list">
            {issue.replies.map((reply) => (
              <li key={reply.step} data-step={reply.step}>
                {reply.state === 'reserved' || reply.toldAt === null
                  ? t('feedbackLoop.telling', { step: t(`feedbackLoop.step.${reply.step}`) })
                  : t('feedbackLoop.toldAt', {
                      step: t(`feedbackLoop.step.${reply.step}`),
                      when: i18n.format.dateTime(reply.toldAt),
                    })}
                {reply.commentId !== null && (
                  <> ({link(commentPath(issue.issueKey, reply.commentId), t('feedbackLoop.comment'))})</>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
