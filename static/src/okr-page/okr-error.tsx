/**
 * Errors of the OKR page in its own words (`okrPage.failure.<code>`): what went wrong and what to do, with the
 * resolver's detail (e.g. which rule a value breaks, why a measurement failed) under a disclosure. A retry is
 * offered only where a second attempt can help.
 */
import type { OkrErrorCode } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';

/** Errors a second attempt can cure; the others need someone to change something first. */
const retryable: ReadonlySet<OkrErrorCode> = new Set(['jira-unavailable', 'internal', 'busy', 'conflict']);

export interface OkrFailure {
  readonly code: OkrErrorCode;
  readonly detail: string;
}

/** A failure as a sentence: the code's text (what happened and what to do). */
export function failureText(failure: OkrFailure, i18n: UiI18n): string {
  return i18n.t(`okrPage.failure.${failure.code}`);
}

export function OkrErrorState({
  failure,
  i18n,
  onRetry,
  heading,
}: {
  readonly failure: OkrFailure;
  readonly i18n: UiI18n;
  readonly onRetry?: (() => void) | undefined;
  /** The heading; default "could not load". */
  readonly heading?: string;
}) {
  const { t } = i18n;
  return (
    <div className="state-error okr-error" role="alert" data-testid="error" data-code={failure.code}>
      <p className="heading-small">{heading ?? t('okrPage.failure.heading')}</p>
      <p className="error-message">{failureText(failure, i18n)}</p>
      {onRetry !== undefined && retryable.has(failure.code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t('okrPage.reload')}
        </button>
      )}
      {failure.detail !== '' && (
        <details>
          <summary>{t('okrPage.technicalDetail')}</summary>
          <code>
            {failure.code}: {failure.detail}
          </code>
        </details>
      )}
    </div>
  );
}
