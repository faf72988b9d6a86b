/**
 * What the module browser tests do with a page: open a built module with the bridge shim's context, collect the
 * page's errors, read its text as a reader sees it, and take screenshots into `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ShimContext } from '../../../dev/bridge-shim/index';
import { repoRoot } from './build-ui';
import type { InvokeHandler } from './panel-server';

export const screenshotsDir = path.join(repoRoot, 'artifacts/screenshots');

/** Text as a reader sees it: non-breaking and narrow spaces (ICU puts them in numbers and dates) as spaces. */
export const plain = (text: string): string =>
  text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Saves a full-page screenshot of `page` as `artifacts/screenshots/<fileName>`. */
export async function screenshot(page: Page, fileName: string): Promise<void> {
  await mkdir(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, fileName), fullPage: true });
}

export interface OpenedPage {
  readonly page: Page;
  /** Uncaught exceptions and console errors of the page. */
  readonly errors: string[];
}

export interface OpenModuleOptions {
  /** The module's page, e.g. `${origin}/flow-gadget/index.html`. */
  readonly url: string;
  /** What the shim's `view.getContext()` returns (the host page's part). */
  readonly context: ShimContext;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly acceptDownloads?: boolean;
  /** Runs on the new page before the context is set and the module is loaded (clock, extra init scripts). */
  readonly prepare?: (page: Page) => Promise<unknown>;
}

/** Opens a module built with the bridge shim in a new page of `browser`, collecting the page's errors. */
export async function openModulePage(
  browser: Browser | undefined,
  options: OpenModuleOptions,
): Promise<OpenedPage> {
  assert.ok(browser, 'the browser is started in before()');
  const page = await browser.newPage({
    viewport: options.viewport,
    ...(options.acceptDownloads === undefined ? {} : { acceptDownloads: options.acceptDownloads }),
  });
  await options.prepare?.(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript((ctx: ShimContext) => {
    window.__FORGE_CONTEXT__ = ctx;
  }, options.context);
  await page.goto(options.url);
  return { page, errors };
}

/** A resolver as the app defines it: the payload and the Forge context. */
type ContextResolver = (payload: unknown, context: Readonly<Record<string, unknown>>) => Promise<unknown>;

/** The panel server's handlers for the resolvers `names` of `resolvers`, each passed the shim's context. */
export function invokeHandlers<Name extends string>(
  resolvers: Readonly<Record<Name, ContextResolver>>,
  names: readonly Name[],
): Record<string, InvokeHandler> {
  return Object.fromEntries(
    names.map((name): [string, InvokeHandler] => [
      name,
      (payload, context) => resolvers[name](payload, context as Readonly<Record<string, unknown>>),
    ]),
  );
}
