/**
 * The project flow page (`jira:projectPage`): filters and settings, key figures, the charts, the value stream,
 * the Monte Carlo forecast, the Little's Law signal and the CSV export. Loads through `getProjectFlow`; while the
 * project's flow facts are first built it answers `backfilling` and the page asks again every 2 s, showing the
 * progress.
 */
import { useEffect, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import type { ProjectFlowRequest, ProjectFlowView } from '../../../src/contract/project-flow';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { BackfillProgress } from './backfill-progress';
import { FlowErrorState } from './flow-error';
import type { FlowInvoke } from './flow-invoke';
import { downloadCsv, issuesCsv } from './issues-csv';
import { createPageFormat, type PageFormat } from './page-format';
import {
  AgingWip,
  CumulativeFlow,
  CycleTimeHistogram,
  CycleTimeScatter,
  FlowEfficiencyChart,
  ThroughputCharts,
  WipChart,
} from './project-charts';
import {
  AnswerTrimmedNote,
  FactsCatchingUpNote,
  DataQualityNote,
  KeyFigures,
  LittlesLaw,
  MonteCarlo,
  ValueStreamTable,
  type ForecastInputs,
} from './project-flow-sections';
import { loadProjectFlow, parsePercentiles, type ProjectPageState } from './project-flow-model';

export interface ProjectFlowPageProps {
  readonly projectKey: string;
  readonly invoke: FlowInvoke;
  readonly i18n: UiI18n;
  /** Opens an issue (Jira: `router.open('/browse/KEY')`). */
  readonly openIssue: (key: string) => void;
  /** Offers a file for download (the browser's Blob download by default). */
  readonly download?: (csv: string, fileName: string) => void;
  /** Waits between job polls (default: a real 2 s timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** The request without the optional fields that are empty (the contract's `exactOptionalPropertyTypes`). */
function cleanRequest(request: ProjectFlowRequest): ProjectFlowRequest {
  return {
    projectKey: request.projectKey,
    ...(request.from === undefined || request.from === '' ? {} : { from: request.from }),
    ...(request.to === undefined || request.to === '' ? {} : { to: request.to }),
    ...(request.issueTypes === undefined || request.issueTypes.length === 0
      ? {}
      : { issueTypes: request.issueTypes }),
    ...(request.jql === undefined || request.jql.trim() === '' ? {} : { jql: request.jql.trim() }),
    ...(request.percentiles === undefined ? {} : { percentiles: request.percentiles }),
    ...(request.forecast === undefined ? {} : { forecast: request.forecast }),
    ...(request.refresh === true ? { refresh: true } : {}),
  };
}

export function ProjectFlowPage({
  projectKey,
  invoke,
  i18n,
  openIssue,
  download = downloadCsv,
  sleep = realSleep,
}: ProjectFlowPageProps) {
  const { t } = i18n;
  const format = useMemo(() => createPageFormat(i18n), [i18n]);
  const [request, setRequest] = useState<ProjectFlowRequest>({ projectKey });
  const [state, setState] = useState<ProjectPageState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const lastView = useRef<ProjectFlowView | null>(null);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void loadProjectFlow(invoke, cleanRequest(request), {
      onBackfill: (progress) => {
        if (current) setState({ phase: 'backfilling', progress });
      },
      sleep,
      cancelled: () => !current,
    }).then((next) => {
      if (!current) return;
      if (next.phase === 'loaded') lastView.current = next.view;
      setState(next);
    });
    return () => {
      current = false;
    };
  }, [invoke, request, attempt, sleep]);

  const view = state.phase === 'loaded' ? state.view : null;
  // Issue types seen in any answer: a view filtered to some types lists only those, yet the others stay choosable.
  const knownTypes = useRef<readonly string[]>([]);
  if (view !== null) {
    const missing = view.issues.types.filter((type) => !knownTypes.current.includes(type));
    if (missing.length > 0)
      knownTypes.current = [...knownTypes.current, ...missing].sort((a, b) => a.localeCompare(b));
  }
  return (
    <main className="project-page page page-wide">
      <header className="page-header">
        <h1>{t('projectPage.heading', { project: projectKey })}</h1>
        {view !== null && (
          <p className="subtle as-of" data-testid="as-of">
            {t('projectPage.asOf', {
              from: format.date(view.settings.from),
              to: format.date(view.settings.to),
              computed: format.dateTimeOfMs(view.computedAtMs, view.settings.timeZone),
              count: format.integer(view.summary.issuesLoaded),
            })}
          </p>
        )}
      </header>
      <Filters
        key={
          view === null
            ? 'none'
            : `${view.settings.from}/${view.settings.to}/${view.settings.percentiles.join(',')}`
        }
        request={request}
        view={view ?? lastView.current}
        availableTypes={knownTypes.current}
        i18n={i18n}
        busy={state.phase === 'loading' || state.phase === 'backfilling'}
        onApply={(next) => {
          setRequest({ ...next, projectKey });
        }}
        onRefresh={() => {
          setRequest({ ...request, refresh: true });
          setAttempt((n) => n + 1);
        }}
      />
      {state.phase === 'loading' && <LoadingState label={t('projectPage.loading')} />}
      {state.phase === 'backfilling' && (
        <BackfillProgress progress={state.progress} projectKey={projectKey} i18n={i18n} format={format} />
      )}
      {state.phase === 'error' && (
        <FlowErrorState
          area="projectPage"
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {view !== null && (
        <ProjectFlowContent
          view={view}
          i18n={i18n}
          format={format}
          openIssue={openIssue}
          onExport={() => {
            const csv = issuesCsv(view, i18n.language, {
              key: t('projectPage.column.key'),
              summary: t('projectPage.column.summary'),
              type: t('projectPage.column.type'),
              stage: t('projectPage.column.stage'),
              created: t('projectPage.column.created'),
              started: t('projectPage.column.started'),
              done: t('projectPage.column.done'),
              cycleTimeDays: t('projectPage.column.cycleTimeDays'),
              leadTimeDays: t('projectPage.column.leadTimeDays'),
              flowEfficiency: t('projectPage.column.flowEfficiencyPercent'),
              blockedDays: t('projectPage.column.blockedDays'),
              warnings: t('projectPage.column.warnings'),
            });
            download(csv, `flow-${view.projectKey}-${view.settings.from}-${view.settings.to}.csv`);
          }}
          onForecast={(inputs: ForecastInputs) => {
            setRequest({
              ...request,
              refresh: false,
              forecast: { byDate: inputs.byDate, items: inputs.items },
            });
          }}
        />
      )}
    </main>
  );
}

interface FiltersProps {
  readonly request: ProjectFlowRequest;
  readonly view: ProjectFlowView | null;
  /** Issue types to offer (those seen so far). */
  readonly availableTypes: readonly string[];
  readonly i18n: UiI18n;
  readonly busy: boolean;
  readonly onApply: (request: Omit<ProjectFlowRequest, 'projectKey'>) => void;
  readonly onRefresh: () => void;
}

function Filters({ request, view, availableTypes, i18n, busy, onApply, onRefresh }: FiltersProps) {
  const { t } = i18n;
  const [from, setFrom] = useState(request.from ?? view?.settings.from ?? '');
  const [to, setTo] = useState(request.to ?? view?.settings.to ?? '');
  const [types, setTypes] = useState<readonly string[]>(
    request.issueTypes ?? view?.settings.issueTypes ?? [],
  );
  const [jql, setJql] = useState(request.jql ?? view?.settings.jql ?? '');
  const [percentiles, setPercentiles] = useState(
    (request.percentiles ?? view?.settings.percentiles ?? [50, 85, 95]).join(', '),
  );
  const [percentileError, setPercentileError] = useState(false);
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const parsed = parsePercentiles(percentiles);
    setPercentileError(parsed === null);
    if (parsed === null) return;
    onApply({
      ...(from === '' ? {} : { from }),
      ...(to === '' ? {} : { to }),
      issueTypes: types,
      jql,
      percentiles: parsed,
    });
  };
  return (
    <form className="filters page-section" onSubmit={submit} aria-labelledby="filters-heading">
      <h2 id="filters-heading">{t('projectPage.filters.heading')}</h2>
      <div className="filter-row">
        <label>
          {t('projectPage.filters.from')}
          <input
            type="date"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
            }}
          />
        </label>
        <label>
          {t('projectPage.filters.to')}
          <input
            type="date"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
            }}
          />
        </label>
        <label>
          {t('projectPage.filters.percentiles')}
          <input
            type="text"
            inputMode="numeric"
            value={percentiles}
            aria-invalid={percentileError}
            aria-describedby="percentiles-help"
            onChange={(event) => {
              setPercentiles(event.target.value);
            }}
          />
        </label>
      </div>
      <p id="percentiles-help" className={percentileError ? 'field-error' : 'subtle'}>
        {t(
          percentileError ? 'projectPage.filters.percentilesInvalid' : 'projectPage.filters.percentilesHelp',
        )}
      </p>
      {availableTypes.length > 0 && (
        <fieldset className="type-list">
          <legend>{t('projectPage.filters.issueTypes')}</legend>
          {availableTypes.map((type) => (
            <label key={type} className="checkbox">
              <input
                type="checkbox"
                checked={types.includes(type)}
                onChange={(event) => {
                  setTypes(event.target.checked ? [...types, type] : types.filter((other) => other !== type));
                }}
              />
              {type}
            </label>
          ))}
          <span className="subtle">{t('projectPage.filters.issueTypesHelp')}</span>
        </fieldset>
      )}
      <label className="jql">
        {t('projectPage.filters.jql')}
        <textarea
          rows={2}
          value={jql}
          placeholder="priority = High"
          onChange={(event) => {
            setJql(event.target.value);
          }}
        />
      </label>
      {view !== null && (
        <p className="subtle settings-note" data-testid="settings-note">
          {t('projectPage.settings.calendar', {
            timeZone: view.settings.timeZone,
            weekdays: view.settings.workingWeekdays
              .map((day) => t(`projectPage.weekday.${String(day)}`))
              .join(', '),
            holidays: String(view.settings.holidays.length),
          })}{' '}
          {t(view.settings.mappingDerived ? 'projectPage.settings.derived' : 'projectPage.settings.stored')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('projectPage.filters.apply')}
        </button>
        <button type="button" disabled={busy} onClick={onRefresh}>
          {t('projectPage.filters.refresh')}
        </button>
      </div>
    </form>
  );
}

