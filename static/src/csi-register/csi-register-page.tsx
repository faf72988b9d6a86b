/**
 * The CSI register (`jira:projectPage`): the improvements ranked by score with client-side filters (source,
 * service, status, owner), the PR14.3 control of overdue and stuck improvements, the flow of improvements through
 * the CSI workflow, the capability view of the CSI process (FitSM levels 1–3 from the data) and the CSV export for
 * audits. Loads once through `getCsiRegister`; everything else happens in the browser.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CsiErrorCode, CsiRegisterItemView, CsiRegisterView } from '../../../src/contract/csi';
import type { UiI18n } from '../i18n/load';
import { FITSM_ROUTE_TITLE_KEYS, FITSM_ROUTES, type FitsmRoute } from '../fitsm/fitsm-routes';
import { createPageFormat } from '../project-page/page-format';
import { downloadCsv } from '../project-page/issues-csv';
import { CsiErrorState } from '../csi-setup/csi-error';
import type { CsiInvoke } from '../csi-setup/csi-invoke';
import { exportRegister } from './register-export';
import {
  ALL,
  FILTER_DIMENSIONS,
  NONE,
  NO_FILTERS,
  applyFilters,
  countWithout,
  filterOptions,
  localDateOf,
  type FilterDimension,
  type RegisterFilters,
} from './register-model';
import { LoadingState } from '../shared/loading-state';
import { LoopCell, isLoopOpen, loopOf } from './register-loop';
import {
  AttentionSection,
  CapabilitySection,
  FlowSection,
  IssueLink,
  type SectionProps,
} from './register-sections';

export type RegisterPageState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: CsiErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: CsiRegisterView };

export interface CsiRegisterPageProps {
  readonly projectKey: string;
  readonly invoke: CsiInvoke;
  readonly i18n: UiI18n;
  /** Opens an issue (Jira: `router.open('/browse/KEY')`). */
  readonly openIssue: (key: string) => void;
  /** Offers a file for download (the browser's Blob download by default). */
  readonly download?: (csv: string, fileName: string) => void;
  /**
   * Opens a FitSM page of the app's global page by its route (Jira: `router.navigate` to the `okr-page` module);
   * absent: no links to the FitSM pages.
   */
  readonly openFitsm?: (route: FitsmRoute) => void;
}

export function CsiRegisterPage({
  projectKey,
  invoke,
  i18n,
  openIssue,
  download = downloadCsv,
  openFitsm,
}: CsiRegisterPageProps) {
  const [state, setState] = useState<RegisterPageState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [filters, setFilters] = useState<RegisterFilters>(NO_FILTERS);
  const [loopOpenOnly, setLoopOpenOnly] = useState(false);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void invoke('getCsiRegister', { projectKey }).then((answer) => {
      if (!current) return;
      setState(answer.ok ? { phase: 'loaded', view: answer.value } : { phase: 'error', ...answer.error });
    });
    return () => {
      current = false;
    };
  }, [invoke, projectKey, attempt]);

  return (
    <CsiRegisterContent
      projectKey={projectKey}
      state={state}
      filters={filters}
      i18n={i18n}
      openIssue={openIssue}
      openFitsm={openFitsm}
      onFilter={setFilters}
      loopOpenOnly={loopOpenOnly}
      onLoopOpenOnly={setLoopOpenOnly}
      onRetry={() => {
        setAttempt((n) => n + 1);
      }}
      onExport={(view, shown) => {
        exportRegister(view, shown, i18n, download);
      }}
    />
  );
}

export interface CsiRegisterContentProps {
  readonly projectKey: string;
  readonly state: RegisterPageState;
  readonly filters: RegisterFilters;
  readonly i18n: UiI18n;
  readonly openIssue: (key: string) => void;
  readonly openFitsm?: ((route: FitsmRoute) => void) | undefined;
  readonly onFilter: (filters: RegisterFilters) => void;
  /** Only improvements whose feedback loop is open (done, but not everyone told or the effect not verified). */
  readonly loopOpenOnly?: boolean;
  readonly onLoopOpenOnly?: (on: boolean) => void;
  readonly onRetry: () => void;
  /** Exports the shown (filtered) items of `view`. */
  readonly onExport: (view: CsiRegisterView, shown: readonly CsiRegisterItemView[]) => void;
}

