/** The issue panel: loads the issue's flow through the resolver and shows loading, error or the details. */
import { useEffect, useRef, useState } from 'react';
import type { ResolverErrorCode } from '../../../src/contract/resolvers';
import type { InvokeResolver } from '../api/resolver-types';
import type { UiI18n } from '../i18n/load';
import { IssueFlowDetails } from './issue-flow-details';
import {
  loadIssueFlow,
  MAX_STANDING_POLLS,
  STANDING_POLL_MS,
  standingPending,
  type PanelState,
} from './issue-flow-model';
import { LoadingState } from '../shared/loading-state';
import { KeyResultsSection } from './key-results-section';

export interface IssuePanelProps {
  readonly issueKey: string | null;
  readonly invoke: InvokeResolver;
  readonly i18n: UiI18n;
  /** A request already under way (started while the translations loaded); used for the first render only. */
  readonly initialRequest?: Promise<PanelState>;
  /** Opens the OKR page at a key result (the "Key Results" section's titles); absent: titles are plain text. */
  readonly openOkrPage?: (keyResultId: string, periodKey: string) => void;
}

export { LoadingState };

interface ErrorStateProps {
  readonly state: Extract<PanelState, { phase: 'error' }>;
  readonly i18n: UiI18n;
  readonly onRetry: () => void;
}

/** Errors a second attempt can cure; a missing issue or permission needs the user to act first. */
const retryable: ReadonlySet<ResolverErrorCode> = new Set([
  'invalid-payload',
  'jira-unavailable',
  'internal',
]);

/** The error: `error.<code>` says what happened and what to do; the technical detail is folded away. */
export function ErrorState({ state, i18n, onRetry }: ErrorStateProps) {
  const { t } = i18n;
  return (
    <div className="state-error" role="alert" data-testid="error">
      <h2>{t('issuePanel.error.heading')}</h2>
      <p className="error-message">{t(`error.${state.code}`)}</p>
      {retryable.has(state.code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t('issuePanel.retry')}
        </button>
      )}
      <details>
        <summary>{t('issuePanel.technicalDetail')}</summary>
        <code>
          {state.code}: {state.detail}
        </code>
      </details>
    </div>
  );
}

export function IssuePanel({ issueKey, invoke, i18n, initialRequest, openOkrPage }: IssuePanelProps) {
  const [state, setState] = useState<PanelState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const pending = useRef(initialRequest);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    const request = pending.current ?? loadIssueFlow(invoke, issueKey);
    pending.current = undefined;
    void request.then((next) => {
      if (!current) return;
      setState(next);
      // After "Try again" the button is gone: move focus to the new content so keyboard users are not lost.
      if (attempt > 0) rootRef.current?.focus();
    });
    return () => {
      current = false;
    };
  }, [invoke, issueKey, attempt]);

  // While the viewer's project view is computed in the background, ask again now and then; the issue's own numbers
  // stay on screen, and the standing appears once the view is ready.
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!standingPending(state) || polls >= MAX_STANDING_POLLS) return;
    let current = true;
    const timer = setTimeout(() => {
      void loadIssueFlow(invoke, issueKey).then((next) => {
        if (!current) return;
        setPolls((n) => n + 1);
        if (next.phase === 'loaded') setState(next);
      });
    }, STANDING_POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [state, polls, invoke, issueKey]);

  return (
    <div ref={rootRef} tabIndex={-1} className="panel-root">
      {state.phase === 'loading' && <LoadingState label={i18n.t('issuePanel.loading')} />}
      {state.phase === 'error' && (
        <ErrorState
          state={state}
          i18n={i18n}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.phase === 'loaded' && <IssueFlowDetails view={state.view} i18n={i18n} />}
      {/* Its own request and its own failures: the flow above never waits for it or fails with it. */}
      {issueKey !== null && (
        <KeyResultsSection
          issueKey={issueKey}
          invoke={invoke}
          i18n={i18n}
          {...(openOkrPage === undefined ? {} : { openOkrPage })}
        />
      )}
    </div>
  );
}
