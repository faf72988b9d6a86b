/**
 * What the OKR page does with a whole period: close it with grading (Jira admins; confirmed first: graded periods
 * no longer change), export it as JSON (backup, moving sites) and import an export (Jira admins).
 */
import { useState, type ChangeEvent } from 'react';
import type { OkrImportAnswer, OkrOverview } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { ConfirmDialog } from './okr-dialog';
import { OkrErrorState, type OkrFailure } from './okr-error';
import type { OkrInvoke } from './okr-invoke';

export interface PeriodActionsProps {
  readonly overview: OkrOverview;
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** Offers JSON text as a download. */
  readonly download: (json: string, fileName: string) => void;
  /** The period was closed: the graded overview. */
  readonly onClosed: (overview: OkrOverview) => void;
  readonly onImported: () => void;
}

/** The text of a chosen file (FileReader: every browser the Custom UI runs in, and jsdom, has it). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error(`${file.name} could not be read`));
    };
    reader.readAsText(file);
  });
}

export function PeriodActions({
  overview,
  invoke,
  i18n,
  download,
  onClosed,
  onImported,
}: PeriodActionsProps) {
  const { t } = i18n;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'closing' | 'exporting' | 'importing' | null>(null);
  const [failure, setFailure] = useState<OkrFailure | null>(null);
  const [imported, setImported] = useState<OkrImportAnswer | null>(null);
  /** A chosen file that is no JSON: its name and the parser's words. */
  const [badFile, setBadFile] = useState<string | null>(null);
  const periodKey = overview.periodKey;

  const close = async (): Promise<void> => {
    setConfirming(false);
    setBusy('closing');
    setFailure(null);
    const answer = await invoke('closeOkrPeriod', { periodKey });
    setBusy(null);
    if (answer.ok) onClosed(answer.value);
    else setFailure(answer.error);
  };
  const exportPeriod = async (): Promise<void> => {
    setBusy('exporting');
    setFailure(null);
    const answer = await invoke('exportOkrPeriod', { periodKey });
    setBusy(null);
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    download(`${JSON.stringify(answer.value, null, 2)}\n`, `okr-${periodKey.replace(/[^\w-]+/g, '_')}.json`);
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.target;
    const file = input.files?.[0];
    if (file === undefined) return;
    setFailure(null);
    setImported(null);
    setBadFile(null);
    let data: unknown;
    try {
      data = JSON.parse(await readText(file)) as unknown;
    } catch (error) {
      setBadFile(`${file.name}: ${String(error)}`);
      input.value = '';
      return;
    }
    setBusy('importing');
    const answer = await invoke('importOkrPeriod', { data });
    setBusy(null);
    input.value = '';
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setImported(answer.value);
    onImported();
  };

  return (
    <section aria-labelledby="period-heading" className="okr-section stack" data-testid="period-actions">
      <h2 id="period-heading">{t('okrPage.period.heading')}</h2>
      {overview.closed ? (
        <p data-testid="period-closed">{t('okrPage.period.closedExplained')}</p>
      ) : (
        overview.canAdminister && (
          <div className="stack stack-tight">
            <p className="subtle">{t('okrPage.period.closeExplained')}</p>
            <div className="okr-actions">
              <button
                type="button"
                disabled={busy !== null}
                onClick={() => {
                  setConfirming(true);
                }}
              >
                {t('okrPage.period.close', { period: periodKey })}
              </button>
            </div>
          </div>
        )
      )}
      <div className="okr-actions">
        <button type="button" disabled={busy !== null} onClick={() => void exportPeriod()}>
          {t('okrPage.period.export', { period: periodKey })}
        </button>
      </div>
      {overview.canAdminister && (
        <div className="field okr-field">
          <label className="field-label" htmlFor="okr-import">
            {t('okrPage.period.import')}
          </label>
          <input
            id="okr-import"
            type="file"
            accept="application/json,.json"
            disabled={busy !== null}
            aria-describedby="okr-import-hint"
            onChange={(event) => void importFile(event)}
          />
          <span id="okr-import-hint" className="subtle okr-hint">
            {t('okrPage.period.importHint')}
          </span>
        </div>
      )}
      <p role="status" aria-live="polite">
        {busy === null ? '' : t(`okrPage.period.busy.${busy}`)}
        {imported !== null &&
          t('okrPage.period.imported', {
            objectives: imported.objectives,
            keyResults: imported.keyResults,
            checkIns: imported.checkIns,
            links: imported.links,
          })}
      </p>
      {badFile !== null && (
        <div className="state-error" role="alert" data-testid="bad-file">
          <p className="error-message">{t('okrPage.period.notJson')}</p>
          <details>
            <summary>{t('okrPage.technicalDetail')}</summary>
            <code>{badFile}</code>
          </details>
        </div>
      )}
      {failure !== null && (
        <OkrErrorState failure={failure} i18n={i18n} heading={t('okrPage.period.failed')} />
      )}
      {confirming && (
        <ConfirmDialog
          title={t('okrPage.period.confirmHeading', { period: periodKey })}
          i18n={i18n}
          confirmLabel={t('okrPage.period.closeConfirmed')}
          onConfirm={() => void close()}
          onCancel={() => {
            setConfirming(false);
          }}
          testId="confirm-close"
        >
          <p>{t('okrPage.period.confirmClose')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
