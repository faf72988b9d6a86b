/**
 * The status-mapping settings page: stages in order with their statuses and kind, start and done points, the
 * working calendar and percentiles, saving with lost-update protection, reset to defaults, and the data-quality
 * check. Everything works with the keyboard: stages move with buttons, statuses move with a select per chip.
 */
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type {
  DataQualityView,
  StatusMappingErrorCode,
  StatusMappingView,
} from '../../../src/contract/status-mapping';
import { describeSettingsProblem } from '../../../src/contract/flow-rules';
import type { UiI18n } from '../i18n/load';
import type { InvokeMapping } from './mapping-api';
import {
  STAGE_KINDS,
  draftOf,
  draftProblems,
  editDraft,
  isDirty,
  settingsOf,
  unmappedOf,
  type EditorDraft,
} from './mapping-editor';
import { SaveStatus } from '../shared/save-status';
import { CliExportAction } from './cli-export-action';
import { MoveStageButton, QualityReport, StageSelect, StatusChipList } from './mapping-parts';

export interface StatusMappingPageProps {
  readonly projectKey: string | null;
  readonly invoke: InvokeMapping;
  readonly i18n: UiI18n;
}

type LoadState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: StatusMappingErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: StatusMappingView };

type SaveState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'saved' }
  | { readonly phase: 'failed'; readonly code: StatusMappingErrorCode; readonly detail: string };

type QualityState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: StatusMappingErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: DataQualityView };

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Localised weekday name of ISO weekday `d` (1 = Monday), from a known Monday (5 January 2026). */
function weekdayName(locale: string, d: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2026, 0, 4 + d),
  );
}

const EMPTY_DRAFT: EditorDraft = draftOf({
  mapping: { stages: [], startStage: '', doneStage: '' },
  calendar: { timeZone: 'UTC', workingWeekdays: [], holidays: [] },
  percentiles: [],
});

