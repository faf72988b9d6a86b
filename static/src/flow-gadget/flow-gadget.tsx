/**
 * The flow gadget's view: one metric of a project or JQL scope, its trend against the previous period (arrow
 * plus words for screen readers) and a small spark line. `FlowGadget` only depends on props (an API object, the
 * translations, a clock for the refresh), so a Forge dashboard widget can host it as well as the gadget module.
 */
import { useEffect, useMemo, useState } from 'react';
import type { GadgetConfig, GadgetFlowBackfilling, GadgetFlowView } from '../../../src/contract/gadget';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import { FlowErrorState } from '../project-page/flow-error';
import { createPageFormat, type PageFormat } from '../project-page/page-format';
import { BackfillProgress } from '../project-page/backfill-progress';
import {
  BACKFILL_POLL_MS,
  loadGadgetFlow,
  usesPercentile,
  type GadgetApi,
  type GadgetState,
} from './gadget-model';

export interface FlowGadgetProps {
  readonly api: GadgetApi;
  readonly i18n: UiI18n;
  /** Configuration to preview instead of the stored one (edit view). */
  readonly config?: GadgetConfig;
  /** Called when the gadget has no configuration yet (the host offers the edit view). */
  readonly onConfigure?: () => void;
  /** Timer for the refresh interval (tests pass a fake). */
  readonly setTimer?: (callback: () => void, ms: number) => () => void;
  /** One-off wait before asking again while the flow facts are built (default a real timer; tests pass a fake). */
  readonly setTimeout?: (callback: () => void, ms: number) => () => void;
}

const realTimer = (callback: () => void, ms: number): (() => void) => {
  const id = setInterval(callback, ms);
  return () => {
    clearInterval(id);
  };
};

const realTimeout = (callback: () => void, ms: number): (() => void) => {
  const id = setTimeout(callback, ms);
  return () => {
    clearTimeout(id);
  };
};

