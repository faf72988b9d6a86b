/**
 * A failed feedback-loop call in words (`feedback.error.<code>`: what went wrong and what to do), with a retry
 * where a second attempt can help and the technical detail behind a disclosure. Used by the record panel's
 * feedback sections and the project settings' Feedback page.
 */
import type { FeedbackErrorCode } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';

/** Errors a second attempt can cure. */
const RETRYABLE: ReadonlySet<FeedbackErrorCode> = new Set([
  'jira-unavailable',
  'internal',
  'invalid-payload',
]);

export interface FeedbackFailure {
  readonly code: FeedbackErrorCode;
  readonly detail: string;
}

export function FeedbackErrorState({
  failure,
  heading,
  i18n,
  onRetry,
  testId = 'feedback-error',
}: {
  readonly failure: FeedbackFailure;
  readonly heading: string;
  readonly i18n: UiI18n;
  readonly onRetry?: () => void;
  readonly testId?: string;
}) {
  const { t } = i18n;
  return (
    <div className="state-error stack stack-tight" role="alert" data-testid={testId}>
      <p>
        <strong>{heading}</strong>
      </p>
      <p>{t(`feedback.error.${failure.code}`)}</p>
      {(failure.code === 'invalid-settings' || failure.code === 'effect-check-failed') && (
        <p className="csi-detail">{failure.detail}</p>
      )}
      {onRetry !== undefined && RETRYABLE.has(failure.code) && (
        <p>
          <button type="button" onClick={onRetry}>
            {t('feedback.retry')}
          </button>
        </p>
      )}
      <details>
        <summary>{t('feedback.technicalDetail')}</summary>
        <code>
          {failure.code}: {failure.detail}
        </code>
      </details>
    </div>
  );
}
