/**
 * The progress of a project's flow facts backfill (issue 13), shown by the project page and the flow gadget until
 * the project's facts are ready: "Building flow data: 24%" as a labelled progress bar (its value for assistive
 * technology in `aria-valuenow`/`aria-valuetext`) and the same words in a polite live region, so a screen reader
 * hears how far it is without moving focus. A share only: the backfill's issue counts are the app's counts of every
 * issue of the project, which a viewer hidden from some by issue security must not learn.
 */
import type { ReactNode } from 'react';
import type { FlowFactsBackfillProgress } from '../../../src/contract/project-flow';
import type { UiI18n } from '../i18n/load';
import type { PageFormat } from './page-format';

/** The words of a progress ("Building flow data: 24%"; while listing, without a share). */
export function backfillText(
  progress: FlowFactsBackfillProgress,
  i18n: Pick<UiI18n, 't'>,
  format: Pick<PageFormat, 'integer'>,
): string {
  if (progress.percent === null)
    return i18n.t(progress.phase === 'queued' ? 'flowFacts.backfill.queued' : 'flowFacts.backfill.listing');
  return i18n.t('flowFacts.backfill.percent', { percent: format.integer(percentOf(progress.percent)) });
}

/** A whole percent within 0–100, whatever the answer holds. */
function percentOf(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, Math.floor(percent))) : 0;
}

export function BackfillProgress({
  progress,
  projectKey,
  i18n,
  format,
  compact = false,
}: {
  readonly progress: FlowFactsBackfillProgress;
  /** Named in the explanation; null: a scope of several projects. */
  readonly projectKey: string | null;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
  /** The gadget's small space: no explanation paragraph. */
  readonly compact?: boolean;
}): ReactNode {
  const { t } = i18n;
  const text = backfillText(progress, i18n, format);
  const percent = progress.percent === null ? null : percentOf(progress.percent);
  return (
    <div className="backfilling" data-testid="backfilling">
      <p role="status" aria-live="polite" className="backfill-text">
        {text}
      </p>
      <div
        role="progressbar"
        className="backfill-bar"
        aria-label={t('flowFacts.backfill.label')}
        aria-valuemin={0}
        {...(percent === null
          ? { 'aria-valuetext': text }
          : { 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-valuetext': text })}
      >
        <span
          className={percent === null ? 'backfill-fill backfill-indeterminate' : 'backfill-fill'}
          style={percent === null ? undefined : { width: `${String(percent)}%` }}
        />
      </div>
      {!compact && (
        <p className="subtle">
          {projectKey === null
            ? t('flowFacts.backfill.explainedScope')
            : t('flowFacts.backfill.explained', { project: projectKey })}
        </p>
      )}
    </div>
  );
}
