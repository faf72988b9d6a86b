/**
 * The `npm start` preview runs every backend module of the manifest: the preview clock on the host page advances the
 * app's time (in a real Chromium), and a manifest with a web trigger, a scheduled trigger and an Automation action
 * (the fixture of test/preview) gets them served by the running preview, the web trigger on the URL it reports.
 *
 * Run: `npx tsx --test test/e2e/preview-backend.e2e.ts` (after `npm run build:preview`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import { FIXTURE_MANIFEST, fixtureHandlers } from '../preview/support/backend-fixture';

/** Built once for this file; not `static/build-preview`, so a running `npm start` is left alone. */
const modulesDir = 'artifacts/preview-backend-e2e-build';
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
const HOUR_MS = 3_600_000;

void describe('the preview clock on the host page', () => {
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

  void it('lists every backend module of manifest.yml with its function', () => {
    assert.ok(preview);
    assert.deepEqual(
      preview.routes
        .filter((route) => route.kind !== 'resolver')
        .map((route) => `${route.kind} ${route.functionKey}`),
      [
        'trigger issue-events',
        'trigger feedback-status',
        'trigger feedback-link',
        'consumer feedback-reply-worker',
        'consumer flow-facts-worker',
        'scheduled okr-measure-daily',
        'scheduled effect-check-runner',
        'scheduled flow-facts-reconcile',
        'webtrigger okr-values-handler',
        'webtrigger feedback-intake-handler',
        'validator csi-validator',
        'action action-register',
        'action action-close-loop',
        'action action-check-effect',
        'action action-report-value',
      ],
    );
    assert.ok(preview.routes.some((route) => route.kind === 'resolver' && route.functionKey === 'resolver'));
    // The manifest's web trigger is served on a local URL of the preview, as Forge gives it a public one.
    assert.deepEqual(
      preview.webTriggerUrls.map((entry) => entry.key),
      ['okr-values', 'feedback-intake'],
    );
    assert.match(preview.webTriggerUrls[0]?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/x1\/okr-values$/);
    assert.match(preview.webTriggerUrls[1]?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/x1\/feedback-intake$/);
  });

  void it('advances the app’s time by a day from the page', async () => {
    assert.ok(browser && preview);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${preview.url}/?view=dashboard`);
    const clock = page.locator('#clock-now');
    await page.waitForFunction(() => (document.querySelector('#clock-now')?.textContent ?? '…') !== '…');
    const before = await clock.innerText();
    await page.locator('#clock-day').click();
    // A day on, each daily scheduled trigger (the OKR measurement, the effect check and the flow facts reconcile,
    // due 5 minutes after the start, as after a deploy) has run once.
    await page.getByText('Uhr vorgestellt; geplante Auslöser gelaufen: 3').waitFor();
    const afterText = await page.locator('#clock-now').innerText();
    assert.notEqual(afterText, before);
    const state = (await (await fetch(`${preview.url}/__preview/clock`)).json()) as { nowMs: number };
    assert.ok(state.nowMs >= nowMs + 24 * HOUR_MS, 'the preview clock moved a day on');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

void describe('a manifest with a web trigger, a scheduled trigger and an action in the running preview', () => {
  let preview: RunningPreview | undefined;
  const calls: { name: string; args: unknown[] }[] = [];

  before(async () => {
    preview = await startPreview({
      port: 0,
      now: nowMs,
      modulesDir,
      manifestYaml: FIXTURE_MANIFEST,
      extraHandlers: fixtureHandlers(calls, 0),
      logError: () => undefined,
    });
  });
  after(async () => {
    await preview?.stop();
  });

  void it('serves the web trigger on the URL it reports', async () => {
    assert.ok(preview);
    const url = preview.webTriggerUrls.find((trigger) => trigger.key === 'feedback-hook')?.url ?? '';
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/x1\/feedback-hook$/);
    const response = await fetch(url, { method: 'POST', body: '{"rating":5}' });
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '{"got":"{\\"rating\\":5}"}');
  });

  void it('runs the scheduled trigger when the page advances the clock, and the action through its route', async () => {
    assert.ok(preview);
    const advanced = await fetch(`${preview.url}/__preview/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: HOUR_MS }),
    });
    const state = (await advanced.json()) as { ran: { triggerKey: string }[] };
    assert.deepEqual(
      state.ran.map((run) => run.triggerKey),
      ['hourly-review'],
    );
    const config = (await (await fetch(`${preview.url}/__preview/config`)).json()) as {
      users: { accountId: string }[];
    };
    const ran = await fetch(
      `${preview.url}/__preview/actions/notify-requester?user=${config.users[0]?.accountId ?? ''}`,
      {
        method: 'POST',
        body: JSON.stringify({ inputs: { issueKey: 'HD-3' } }),
      },
    );
    assert.deepEqual(await ran.json(), { result: { notified: 'HD-3' } });
  });
});