/** Everything the page shows for a state and filters (rendered on its own in the tests). */
export function CsiRegisterContent({
  projectKey,
  state,
  filters,
  i18n,
  openIssue,
  openFitsm,
  onFilter,
  loopOpenOnly = false,
  onLoopOpenOnly = () => undefined,
  onRetry,
  onExport,
}: CsiRegisterContentProps) {
  const { t } = i18n;
  const format = useMemo(() => createPageFormat(i18n), [i18n]);
  if (state.phase !== 'loaded') {
    return (
      <main className="csi-register page page-wide">
        <h1>{t('csiRegister.heading', { project: projectKey })}</h1>
        {state.phase === 'loading' ? (
          <LoadingState label={t('csiRegister.loading')} />
        ) : (
          <CsiErrorState
            area="csiRegister"
            code={state.code}
            detail={state.detail}
            i18n={i18n}
            onRetry={onRetry}
          />
        )}
      </main>
    );
  }
  const { view } = state;
  if (!view.csiSetUp) {
    return (
      <main className="csi-register page page-wide">
        <h1>{t('csiRegister.heading', { project: view.projectName })}</h1>
        <section className="empty-state" data-testid="not-set-up" aria-labelledby="not-set-up-heading">
          <h2 id="not-set-up-heading">{t('csiRegister.notSetUp.heading')}</h2>
          <p>{t('csiRegister.notSetUp.explained')}</p>
          <p>{t('csiRegister.notSetUp.howTo')}</p>
        </section>
      </main>
    );
  }
  const filtered = applyFilters(view.items, filters);
  const shown = loopOpenOnly ? filtered.filter((item) => isLoopOpen(loopOf(item))) : filtered;
  const resetAll = (): void => {
    onFilter(NO_FILTERS);
    onLoopOpenOnly(false);
  };
  const today = localDateOf(view.asOf, view.timeZone);
  return (
    <main className="csi-register page page-wide">
      <header>
        <h1>{t('csiRegister.heading', { project: view.projectName })}</h1>
        <p className="subtle" data-testid="as-of">
          {t('csiRegister.asOf', {
            date: format.dateTimeOfMs(Date.parse(view.asOf), view.timeZone),
            count: format.integer(view.items.length),
          })}
        </p>
        {openFitsm !== undefined && <FitsmLinks i18n={i18n} openFitsm={openFitsm} />}
      </header>
      {view.items.length === 0 ? (
        <section className="empty-state" data-testid="no-items" aria-labelledby="no-items-heading">
          <h2 id="no-items-heading">{t('csiRegister.empty.heading')}</h2>
          <p>{t('csiRegister.empty.explained')}</p>
        </section>
      ) : (
        <>
          <Filters
            view={view}
            filters={filters}
            i18n={i18n}
            onFilter={onFilter}
            loopOpenOnly={loopOpenOnly}
            onLoopOpenOnly={onLoopOpenOnly}
            onReset={resetAll}
          />
          <RegisterTable
            view={view}
            shown={shown}
            i18n={i18n}
            format={format}
            openIssue={openIssue}
            onReset={resetAll}
          />
        </>
      )}
      <AttentionSection view={view} today={today} i18n={i18n} format={format} openIssue={openIssue} />
      <FlowSection view={view} i18n={i18n} format={format} />
      <CapabilitySection view={view} i18n={i18n} format={format} />
      <section aria-labelledby="export-heading" className="register-section stack">
        <h2 id="export-heading">{t('csiRegister.export.heading')}</h2>
        <p className="subtle">
          {t(
            shown.length === view.items.length
              ? 'csiRegister.export.explainedAll'
              : 'csiRegister.export.explainedFiltered',
            { count: format.integer(shown.length), total: format.integer(view.items.length) },
          )}
        </p>
        <button
          type="button"
          data-testid="export-csv"
          disabled={shown.length === 0}
          onClick={() => {
            onExport(view, shown);
          }}
        >
          {t('csiRegister.export.button')}
        </button>
      </section>
    </main>
  );
}