export interface ProjectFlowContentProps {
  readonly view: ProjectFlowView;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
  readonly openIssue: (key: string) => void;
  readonly onExport: () => void;
  readonly onForecast: (inputs: ForecastInputs) => void;
}

/** Everything shown for a loaded view (rendered on its own in the tests). */
export function ProjectFlowContent({
  view,
  i18n,
  format,
  openIssue,
  onExport,
  onForecast,
}: ProjectFlowContentProps) {
  const { t } = i18n;
  return (
    <>
      <FactsCatchingUpNote view={view} i18n={i18n} />
      <AnswerTrimmedNote view={view} i18n={i18n} format={format} />
      <KeyFigures view={view} i18n={i18n} format={format} />
      <section aria-labelledby="cycle-heading" className="page-section">
        <h2 id="cycle-heading">{t('projectPage.section.cycleTime')}</h2>
        <div className="chart-grid">
          <CycleTimeScatter view={view} i18n={i18n} format={format} openIssue={openIssue} />
          <CycleTimeHistogram view={view} i18n={i18n} format={format} />
        </div>
      </section>
      <section aria-labelledby="cfd-heading" className="page-section">
        <h2 id="cfd-heading">{t('projectPage.section.flow')}</h2>
        <div className="chart-grid">
          <CumulativeFlow view={view} i18n={i18n} format={format} />
          <WipChart view={view} i18n={i18n} format={format} />
        </div>
      </section>
      <section aria-labelledby="throughput-heading" className="page-section">
        <h2 id="throughput-heading">{t('projectPage.section.throughput')}</h2>
        <ThroughputCharts view={view} i18n={i18n} format={format} />
      </section>
      <section aria-labelledby="aging-heading" className="page-section">
        <h2 id="aging-heading">{t('projectPage.section.aging')}</h2>
        <AgingWip view={view} i18n={i18n} format={format} openIssue={openIssue} />
      </section>
      <section aria-labelledby="efficiency-heading" className="page-section">
        <h2 id="efficiency-heading">{t('projectPage.section.efficiency')}</h2>
        <FlowEfficiencyChart view={view} i18n={i18n} format={format} />
      </section>
      <ValueStreamTable view={view} i18n={i18n} format={format} />
      <MonteCarlo view={view} i18n={i18n} format={format} onForecast={onForecast} />
      <LittlesLaw view={view} i18n={i18n} format={format} />
      <DataQualityNote view={view} i18n={i18n} format={format} />
      <section aria-labelledby="export-heading" className="page-section">
        <h2 id="export-heading">{t('projectPage.export.heading')}</h2>
        <p className="subtle">
          {t('projectPage.export.explained', { count: format.integer(view.issues.rows.length) })}
        </p>
        <button type="button" onClick={onExport} data-testid="export-csv">
          {t('projectPage.export.button')}
        </button>
      </section>
    </>
  );
}
