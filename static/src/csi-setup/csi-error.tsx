/**
 * Errors of the CSI setup page and the CSI register page in their own words (`csiSetup.failure.<code>`,
 * `csiRegister.failure.<code>`): what went wrong and what to do. A retry is offered only where a second attempt can
 * help; the technical detail (Jira's message) stays available behind a disclosure.
 */
import type { CsiErrorCode } from '../../../src/contract/csi';
import type { UiI18n } from '../i18n/load';

export interface CsiErrorStateProps {
  readonly area: 'csiSetup' | 'csiRegister';
  readonly code: CsiErrorCode;
  readonly detail: string;
  readonly i18n: UiI18n;
  /** Offered as "Erneut laden" / "Load again" for errors a second attempt can cure. */
  readonly onRetry?: () => void;
}

/** Errors a second attempt can cure; the others need someone to change something first. */
const retryable: ReadonlySet<CsiErrorCode> = new Set(['jira-unavailable', 'internal', 'conflict']);

export function CsiErrorState({ area, code, detail, i18n, onRetry }: CsiErrorStateProps) {
  const { t } = i18n;
  return (
    <div className="state-error" role="alert" data-testid="error">
      <h2>{t(`${area}.failure.heading`)}</h2>
      <p className="error-message">{t(`${area}.failure.${code}`)}</p>
      {onRetry !== undefined && retryable.has(code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t(`${area}.reload`)}
        </button>
      )}
      <details>
        <summary>{t(`${area}.technicalDetail`)}</summary>
        <code>
          {code}: {detail}
        </code>
      </details>
    </div>
  );
}
