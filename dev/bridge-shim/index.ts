/**
 * A stand-in for `@forge/bridge` outside Jira (local preview and browser tests; wired in by the Vite alias
 * `UI_BRIDGE_MODULE=dev/bridge-shim/index.ts`). It implements the part of the bridge the Custom UI uses:
 *
 * - `invoke(name, payload)` POSTs `{ payload, context }` as JSON to `/__invoke/<name>` on the page's origin and
 *   resolves to the JSON answer (what the resolver returned); a non-2xx answer rejects, like a failed bridge call.
 * - `view.getContext()` returns the context the host page put in `window.__FORGE_CONTEXT__` or, for a module in an
 *   iframe of the preview host page, in the query parameter `forgeContext` (JSON) of the module's URL (`locale`,
 *   `timezone`, `extension.issue.key`, optional `theme.colorMode`), completed with the fields Forge always sends.
 * - `view.theme.enable()` sets `data-color-mode`/`data-theme` on `<html>` and adopts Atlassian's token CSS, so
 *   `var(--ds-…)` resolves as in Jira (light or dark).
 * - `i18n.createTranslationFunction()` translates from the bundled `locales/*.json` (Forge's lookup order: the
 *   locale, then `en-US`).
 * - `view.createHistory()` answers a small history whose `location.pathname` is the subpage route the host page put
 *   in the query parameter `forgeRoute` (`/csi-register` for a project page's subpage, `/` without one), as
 *   Jira's does for modules with `pages`; `push`/`replace` change it and tell the listeners and the host page.
 * - `router.navigate/open/reload` ask the host page (`postMessage` to the parent window, see {@link ShimMessage})
 *   to navigate, as Jira does for a module; `router.getUrl` answers the Jira URL of a location. Without a host
 *   page (a module opened on its own) they act on the module's own window.
 * - In an iframe, the module reports its content height to the host page (Jira resizes module iframes to fit).
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

/** Query parameter of a module URL that carries the {@link ShimContext} as JSON (set by the preview host page). */
export const CONTEXT_QUERY_PARAMETER = 'forgeContext';

function isShimContext(value: unknown): value is ShimContext {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof ShimContext, unknown>>;
  return (
    typeof candidate.locale === 'string' &&
    typeof candidate.timezone === 'string' &&
    typeof candidate.extension === 'object' &&
    candidate.extension !== null
  );
}

function contextFromUrl(): ShimContext | undefined {
  const json = new URLSearchParams(window.location.search).get(CONTEXT_QUERY_PARAMETER);
  if (json === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return isShimContext(parsed) ? parsed : undefined;
  } catch {
    return undefined; // a malformed parameter: the defaults below, as for a module opened on its own
  }
}

function hostContext(): ShimContext {
  return window.__FORGE_CONTEXT__ ?? contextFromUrl() ?? { locale: 'en-US', timezone: 'UTC', extension: {} };
}

/** Messages a module in an iframe posts to its host page (`window.parent`, same origin). */
export type ShimMessage =
  | {
      readonly source: 'forge-bridge-shim';
      readonly kind: 'router';
      readonly action: 'navigate' | 'open' | 'reload';
      /** A URL or a Forge `NavigationLocation` object (absent for `reload`). */
      readonly location?: unknown;
    }
  | { readonly source: 'forge-bridge-shim'; readonly kind: 'resize'; readonly heightPx: number }
  | { readonly source: 'forge-bridge-shim'; readonly kind: 'route'; readonly pathname: string };

/** Query parameter of a module URL that carries the subpage route (`/csi-register`), set by the preview host. */
export const ROUTE_QUERY_PARAMETER = 'forgeRoute';

function hostWindow(): Window | null {
  return window.parent === window ? null : window.parent;
}

function postToHost(message: ShimMessage): boolean {
  const host = hostWindow();
  if (host === null) return false;
  host.postMessage(message, window.location.origin);
  return true;
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

/** The subset of the `history` package's `Location` and `History` the Custom UI uses. */
interface ShimLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly state: unknown;
  readonly key: string;
}

type HistoryListener = (update: { action: 'PUSH' | 'REPLACE'; location: ShimLocation }) => void;

function locationOf(pathname: string): ShimLocation {
  const normalised = pathname.startsWith('/') ? pathname : `/${pathname}`;
  return { pathname: normalised, search: '', hash: '', state: null, key: 'default' };
}

