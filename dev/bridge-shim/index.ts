/**
 * A stand-in for `@forge/bridge` outside Jira (local preview and browser tests; wired in by the Vite alias
 * `UI_BRIDGE_MODULE=dev/bridge-shim/index.ts`). It implements the part of the bridge the Custom UI uses:
 *
 * - `invoke(name, payload)` POSTs `{ payload, context }` as JSON to `/__invoke/<name>` on the page's origin and
 *   resolves to the JSON answer (what the resolver returned); a non-2xx answer rejects, like a failed bridge call.
 * - `view.getContext()` returns the context the host page put in `window.__FORGE_CONTEXT__` (`locale`,
 *   `timezone`, `extension.issue.key`, optional `theme.colorMode`), completed with the fields Forge always sends.
 * - `view.theme.enable()` sets `data-color-mode`/`data-theme` on `<html>` and adopts Atlassian's token CSS, so
 *   `var(--ds-…)` resolves as in Jira (light or dark).
 * - `i18n.createTranslationFunction()` translates from the bundled `locales/*.json` (Forge's lookup order: the
 *   locale, then `en-US`).
 */
import type { FullContext } from '@forge/bridge';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { themeCss } from './theme-css';

/** What a host page sets before loading a module. */
export interface ShimContext {
  readonly locale: string;
  readonly timezone: string;
  readonly accountId?: string;
  readonly moduleKey?: string;
  readonly extension: Readonly<Record<string, unknown>>;
  readonly theme?: { readonly colorMode?: 'light' | 'dark' };
}

declare global {
  interface Window {
    __FORGE_CONTEXT__?: ShimContext;
  }
}

function hostContext(): ShimContext {
  return window.__FORGE_CONTEXT__ ?? { locale: 'en-US', timezone: 'UTC', extension: {} };
}

/** Calls the local resolver endpoint; resolves to the resolver's return value. */
export async function invoke(functionKey: string, payload?: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(
    new URL(`/__invoke/${encodeURIComponent(functionKey)}`, window.location.origin),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: payload ?? {}, context: hostContext() }),
    },
  );
  if (!response.ok)
    throw new Error(`invoke ${functionKey}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as unknown;
}

async function getContext(): Promise<FullContext> {
  const context = hostContext();
  return Promise.resolve({
    environmentId: 'local',
    environmentType: 'DEVELOPMENT',
    localId: 'local',
    moduleKey: context.moduleKey ?? 'local-module',
    siteUrl: window.location.origin,
    ...context,
    // Forge types the locale as its supported-locale union; the host page is trusted to send one.
    locale: context.locale as FullContext['locale'],
    extension: { ...context.extension },
  } as FullContext);
}

const appliedThemes = new Set<string>();

async function enableTheme(): Promise<void> {
  const colorMode = hostContext().theme?.colorMode ?? 'light';
  const html = document.documentElement;
  html.setAttribute('data-color-mode', colorMode);
  html.setAttribute('data-theme', Object.keys(themeCss).join(' '));
  const sheets = await Promise.all(
    Object.entries(themeCss).map(async ([id, load]) => {
      const module = (await load()) as { default?: unknown };
      return typeof module.default === 'string' ? { id, css: module.default } : null;
    }),
  );
  // Constructed style sheets, not <style> elements: Forge's Content-Security-Policy forbids inline <style>, and
  // the preview and tests serve the modules under a policy like it.
  const adopted: CSSStyleSheet[] = [];
  for (const sheet of sheets) {
    if (sheet === null || appliedThemes.has(sheet.id)) continue;
    const styleSheet = new CSSStyleSheet();
    styleSheet.replaceSync(sheet.css);
    adopted.push(styleSheet);
    appliedThemes.add(sheet.id);
  }
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...adopted];
}

export const view = {
  getContext,
  theme: { enable: enableTheme },
};

type Messages = Readonly<Record<string, string>>;
const bundled: Readonly<Record<string, Messages>> = { 'de-DE': germanMessages, 'en-US': englishMessages };

/** The bundled locale for `locale`: exact match, else the same language, else `en-US`. */
function localeFileFor(locale: string): string {
  const normalised = locale.replace('_', '-');
  if (normalised in bundled) return normalised;
  const language = normalised.split('-')[0]?.toLowerCase();
  return Object.keys(bundled).find((candidate) => candidate.split('-')[0] === language) ?? 'en-US';
}

async function createTranslationFunction(
  locale?: string | null,
): Promise<(key: string, defaultValue?: string) => string> {
  const target = locale ?? (await getContext()).locale;
  const lookup = [bundled[localeFileFor(target)] ?? {}, bundled['en-US'] ?? {}];
  return (key, defaultValue) => {
    for (const messages of lookup) {
      const value = messages[key];
      if (value !== undefined) return value;
    }
    return defaultValue ?? key;
  };
}

export const i18n = { createTranslationFunction };
