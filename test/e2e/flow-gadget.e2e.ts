/**
 * Browser test of the flow gadget: the production UI, built by Vite with the `@forge/bridge` shim, in Chromium,
 * against the real gadget handlers (`getGadgetConfig`, `saveGadgetConfig`, `getGadgetFlow`) over the Jira
 * emulator with the sample data. Walks edit → save → view, then opens the saved gadget's view in English and
 * checks it shows the resolver's value and trend.
 *
 * Run: `npx tsx --test test/e2e/flow-gadget.e2e.ts`. Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { isGadgetBackfilling, type GadgetFlowView } from '../../src/contract/gadget';
import { createGadgetHandlers } from '../../src/entry/resolvers/gadget-handlers';
import type { ShimContext } from '../../dev/bridge-shim/index';
import type { RunningEmulator } from '../../dev/emulator/index';
import { invokeHandlers, openModulePage, plain, screenshot, type OpenedPage } from './support/browser-page';
import { buildUiWithShim } from './support/build-ui';
import { launchChromium } from './support/chromium';
import { sampleResolverDeps, startSampleJira } from './support/sample-jira';
import { startPanelServer, type PanelServer } from './support/panel-server';

const nowMs = Date.parse('2026-03-10T11:00:00.000Z');

let browser: Browser | undefined;
let server: PanelServer | undefined;
let emulator: RunningEmulator | undefined;
let handlers: ReturnType<typeof createGadgetHandlers> | undefined;
let accountId = '';

function contextFor(locale: string, timezone: string, gadgetId: string, entryPoint?: 'edit'): ShimContext {
  return {
    locale,
    timezone,
    accountId,
    extension: {
      type: 'jira:dashboardGadget',
      gadget: { id: gadgetId },
      dashboard: { id: '10000' },
      ...(entryPoint === undefined ? {} : { entryPoint }),
    },
    theme: { colorMode: 'light' },
  };
}

async function openGadget(context: ShimContext): Promise<OpenedPage> {
  assert.ok(server);
  return openModulePage(browser, {
    url: `${server.origin}/flow-gadget/index.html`,
    context,
    viewport: { width: 480, height: 560 },
    // A controllable clock, so the refresh interval can be tested without waiting for it.
    prepare: (page) => page.clock.install({ time: nowMs }),
  });
}

/** The stored gadget's view, read by the gadget of `context` (Forge's context names the gadget). */
async function storedView(context: ShimContext): Promise<GadgetFlowView> {
  assert.ok(handlers);
  const result = await handlers.getGadgetFlow({}, context as unknown as Record<string, unknown>);
  assert.ok(result.ok, JSON.stringify(result));
  assert.ok(!isGadgetBackfilling(result.value), 'the gadget answered its backfill progress, not a view');
  return result.value;
}

