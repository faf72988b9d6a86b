/**
 * The status-mapping page's parts: the stage move buttons, the status chips with their stage select, and the
 * data-quality report. Split from `status-mapping-page.tsx` (pure moves, behaviour unchanged).
 */
import type { DataQualityView } from '../../../src/contract/status-mapping';
import type { UiI18n } from '../i18n/load';
import { type EditorDraft } from './mapping-editor';

/** A button moving a stage one place up or down; `label` is its accessible name, `symbol` its visible arrow. */
export function MoveStageButton({
  label,
  symbol,
  disabled,
  onMove,
}: {
  readonly label: string;
  readonly symbol: string;
  readonly disabled: boolean;
  readonly onMove: () => void;
}) {
  return (
    <button type="button" disabled={disabled} aria-label={label} onClick={onMove}>
      {symbol}
    </button>
  );
}

export interface StatusChipListProps extends Omit<StatusChipProps, 'status' | 'onMove'> {
  /** Accessible name of the list. */
  readonly label: string;
  readonly statuses: readonly string[];
  readonly onMove: (status: string, to: number) => void;
}

/** The statuses of one stage (or the unmapped ones) as chips, each with its move select. */
export function StatusChipList({
  label,
  statuses,
  current,
  draft,
  stageLabel,
  i18n,
  onMove,
}: StatusChipListProps) {
  return (
    <ul className="chip-list" aria-label={label}>
      {statuses.map((status) => (
        <StatusChip
          key={status}
          status={status}
          current={current}
          draft={draft}
          stageLabel={stageLabel}
          i18n={i18n}
          onMove={(to) => {
            onMove(status, to);
          }}
        />
      ))}
    </ul>
  );
}

export interface StatusChipProps {
  readonly status: string;
  /** Index of the stage holding it; -1 = unmapped. */
  readonly current: number;
  readonly draft: EditorDraft;
  readonly stageLabel: (index: number) => string;
  readonly i18n: UiI18n;
  readonly onMove: (to: number) => void;
}

/** A status with a select to move it to another stage (or leave it unmapped): keyboard-operable, no dragging. */
export function StatusChip({ status, current, draft, stageLabel, i18n, onMove }: StatusChipProps) {
  return (
    <li className="chip" data-status={status}>
      <span className="chip-name">{status}</span>
      <StageSelect
        ariaLabel={i18n.t('statusMapping.chip.moveTo', { status })}
        value={current}
        noneLabel={i18n.t('statusMapping.chip.unmapped')}
        draft={draft}
        stageLabel={stageLabel}
        onSelect={onMove}
      />
    </li>
  );
}

export interface StageSelectProps {
  /** Accessible name when the select is not inside a `<label>`. */
  readonly ariaLabel?: string;
  /** Index of the selected stage; -1 = none. */
  readonly value: number;
  /** Text of the "no stage" option (value -1). */
  readonly noneLabel: string;
  readonly draft: EditorDraft;
  readonly stageLabel: (index: number) => string;
  readonly onSelect: (index: number) => void;
}

/** A select of the draft's stages by index, with a first "no stage" option of value -1. */
export function StageSelect({ ariaLabel, value, noneLabel, draft, stageLabel, onSelect }: StageSelectProps) {
  return (
    <select
      aria-label={ariaLabel}
      value={value}
      onChange={(event) => {
        onSelect(Number(event.target.value));
      }}
    >
      <option value={-1}>{noneLabel}</option>
      {draft.stages.map((stage, index) => (
        <option key={stage.id} value={index}>
          {stageLabel(index)}
        </option>
      ))}
    </select>
  );
}

export function QualityReport({ view, i18n }: { readonly view: DataQualityView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  return (
    <div className="quality-report" data-testid="quality-report">
      <p>
        {t('statusMapping.quality.summary', {
          issues: view.issueCount,
          withWarnings: view.issuesWithWarnings,
        })}
        {view.truncated && ` ${t('statusMapping.quality.truncated')}`}
      </p>
      <h4>{t('statusMapping.quality.unmappedHeading')}</h4>
      {view.unmappedStatuses.length === 0 ? (
        <p className="subtle">{t('statusMapping.unmapped.none')}</p>
      ) : (
        <ul className="chip-list">
          {view.unmappedStatuses.map((s) => (
            <li key={s} className="chip">
              {s}
            </li>
          ))}
        </ul>
      )}
      {view.warnings.length > 0 && (
        <table className="data-table quality-table">
          <caption>{t('statusMapping.quality.warningsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statusMapping.quality.warning')}</th>
              <th scope="col">{t('statusMapping.quality.count')}</th>
              <th scope="col">{t('statusMapping.quality.examples')}</th>
            </tr>
          </thead>
          <tbody>
            {view.warnings.map((w) => (
              <tr key={w.code} data-warning={w.code}>
                <th scope="row">{t(`statusMapping.warning.${w.code}`)}</th>
                <td>{w.count}</td>
                <td className="issue-keys">{w.issueKeys.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
