/** The loading state every module shows while its data comes: a spinner and what is being loaded, announced politely. */
import type { ReactNode } from 'react';

export function LoadingState({ label }: { readonly label: string }): ReactNode {
  return (
    <div className="state-loading" role="status" aria-busy="true" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
