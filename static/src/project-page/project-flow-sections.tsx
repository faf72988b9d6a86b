/** The project page's non-chart sections: key figures, value stream, Monte Carlo, Little's Law, data quality. */
import { useState, type SyntheticEvent } from 'react';
import type { ProjectFlowView } from '../../../src/contract/project-flow';
import type { UiI18n } from '../i18n/load';
import type { PageFormat } from './page-format';
import { addDays, confidences } from './project-flow-model';

interface SectionProps {
  readonly view: ProjectFlowView;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
}

export function KeyFigures({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { summary } = view;
  const days = (value: number | null): string => (value === null ? '–' : format.days(value));
  const figures: readonly [string, string, string][] = [
    ['finished', t('projectPage.figure.finished'), format.integer(summary.finished)],
    ['wipNow', t('projectPage.figure.wipNow'), format.integer(summary.wipNow)],
    [
      'throughputPerWeek',
      t('projectPage.figure.throughputPerWeek'),
      format.decimal(summary.throughputPerWeek),
    ],
    ['cycleP50', t('projectPage.figure.cycleP50'), days(summary.cycleTime.p50)],
    ['cycleP85', t('projectPage.figure.cycleP85'), days(summary.cycleTime.p85)],
    ['leadP85', t('projectPage.figure.leadP85'), days(summary.leadTime.p85)],
    [
      'flowEfficiency',
      t('projectPage.figure.flowEfficiency'),
      summary.flowEfficiency === null ? '–' : format.percent(summary.flowEfficiency),
    ],
    ['agingAboveP85', t('projectPage.figure.agingAboveP85'), format.integer(summary.agingAboveP85)],
  ];
  return (
    <section aria-labelledby="figures-heading" className="page-section">
      <h2 id="figures-heading">{t('projectPage.figures.heading')}</h2>
      <dl className="figures">
        {figures.map(([id, label, value]) => (
          <div key={id} className="figure" data-testid={`figure-${id}`}>
            <dt>{label}</dt>
            <dd className="heading-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ValueStreamTable({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const stream = view.valueStream;
  return (
    <section aria-labelledby="value-stream-heading" className="page-section">
      <h2 id="value-stream-heading">{t('projectPage.valueStream.heading')}</h2>
      <p>
        {t('projectPage.valueStream.shares', {
          waiting: format.percent(stream.waitingShare),
          active: format.percent(stream.activeShare),
          rework: format.percent(stream.reworkShare),
        })}
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="value-stream">
          <caption>{t('projectPage.valueStream.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projectPage.column.stage')}</th>
              <th scope="col">{t('projectPage.column.kind')}</th>
              <th scope="col">{t('projectPage.column.items')}</th>
              <th scope="col">{t('projectPage.column.averageDays')}</th>
              <th scope="col">{t('projectPage.column.p85Days')}</th>
              <th scope="col">{t('projectPage.column.shareOfFlowTime')}</th>
              <th scope="col">{t('projectPage.column.returned')}</th>
            </tr>
          </thead>
          <tbody>
            {stream.stages.map((stage) => (
              <tr key={stage.name} className={stage.bottleneck ? 'bottleneck' : undefined}>
                <th scope="row">
                  {stage.name}
                  {stage.bottleneck && (
                    <span className="badge badge-danger" data-testid="bottleneck">
                      {t('projectPage.valueStream.bottleneck')}
                    </span>
                  )}
                </th>
                <td>{t(`stageKind.${stage.kind}`)}</td>
                <td>{format.integer(stage.items)}</td>
                <td>{stage.averageDays === null ? '–' : format.decimal(stage.averageDays)}</td>
                <td>{stage.p85Days === null ? '–' : format.decimal(stage.p85Days)}</td>
                <td>
                  <span className="share-track" aria-hidden="true">
                    <span
                      className="share-fill"
                      style={{ width: `${String(Math.round(stage.shareOfFlowTime * 1000) / 10)}%` }}
                    />
                  </span>
                  {format.percent(stage.shareOfFlowTime)}
                </td>
                <td>{format.percent(stage.returnedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {stream.bottleneckIndex >= 0 && (
        <p className="subtle">
          {t('projectPage.valueStream.bottleneckExplained', {
            stage: stream.stages[stream.bottleneckIndex]?.name ?? '',
          })}
        </p>
      )}
    </section>
  );
}

export interface ForecastInputs {
  readonly byDate: string;
  readonly items: number;
}

export function MonteCarlo({
  view,
  i18n,
  format,
  onForecast,
}: SectionProps & { readonly onForecast: (inputs: ForecastInputs) => void }) {
  const { t } = i18n;
  const forecast = view.forecast;
  const [byDate, setByDate] = useState(forecast?.howMany?.byDate ?? addDays(view.settings.to, 30));
  const [items, setItems] = useState(String(forecast?.when?.items ?? Math.max(1, view.summary.wipNow)));
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const count = Number(items);
    if (Number.isInteger(count) && count >= 1 && /^\d{4}-\d{2}-\d{2}$/.test(byDate))
      onForecast({ byDate, items: count });
  };
  return (
    <section aria-labelledby="forecast-heading" className="page-section" data-testid="forecast">
      <h2 id="forecast-heading">{t('projectPage.forecast.heading')}</h2>
      <form className="inline-form" onSubmit={submit}>
        <label>
          {t('projectPage.forecast.byDate')}
          <input
            type="date"
            value={byDate}
            min={addDays(view.settings.to, 1)}
            onChange={(event) => {
              setByDate(event.target.value);
            }}
          />
        </label>
        <label>
          {t('projectPage.forecast.items')}
          <input
            type="number"
            min={1}
            max={100000}
            value={items}
            onChange={(event) => {
              setItems(event.target.value);
            }}
          />
        </label>
        <button type="submit">{t('projectPage.forecast.update')}</button>
      </form>
      {forecast === null || (forecast.howMany === null && forecast.when === null) ? (
        <p className="chart-empty">{t('projectPage.forecast.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="forecast-table">
            <caption>
              {t('projectPage.forecast.caption', {
                days: format.integer(forecast.sampleDays),
                trials: format.integer(forecast.trials),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('projectPage.forecast.confidence')}</th>
                <th scope="col">
                  {forecast.howMany === null
                    ? '–'
                    : t('projectPage.forecast.howManyColumn', { date: format.date(forecast.howMany.byDate) })}
                </th>
                <th scope="col">
                  {forecast.when === null
                    ? '–'
                    : t('projectPage.forecast.whenColumn', { items: format.integer(forecast.when.items) })}
                </th>
              </tr>
            </thead>
            <tbody>
              {confidences.map((confidence) => {
                const date = forecast.when?.dateAtConfidence[confidence];
                return (
                  <tr key={confidence}>
                    <th scope="row">{confidence} %</th>
                    <td>
                      {forecast.howMany === null
                        ? '–'
                        : t('projectPage.forecast.atLeast', {
                            items: format.integer(forecast.howMany.itemsAtConfidence[confidence]),
                          })}
                    </td>
                    <td>
                      {date === undefined
                        ? '–'
                        : date === null
                          ? t('projectPage.forecast.notWithin')
                          : format.date(date)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="subtle">{t('projectPage.forecast.explained')}</p>
    </section>
  );
}

export function LittlesLaw({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const law = view.littlesLaw;
  const verdict = law?.verdict ?? 'insufficient-data';
  return (
    <section aria-labelledby="littles-law-heading" className="page-section" data-testid="littles-law">
      <h2 id="littles-law-heading">{t('projectPage.littlesLaw.heading')}</h2>
      <p className={`verdict verdict-${verdict}`} data-testid="littles-law-verdict">
        {t(`projectPage.littlesLaw.${verdict}`)}
      </p>
      {law !== null && law.predictedCycleTimeDays !== null && law.meanCycleTimeDays !== null && (
        <p>
          {t('projectPage.littlesLaw.numbers', {
            wip: format.decimal(law.averageWip),
            throughput: format.decimal(law.averageThroughputPerDay),
            predicted: format.days(law.predictedCycleTimeDays),
            actual: format.days(law.meanCycleTimeDays),
            from: format.date(law.windowStart),
            to: format.date(law.windowEnd),
          })}
        </p>
      )}
      <p className="subtle">{t('projectPage.littlesLaw.explained')}</p>
    </section>
  );
}

/**
 * Says what the answer left out to fit one resolver answer (`issues.summariesOmitted`, `issues.rowsOmitted`:
 * tens of thousands of issues in the range) and how to get it back; nothing when the view is whole.
 */
export function AnswerTrimmedNote({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { summariesOmitted, rowsOmitted } = view.issues;
  if (summariesOmitted !== true && (rowsOmitted ?? 0) === 0) return null;
  return (
    <div className="page-section notes" role="note" data-testid="answer-trimmed">
      {summariesOmitted === true && <p>{t('projectPage.trimmed.summaries')}</p>}
      {rowsOmitted !== undefined && rowsOmitted > 0 && (
        <p>{t('projectPage.trimmed.rows', { count: format.integer(rowsOmitted) })}</p>
      )}
    </div>
  );
}

/**
 * Says that the project's flow facts are catching up after many changes at once (`view.factsCatchingUp`: events
 * were dropped, e.g. a bulk edit), so figures may be a few minutes old; nothing otherwise.
 */
export function FactsCatchingUpNote({ view, i18n }: Pick<SectionProps, 'view' | 'i18n'>) {
  if (view.factsCatchingUp !== true) return null;
  return (
    <div className="page-section notes" role="note" data-testid="facts-catching-up">
      <p>{i18n.t('projectPage.factsCatchingUp')}</p>
    </div>
  );
}

export function DataQualityNote({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const quality = view.dataQuality;
  if (quality.issuesWithWarnings === 0 && quality.unmappedStatuses.length === 0) return null;
  return (
    <section aria-labelledby="quality-heading" className="page-section notes">
      <h2 id="quality-heading">{t('projectPage.quality.heading')}</h2>
      <p>{t('projectPage.quality.issues', { count: format.integer(quality.issuesWithWarnings) })}</p>
      {quality.unmappedStatuses.length > 0 && (
        <p>{t('projectPage.quality.unmapped', { statuses: quality.unmappedStatuses.join(', ') })}</p>
      )}
    </section>
  );
}
