/**
 * A failed FitSM plan or meeting call in the page's words (`fitsmPlan.error.<code>`, `fitsmMeeting.error.<code>`):
 * what went wrong and what to do, the resolver's detail under a disclosure, a retry only where one can help.
 */
import type { ReactNode } from 'react';
import type { FitsmMeetingErrorCode } from '../../../../src/contract/fitsm-meeting';
import type { FitsmPlanErrorCode } from '../../../../src/contract/fitsm-plan';
import type { UiI18n } from '../../i18n/load';

export interface PlanFailure {
  readonly code: FitsmPlanErrorCode | FitsmMeetingErrorCode;
  readonly detail: string;
}

/** Errors a second attempt can cure; the others need someone to change something first. */
const retryable: ReadonlySet<string> = new Set(['jira-unavailable', 'internal', 'busy', 'conflict']);

export function PlanFailureState({
  area,
  failure,
  i18n,
  onRetry,
  heading,
}: {
  readonly area: 'fitsmPlan' | 'fitsmMeeting';
  readonly failure: PlanFailure;
  readonly i18n: UiI18n;
  readonly onRetry?: (() => void) | undefined;
  readonly heading?: string;
}): ReactNode {
  const { t } = i18n;
  return (
    <div className="state-error" role="alert" data-testid="error" data-code={failure.code}>
      {heading !== undefined && <p className="heading-small">{heading}</p>}
      <p className="error-message">{t(`${area}.error.${failure.code}`)}</p>
      {onRetry !== undefined && retryable.has(failure.code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t('fitsmUi.retry')}
        </button>
      )}
      {failure.detail !== '' && (
        <details>
          <summary>{t('fitsmUi.technicalDetail')}</summary>
          <code>
            {failure.code}: {failure.detail}
          </code>
        </details>
      )}
    </div>
  );
}

/** The attribution line wherever FitSM ids show (FitSM is CC BY 4.0). */
export function FitsmAttribution({ i18n }: { readonly i18n: UiI18n }): ReactNode {
  return <p className="subtle fitsm-attribution">{i18n.t('fitsmUi.attribution')}</p>;
}

/** What a plan action last said: a success, or a warning with the failure behind it; null: nothing yet. */
export type PlanNotice = { readonly text: string; readonly failure?: PlanFailure } | null;

/** The polite live region under a plan page's actions (audits, schedule) that announces the last action's outcome. */
export function PlanNoticeRegion({
  notice,
  testId,
  i18n,
}: {
  readonly notice: PlanNotice;
  /** `data-testid` of the region. */
  readonly testId: string;
  readonly i18n: UiI18n;
}): ReactNode {
  return (
    <div aria-live="polite" data-testid={testId}>
      {notice !== null && (
        <div className="stack-tight">
          <p className={notice.failure === undefined ? 'state-success' : 'note note-warning'}>
            {notice.text}
          </p>
          {notice.failure !== undefined && (
            <PlanFailureState area="fitsmPlan" failure={notice.failure} i18n={i18n} />
          )}
        </div>
      )}
    </div>
  );
}
