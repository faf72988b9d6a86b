/**
 * The CSI register (`jira:projectPage`): the improvements ranked by score with client-side filters (source,
 * service, status, owner), the PR14.3 control of overdue and stuck improvements, the flow of improvements through
 * the CSI workflow, the capability view of the CSI process (FitSM levels 1–3 from the data) and the CSV export for
 * audits. Loads once through `getCsiRegister`; everything else happens in the browser.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CsiErrorCode, CsiRegisterItemView, CsiRegisterView } from '../../../src/contract/csi';
import { CSI_CAPABILITY_REQUIREMENTS } from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import { createPageFormat, type PageFormat } from '../project-page/page-format';
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
  attentionItems,
  barPercent,
  countWithout,
  filterOptions,
  localDateOf,
  overdueReasons,
  type FilterDimension,
  type RegisterFilters,
} from './register-model';
import { LoadingState } from '../shared/loading-state';

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
}

export function CsiRegisterPage({
  projectKey,
  invoke,
  i18n,
  openIssue,
  download = downloadCsv,
}: CsiRegisterPageProps) {
  const [state, setState] = useState<RegisterPageState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [filters, setFilters] = useState<RegisterFilters>(NO_FILTERS);

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
      onFilter={setFilters}
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
  readonly onFilter: (filters: RegisterFilters) => void;
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
  onFilter,
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
  const shown = applyFilters(view.items, filters);
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
      </header>
      {view.items.length === 0 ? (
        <section className="empty-state" data-testid="no-items" aria-labelledby="no-items-heading">
          <h2 id="no-items-heading">{t('csiRegister.empty.heading')}</h2>
          <p>{t('csiRegister.empty.explained')}</p>
        </section>
      ) : (
        <>
          <Filters view={view} filters={filters} i18n={i18n} onFilter={onFilter} />
          <RegisterTable
            view={view}
            shown={shown}
            i18n={i18n}
            format={format}
            openIssue={openIssue}
            onReset={() => {
              onFilter(NO_FILTERS);
            }}
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

interface SectionProps {
  readonly view: CsiRegisterView;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
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
}: {
  readonly view: CsiRegisterView;
  readonly filters: RegisterFilters;
  readonly i18n: UiI18n;
  readonly onFilter: (filters: RegisterFilters) => void;
}) {
  const { t } = i18n;
  const active = FILTER_DIMENSIONS.some((dimension) => filters[dimension] !== ALL);
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
        <button
          type="button"
          disabled={!active}
          onClick={() => {
            onFilter(NO_FILTERS);
          }}
        >
          {t('csiRegister.filters.reset')}
        </button>
      </div>
    </section>
  );
}

function IssueLink({
  issueKey,
  openIssue,
}: {
  readonly issueKey: string;
  readonly openIssue: (key: string) => void;
}) {
  return (
    <a
      href={`/browse/${encodeURIComponent(issueKey)}`}
      className="issue-key"
      onClick={(event) => {
        event.preventDefault();
        openIssue(issueKey);
      }}
    >
      {issueKey}
    </a>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AttentionSection({
  view,
  today,
  i18n,
  format,
  openIssue,
}: SectionProps & { readonly today: string; readonly openIssue: (key: string) => void }) {
  const { t } = i18n;
  const items = attentionItems(view);
  return (
    <section aria-labelledby="attention-heading" className="register-section stack" data-testid="attention">
      <h2 id="attention-heading">{t('csiRegister.attention.heading')}</h2>
      <p className="subtle">{t('csiRegister.attention.explained', { days: view.stuckAfterDays })}</p>
      {items.length === 0 ? (
        <p data-testid="attention-none">{t('csiRegister.attention.none')}</p>
      ) : (
        <ul className="attention-list">
          {items.map((item) => {
            const reasons = overdueReasons(item, today);
            return (
              <li key={item.issueKey} data-key={item.issueKey}>
                <IssueLink issueKey={item.issueKey} openIssue={openIssue} /> {item.summary}{' '}
                <span className="subtle">({item.statusName})</span>
                <ul className="reasons">
                  {item.overdue && reasons.length === 0 && <li>{t('csiRegister.attention.overdue')}</li>}
                  {reasons.map((reason) => (
                    <li key={reason.kind}>
                      {t(`csiRegister.attention.${reason.kind}Passed`, { date: format.date(reason.date) })}
                    </li>
                  ))}
                  {item.stuckDays !== null && (
                    <li>
                      {t('csiRegister.attention.stuck', {
                        days: item.stuckDays,
                        threshold: view.stuckAfterDays,
                      })}
                    </li>
                  )}
                  <li className="subtle">
                    {item.owner === null
                      ? t('csiRegister.attention.noOwner')
                      : t('csiRegister.attention.owner', { owner: item.owner.displayName })}
                  </li>
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function FlowSection({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { flow } = view;
  const max = Math.max(0, ...flow.byStatus.map((s) => s.count));
  const avgDays = new Map(flow.avgDaysInStatus.map((s) => [s.statusKey, s.days]));
  return (
    <section aria-labelledby="flow-heading" className="register-section stack" data-testid="flow">
      <h2 id="flow-heading">{t('csiRegister.flow.heading')}</h2>
      <p data-testid="lead-time">
        {flow.leadTimeDays === null
          ? t('csiRegister.flow.leadTimeNone')
          : t('csiRegister.flow.leadTime', {
              p50: format.days(flow.leadTimeDays.p50),
              p85: format.days(flow.leadTimeDays.p85),
              count: format.integer(flow.leadTimeDays.count),
            })}
      </p>
      <div className="table-scroll">
        <table className="data-table flow-table">
          <caption>{t('csiRegister.flow.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('csiRegister.column.status')}</th>
              <th scope="col">{t('csiRegister.flow.count')}</th>
              <th scope="col">{t('csiRegister.flow.avgDays')}</th>
            </tr>
          </thead>
          <tbody>
            {flow.byStatus.map((status) => {
              const days = avgDays.get(status.statusKey);
              return (
                <tr key={status.statusKey} data-status={status.statusKey}>
                  <th scope="row">{status.statusName}</th>
                  <td>
                    <span className="share-track" aria-hidden="true">
                      <span
                        className="share-fill"
                        style={{ width: `${String(barPercent(status.count, max))}%` }}
                      />
                    </span>
                    {format.integer(status.count)}
                  </td>
                  <td>{days === undefined ? '–' : format.decimal(days)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The threshold of an evidence at a level (from the domain's requirement table), null when it has none. */
