/**
 * Loading what an OKR view shows from one resolver call: loading, the failure (with a retry that shows the
 * loading state again), or the value; an answer that arrives after the view moved on (another key result, a
 * later attempt, unmounted) is dropped.
 */
import { useEffect, useState } from 'react';
import type { OkrResult } from '../../../src/contract/okr';
import type { OkrFailure } from './okr-error';

export type OkrLoad<T> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: OkrFailure }
  | { readonly phase: 'loaded'; readonly value: T };

/**
 * Calls `load` (keep it stable with `useCallback`: a new function loads again) and answers its state, `retry`
 * (after a failure: loading state, then again) and `reload` (again, showing the current value meanwhile).
 */
export function useOkrLoad<T>(load: () => Promise<OkrResult<T>>): {
  readonly state: OkrLoad<T>;
  readonly retry: () => void;
  readonly reload: () => void;
} {
  const [state, setState] = useState<OkrLoad<T>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    void load().then((answer) => {
      if (!current) return;
      setState(
        answer.ok ? { phase: 'loaded', value: answer.value } : { phase: 'error', failure: answer.error },
      );
    });
    return () => {
      current = false;
    };
  }, [load, attempt]);
  return {
    state,
    retry: () => {
      setState({ phase: 'loading' });
      setAttempt((n) => n + 1);
    },
    reload: () => {
      setAttempt((n) => n + 1);
    },
  };
}