async function createHistory(): Promise<unknown> {
  const listeners = new Set<HistoryListener>();
  let current = locationOf(new URLSearchParams(window.location.search).get(ROUTE_QUERY_PARAMETER) ?? '/');
  const change = (action: 'PUSH' | 'REPLACE', pathname: string): void => {
    current = locationOf(pathname);
    postToHost({ source: 'forge-bridge-shim', kind: 'route', pathname: current.pathname });
    for (const listener of listeners) listener({ action, location: current });
  };
  return Promise.resolve({
    get location() {
      return current;
    },
    get action() {
      return 'POP';
    },
    push: (pathname: string) => {
      change('PUSH', pathname);
    },
    replace: (pathname: string) => {
      change('REPLACE', pathname);
    },
    listen: (listener: HistoryListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}

/**
 * `view.submit`: a dashboard gadget's edit view hands its saved configuration to the host this way (Jira then shows
 * the gadget's view; the gadgets switch to it themselves once the call resolves), and Automation's action
 * configuration form its values (the preview hosts no such form: its rule runner configures the actions itself).
 * The preview takes both and keeps nothing: the gadgets store their configuration through their resolvers.
 */
function submit(): Promise<void> {
  return Promise.resolve();
}

export const view = {
  getContext,
  createHistory,
  submit,
  theme: { enable: enableTheme },
};

/**
 * `events` (Forge's events between a Custom UI and its host): Automation publishes its form events
 * (`AUTOMATION_ACTION_SUBMIT`, `AUTOMATION_ACTION_VALIDATE_RULE_EVENT`) this way; the preview publishes none, so a
 * subscription never fires.
 */
export const events = {
  on: (): Promise<{ unsubscribe: () => void }> => Promise.resolve({ unsubscribe: () => undefined }),
};

/** The Jira URL of a Forge navigation location, on the page's origin (the preview serves Jira's URL patterns). */
function jiraUrlOf(location: unknown): URL | null {
  if (typeof location === 'string') return new URL(location, window.location.origin);
  if (typeof location !== 'object' || location === null) return null;
  const target = location as {
    target?: unknown;
    issueKey?: unknown;
    projectKey?: unknown;
    dashboardId?: unknown;
  };
  const path =
    target.target === 'issue' && typeof target.issueKey === 'string'
      ? `/browse/${encodeURIComponent(target.issueKey)}`
      : target.target === 'projectSettingsDetails' && typeof target.projectKey === 'string'
        ? `/plugins/servlet/project-config/${encodeURIComponent(target.projectKey)}/summary`
        : target.target === 'dashboard' && typeof target.dashboardId === 'string'
          ? `/jira/dashboards/${encodeURIComponent(target.dashboardId)}`
          : null;
  return path === null ? null : new URL(path, window.location.origin);
}

function navigateTo(action: 'navigate' | 'open', location: unknown): Promise<void> {
  if (postToHost({ source: 'forge-bridge-shim', kind: 'router', action, location })) return Promise.resolve();
  const url = jiraUrlOf(location);
  if (url === null)
    return Promise.reject(new Error(`router.${action}: unsupported location ${JSON.stringify(location)}`));
  if (action === 'open') window.open(url, '_blank', 'noopener');
  else window.location.assign(url);
  return Promise.resolve();
}

export const router = {
  navigate: (location: unknown) => navigateTo('navigate', location),
  open: (location: unknown) => navigateTo('open', location),
  reload: (): Promise<void> => {
    if (!postToHost({ source: 'forge-bridge-shim', kind: 'router', action: 'reload' }))
      window.location.reload();
    return Promise.resolve();
  },
  getUrl: (location: unknown): Promise<URL | null> => Promise.resolve(jiraUrlOf(location)),
};

/** Reports the document's height to the host page whenever it changes, as Forge's iframe resizer does. */
function reportHeightToHost(): void {
  if (hostWindow() === null || typeof ResizeObserver === 'undefined') return;
  let lastHeightPx = -1;
  const report = (): void => {
    const heightPx = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (heightPx === lastHeightPx) return;
    lastHeightPx = heightPx;
    postToHost({ source: 'forge-bridge-shim', kind: 'resize', heightPx });
  };
  new ResizeObserver(report).observe(document.documentElement);
  report();
}

reportHeightToHost();

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