export function StatusMappingPage({ projectKey, invoke, i18n }: StatusMappingPageProps) {
  const { t } = i18n;
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [draft, dispatch] = useReducer(editDraft, EMPTY_DRAFT);
  const [save, setSave] = useState<SaveState>({ phase: 'idle' });
  const [quality, setQuality] = useState<QualityState>({ phase: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    if (projectKey === null) {
      setLoad({ phase: 'error', code: 'not-found', detail: 'no project in the view context' });
      return;
    }
    setLoad({ phase: 'loading' });
    void invoke('getStatusMapping', { projectKey }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setLoad({ phase: 'loaded', view: result.value });
        dispatch({ type: 'replace', draft: draftOf(result.value) });
      } else setLoad({ phase: 'error', ...result.error });
    });
    return () => {
      current = false;
    };
  }, [invoke, projectKey, attempt]);

  const problems = useMemo(() => draftProblems(draft), [draft]);

  if (load.phase === 'loading') {
    return (
      <div className="state-loading" role="status" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        <span>{t('statusMapping.loading')}</span>
      </div>
    );
  }
  if (load.phase === 'error') {
    return (
      <div className="state-error" role="alert" data-testid="load-error">
        <h2>{t('statusMapping.error.heading')}</h2>
        <p>{t(`statusMapping.error.${load.code}`)}</p>
        <button
          type="button"
          className="button-primary"
          onClick={() => {
            setAttempt((n) => n + 1);
          }}
        >
          {t('statusMapping.retry')}
        </button>
        <details>
          <summary>{t('statusMapping.technicalDetail')}</summary>
          <code>
            {load.code}: {load.detail}
          </code>
        </details>
      </div>
    );
  }

  const view = load.view;
  const canEdit = view.canEdit;
  const unmapped = unmappedOf(draft, view.statuses);
  const dirty = isDirty(draft, view);
  const stageLabel = (index: number) =>
    draft.stages[index]?.name.trim() || t('statusMapping.stage.unnamed', { n: index + 1 });

  async function onSave(): Promise<void> {
    if (load.phase !== 'loaded') return;
    setSave({ phase: 'saving' });
    const result = await invoke('saveStatusMapping', {
      projectKey: load.view.projectKey,
      expectedVersion: load.view.version,
      ...settingsOf(draft),
    });
    if (result.ok) {
      setLoad({ phase: 'loaded', view: result.value });
      dispatch({ type: 'replace', draft: draftOf(result.value) });
      setSave({ phase: 'saved' });
      setQuality({ phase: 'idle' }); // the old check was for the old mapping
    } else {
      setSave({ phase: 'failed', ...result.error });
    }
    statusRef.current?.focus();
  }

  async function onCheckQuality(): Promise<void> {
    setQuality({ phase: 'loading' });
    const result = await invoke('getDataQuality', { projectKey: view.projectKey });
    setQuality(result.ok ? { phase: 'loaded', view: result.value } : { phase: 'error', ...result.error });
  }

  return (
    <main className="mapping-root page" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">{t('statusMapping.heading', { project: view.projectName })}</h2>
      <p className="subtle">{t('statusMapping.intro')}</p>
      {view.derived && (
        <p className="note" data-testid="derived-note">
          {t('statusMapping.derivedNote')}
        </p>
      )}
      {!canEdit && (
        <p className="note note-warning" role="note" data-testid="read-only-note">
          {t('statusMapping.readOnly')}
        </p>
      )}

      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
      >
        <fieldset disabled={!canEdit || save.phase === 'saving'} className="plain-fieldset">
          <section aria-labelledby="stages-heading" className="mapping-section stack">
            <h3 id="stages-heading">{t('statusMapping.stages.heading')}</h3>
            <p className="subtle">{t('statusMapping.stages.help')}</p>
            <ol className="stage-list">
              {draft.stages.map((stage, index) => (
                <li
                  key={stage.id}
                  className={`stage-card kind-${stage.kind}`}
                  data-testid={`stage-${String(index)}`}
                >
                  <div className="stage-header">
                    <span className="stage-number" aria-hidden="true">
                      {index + 1}
                    </span>
                    <label className="field">
                      <span className="field-label">{t('statusMapping.stage.name')}</span>
                      <input
                        type="text"
                        value={stage.name}
                        maxLength={255}
                        onChange={(event) => {
                          dispatch({ type: 'rename-stage', index, name: event.target.value });
                        }}
                      />
                    </label>
                    <label className="field">
                      <span className="field-label">{t('statusMapping.stage.kind')}</span>
                      <select
                        value={stage.kind}
                        onChange={(event) => {
                          dispatch({
                            type: 'set-kind',
                            index,
                            kind: STAGE_KINDS.find((k) => k === event.target.value) ?? 'active',
                          });
                        }}
                      >
                        {STAGE_KINDS.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(`statusMapping.kind.${kind}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <div className="stage-buttons">
                      <MoveStageButton
                        label={t('statusMapping.stage.moveUp', { stage: stageLabel(index) })}
                        symbol="↑"
                        disabled={index === 0}
                        onMove={() => {
                          dispatch({ type: 'move-stage', index, by: -1 });
                        }}
                      />
                      <MoveStageButton
                        label={t('statusMapping.stage.moveDown', { stage: stageLabel(index) })}
                        symbol="↓"
                        disabled={index === draft.stages.length - 1}
                        onMove={() => {
                          dispatch({ type: 'move-stage', index, by: 1 });
                        }}
                      />
                      <button
                        type="button"
                        aria-label={t('statusMapping.stage.remove', { stage: stageLabel(index) })}
                        onClick={() => {
                          dispatch({ type: 'remove-stage', index });
                        }}
                      >
                        {t('statusMapping.stage.removeShort')}
                      </button>
                    </div>
                  </div>
                  <div className="stage-markers">
                    {index === draft.startIndex && (
                      <span className="marker">{t('statusMapping.startMarker')}</span>
                    )}
                    {index === draft.doneIndex && (
                      <span className="marker">{t('statusMapping.doneMarker')}</span>
                    )}
                  </div>
                  {stage.statuses.length === 0 ? (
                    <p className="subtle empty-stage">{t('statusMapping.stage.empty')}</p>
                  ) : (
                    <StatusChipList
                      label={t('statusMapping.stage.statuses', { stage: stageLabel(index) })}
                      statuses={stage.statuses}
                      current={index}
                      draft={draft}
                      stageLabel={stageLabel}
                      i18n={i18n}
                      onMove={(status, to) => {
                        dispatch({ type: 'move-status', status, to });
                      }}
                    />
                  )}
                </li>
              ))}
            </ol>
            <button
              type="button"
              onClick={() => {
                dispatch({
                  type: 'add-stage',
                  name: t('statusMapping.stage.newName', { n: draft.stages.length + 1 }),
                });
              }}
            >
              {t('statusMapping.stage.add')}
            </button>

            <div className="unmapped" data-testid="unmapped">
              <h4>{t('statusMapping.unmapped.heading', { count: unmapped.length })}</h4>
              {unmapped.length === 0 ? (
                <p className="subtle">{t('statusMapping.unmapped.none')}</p>
              ) : (
                <StatusChipList
                  label={t('statusMapping.unmapped.heading', { count: unmapped.length })}
                  statuses={unmapped}
                  current={-1}
                  draft={draft}
                  stageLabel={stageLabel}
                  i18n={i18n}
                  onMove={(status, to) => {
                    dispatch({ type: 'move-status', status, to });
                  }}
                />
              )}
            </div>
          </section>

          <section aria-labelledby="points-heading" className="mapping-section stack">
            <h3 id="points-heading">{t('statusMapping.points.heading')}</h3>
            <div className="field-row">
              <label className="field">
                <span className="field-label">{t('statusMapping.points.start')}</span>
                <StageSelect
                  value={draft.startIndex}
                  noneLabel={t('statusMapping.points.choose')}
                  draft={draft}
                  stageLabel={stageLabel}
                  onSelect={(index) => {
                    dispatch({ type: 'set-start', index });
                  }}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('statusMapping.points.done')}</span>
                <StageSelect
                  value={draft.doneIndex}
                  noneLabel={t('statusMapping.points.choose')}
                  draft={draft}
                  stageLabel={stageLabel}
                  onSelect={(index) => {
                    dispatch({ type: 'set-done', index });
                  }}
                />
              </label>
            </div>
            <p className="subtle">{t('statusMapping.points.help')}</p>
            <p className="note" data-testid="blocked-note">
              {t('statusMapping.blockedNote')}
            </p>
          </section>

          <section aria-labelledby="calendar-heading" className="mapping-section stack">
            <h3 id="calendar-heading">{t('statusMapping.calendar.heading')}</h3>
            <label className="field">
              <span className="field-label">{t('statusMapping.calendar.timeZone')}</span>
              <input
                type="text"
                value={draft.timeZone}
                spellCheck={false}
                onChange={(event) => {
                  dispatch({ type: 'set-time-zone', timeZone: event.target.value });
                }}
              />
            </label>
            <fieldset className="weekdays">
              <legend>{t('statusMapping.calendar.weekdays')}</legend>
              {WEEKDAYS.map((d) => (
                <label key={d} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.workingWeekdays.includes(d)}
                    onChange={() => {
                      dispatch({ type: 'toggle-weekday', weekday: d });
                    }}
                  />
                  {weekdayName(i18n.formattingLocale, d)}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span className="field-label">{t('statusMapping.calendar.holidays')}</span>
              <textarea
                rows={3}
                value={draft.holidaysText}
                placeholder="2026-12-24"
                onChange={(event) => {
                  dispatch({ type: 'set-holidays', text: event.target.value });
                }}
              />
            </label>
            <label className="field">
              <span className="field-label">{t('statusMapping.percentiles')}</span>
              <input
                type="text"
                value={draft.percentilesText}
                inputMode="numeric"
                onChange={(event) => {
                  dispatch({ type: 'set-percentiles', text: event.target.value });
                }}
              />
            </label>
          </section>
        </fieldset>

        {problems.length > 0 && (
          <div className="problems" role="alert" data-testid="problems">
            <h4>{t('statusMapping.problems.heading')}</h4>
            <ul>
              {problems.map((problem, i) => (
                <li key={i}>{describeSettingsProblem(problem, i18n.language)}</li>
              ))}
            </ul>
          </div>
        )}

        {canEdit && (
          <div className="actions">
            <button
              type="submit"
              className="button-primary"
              disabled={problems.length > 0 || save.phase === 'saving' || (!dirty && !view.derived)}
            >
              {save.phase === 'saving' ? t('statusMapping.saving') : t('statusMapping.save')}
            </button>
            <button
              type="button"
              disabled={save.phase === 'saving'}
              onClick={() => {
                dispatch({ type: 'replace', draft: draftOf(view.defaults) });
                setSave({ phase: 'idle' });
              }}
            >
              {t('statusMapping.reset')}
            </button>
          </div>
        )}
        <SaveStatus
          statusRef={statusRef}
          phase={save.phase}
          savingText={t('statusMapping.saving')}
          savedText={t('statusMapping.saved')}
        >
          {save.phase === 'failed' && (
            <div className="state-error" role="alert">
              <p>{t(`statusMapping.error.${save.code}`)}</p>
              {save.code === 'invalid-mapping' && <p className="subtle">{save.detail}</p>}
              {save.code === 'conflict' && (
                <button
                  type="button"
                  onClick={() => {
                    setSave({ phase: 'idle' });
                    setAttempt((n) => n + 1);
                  }}
                >
                  {t('statusMapping.reload')}
                </button>
              )}
            </div>
          )}
        </SaveStatus>
      </form>

      <section
        aria-labelledby="quality-heading"
        className="mapping-section stack quality"
        data-testid="quality"
      >
        <h3 id="quality-heading">{t('statusMapping.quality.heading')}</h3>
        <p className="subtle">{t('statusMapping.quality.help')}</p>
        <button
          type="button"
          disabled={quality.phase === 'loading'}
          onClick={() => {
            void onCheckQuality();
          }}
        >
          {t('statusMapping.quality.run')}
        </button>
        {quality.phase === 'loading' && (
          <div className="state-loading" role="status" aria-busy="true">
            <span className="spinner" aria-hidden="true" />
            <span>{t('statusMapping.quality.loading')}</span>
          </div>
        )}
        {quality.phase === 'error' && (
          <p className="state-error" role="alert">
            {t(`statusMapping.error.${quality.code}`)}
          </p>
        )}
        {quality.phase === 'loaded' && <QualityReport view={quality.view} i18n={i18n} />}
      </section>
      <CliExportAction view={view} t={t} />
    </main>
  );
}
