/**
 * The search to link a key result: an ARIA 1.2 combobox (a text field with a list box popup). Typing searches after
 * a pause ({@link SEARCH_DEBOUNCE_MS}); ↓ opens the list (searching at once if needed) and moves through the
 * options, ↑ moves back, Enter links the active option, Escape closes the list (or, closed, empties the field).
 * The focus stays in the field (`aria-activedescendant` names the active option); a polite live region says how
 * many key results were found, that none was, or why the search failed.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { KeyResultSearchHit } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { okrErrorText } from '../okr-gadget/okr-parts';
import { periodKeyLabel } from '../okr-gadget/okr-gadget-model';
import { nextActiveIndex, SEARCH_DEBOUNCE_MS, type SearchOutcome } from './key-results-model';

export interface KeyResultComboboxProps {
  readonly search: (query: string) => Promise<SearchOutcome>;
  /** Key results the issue serves already: listed, but not offered to link again. */
  readonly linkedIds: ReadonlySet<string>;
  readonly onChoose: (hit: KeyResultSearchHit) => void;
  /** While a link or unlink is saved. */
  readonly disabled: boolean;
  readonly i18n: UiI18n;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
  readonly debounceMs?: number;
}

type SearchStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching' }
  | { readonly kind: 'done'; readonly hits: readonly KeyResultSearchHit[] }
  | { readonly kind: 'failed'; readonly text: string };

export function KeyResultCombobox({
  search,
  linkedIds,
  onChoose,
  disabled,
  i18n,
  inputRef,
  debounceMs = SEARCH_DEBOUNCE_MS,
}: KeyResultComboboxProps) {
  const { t } = i18n;
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<SearchStatus>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const request = useRef(0);

  const cancelTimer = (): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => cancelTimer, []);

  const runSearch = async (query: string): Promise<void> => {
    cancelTimer();
    const mine = ++request.current;
    setStatus({ kind: 'searching' });
    const outcome = await search(query);
    if (mine !== request.current) return; // a later search is under way: its answer counts
    setActive(-1);
    setStatus(
      outcome.ok
        ? { kind: 'done', hits: outcome.hits }
        : { kind: 'failed', text: okrErrorText(outcome.code, outcome.detail, i18n) },
    );
  };

  const hits = status.kind === 'done' ? status.hits : [];
  const choose = (hit: KeyResultSearchHit | undefined): void => {
    if (hit === undefined || linkedIds.has(hit.keyResultId)) return;
    request.current++; // an answer still under way no longer matters
    cancelTimer();
    setOpen(false);
    setActive(-1);
    setText('');
    setStatus({ kind: 'idle' });
    onChoose(hit);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          if (status.kind === 'idle' || status.kind === 'failed') void runSearch(text);
          return;
        }
        setActive(nextActiveIndex(active, hits.length, event.key));
        return;
      case 'Enter':
        if (open && active >= 0) {
          event.preventDefault();
          choose(hits[active]);
        }
        return;
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '') {
          event.preventDefault();
          request.current++;
          cancelTimer();
          setText('');
          setStatus({ kind: 'idle' });
        }
        return;
      default:
        return;
    }
  };

  const showList = open && hits.length > 0;
  const statusText =
    status.kind === 'searching'
      ? t('keyResults.search.searching')
      : status.kind === 'failed'
        ? status.text
        : status.kind === 'done' && open
          ? hits.length === 0
            ? t('keyResults.search.none')
            : t(hits.length === 1 ? 'keyResults.search.count.one' : 'keyResults.search.count', {
                count: hits.length,
              })
          : '';

  return (
    <div className="kr-combobox">
      <label htmlFor={`${id}-input`}>{t('keyResults.search.label')}</label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-describedby={`${id}-help`}
        {...(showList && active >= 0 ? { 'aria-activedescendant': `${id}-option-${String(active)}` } : {})}
        value={text}
        disabled={disabled}
        onChange={(event) => {
          const query = event.target.value;
          setText(query);
          setOpen(true);
          cancelTimer();
          timer.current = setTimeout(() => {
            void runSearch(query);
          }, debounceMs);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <p id={`${id}-help`} className="subtle kr-help">
        {t('keyResults.search.help')}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('keyResults.search.listLabel')}
        hidden={!showList}
        className="kr-listbox"
      >
        {showList &&
          hits.map((hit, index) => {
            const linked = linkedIds.has(hit.keyResultId);
            return (
              <li
                key={hit.keyResultId}
                id={`${id}-option-${String(index)}`}
                role="option"
                aria-selected={index === active}
                aria-disabled={linked || undefined}
                className={index === active ? 'kr-option kr-option-active' : 'kr-option'}
                // The field keeps the focus (a click on an option would blur it and close the list first).
                onMouseDown={(event) => {
                  event.preventDefault();
                }}
                onClick={() => {
                  choose(hit);
                }}
              >
                <span className="kr-option-title">
                  {hit.keyResultId} · {hit.title}
                </span>
                <span className="subtle kr-option-objective">
                  {hit.objectiveTitle} · {periodKeyLabel(hit.periodKey)}
                  {linked && ` · ${t('keyResults.search.alreadyLinked')}`}
                </span>
              </li>
            );
          })}
      </ul>
      <p className="subtle kr-search-status" role="status" aria-live="polite" data-testid="kr-search-status">
        {statusText}
      </p>
    </div>
  );
}
