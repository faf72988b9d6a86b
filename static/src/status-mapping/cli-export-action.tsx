/**
 * The status mapping page's "Export for the CLI" action: downloads the project's saved mapping (the defaults while
 * nothing is saved) — the one the project page measures with — as the CLI's `--workflow` file, and shows the
 * command that measures the project with it.
 */
import type { StatusMappingView } from '../../../src/contract/status-mapping';
import type { UiI18n } from '../i18n/load';
import { cliMetricsCommand, cliWorkflowFileName, cliWorkflowJson, downloadJson } from './cli-export';

export interface CliExportActionProps {
  readonly view: StatusMappingView;
  readonly t: UiI18n['t'];
  /** Offers the file (the browser's Blob download by default; tests pass their own). */
  readonly download?: (json: string, fileName: string) => void;
}

export function CliExportAction({ view, t, download = downloadJson }: CliExportActionProps) {
  const fileName = cliWorkflowFileName(view.projectKey);
  return (
    <section className="mapping-section stack cli-export" aria-labelledby="cli-export-heading">
      <h3 id="cli-export-heading">{t('statusMapping.cliExport.heading')}</h3>
      <p className="subtle">{t('statusMapping.cliExport.hint')}</p>
      <button
        type="button"
        data-testid="cli-export"
        onClick={() => {
          download(cliWorkflowJson(view.mapping), fileName);
        }}
      >
        {t('statusMapping.cliExport.button')}
      </button>
      <p className="subtle">{t('statusMapping.cliExport.command')}</p>
      <pre>
        <code>{cliMetricsCommand(view.projectKey, fileName, view.calendar)}</code>
      </pre>
    </section>
  );
}
