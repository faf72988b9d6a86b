/**
 * One walk through the `npm start` preview as a service manager would take it, every module on the sample data
 * behind the real resolvers: issue panel → project page (every figure filled) → status mapping change → the
 * project page's numbers change → the dashboard's gadget, set up by the preview, with its value. Screenshots go to
 * artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import { plain, screenshot } from './support/browser-page';
import { launchChromium } from './support/chromium';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/walkthrough-e2e-build';
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');

let preview: RunningPreview | undefined;
let browser: Browser | undefined;

before(async () => {
  buildPreviewModules(modulesDir);
  preview = await startPreview({ port: 0, now: nowMs, modulesDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await preview?.stop();
});

async function openView(page: Page, label: RegExp): Promise<void> {
  await page.locator('.sidebar .nav-link', { hasText: label }).click();
}

async function figure(frame: FrameLocator, id: string): Promise<string> {
  return plain(await frame.getByTestId(`figure-${id}`).locator('dd').innerText());
}

/** Flow efficiency as shown ("41 %") → 41. */
const percentOf = (shown: string): number => Number(shown.replace(/[^\d,.-]/g, '').replace(',', '.'));

void describe('walking through the preview (German, Jira admin)', () => {
  void it('panel, project page, mapping change that changes the numbers, gadget edit → view', async () => {
    assert.ok(preview && browser);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(preview.url);

    // 1. Issue view: the first help-desk issue's panel shows its flow.
    await page.locator('.issue-item').first().click();
    const panel = page.frameLocator('iframe[data-module-key="flow-issue-panel"]');
    await panel.getByRole('heading', { name: /^Flow von HD-\d+$/ }).waitFor();
    assert.ok((await panel.getByRole('heading', { name: 'Zeit im Status' }).count()) === 1);

    // 2. Project page: every key figure is filled.
    await openView(page, /^Projektseite/);
    const project = page.frameLocator('iframe[data-module-key="flow-project-page"]');
    await project.getByRole('heading', { level: 1, name: 'Flow im Projekt HD' }).waitFor({ timeout: 60_000 });
    for (const id of [
      'finished',
      'wipNow',
      'throughputPerWeek',
      'cycleP50',
      'cycleP85',
      'leadP85',
      'flowEfficiency',
    ]) {
      assert.notEqual(await figure(project, id), '–', `figure ${id} is filled`);
    }
    const efficiencyBefore = percentOf(await figure(project, 'flowEfficiency'));
    await screenshot(page, 'walkthrough-project-page-before.png');

    // 3. Project settings: "Wartet auf Kunde" counted as active work instead of waiting.
    await openView(page, /^Projekteinstellungen/);
    const settings = page.frameLocator('iframe[data-module-key="flow-status-mapping"]');
    await settings.locator('#mapping-heading').waitFor({ timeout: 60_000 });
    await settings.getByLabel('Stufe des Status Wartet auf Kunde').selectOption({ label: 'In Bearbeitung' });
    await settings.getByRole('button', { name: 'Speichern' }).click();
    await settings
      .getByText('Gespeichert. Die Flussmetriken verwenden jetzt diese Zuordnung.')
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'walkthrough-status-mapping.png');

    // 4. Back on the project page the new mapping is used: waiting time now counts as active.
    await openView(page, /^Projektseite/);
    await project.getByRole('heading', { level: 1, name: 'Flow im Projekt HD' }).waitFor({ timeout: 60_000 });
    const efficiencyAfter = percentOf(await figure(project, 'flowEfficiency'));
    assert.ok(
      efficiencyAfter > efficiencyBefore,
      `flow efficiency rises when waiting counts as work: ${efficiencyBefore} % → ${efficiencyAfter} %`,
    );
    await screenshot(page, 'walkthrough-project-page-after.png');

    // 5. Dashboard: the flow gadget opens set up (the help desk's lead time, dev/preview/gadget-seed.ts) and shows
    // its value at once (its edit → save → view is walked in flow-gadget.e2e.ts).
    await openView(page, /^Dashboard/);
    const gadget = page.frameLocator('iframe[data-module-key="flow-gadget"]');
    await gadget.getByTestId('gadget-value').waitFor({ timeout: 60_000 });
    assert.match(plain(await gadget.getByTestId('gadget-value').innerText()), /\d/);
    await screenshot(page, 'walkthrough-gadget.png');

    assert.deepEqual(errors, []);
    await page.close();
  });
});
