/**
 * The `npm start` preview with a browser for the tests of one e2e file: before them the modules are built into
 * `modulesDir` (the file's own: the runner runs e2e files in parallel processes), the preview starts at `nowMs`
 * and Chromium launches; after them both close.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../../dev/preview/index';
import { launchChromium } from './chromium';

export interface PreviewWithBrowser {
  readonly preview: RunningPreview;
  readonly browser: Browser;
}

/** Starts and stops them around the file's tests; answers a getter for the tests (they have started by then). */
export function previewWithBrowser(modulesDir: string, nowMs: number): () => PreviewWithBrowser {
  let browser: Browser | undefined;
  let preview: RunningPreview | undefined;
  before(async () => {
    buildPreviewModules(modulesDir);
    preview = await startPreview({ port: 0, now: nowMs, modulesDir });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await preview?.stop();
  });
  return () => {
    assert.ok(browser && preview, 'the preview and the browser start before the tests');
    return { browser, preview };
  };
}