before(async () => {
  const buildDir = buildUiWithShim('artifacts/e2e-build-flow-gadget');
  const sample = await startSampleJira(nowMs);
  accountId = sample.admin.accountId;
  emulator = sample.emulator;
  handlers = createGadgetHandlers(sampleResolverDeps(sample.jira, nowMs));
  server = await startPanelServer({
    rootDir: buildDir,
    handlers: invokeHandlers(handlers, ['getGadgetFlow', 'getGadgetConfig', 'saveGadgetConfig']),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.stop();
});

void describe('flow gadget on the sample data', () => {
  void it('is configured in the German edit view and then shows its value', async () => {
    const gadgetId = 'gadget-e2e-1';
    const { page, errors } = await openGadget(contextFor('de-DE', 'Europe/Berlin', gadgetId, 'edit'));
    const form = page.getByTestId('gadget-edit');
    await form.waitFor();
    assert.equal(plain(await page.getByRole('heading').innerText()), 'Flow-Gadget einrichten');
    // A project key is required for the project scope: saving without one names the field.
    await page.getByRole('button', { name: 'Speichern' }).click();
    assert.equal(await page.getByLabel('Projektschlüssel').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Projektschlüssel').fill('hd');
    await page.getByLabel('Kennzahl').selectOption('cycleTime');
    await page.getByLabel('Perzentil').selectOption('85');
    await page.getByLabel('Zeitraum (verglichen mit dem davor)').selectOption('30');
    await page.getByLabel('Aktualisieren').selectOption('15');
    await screenshot(page, 'flow-gadget-edit-de.png');
    await page.getByRole('button', { name: 'Speichern' }).click();

    // Saved: the view follows (in Jira, `view.submit` reloads the gadget in its view).
    await page.getByTestId('gadget-value').waitFor();
    const view = await storedView(contextFor('de-DE', 'Europe/Berlin', gadgetId));
    assert.deepEqual(view.config, {
      scope: { kind: 'project', projectKey: 'HD' },
      metric: 'cycleTime',
      percentile: 85,
      periodDays: 30,
      refreshMinutes: 15,
    });
    const days = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    assert.equal(
      plain(await page.getByTestId('gadget-value').innerText()),
      view.current === null ? 'keine Daten' : `${days.format(view.current)} Tage`,
    );
    assert.match(
      plain(await page.locator('#gadget-title').innerText()),
      /^Zykluszeit \(85\. Perzentil\) · HD$/,
    );
    await screenshot(page, 'flow-gadget-de.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('shows the saved gadget in English with its trend in words', async () => {
    const gadgetId = 'gadget-e2e-1';
    const context = contextFor('en-US', 'UTC', gadgetId);
    const view = await storedView(context);
    const { page, errors } = await openGadget(context);
    await page.getByTestId('gadget-value').waitFor();
    const days = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    assert.equal(
      plain(await page.getByTestId('gadget-value').innerText()),
      view.current === null ? 'no data' : `${days.format(view.current)} days`,
    );
    const trend = plain(await page.getByTestId('gadget-trend').innerText());
    const arrow = { up: '↑', down: '↓', flat: '→', none: '' }[view.trend];
    assert.ok(trend.startsWith(arrow), trend);
    if (view.trend === 'up' || view.trend === 'down') {
      const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
      assert.ok(trend.includes(percent.format(Math.abs(view.change ?? 0))), trend);
      assert.ok(trend.endsWith(view.improving === true ? 'better' : 'worse'), trend);
    }
    assert.match(plain(await page.locator('.gadget-updated').innerText()), /refreshes every 15 min$/);
    await screenshot(page, 'flow-gadget-en.png');
    // The refresh interval is honoured: 15 minutes later the gadget asks for its value again, in place.
    assert.ok(server);
    const calls = (): number => server?.invocations.filter((name) => name === 'getGadgetFlow').length ?? 0;
    const before = calls();
    await page.clock.fastForward('14:00');
    assert.equal(calls(), before, 'no refresh before 15 minutes');
    await page.clock.fastForward('01:05');
    await page.waitForFunction(() => document.querySelector('[data-testid="gadget-value"]') !== null);
    for (let waited = 0; calls() === before && waited < 50; waited += 1) await page.waitForTimeout(100);
    assert.equal(calls(), before + 1, 'one refresh after 15 minutes');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('tells about a concurrent change and overwrites it only when asked', async () => {
    const gadgetId = 'gadget-e2e-conflict';
    const first = await openGadget(contextFor('en-US', 'UTC', gadgetId, 'edit'));
    const second = await openGadget(contextFor('en-US', 'UTC', gadgetId, 'edit'));
    for (const { page } of [first, second]) {
      await page.getByTestId('gadget-edit').waitFor();
      await page.getByLabel('Project key').fill('HD');
    }
    await first.page.getByLabel('Metric').selectOption('throughput');
    await first.page.getByRole('button', { name: 'Save' }).click();
    await first.page.getByTestId('gadget-value').waitFor();

    // The second editor read the configuration before the first saved: its save is refused, not lost silently.
    await second.page.getByLabel('Metric').selectOption('wip');
    await second.page.getByRole('button', { name: 'Save' }).click();
    const alert = second.page.getByRole('alert');
    await alert.waitFor();
    assert.match(plain(await alert.innerText()), /^Someone else changed this gadget meanwhile\./);
    assert.equal((await storedView(contextFor('en-US', 'UTC', gadgetId))).config.metric, 'throughput');
    await second.page.getByRole('button', { name: 'Overwrite' }).click();
    await second.page.getByTestId('gadget-value').waitFor();
    assert.equal((await storedView(contextFor('en-US', 'UTC', gadgetId))).config.metric, 'wip');
    assert.match(plain(await second.page.locator('#gadget-title').innerText()), /^Work in progress · HD$/);
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.page.close();
    await second.page.close();
  });

  void it('offers to configure a gadget that has no configuration yet', async () => {
    const { page, errors } = await openGadget(contextFor('en-US', 'UTC', 'gadget-e2e-new'));
    await page.getByText('This gadget is not configured yet.').waitFor();
    await page.getByRole('button', { name: 'Configure' }).click();
    await page.getByTestId('gadget-edit').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
