/**
 * The live region under a form's save button: "saving …" with a spinner, "saved", or what the form shows for a
 * failed save (`children`). It takes the focus after a save (the form passes `statusRef`), so a screen reader
 * reads the outcome.
 */
import type { ReactNode, RefObject } from 'react';

export interface SaveStatusProps {
  readonly statusRef?: RefObject<HTMLDivElement | null> | undefined;
  /** The save's phase; only `saving` and `saved` show anything of their own. */
  readonly phase: string;
  /** Text while saving, and after saving. */
  readonly savingText: string;
  readonly savedText: string;
  /** The failed save's message (rendered as given; the form decides when). */
  readonly children?: ReactNode;
}

export function SaveStatus({
  statusRef,
  phase,
  savingText,
  savedText,
  children,
}: SaveStatusProps): ReactNode {
  return (
    <div ref={statusRef} tabIndex={-1} aria-live="polite" className="save-status" data-testid="save-status">
      {phase === 'saving' && (
        <span role="status">
          <span className="spinner" aria-hidden="true" /> {savingText}
        </span>
      )}
      {phase === 'saved' && <span className="state-success">{savedText}</span>}
      {children}
    </div>
  );
}
