/**
 * The issue panel's section "Key Results": the key results this issue serves, with progress and status; for people
 * who may edit the issue (`canLink`) a search to link another and a button per key result to unlink it. Loads on
 * its own, after the flow panel's request has started, and shows its failures inside the section only.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyResultSearchHit } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { OkrErrorState, okrErrorText, ProgressBar, StatusBadge } from '../okr-gadget/okr-parts';
import { periodKeyLabel } from '../okr-gadget/okr-gadget-model';
import { KeyResultCombobox } from './key-results-combobox';
import {
  changeLink,
  loadIssueKeyResults,
  searchKeyResults,
  type KeyResultItem,
  type KeyResultsInvoke,
  type KeyResultsState,
} from './key-results-model';

export interface KeyResultsSectionProps {
  readonly issueKey: string;
  readonly invoke: KeyResultsInvoke;
  readonly i18n: UiI18n;
  /** Opens the OKR page (Jira: `router.navigate` to the `okr-page` module); absent: titles are plain text. */
  readonly openOkrPage?: (keyResultId: string, periodKey: string) => void;
  /** Typing pause before a search (tests shorten it). */
  readonly debounceMs?: number;
}

/** What the last link or unlink did: said in the live region (or, failed, as an alert). */
type ActionMessage =
  | { readonly kind: 'saving' | 'done'; readonly text: string }
  | { readonly kind: 'failed'; readonly text: string };

export function KeyResultsSection({
  issueKey,
  invoke,
  i18n,
  openOkrPage,
  debounceMs,
}: KeyResultsSectionProps) {
  const { t } = i18n;
  const headingId = useId();
  const [state, setState] = useState<KeyResultsState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterChange = useRef(false);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void loadIssueKeyResults(invoke, issueKey).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [invoke, issueKey, attempt]);

  const saving = message?.kind === 'saving';
  const change = async (keyResultId: string, title: string, link: boolean): Promise<void> => {
    setMessage({ kind: 'saving', text: t('keyResults.saving') });
    focusAfterChange.current = true;
    const outcome = await changeLink(invoke, issueKey, keyResultId, link);
    if (!outcome.ok) {
      setMessage({ kind: 'failed', text: okrErrorText(outcome.code, outcome.detail, i18n) });
      return;
    }
    setState({ phase: 'loaded', value: outcome.value });
    setMessage({ kind: 'done', text: t(link ? 'keyResults.linked' : 'keyResults.unlinked', { title }) });
  };
  // The button pressed is gone or was disabled while saving (which drops the focus): once the answer is there and
  // the field enabled again, keep keyboard users in the section.
  useEffect(() => {
    if (!focusAfterChange.current || message === null || message.kind === 'saving') return;
    focusAfterChange.current = false;
    (inputRef.current ?? headingRef.current)?.focus();
  }, [message]);

  return (
    <section className="key-results stack" aria-labelledby={headingId} data-testid="key-results">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('keyResults.heading')}
      </h2>
      {state.phase === 'loading' && <LoadingState label={t('keyResults.loading')} />}
      {state.phase === 'error' && (
        <OkrErrorState
          heading={t('keyResults.error.heading')}
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          level={3}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.phase === 'loaded' && (
        <>
          {state.value.keyResults.length === 0 ? (
            <p className="subtle" data-testid="key-results-empty">
              {t('keyResults.empty')}
            </p>
          ) : (
            <ul className="kr-list" aria-labelledby={headingId}>
              {state.value.keyResults.map((item) => (
                <KeyResultEntry
                  key={item.keyResultId}
                  item={item}
                  canLink={state.value.canLink}
                  disabled={saving}
                  i18n={i18n}
                  onUnlink={() => void change(item.keyResultId, item.title, false)}
                  {...(openOkrPage === undefined ? {} : { openOkrPage })}
                />
              ))}
            </ul>
          )}
          {state.value.canLink && (
            <KeyResultCombobox
              search={(query) => searchKeyResults(invoke, query)}
              linkedIds={new Set(state.value.keyResults.map((item) => item.keyResultId))}
              onChoose={(hit: KeyResultSearchHit) => void change(hit.keyResultId, hit.title, true)}
              disabled={saving}
              i18n={i18n}
              inputRef={inputRef}
              {...(debounceMs === undefined ? {} : { debounceMs })}
            />
          )}
        </>
      )}
      <div aria-live="polite" className="kr-action-status">
        {message !== null && message.kind !== 'failed' && (
          <p className="subtle" data-testid="kr-action-status">
            {message.text}
          </p>
        )}
      </div>
      {message?.kind === 'failed' && (
        <p role="alert" className="field-error" data-testid="kr-action-error">
          {message.text}
        </p>
      )}
    </section>
  );
}

function KeyResultEntry({
  item,
  canLink,
  disabled,
  i18n,
  onUnlink,
  openOkrPage,
}: {
  readonly item: KeyResultItem;
  readonly canLink: boolean;
  readonly disabled: boolean;
  readonly i18n: UiI18n;
  readonly onUnlink: () => void;
  readonly openOkrPage?: (keyResultId: string, periodKey: string) => void;
}) {
  const { t } = i18n;
  return (
    <li className="kr-item" data-testid={`kr-${item.keyResultId}`}>
      <div className="kr-item-head">
        {openOkrPage === undefined ? (
          <span className="kr-title">{item.title}</span>
        ) : (
          <button
            type="button"
            className="link-button kr-title"
            onClick={() => {
              openOkrPage(item.keyResultId, item.periodKey);
            }}
          >
            {item.title}
          </button>
        )}
        <span className="subtle">
          {item.keyResultId} · {item.objectiveTitle} · {periodKeyLabel(item.periodKey)}
        </span>
      </div>
      <div className="okr-figures">
        <ProgressBar progress={item.progress} expected={null} label={item.title} i18n={i18n} />
        <StatusBadge status={item.status} i18n={i18n} />
        {canLink && (
          <button
            type="button"
            disabled={disabled}
            aria-label={`${t('keyResults.unlink')}: ${item.title}`}
            onClick={onUnlink}
          >
            {t('keyResults.unlink')}
          </button>
        )}
      </div>
    </li>
  );
}
