/**
 * Charts of the Custom UI, drawn with uPlot.
 *
 * Why uPlot: the project page must stay responsive with 20,000 points (ISSUE 4). uPlot draws on one canvas,
 * is ~50 KB minified (~22 KB gzipped) and renders 20,000+ points in a few milliseconds. The alternatives cost
 * more of the 150 KB gzipped budget per module and more time per frame: Chart.js (~65 KB gzipped, canvas,
 * noticeably slower with many points and animation by default), Recharts (~100 KB gzipped plus its D3 parts,
 * SVG: one DOM node per point, which stalls at 20,000 dots) and ECharts (~300 KB+ gzipped even when trimmed).
 *
 * Every chart is a `<figure>` with a caption, a focusable drawing area named by the caption, a visually hidden
 * summary sentence and a visually hidden data table (the text alternative for screen readers), and its own
 * loading and empty states. (The module entry imports `uplot/dist/uPlot.min.css` and `charts.css`.) Colours are design tokens read when the chart is drawn (see `tokens.ts`); the chart
 * is rebuilt when Jira's theme changes (`data-color-mode` on `<html>`), so dark mode works.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import { readChartTokens, type ChartTokens } from './tokens';

/** The data table alternative of a chart. */
export interface ChartTable {
  readonly caption: string;
  readonly columns: readonly string[];
  /** Cells as displayed (already formatted); the first cell of each row is its header. */
  readonly rows: readonly (readonly string[])[];
}

/** Keyboard access to a chart's points: arrow keys move between points, Enter activates one. */
export interface ChartPointNavigation {
  readonly count: number;
  /** What a screen reader announces for point `index`. */
  readonly describe: (index: number) => string;
  /** Draws the highlight of point `index` on the plot's canvas. */
  readonly highlight: (plot: uPlot, index: number, tokens: ChartTokens) => void;
  readonly activate?: (index: number) => void;
}

export type ChartStatus = 'loading' | 'empty' | 'ready';

export interface UplotChartProps {
  /** Test id of the figure; also used for the chart's element ids. */
  readonly testId: string;
  readonly title: string;
  /** One or two sentences saying what the chart shows, with its key numbers. */
  readonly summary: string;
  readonly table: ChartTable;
  readonly status: ChartStatus;
  readonly loadingLabel: string;
  readonly emptyLabel: string;
  readonly data: uPlot.AlignedData;
  /** The uPlot options for the current tokens (without size); memoise it, a new function redraws the chart. */
  readonly options: (tokens: ChartTokens) => Omit<uPlot.Options, 'width' | 'height'>;
  readonly heightPx?: number;
  /** A click on the plotting area at canvas CSS pixel position (left, top). */
  readonly onPlotClick?: (plot: uPlot, leftPx: number, topPx: number) => void;
  readonly navigation?: ChartPointNavigation;
  /** Keyboard hint shown to screen readers (e.g. "Use the arrow keys to move between items"). */
  readonly keyboardHint?: string;
}

const minWidthPx = 240;

export function UplotChart(props: UplotChartProps) {
  const {
    testId,
    title,
    summary,
    table,
    status,
    data,
    options,
    heightPx = 260,
    navigation,
    keyboardHint,
  } = props;
  const baseId = useId();
  const plotRef = useRef<HTMLDivElement>(null);
  const uplotRef = useRef<uPlot | null>(null);
  const activeRef = useRef<number | null>(null);
  const navigationRef = useRef(navigation);
  navigationRef.current = navigation;
  const clickRef = useRef(props.onPlotClick);
  clickRef.current = props.onPlotClick;
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const target = plotRef.current;
    if (target === null || status !== 'ready') return undefined;
    let plot: uPlot | null = null;
    const widthOf = (): number => Math.max(minWidthPx, Math.floor(target.clientWidth));
    const build = (): void => {
      plot?.destroy();
      target.removeAttribute('data-drawn');
      const tokens = readChartTokens(target);
      const base = options(tokens);
      const drawHooks = base.hooks?.draw ?? [];
      const created = new uPlot(
        {
          ...base,
          width: widthOf(),
          height: heightPx,
          hooks: {
            ...base.hooks,
            draw: [
              ...drawHooks,
              (u) => {
                const active = activeRef.current;
                const nav = navigationRef.current;
                if (active !== null && nav !== undefined && active < nav.count)
                  nav.highlight(u, active, tokens);
                target.setAttribute('data-drawn', 'true');
              },
            ],
          },
        },
        data,
        target,
      );
      created.over.addEventListener('click', (event) => {
        clickRef.current?.(created, event.offsetX, event.offsetY);
      });
      plot = created;
      uplotRef.current = created;
    };
    build();
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (plot !== null && plot.width !== widthOf())
              plot.setSize({ width: widthOf(), height: heightPx });
          });
    resize?.observe(target);
    // Jira switches light/dark by changing attributes on <html>: redraw with the new tokens.
    const theme = new MutationObserver(build);
    theme.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-color-mode', 'data-theme'],
    });
    return () => {
      resize?.disconnect();
      theme.disconnect();
      plot?.destroy();
      uplotRef.current = null;
    };
  }, [data, options, status, heightPx]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const nav = navigationRef.current;
    if (nav === undefined || nav.count === 0) return;
    const current = activeRef.current;
    let next: number;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown')
      next = current === null ? 0 : Math.min(nav.count - 1, current + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp')
      next = current === null ? 0 : Math.max(0, current - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = nav.count - 1;
    else if ((event.key === 'Enter' || event.key === ' ') && current !== null && nav.activate !== undefined) {
      event.preventDefault();
      nav.activate(current);
      return;
    } else return;
    event.preventDefault();
    activeRef.current = next;
    setAnnouncement(nav.describe(next));
    uplotRef.current?.redraw(false, false);
  };

  const titleId = `${baseId}-title`;
  const summaryId = `${baseId}-summary`;
  return (
    <figure className="chart" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {status === 'loading' && (
        <div className="chart-state" role="status" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> {props.loadingLabel}
        </div>
      )}
      {status === 'empty' && (
        <p className="chart-state chart-empty" data-testid={`${testId}-empty`}>
          {props.emptyLabel}
        </p>
      )}
      {status === 'ready' && (
        <>
          <div
            ref={plotRef}
            className="chart-plot"
            role="group"
            tabIndex={0}
            aria-labelledby={titleId}
            aria-describedby={summaryId}
            onKeyDown={onKeyDown}
          />
          <p id={summaryId} className="visually-hidden" data-testid={`${testId}-summary`}>
            {summary}
            {keyboardHint === undefined ? '' : ` ${keyboardHint}`}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {announcement}
          </p>
          {/* In a wrapper: a table ignores `height`/`overflow`, so a hidden table would still lengthen the page. */}
          <div className="visually-hidden">
            <table data-testid={`${testId}-table`}>
              <caption>{table.caption}</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, rowIndex) => (
                  <tr key={`${String(rowIndex)}-${row[0] ?? ''}`}>
                    {row.map((cell, cellIndex) =>
                      cellIndex === 0 ? (
                        <th key={cellIndex} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={cellIndex}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}
