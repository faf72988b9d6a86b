/** The loaded issue panel: status, headline metrics, time in status (table + bars) and data notes. */
import { useId, useState } from 'react';
import type { IssueFlowView } from '../../../src/contract/resolvers';
import type { StageKind } from '../../../src/contract/flow-rules';
import type { UiI18n } from '../i18n/load';
import {
  headlineMetrics,
  standingMarks,
  standingText,
  timelineBars,
  timeInStatusRows,
  totalTimeInStatusMs,
  warningText,
  type MetricValue,
  type StatusOrder,
} from './issue-flow-model';

interface DetailsProps {
  readonly view: IssueFlowView;
  readonly i18n: UiI18n;
}

function metricText(value: MetricValue, i18n: UiI18n): string {
  switch (value.type) {
    case 'duration':
      return i18n.format.days(value.ms);
    case 'ratio':
      return i18n.format.percent(value.ratio);
    case 'none':
      return i18n.t(value.reasonKey);
  }
}

function stageText(stage: string | null, kind: StageKind | null, i18n: UiI18n): string {
  const name = stage ?? i18n.t('issuePanel.stageUnmapped');
  return kind === null ? name : `${name} (${i18n.t(`stageKind.${kind}`)})`;
}

/** One bar per status visit on a time axis (decorative) and the same visits as a list (for screen readers). */
function VisitTimeline({ view, i18n, headingId }: DetailsProps & { readonly headingId: string }) {
  const { t, format } = i18n;
  const [showList, setShowList] = useState(false);
  const bars = timelineBars(view.visits, Date.parse(view.asOf));
  const listId = `${headingId}-visits`;
  const visitText = (bar: (typeof bars)[number]): string =>
    t('issuePanel.timeline.visit', {
      status: bar.status,
      stage: stageText(bar.stage, bar.kind, i18n),
      duration: format.days(bar.ms),
      from: format.dateTime(new Date(bar.enterMs).toISOString()),
      to: bar.ongoing ? t('issuePanel.timeline.now') : format.dateTime(new Date(bar.endMs).toISOString()),
    });
  return (
    <section aria-labelledby={headingId} className="stack">
      <div className="section-head">
        <h3 id={headingId}>{t('issuePanel.timeline.heading')}</h3>
        {bars.length > 0 && (
          <button
            type="button"
            aria-expanded={showList}
            aria-controls={listId}
            onClick={() => {
              setShowList(!showList);
            }}
          >
            {t(showList ? 'issuePanel.timeline.hideList' : 'issuePanel.timeline.showList')}
          </button>
        )}
      </div>
      {bars.length === 0 ? (
        <p className="subtle">{t('issuePanel.timeline.empty')}</p>
      ) : (
        <>
          <div
            className="timeline-track"
            role="img"
            aria-label={t('issuePanel.timeline.label', { issueKey: view.issueKey })}
            data-testid="visit-timeline"
          >
            {bars.map((bar) => (
              <span
                key={`${String(bar.enterMs)}-${bar.status}`}
                className={`timeline-bar kind-${bar.kind ?? 'unmapped'}`}
                data-testid="visit-bar"
                title={visitText(bar)}
                style={{
                  left: `${(bar.offset * 100).toFixed(2)}%`,
                  width: `${(bar.width * 100).toFixed(2)}%`,
                }}
              />
            ))}
          </div>
          <ol
            id={listId}
            className={showList ? 'visit-list' : 'visit-list visually-hidden'}
            aria-label={t('issuePanel.timeline.listCaption')}
          >
            {bars.map((bar) => (
              <li key={`${String(bar.enterMs)}-${bar.status}`} data-testid="visit-item">
                <span className={`visit-swatch kind-${bar.kind ?? 'unmapped'}`} aria-hidden="true" />
                {visitText(bar)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The issue against the project's finished items (from the cached project view). */
function Standing({ view, i18n, headingId }: DetailsProps & { readonly headingId: string }) {
  const { t, format } = i18n;
  const { standing } = view;
  const marks = standingMarks(standing, format);
  return (
    <section aria-labelledby={headingId} className="stack" data-testid="standing">
      <h3 id={headingId}>{t('issuePanel.standing.heading')}</h3>
      <p className={standing.kind === 'compared' ? 'standing-text' : 'subtle'} data-testid="standing-text">
        {standingText(standing, t, format)}
      </p>
      {standing.kind === 'no-cached-view' && (
        <p>
          <a href={`/projects/${encodeURIComponent(standing.projectKey)}`} target="_blank" rel="noreferrer">
            {t('issuePanel.standing.openProject', { project: standing.projectKey })}
          </a>
        </p>
      )}
      {marks.length > 0 && (
        <>
          <ul className="standing-marks" aria-label={t('issuePanel.standing.marks')}>
            {marks.map((mark) => (
              <li key={mark.percentile} data-testid="standing-mark">
                {t('issuePanel.standing.mark', { percent: mark.label, days: mark.days })}
              </li>
            ))}
          </ul>
          {standing.kind === 'compared' && (
            <p className="subtle standing-computed">
              {t('issuePanel.standing.computed', {
                dateTime: format.dateTime(new Date(standing.computedAtMs).toISOString()),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function IssueFlowDetails({ view, i18n }: DetailsProps) {
  const { t, format } = i18n;
  const [order, setOrder] = useState<StatusOrder>('visit');
  const headingId = useId();
  const rows = timeInStatusRows(view.timeInStatus, order);
  const totalMs = totalTimeInStatusMs(view.timeInStatus);
  const dates: { readonly key: string; readonly iso: string | null }[] = [
    { key: 'issuePanel.date.created', iso: view.createdAt },
    { key: 'issuePanel.date.started', iso: view.startAt },
    { key: 'issuePanel.date.done', iso: view.doneAt },
  ];
  return (
    <article className="flow-panel" aria-labelledby={headingId}>
      <header className="flow-header stack stack-tight">
        <h2 id={headingId}>{t('issuePanel.heading', { issueKey: view.issueKey })}</h2>
        <p className="flow-status" data-testid="current-status">
          <span className="flow-label">{t('issuePanel.currentStatus')}</span>{' '}
          <strong className="lozenge">{view.status}</strong>{' '}
          <span className="flow-label">{t('issuePanel.stage')}</span>{' '}
          <strong>{view.stage ?? t('issuePanel.stageUnmapped')}</strong>
        </p>
      </header>

      <section aria-labelledby={`${headingId}-metrics`}>
        <h3 id={`${headingId}-metrics`}>{t('issuePanel.metricsHeading')}</h3>
        <dl className="metric-grid">
          {headlineMetrics(view).map((metric) => (
            <div className="metric" key={metric.id} data-testid={`metric-${metric.id}`}>
              <dt>{t(metric.labelKey)}</dt>
              <dd
                className={
                  metric.value.type === 'none' ? 'metric-value metric-none' : 'metric-value heading-medium'
                }
              >
                {metricText(metric.value, i18n)}
              </dd>
              <dd className="metric-help">{t(`${metric.labelKey}.help`)}</dd>
            </div>
          ))}
          <div className="metric" data-testid="metric-blocked">
            <dt>{t('issuePanel.blocked.label')}</dt>
            <dd className="metric-value heading-medium">{format.days(view.blockedMs)}</dd>
            <dd className="metric-help">{t('issuePanel.blocked.help')}</dd>
          </div>
        </dl>
        <dl className="date-list">
          {dates.map((date) => (
            <div key={date.key}>
              <dt>{t(date.key)}</dt>
              <dd>{date.iso === null ? '–' : format.dateTime(date.iso)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <VisitTimeline view={view} i18n={i18n} headingId={`${headingId}-timeline`} />

      <Standing view={view} i18n={i18n} headingId={`${headingId}-standing`} />

      <section aria-labelledby={`${headingId}-tis`}>
        <div className="section-head">
          <h3 id={`${headingId}-tis`}>{t('issuePanel.timeInStatus.heading')}</h3>
          <div className="order-toggle" role="group" aria-label={t('issuePanel.sort.label')}>
            {(['visit', 'time'] as const).map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={order === option}
                onClick={() => {
                  setOrder(option);
                }}
              >
                {t(`issuePanel.sort.${option}`)}
              </button>
            ))}
          </div>
        </div>
        {rows.length === 0 ? (
          <p className="subtle">{t('issuePanel.timeInStatus.empty')}</p>
        ) : (
          <table className="data-table tis-table">
            <caption>{t(`issuePanel.timeInStatus.caption.${order}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('issuePanel.column.status')}</th>
                <th scope="col">{t('issuePanel.column.stage')}</th>
                <th scope="col" className="num">
                  {t('issuePanel.column.days')}
                </th>
                <th scope="col">{t('issuePanel.column.share')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.visitIndex}-${row.status}`} data-testid="tis-row">
                  <th scope="row">{row.status}</th>
                  <td>{stageText(row.stage, row.kind, i18n)}</td>
                  <td className="num">{format.dayNumber(row.ms)}</td>
                  <td>
                    <div className="share">
                      <span className="share-track" aria-hidden="true">
                        <span
                          className={`share-bar kind-${row.kind ?? 'unmapped'}`}
                          style={{ width: `${(row.share * 100).toFixed(1)}%` }}
                        />
                      </span>
                      <span className="share-text">{format.percent(row.share)}</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('issuePanel.timeInStatus.total')}
                </th>
                <td className="num">{format.dayNumber(totalMs)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        )}
      </section>

      {view.warnings.length > 0 && (
        <section className="notes" aria-labelledby={`${headingId}-notes`}>
          <h3 id={`${headingId}-notes`}>{t('issuePanel.warnings.heading')}</h3>
          <ul>
            {view.warnings.map((code) => (
              <li key={code}>{warningText(t, code)}</li>
            ))}
          </ul>
        </section>
      )}

      <p className="subtle as-of">{t('issuePanel.asOf', { dateTime: format.dateTime(view.asOf) })}</p>
    </article>
  );
}
