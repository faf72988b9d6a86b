/**
 * The record panel's read-mostly sections: the issue's place in the CSI workflow, the feedback issues and the
 * last change. Split from `csi-record-panel.tsx` (pure moves, behaviour unchanged).
 */
import type { CsiRecordView } from '../../../src/contract/csi';
import { CSI_STATUSES, CSI_TRANSITIONS, type CsiStatusKey } from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import { bestEffortRecordInput, formatCalendarDay, type DraftEdit, type RecordDraft } from './record-draft';
import { nextStepOf, stepStates } from './record-workflow';

function statusName(key: CsiStatusKey, i18n: UiI18n): string {
  return CSI_STATUSES.find((s) => s.key === key)?.names[i18n.language] ?? key;
}

/** The CSI workflow as a step indicator and what the next transition needs. */
export function WorkflowStatus({
  view,
  draft,
  i18n,
}: {
  readonly view: CsiRecordView;
  readonly draft: RecordDraft;
  readonly i18n: UiI18n;
}) {
  const { t } = i18n;
  const status = view.statusKey;
  const next = nextStepOf(status, bestEffortRecordInput(draft));
  const sideExit = status === 'rejected' || status === 'deferred';
  let hint: string;
  if (status === null) hint = t('csiRecord.workflow.foreignStatus', { status: view.statusName });
  else if (next === null) hint = t(`csiRecord.workflow.finished.${status}`);
  else {
    const transition = next.transition.names[i18n.language];
    if (next.transition.rule === null) hint = t('csiRecord.workflow.next', { transition });
    else if (next.missing.length === 0) hint = t('csiRecord.workflow.ready', { transition });
    else
      hint = t('csiRecord.workflow.missing', {
        transition,
        missing: next.missing.map((need) => t(`csiRecord.need.${need}`)).join(', '),
      });
  }
  return (
    <section className="csi-workflow stack" aria-labelledby="csi-workflow-heading" data-testid="workflow">
      <h3 id="csi-workflow-heading">{t('csiRecord.workflow.heading')}</h3>
      <ol className="csi-steps">
        {stepStates(sideExit ? null : status).map(({ key, state }) => (
          <li
            key={key}
            className={`csi-step step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="step-marker" aria-hidden="true">
              {state === 'done' ? '✓' : ''}
            </span>
            <span className="step-name">{statusName(key, i18n)}</span>
            {state !== 'upcoming' && (
              <span className="visually-hidden"> ({t(`csiRecord.workflow.step.${state}`)})</span>
            )}
          </li>
        ))}
      </ol>
      {sideExit && (
        <p className="csi-side-exit" data-testid="side-exit">
          {t('csiRecord.workflow.sideExit', { status: statusName(status, i18n) })}
        </p>
      )}
      <p
        className={next !== null && next.missing.length > 0 ? 'note note-warning' : 'note'}
        data-testid="next-step"
      >
        {hint}
      </p>
      {/* The rules of the transitions ahead, so nobody is surprised by the validator. */}
      <p className="subtle">
        {t('csiRecord.workflow.rules', {
          approve: transitionName('approve', i18n),
          verify: transitionName('verify', i18n),
          close: transitionName('close', i18n),
        })}
      </p>
    </section>
  );
}

function transitionName(key: string, i18n: UiI18n): string {
  return CSI_TRANSITIONS.find((transition) => transition.key === key)?.names[i18n.language] ?? key;
}

/** Checkboxes over the issues linked to this one; stored keys no longer linked stay listed so they can be removed. */
export function FeedbackIssues({
  view,
  draft,
  i18n,
  onEdit,
}: {
  readonly view: CsiRecordView;
  readonly draft: RecordDraft;
  readonly i18n: UiI18n;
  readonly onEdit: (edit: DraftEdit) => void;
}) {
  const { t } = i18n;
  const linkedKeys = new Set(view.linkedIssues.map((issue) => issue.key));
  const unlinked = draft.feedbackIssueKeys.filter((key) => !linkedKeys.has(key));
  const toggle = (key: string) => {
    onEdit({ type: 'toggle-feedback', key });
  };
  return (
    <fieldset className="csi-group" data-testid="feedback">
      <legend>{t('csiRecord.group.feedback')}</legend>
      {view.linkedIssues.length === 0 && unlinked.length === 0 ? (
        <p className="subtle">{t('csiRecord.feedback.none')}</p>
      ) : (
        <>
          <p className="subtle">{t('csiRecord.feedback.help')}</p>
          <ul className="feedback-list">
            {view.linkedIssues.map((issue) => (
              <li key={issue.key}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.feedbackIssueKeys.includes(issue.key)}
                    onChange={() => {
                      toggle(issue.key);
                    }}
                  />
                  <span className="issue-key">{issue.key}</span> {issue.summary}
                </label>{' '}
                <span className="lozenge-small">{issue.statusName}</span>
              </li>
            ))}
            {unlinked.map((key) => (
              <li key={key}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked
                    onChange={() => {
                      toggle(key);
                    }}
                  />
                  <span className="issue-key">{key}</span> {t('csiRecord.feedback.unlinked')}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}

/** When the record was last saved, and by whom. */
export function LastChange({ view, i18n }: { readonly view: CsiRecordView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const { updatedAt, updatedByAccountId } = view.record;
  if (updatedAt === null) {
    return <p className="subtle csi-last-change">{t('csiRecord.neverSaved')}</p>;
  }
  const who =
    view.people.find((p) => p.accountId === updatedByAccountId)?.displayName ??
    updatedByAccountId ??
    t('csiRecord.person.someone');
  const evaluated = view.record.evaluation;
  return (
    <p className="subtle csi-last-change" data-testid="last-change">
      {t('csiRecord.lastChange', { when: i18n.format.dateTime(updatedAt), who })}
      {evaluated !== null &&
        ` ${t('csiRecord.lastEvaluation', { day: formatCalendarDay(evaluated.evaluatedOn, i18n.formattingLocale) })}`}
    </p>
  );
}