function sourceLabel(source: string | null, i18n: UiI18n): string {
  return source === null ? '–' : i18n.t(`csiRegister.source.${source}`);
}

/** The text of a filter option: translated where the value is a code, "none" per dimension. */
function optionText(dimension: FilterDimension, value: string, text: string, i18n: UiI18n): string {
  if (value === NONE) return i18n.t(`csiRegister.filter.none.${dimension}`);
  if (dimension === 'source') return sourceLabel(value, i18n);
  return text;
}

function Filters({
  view,
  filters,
  i18n,
  onFilter,
  loopOpenOnly,
  onLoopOpenOnly,
  onReset,
}: {
  readonly view: CsiRegisterView;
  readonly filters: RegisterFilters;
  readonly i18n: UiI18n;
  readonly onFilter: (filters: RegisterFilters) => void;
  readonly loopOpenOnly: boolean;
  readonly onLoopOpenOnly: (on: boolean) => void;
  readonly onReset: () => void;
}) {
  const { t } = i18n;
  const active = loopOpenOnly || FILTER_DIMENSIONS.some((dimension) => filters[dimension] !== ALL);
  const loopOpenCount = applyFilters(view.items, filters).filter((item) => isLoopOpen(loopOf(item))).length;
  return (
    <section aria-labelledby="filters-heading" className="register-section stack register-filters">
      <h2 id="filters-heading">{t('csiRegister.filters.heading')}</h2>
      <div className="filter-row">
        {FILTER_DIMENSIONS.map((dimension) => {
          const id = `csi-filter-${dimension}`;
          return (
            <div key={dimension} className="filter-field stack stack-tight">
              <label htmlFor={id}>{t(`csiRegister.filter.${dimension}`)}</label>
              <select
                id={id}
                value={filters[dimension]}
                onChange={(event) => {
                  onFilter({ ...filters, [dimension]: event.target.value });
                }}
              >
                <option value={ALL}>
                  {t('csiRegister.filter.all', { count: countWithout(view.items, filters, dimension) })}
                </option>
                {filterOptions(view.items, filters, dimension).map((option) => (
                  <option key={option.value} value={option.value}>
                    {t('csiRegister.filter.option', {
                      label: optionText(dimension, option.value, option.text, i18n),
                      count: option.count,
                    })}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <label className="checkbox loop-filter">
          <input
            type="checkbox"
            data-testid="filter-loop-open"
            checked={loopOpenOnly}
            onChange={(event) => {
              onLoopOpenOnly(event.target.checked);
            }}
          />
          <span>{t('csiRegister.filter.loopOpen', { count: loopOpenCount })}</span>
        </label>
        <button type="button" disabled={!active} onClick={onReset}>
          {t('csiRegister.filters.reset')}
        </button>
      </div>
    </section>
  );
}

/** Overdue, stuck and a mirror that does not match as text badges (never colour alone). */
function Flags({ item, i18n }: { readonly item: CsiRegisterItemView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  if (!item.overdue && item.stuckDays === null && !item.mirrorMismatch) return null;
  return (
    <span className="flags">
      {item.mirrorMismatch && (
        <span className="badge badge-warning" data-flag="mirror" title={t('csiRegister.flag.mirrorHint')}>
          {t('csiRegister.flag.mirror')}
        </span>
      )}
      {item.overdue && (
        <span className="badge badge-danger" data-flag="overdue">
          {t('csiRegister.flag.overdue')}
        </span>
      )}
      {item.stuckDays !== null && (
        <span className="badge badge-warning" data-flag="stuck">
          {t('csiRegister.flag.stuck', { days: item.stuckDays })}
        </span>
      )}
    </span>
  );
}

function RegisterTable({
  view,
  shown,
  i18n,
  format,
  openIssue,
  onReset,
}: SectionProps & {
  readonly shown: readonly CsiRegisterItemView[];
  readonly openIssue: (key: string) => void;
  readonly onReset: () => void;
}) {
  const { t } = i18n;
  const rankOf = new Map(view.items.map((item, index) => [item.issueKey, index + 1]));
  return (
    <section aria-labelledby="items-heading" className="register-section stack">
      <h2 id="items-heading">{t('csiRegister.items.heading')}</h2>
      <p className="subtle" role="status" aria-live="polite" data-testid="shown-count">
        {t('csiRegister.items.shown', {
          shown: format.integer(shown.length),
          total: format.integer(view.items.length),
        })}
      </p>
      {shown.length === 0 ? (
        <div className="empty-state" data-testid="no-match">
          <p>{t('csiRegister.items.noMatch')}</p>
          <button type="button" onClick={onReset}>
            {t('csiRegister.filters.reset')}
          </button>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="data-table register-table" data-testid="register-table">
            <caption>{t('csiRegister.items.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('csiRegister.column.rank')}</th>
                <th scope="col">{t('csiRegister.column.key')}</th>
                <th scope="col">{t('csiRegister.column.summary')}</th>
                <th scope="col">{t('csiRegister.column.status')}</th>
                <th scope="col">{t('csiRegister.column.score')}</th>
                <th scope="col">{t('csiRegister.column.source')}</th>
                <th scope="col">{t('csiRegister.column.service')}</th>
                <th scope="col">{t('csiRegister.column.owner')}</th>
                <th scope="col">{t('csiRegister.column.targetDate')}</th>
                <th scope="col">{t('csiRegister.column.flags')}</th>
                <th scope="col">{t('csiRegister.column.loop')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <tr key={item.issueKey} data-key={item.issueKey}>
                  <td>{rankOf.get(item.issueKey)}</td>
                  <th scope="row">
                    <IssueLink issueKey={item.issueKey} openIssue={openIssue} />
                  </th>
                  <td>{item.summary}</td>
                  <td>{item.statusName}</td>
                  <td className="number">
                    {item.score === null ? (
                      <span className="subtle">{t('csiRegister.score.none')}</span>
                    ) : (
                      format.decimal(item.score)
                    )}
                  </td>
                  <td>{sourceLabel(item.source, i18n)}</td>
                  <td>{item.service.trim() === '' ? '–' : item.service}</td>
                  <td>{item.owner?.displayName ?? '–'}</td>
                  <td>{item.targetDate === null ? '–' : format.date(item.targetDate)}</td>
                  <td>
                    <Flags item={item} i18n={i18n} />
                  </td>
                  <td>
                    <LoopCell item={item} i18n={i18n} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Where the register's FitSM sources live: the self-assessment, the implementation schedule, the audit plan and the
 * review meeting (subpages of the app's global page), one button each, named as the sidebar names them.
 */
function FitsmLinks({
  i18n,
  openFitsm,
}: {
  readonly i18n: UiI18n;
  readonly openFitsm: (route: FitsmRoute) => void;
}) {
  const { t } = i18n;
  return (
    <nav className="csi-fitsm-links" aria-label={t('csiRegister.fitsm.nav')} data-testid="fitsm-links">
      <span className="subtle">{t('csiRegister.fitsm.intro')}</span>
      {FITSM_ROUTES.map((route) => (
        <button
          key={route}
          type="button"
          data-route={route}
          onClick={() => {
            openFitsm(route);
          }}
        >
          {t(FITSM_ROUTE_TITLE_KEYS[route])}
        </button>
      ))}
    </nav>
  );
}
