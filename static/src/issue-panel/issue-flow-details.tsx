/** The loaded issue panel: status, headline metrics, time in status (table + bars) and data notes. */
import { useId, useState } from 'react';
import type { IssueFlowView } from '../../../src/contract/resolvers';
import type { StageKind } from '../../../src/domain/flow/types';
import type { UiI18n } from '../i18n/load';
import {
  headlineMetrics,
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
      <header className="flow-header">
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
              <dd className={metric.value.type === 'none' ? 'metric-value metric-none' : 'metric-value'}>
                {metricText(metric.value, i18n)}
              </dd>
              <dd className="metric-help">{t(`${metric.labelKey}.help`)}</dd>
            </div>
          ))}
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
          <table className="tis-table">
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