function minShareOf(id: string, level: number): number | null {
  return CSI_CAPABILITY_REQUIREMENTS.find((r) => r.id === id && r.level === level)?.minShare ?? null;
}

function CapabilitySection({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { capability } = view;
  const next = capability.level + 1;
  const evidenceLabel = (id: string): string => {
    const key = `csiRegister.evidence.${id}`;
    const label = t(key);
    return label === key ? id : label;
  };
  /** "Für Stufe N fehlt" in plain language: what to do, the threshold and where the data stands now. */
  const missingText = (id: string): string => {
    const evidence = capability.evidence.find((e) => e.id === id && e.level === next);
    const min = minShareOf(id, next);
    const key = `csiRegister.missing.${id}`;
    if (min === null || t(key) === key)
      return t('csiRegister.missing.generic', { evidence: evidenceLabel(id) });
    const text = t(key, { min: format.percent(min) });
    if (evidence === undefined || evidence.share === null) {
      return capability.level === 0 && view.items.length === 0
        ? `${text} ${t('csiRegister.capability.nothingRegistered')}`
        : text;
    }
    return `${text} ${t('csiRegister.capability.now', {
      share: format.percent(evidence.share),
      count: format.integer(evidence.count),
      total: format.integer(evidence.total),
    })}`;
  };
  return (
    <section aria-labelledby="capability-heading" className="register-section stack" data-testid="capability">
      <h2 id="capability-heading">{t('csiRegister.capability.heading')}</h2>
      <p className="capability-level heading-small" data-testid="capability-level">
        {t('csiRegister.capability.level', { level: capability.level })}
      </p>
      <p className="subtle">{t(`csiRegister.capability.levelText.${String(capability.level)}`)}</p>
      <div className="table-scroll">
        <table className="data-table evidence-table">
          <caption>{t('csiRegister.capability.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('csiRegister.capability.evidence')}</th>
              <th scope="col">{t('csiRegister.capability.forLevel')}</th>
              <th scope="col">{t('csiRegister.capability.threshold')}</th>
              <th scope="col">{t('csiRegister.capability.share')}</th>
              <th scope="col">{t('csiRegister.capability.met')}</th>
            </tr>
          </thead>
          <tbody>
            {capability.evidence.map((evidence) => {
              const min = minShareOf(evidence.id, evidence.level);
              return (
                <tr
                  key={`${evidence.id}@${String(evidence.level)}`}
                  data-evidence={evidence.id}
                  data-level={evidence.level}
                >
                  <th scope="row">{evidenceLabel(evidence.id)}</th>
                  <td>{evidence.level}</td>
                  <td>{min === null ? '–' : format.percent(min)}</td>
                  <td>
                    {evidence.share === null
                      ? t('csiRegister.capability.noItems')
                      : t('csiRegister.capability.shareOf', {
                          share: format.percent(evidence.share),
                          count: format.integer(evidence.count),
                          total: format.integer(evidence.total),
                        })}
                  </td>
                  <td className={evidence.met ? 'met' : 'not-met'}>
                    {t(evidence.met ? 'csiRegister.capability.isMet' : 'csiRegister.capability.notMet')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {capability.level >= 3 || capability.missingForNext.length === 0 ? (
        <p data-testid="capability-top">{t('csiRegister.capability.top')}</p>
      ) : (
        <div data-testid="capability-missing">
          <h3>{t('csiRegister.capability.missingHeading', { level: next })}</h3>
          <ul>
            {capability.missingForNext.map((id) => (
              <li key={id} data-missing={id}>
                {missingText(id)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
