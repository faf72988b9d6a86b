/**
 * Chart colours from Atlassian design tokens. Canvas drawing cannot use `var(--ds-…)`, so the values are read
 * from the computed style at draw time: a chart redrawn after `view.theme.enable()` or a switch to dark mode
 * picks up the new theme. The fallbacks are the light theme's values (used before the theme is applied).
 */

export interface ChartTokens {
  readonly text: string;
  readonly textSubtle: string;
  readonly grid: string;
  readonly surface: string;
  readonly brand: string;
  readonly danger: string;
  readonly warning: string;
  readonly success: string;
  readonly neutral: string;
  readonly focus: string;
  /** `--ds-chart-categorical-1…8`: one colour per series (stages, issue types). */
  readonly categorical: readonly string[];
}

const categoricalFallbacks = [
  '#2898BD',
  '#5E4DB2',
  '#E56910',
  '#943D73',
  '#09326C',
  '#8F7EE7',
  '#50253F',
  '#A54800',
];

/** Reads the chart tokens from `element`'s computed style (the document root by default). */
export function readChartTokens(element?: Element): ChartTokens {
  const style =
    typeof getComputedStyle === 'function' && typeof document !== 'undefined'
      ? getComputedStyle(element ?? document.documentElement)
      : null;
  const token = (name: string, fallback: string): string => {
    const value = style?.getPropertyValue(name).trim() ?? '';
    return value === '' ? fallback : value;
  };
  return {
    text: token('--ds-text', '#172B4D'),
    textSubtle: token('--ds-text-subtlest', '#626F86'),
    grid: token('--ds-border', '#091E4224'),
    surface: token('--ds-surface', '#FFFFFF'),
    brand: token('--ds-chart-brand', '#1D7AFC'),
    danger: token('--ds-chart-danger', '#F15B50'),
    warning: token('--ds-chart-warning', '#B38600'),
    success: token('--ds-chart-success', '#22A06B'),
    neutral: token('--ds-chart-neutral', '#8590A2'),
    focus: token('--ds-border-focused', '#388BFF'),
    categorical: categoricalFallbacks.map((fallback, index) =>
      token(`--ds-chart-categorical-${String(index + 1)}`, fallback),
    ),
  };
}

/** The categorical colour for series `index` (wraps after eight). */
export function categoricalColour(tokens: ChartTokens, index: number): string {
  return tokens.categorical[index % tokens.categorical.length] ?? tokens.brand;
}

/** `colour` with an alpha channel (for area fills), accepting `#RGB`, `#RRGGBB` and `#RRGGBBAA`. */
export function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour.trim())?.[1];
  if (hex === undefined) return colour;
  const full = hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex.slice(0, 6);
  const alphaHex = Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${full}${alphaHex}`;
}
