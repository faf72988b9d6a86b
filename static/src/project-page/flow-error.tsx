/**
 * Errors of the project page and the gadget, in their own words: the issue panel's messages talk about "this
 * issue", these about a project, a filter or a gadget. An invalid request here is usually a JQL refinement Jira
 * rejected, so its technical detail (Jira's message) is shown, not folded away.
 */
import type { ResolverErrorCode } from '../../../src/contract/resolvers';
import type { UiI18n } from '../i18n/load';

export interface FlowErrorStateProps {
  readonly area: 'projectPage' | 'gadget';
  readonly code: ResolverErrorCode;
  readonly detail: string;
  readonly i18n: UiI18n;
  readonly onRetry: () => void;
}

/** Errors a second attempt can cure; the others need the user to change something first. */
const retryable: ReadonlySet<ResolverErrorCode> = new Set(['jira-unavailable', 'internal']);

export function FlowErrorState({ area, code, detail, i18n, onRetry }: FlowErrorStateProps) {
  const { t } = i18n;
  return (
    <div className="state-error" role="alert" data-testid="error">
      <h2>{t('issuePanel.error.heading')}</h2>
      <p className="error-message">{t(`${area}.error.${code}`)}</p>
      {code === 'invalid-payload' && <p className="error-detail">{detail}</p>}
      {retryable.has(code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t('issuePanel.retry')}
        </button>
      )}
      {code !== 'invalid-payload' && (
        <details>
          <summary>{t('issuePanel.technicalDetail')}</summary>
          <code>
            {code}: {detail}
          </code>
        </details>
      )}
    </div>
  );
}
