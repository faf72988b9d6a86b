/**
 * Small pieces the OKR gadget and the issue panel's "Key Results" section share: the status badge (icon, word and
 * colour: never colour alone), the progress bar (a labelled `progressbar` with the percentage in text), the
 * history sparkline (inline SVG, no chart library) and the error state with what to do.
 */
import type { ReactNode } from 'react';
import type { OkrErrorCode, OkrHistoryPoint, OkrStatus } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { sparkPoints } from './okr-gadget-model';

const statusIcons: Readonly<Record<OkrStatus, string>> = {
  'on-track': '✓',
  'at-risk': '!',
  'off-track': '✕',
};

/** "On track" / "At risk" / "Off track" with an icon; the colour only repeats the word. */
export function StatusBadge({ status, i18n }: { readonly status: OkrStatus; readonly i18n: UiI18n }) {
  return (
    <span className={`okr-status okr-status-${status}`} data-testid="okr-status">
      <span aria-hidden="true" className="okr-status-icon">
        {statusIcons[status]}
      </span>
      {i18n.t(`okrView.status.${status}`)}
    </span>
  );
}

export interface ProgressBarProps {
  /** 0..1. */
  readonly progress: number;
  /** Elapsed share of the period 0..1 (drawn as a mark, said in the value text); null: not shown. */
  readonly expected: number | null;
  /** What the bar measures, e.g. the key result's title. */
  readonly label: string;
  readonly i18n: UiI18n;
}

const clampShare = (share: number): number => Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));

/** A progress bar with its percentage as text (and the expected share as a mark and in words). */
export function ProgressBar({ progress, expected, label, i18n }: ProgressBarProps) {
  const share = clampShare(progress);
  const percent = i18n.format.percent(share);
  const valueText =
    expected === null
      ? percent
      : i18n.t('okrView.progressValue', { percent, expected: i18n.format.percent(clampShare(expected)) });
  return (
    <span className="okr-progress">
      <span
        className="okr-progress-track"
        role="progressbar"
        aria-label={i18n.t('okrView.progressOf', { title: label })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={valueText}
      >
        <span className="okr-progress-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
        {expected !== null && (
          <span
            className="okr-progress-expected"
            style={{ left: `${(clampShare(expected) * 100).toFixed(1)}%` }}
          />
        )}
      </span>
      <span className="okr-progress-text" aria-hidden="true">
        {percent}
      </span>
    </span>
  );
}

export const SPARK_WIDTH_PX = 96;
export const SPARK_HEIGHT_PX = 24;

/**
 * The history as a sparkline: an image named by its values' count, first and last value (the figures are what a
 * screen reader needs; the shape is for the eye). Fewer than two values: nothing.
 */
export function Sparkline({
  history,
  formatValue,
  i18n,
}: {
  readonly history: readonly OkrHistoryPoint[];
  readonly formatValue: (value: number) => string;
  readonly i18n: UiI18n;
}) {
  const points = sparkPoints(history, SPARK_WIDTH_PX, SPARK_HEIGHT_PX);
  const first = history[0];
  const last = history[history.length - 1];
  if (points.length < 2 || first === undefined || last === undefined) return null;
  const end = points[points.length - 1];
  return (
    <svg
      className="okr-spark"
      width={SPARK_WIDTH_PX}
      height={SPARK_HEIGHT_PX}
      viewBox={`0 0 ${String(SPARK_WIDTH_PX)} ${String(SPARK_HEIGHT_PX)}`}
      role="img"
      aria-label={i18n.t('okrView.spark', {
        count: history.length,
        first: formatValue(first.value),
        last: formatValue(last.value),
      })}
      data-testid="okr-spark"
    >
      <polyline
        className="okr-spark-line"
        fill="none"
        points={points.map((point) => `${String(point.x)},${String(point.y)}`).join(' ')}
      />
      {end !== undefined && <circle className="okr-spark-end" cx={end.x} cy={end.y} r={2} />}
    </svg>
  );
}

/** Codes a second attempt can cure; the others need the user (or an admin) to act first. */
const retryable: ReadonlySet<OkrErrorCode> = new Set(['jira-unavailable', 'internal', 'busy', 'conflict']);
/** Codes whose detail says what to change (the rule broken, Jira's refusal): shown with the message. */
const detailed: ReadonlySet<OkrErrorCode> = new Set(['invalid-okr', 'measure-failed', 'invalid-payload']);

/** The text of an OKR error for the viewer: what happened and what to do (with the detail where it helps). */
export function okrErrorText(code: OkrErrorCode, detail: string, i18n: UiI18n): string {
  const text = i18n.t(`okrView.error.${code}`);
  return detailed.has(code) && detail !== '' ? `${text} ${detail}` : text;
}

export interface OkrErrorStateProps {
  readonly heading: string;
  readonly code: OkrErrorCode;
  readonly detail: string;
  readonly i18n: UiI18n;
  readonly onRetry: () => void;
  /** Heading level: the gadget's own heading is an h2, a panel section's an h3. */
  readonly level?: 2 | 3 | 4;
  readonly children?: ReactNode;
}

/** An error: what happened and what to do; a retry where it can help; the technical detail folded away. */
export function OkrErrorState({
  heading,
  code,
  detail,
  i18n,
  onRetry,
  level = 2,
  children,
}: OkrErrorStateProps) {
  const Heading = `h${String(level)}` as 'h2' | 'h3' | 'h4';
  return (
    <div className="state-error okr-error" role="alert" data-testid="okr-error">
      <Heading>{heading}</Heading>
      <p className="error-message">{okrErrorText(code, detail, i18n)}</p>
      {retryable.has(code) && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {i18n.t('okrView.retry')}
        </button>
      )}
      {children}
      <details>
        <summary>{i18n.t('okrView.technicalDetail')}</summary>
        <code>
          {code}: {detail}
        </code>
      </details>
    </div>
  );
}
