/**
 * Hosts a Custom UI module as Jira does: an iframe of the module's `index.html`, given the Forge context (in the
 * query parameter the bridge shim reads), sized to its content, and with its `router` requests handled here.
 */
import type { ShimContext, ShimMessage } from '../../bridge-shim/index';
import type { PreviewModule } from '../preview-api';
import { h } from './dom';

/** The bridge shim's query parameter (`CONTEXT_QUERY_PARAMETER` in dev/bridge-shim; not imported to keep the shim out of the host bundle). */
const CONTEXT_QUERY_PARAMETER = 'forgeContext';
/** The bridge shim's query parameter of a subpage route (`ROUTE_QUERY_PARAMETER` in dev/bridge-shim). */
const ROUTE_QUERY_PARAMETER = 'forgeRoute';
/** Height of a module frame until the module reports its own. */
const INITIAL_HEIGHT_PX = 160;

/** What the host does when a module asks to navigate (`router.navigate`/`open`/`reload`). */
export interface RouterHost {
  navigate(location: unknown, frame: HTMLIFrameElement): void;
  open(location: unknown): void;
  /** A module with subpages moved to another of its routes itself (`history.push`); `route` without slashes. */
  routeChanged(route: string, frame: HTMLIFrameElement): void;
}

let routerHost: RouterHost | null = null;

function isShimMessage(data: unknown): data is ShimMessage {
  return (
    typeof data === 'object' && data !== null && (data as { source?: unknown }).source === 'forge-bridge-shim'
  );
}

function onMessage(event: MessageEvent): void {
  if (event.origin !== window.location.origin || !isShimMessage(event.data)) return;
  // The page's module frames now (a frame created for a view not yet attached, e.g. an issue's second panel, is
  // found once it is in the page; frames of views left behind are gone).
  const frame = [...document.querySelectorAll<HTMLIFrameElement>('iframe.module-frame')].find(
    (candidate) => candidate.contentWindow === event.source,
  );
  if (frame === undefined) return;
  const message = event.data;
  if (message.kind === 'resize') {
    // Jira grows a module's frame to its content; a floor keeps an empty module visible.
    frame.style.height = `${String(Math.max(48, Math.ceil(message.heightPx)))}px`;
    frame.closest('.module')?.removeAttribute('aria-busy');
    return;
  }
  // A subpage changed its own route (history.push): Jira changes the page URL only; the frame keeps running.
  if (message.kind === 'route') {
    const route = message.pathname.replace(/^\/+|\/+$/g, '').split('/')[0] ?? '';
    frame.dataset['pageRoute'] = route;
    routerHost?.routeChanged(route, frame);
    return;
  }
  if (message.action === 'reload') frame.contentWindow?.location.reload();
  else if (message.action === 'open') routerHost?.open(message.location);
  else routerHost?.navigate(message.location, frame);
}

/** Installs the page's handler of module requests (once). */
export function installRouterHost(host: RouterHost): void {
  if (routerHost === null) window.addEventListener('message', onMessage);
  routerHost = host;
}

/**
 * An iframe of `module` with `context`, at the subpage `route` (`csi-register`; null for a module without
 * subpages: its history shows `/`). A new context means a new frame (Jira reloads a module when the user changes
 * language or theme, and so does the preview).
 */
export function moduleFrame(
  module: PreviewModule,
  context: ShimContext,
  title: string,
  route: string | null = null,
): HTMLIFrameElement {
  const url = new URL(module.url, window.location.origin);
  url.searchParams.set(CONTEXT_QUERY_PARAMETER, JSON.stringify(context));
  if (route !== null) url.searchParams.set(ROUTE_QUERY_PARAMETER, `/${route}`);
  const frame = h('iframe', {
    class: 'module-frame',
    src: `${url.pathname}${url.search}`,
    title,
    'data-module-key': module.key,
    'data-page-route': route,
  });
  frame.style.height = `${String(INITIAL_HEIGHT_PX)}px`;
  return frame;
}
