/**
 * The progress of a project's flow facts backfill (issue 13), shown by the project page and the flow gadget until
 * the project's facts are ready: "Building flow data: 12,000 of 50,000 issues" as a labelled progress bar (its
 * value for assistive technology in `aria-valuenow`/`aria-valuetext`) and the same words in a polite live region,
 * so a screen reader hears how far it is without moving focus.
 */
import type { ReactNode } from 'react';
import type { FlowFactsBackfillProgress } from '../../../src/contract/project-flow';
import type { UiI18n } from '../i18n/load';
import type { PageFormat } from './page-format';

/** The words of a progress ("Building flow data: 12,000 of 50,000 issues"; while listing, without a count). */
export function backfillText(
  progress: FlowFactsBackfillProgress,
  i18n: Pick<UiI18n, 't'>,
  format: Pick<PageFormat, 'integer'>,
): string {
  if (progress.total === null)
    return i18n.t(progress.phase === 'queued' ? 'flowFacts.backfill.queued' : 'flowFacts.backfill.listing');
  return i18n.t('flowFacts.backfill.of', {
    loaded: format.integer(Math.min(progress.loaded, progress.total)),
    total: format.integer(progress.total),
  });
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
  const { total } = progress;
  const now = total === null ? null : Math.min(progress.loaded, total);
  const percent = total === null || total === 0 || now === null ? 0 : (now / total) * 100;
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
        {...(total === null || now === null
          ? { 'aria-valuetext': text }
          : { 'aria-valuemax': total, 'aria-valuenow': now, 'aria-valuetext': text })}
      >
        <span
          className={total === null ? 'backfill-fill backfill-indeterminate' : 'backfill-fill'}
          style={total === null ? undefined : { width: `${percent.toFixed(1)}%` }}
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
