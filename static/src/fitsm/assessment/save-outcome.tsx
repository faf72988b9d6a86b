/**
 * What a refused save shows under a FitSM form: on `conflict` (someone saved meanwhile) the form's input stays and
 * a button loads the latest version; any other failure is shown by the form's own failure view. After a reload a
 * status line says the latest version is shown. The rating editor and the FitSM settings share it.
 */
import type { ReactNode } from 'react';
import type { AssessmentFailure } from './assessment-failure';

export interface SaveOutcomeTexts {
  /** Why the save was refused (the conflict). */
  readonly conflict: string;
  /** The button loading the latest version. */
  readonly reload: string;
  /** The status line after the reload. */
  readonly reloaded: string;
}

export function SaveOutcome({
  failure,
  reloaded,
  texts,
  testId,
  onReload,
  renderFailure,
}: {
  readonly failure: AssessmentFailure | null;
  /** Whether the latest version was loaded after a conflict (the status line shows). */
  readonly reloaded: boolean;
  readonly texts: SaveOutcomeTexts;
  /** `data-testid` of the conflict notice. */
  readonly testId: string;
  /** Called when the user asks for the latest version (the caller clears the failure and reloads). */
  readonly onReload: () => void;
  /** The form's view of a failure other than a conflict. */
  readonly renderFailure: (failure: AssessmentFailure) => ReactNode;
}): ReactNode {
  return (
    <>
      {failure !== null && failure.code === 'conflict' ? (
        <div className="state-error" role="alert" data-testid={testId}>
          <p className="error-message">{texts.conflict}</p>
          <button type="button" onClick={onReload}>
            {texts.reload}
          </button>
        </div>
      ) : (
        failure !== null && renderFailure(failure)
      )}
      {reloaded && (
        <p className="note" role="status">
          {texts.reloaded}
        </p>
      )}
    </>
  );
}