export function FlowGadget({
  api,
  i18n,
  config,
  onConfigure,
  setTimer = realTimer,
  setTimeout: wait = realTimeout,
}: FlowGadgetProps) {
  const [state, setState] = useState<GadgetState>({ phase: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    void loadGadgetFlow(api, config).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [api, config, tick]);
  const backfilling = state.phase === 'backfilling';
  useEffect(() => {
    if (!backfilling) return undefined;
    // Asked again until the project's flow facts are ready; the progress stays shown meanwhile.
    return wait(() => {
      setTick((n) => n + 1);
    }, BACKFILL_POLL_MS);
  }, [backfilling, state, wait]);
  const refreshMinutes = state.phase === 'loaded' ? state.view.config.refreshMinutes : 0;
  useEffect(() => {
    if (refreshMinutes <= 0) return undefined;
    // The configured interval: the value is reloaded in place, without a loading flash.
    return setTimer(() => {
      setTick((n) => n + 1);
    }, refreshMinutes * 60_000);
  }, [refreshMinutes, setTimer]);
  const { t } = i18n;
  return (
    <div className="gadget" data-testid="flow-gadget">
      {state.phase === 'loading' && <LoadingState label={t('gadget.loading')} />}
      {state.phase === 'unconfigured' && (
        <div className="gadget-unconfigured">
          <p>{t('gadget.unconfigured')}</p>
          {onConfigure !== undefined && (
            <button type="button" className="button-primary" onClick={onConfigure}>
              {t('gadget.configure')}
            </button>
          )}
        </div>
      )}
      {state.phase === 'error' && (
        <FlowErrorState
          area="gadget"
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          onRetry={() => {
            setTick((n) => n + 1);
          }}
        />
      )}
      {state.phase === 'loaded' && <GadgetValue view={state.view} i18n={i18n} />}
      {state.phase === 'backfilling' && <GadgetBackfill answer={state.answer} i18n={i18n} />}
    </div>
  );
}

function valueText(view: GadgetFlowView, value: number | null, format: PageFormat, i18n: UiI18n): string {
  if (value === null) return i18n.t('gadget.noValue');
  return view.unit === 'days' ? format.days(value) : format.integer(value);
}

/** The gadget's title: the configured one, else the metric's name (with its percentile where it has one). */
export function gadgetTitle(view: Pick<GadgetFlowView, 'config'>, i18n: UiI18n): string {
  const { config } = view;
  if (config.title !== undefined && config.title !== '') return config.title;
  return usesPercentile(config.metric)
    ? i18n.t(`gadget.metric.${config.metric}.percentile`, { percentile: config.percentile })
    : i18n.t(`gadget.metric.${config.metric}`);
}

/** The gadget while its project's flow facts are built: its title and the backfill's progress. */
function GadgetBackfill({ answer, i18n }: { readonly answer: GadgetFlowBackfilling; readonly i18n: UiI18n }) {
  const format = useMemo(() => createPageFormat(i18n), [i18n]);
  const { scope } = answer.config;
  const projectKey = scope.kind === 'project' ? scope.projectKey : (scope.projectKey ?? null);
  return (
    <section className="gadget-value" aria-labelledby="gadget-title">
      <h2 id="gadget-title">{gadgetTitle(answer, i18n)}</h2>
      <BackfillProgress
        progress={answer.progress}
        projectKey={projectKey}
        i18n={i18n}
        format={format}
        compact
      />
    </section>
  );
}

const arrows = { up: '↑', down: '↓', flat: '→', none: '' } as const;

/** The rendered value, trend and spark line of a loaded gadget (pure). */
export function GadgetValue({ view, i18n }: { readonly view: GadgetFlowView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const format = useMemo(() => createPageFormat(i18n), [i18n]);
  const title = gadgetTitle(view, i18n);
  const scope =
    view.config.scope.kind === 'project' ? view.config.scope.projectKey : t('gadget.scope.jqlShort');
  const quality = view.improving === null ? 'neutral' : view.improving ? 'better' : 'worse';
  const change = view.change === null ? '' : format.percent(Math.abs(view.change));
  const trendText =
    view.trend === 'none'
      ? t('gadget.trend.none')
      : t(`gadget.trend.${view.trend}`, {
          change,
          previous: valueText(view, view.previous, format, i18n),
          quality: view.trend === 'flat' ? '' : t(`gadget.trend.quality.${quality}`),
        });
  return (
    <section className="gadget-value" aria-labelledby="gadget-title">
      <h2 id="gadget-title">
        {title} <span className="subtle">· {scope}</span>
      </h2>
      <p className="gadget-number" data-testid="gadget-value">
        {valueText(view, view.current, format, i18n)}
      </p>
      <p className={`gadget-trend trend-${quality}`} data-testid="gadget-trend">
        <span aria-hidden="true" className="trend-arrow">
          {arrows[view.trend]}
        </span>{' '}
        {trendText}
      </p>
      <Spark values={view.spark} label={t('gadget.spark', { count: String(view.spark.length) })} />
      <p className="subtle gadget-period" data-testid="gadget-period">
        {t('gadget.period', {
          from: format.date(view.period.from),
          to: format.date(view.period.to),
          count: format.integer(view.sampleSize.current),
        })}
      </p>
      <p className="subtle gadget-updated">
        {t('gadget.updated', { at: format.dateTimeOfMs(view.computedAtMs, view.timeZone) })}
        {view.config.refreshMinutes > 0 &&
          ` · ${t('gadget.refreshEvery', { minutes: format.integer(view.config.refreshMinutes) })}`}
      </p>
    </section>
  );
}

/** A small SVG spark line of the sub-period values (decorative: the numbers are in the text above). */
function Spark({ values, label }: { readonly values: readonly (number | null)[]; readonly label: string }) {
  const present = values.filter((value): value is number => value !== null);
  if (present.length < 2) return null;
  const max = Math.max(...present, 1e-9);
  const min = Math.min(...present, 0);
  const widthPx = 160;
  const heightPx = 32;
  const step = widthPx / Math.max(1, values.length - 1);
  const points = values
    .map((value, index) =>
      value === null
        ? null
        : `${(index * step).toFixed(1)},${(heightPx - 2 - ((value - min) / (max - min || 1)) * (heightPx - 4)).toFixed(1)}`,
    )
    .filter((point): point is string => point !== null)
    .join(' ');
  return (
    <svg
      className="gadget-spark"
      width={widthPx}
      height={heightPx}
      viewBox={`0 0 ${String(widthPx)} ${String(heightPx)}`}
      role="img"
      aria-label={label}
    >
      <polyline points={points} fill="none" className="spark-line" />
    </svg>
  );
}
