/**
 * The live region under a feedback form's save button (the record panel's effect check, the Feedback page's
 * replies and web trigger): "saved", or why saving failed. A `conflict` (someone saved since the form was loaded)
 * keeps the input and offers to reload; any other failure is shown in words with what to do.
 */
import type { ReactNode } from 'react';
import type { UiI18n } from '../i18n/load';
import { FeedbackErrorState, type FeedbackFailure } from './feedback-error';

/** Where a feedback form's save stands; `problems`: the form's own checks refused it, nothing was sent. */
export type FeedbackSaveState =
  | { readonly phase: 'idle' | 'saving' | 'saved' | 'problems' }
  | { readonly phase: 'failed'; readonly failure: FeedbackFailure };

export interface FeedbackSaveStatusProps {
  /** The save's state; only `saved` and `failed` show anything here (a form may add its own phases). */
  readonly save: { readonly phase: string } | { readonly phase: 'failed'; readonly failure: FeedbackFailure };
  readonly i18n: UiI18n;
  /** The texts, in the page's language. */
  readonly texts: {
    readonly saved: string;
    readonly conflict: string;
    readonly reload: string;
    readonly failed: string;
  };
  /** The region's test id; the conflict's is `<testIdPrefix>-conflict`. */
  readonly testIdPrefix: string;
  /** Loads the stored state again (discarding the form's input). */
  readonly onReload: () => void;
}

export function FeedbackSaveStatus({
  save,
  i18n,
  texts,
  testIdPrefix,
  onReload,
}: FeedbackSaveStatusProps): ReactNode {
  const failure = save.phase === 'failed' && 'failure' in save ? save.failure : null;
  return (
    <div aria-live="polite" className="save-status" data-testid={`${testIdPrefix}-status`}>
      {save.phase === 'saved' && <span className="state-success">{texts.saved}</span>}
      {failure !== null && failure.code === 'conflict' && (
        <div className="state-error" role="alert" data-testid={`${testIdPrefix}-conflict`}>
          <p>{texts.conflict}</p>
          <p>
            <button type="button" onClick={onReload}>
              {texts.reload}
            </button>
          </p>
        </div>
      )}
      {failure !== null && failure.code !== 'conflict' && (
        <FeedbackErrorState failure={failure} heading={texts.failed} i18n={i18n} />
      )}
    </div>
  );
}
