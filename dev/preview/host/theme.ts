/**
 * Jira's light or dark theme for the host page itself: the same Atlassian token CSS the bridge shim gives the
 * modules, so the page around them uses the same `--ds-*` values.
 */
import { themeCss } from '../../bridge-shim/theme-css';
import type { ColorMode } from './state';

let sheets: Promise<CSSStyleSheet[]> | null = null;

async function loadSheets(): Promise<CSSStyleSheet[]> {
  const loaded = await Promise.all(
    Object.values(themeCss).map(async (load) => {
      const module = (await load()) as { default?: unknown };
      if (typeof module.default !== 'string') return null;
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(module.default);
      return sheet;
    }),
  );
  return loaded.filter((sheet) => sheet !== null);
}

/** Switches the page to `colorMode`; the token sheets are adopted once (constructed sheets: no inline styles under the CSP). */
export async function applyHostTheme(colorMode: ColorMode): Promise<void> {
  const html = document.documentElement;
  html.setAttribute('data-color-mode', colorMode);
  html.setAttribute('data-theme', Object.keys(themeCss).join(' '));
  if (sheets === null) {
    sheets = loadSheets();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...(await sheets)];
  }
}
