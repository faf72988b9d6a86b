/**
 * A failed assessment call in the page's words (`fitsmAssessment.error.<code>`, or `fitsmPlan.error.<code>` for
 * registering gaps): what went wrong and what to do, the resolver's detail under a disclosure, a retry only where
 * a second attempt can help.
 */
import type { ReactNode } from 'react';
import type { UiI18n } from '../../i18n/load';

export interface AssessmentFailure {
  readonly code: string;
  readonly detail: string;
}

/** Errors a second attempt can cure; the others need someone to change something first. */
const retryable: ReadonlySet<string> = new Set(['jira-unavailable', 'internal', 'busy']);

export function AssessmentFailureState({
  failure,
  i18n,
  heading,
  onRetry,
  area = 'fitsmAssessment',
}: {
  readonly failure: AssessmentFailure;
  readonly i18n: UiI18n;
  readonly heading: string;
  readonly onRetry?: (() => void) | undefined;
  readonly area?: 'fitsmAssessment' | 'fitsmPlan';
}): ReactNode {
  const { t } = i18n;
  return (
    <div className="state-error fitsm-error" role="alert" data-testid="error" data-code={failure.code}>
      <p className="heading-small">{heading}</p>
      <p className="error-message">{t(`${area}.error.${failure.code}`)}</p>
      {onRetry !== undefined && retryable.has(failure.code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t('fitsmAssessment.retry')}
        </button>
      )}
      {failure.detail !== '' && (
        <details>
          <summary>{t('fitsmAssessment.technicalDetail')}</summary>
          <code>
            {failure.code}: {failure.detail}
          </code>
        </details>
      )}
    </div>
  );
}
