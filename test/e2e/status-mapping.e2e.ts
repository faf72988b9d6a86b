/**
 * Browser test of the status-mapping settings page: the production UI code, built by Vite with the
 * `@forge/bridge` shim, in a real Chromium, talking over HTTP to the real status-mapping resolver handlers, which
 * read the local Jira emulator (sample data) through the real Jira client, as the sample user of the context.
 *
 * Run: `npx tsx --test test/e2e/status-mapping.e2e.ts`. Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ShimContext } from '../../dev/bridge-shim/index';
import { user, type UserKey } from '../../dev/sample-data/model';
import { startMappingHarness, type MappingHarness } from '../status-mapping/support';
import { invokeHandlers, openModulePage, screenshotsDir, type OpenedPage } from './support/browser-page';
import { launchChromium } from './support/chromium';
import { repoRoot } from './support/build-ui';
import { startPanelServer, type PanelServer } from './support/panel-server';

const buildDir = path.join(repoRoot, 'artifacts/e2e-status-mapping');

let browser: Browser | undefined;
let server: PanelServer | undefined;
let harness: MappingHarness | undefined;

/**
 * Builds only this module (so a half-finished other module cannot break this test), with the bridge shim. The
 * Vite config is written next to the output: Vite loads configs as ES modules, which this CommonJS test is not.
 */
async function buildModule(): Promise<void> {
  await mkdir(path.join(repoRoot, 'artifacts'), { recursive: true });
  const configFile = path.join(repoRoot, 'artifacts/status-mapping.vite.config.mjs');
  const config = {
    root: path.join(repoRoot, 'static'),
    base: './',
    logLevel: 'error',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    resolve: { alias: { '@forge/bridge': path.join(repoRoot, 'dev/bridge-shim/index.ts') } },
    build: {
      outDir: buildDir,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: {
        input: { 'status-mapping': path.join(repoRoot, 'static/status-mapping/index.html') },
      },
    },
  };
  await writeFile(configFile, `export default ${JSON.stringify(config, null, 2)};\n`);
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', configFile],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] },
  );
  assert.equal(result.status, 0, 'vite build of static/status-mapping');
}

function contextFor(who: UserKey, locale: string, projectKey: string): ShimContext {
  return {
    locale,
    timezone: 'Europe/Berlin',
    accountId: user(who).accountId,
    extension: { type: 'jira:projectSettingsPage', project: { key: projectKey } },
    theme: { colorMode: 'light' },
  };
}

async function openPage(context: ShimContext): Promise<OpenedPage> {
  assert.ok(server, 'the server is started in before()');
  const opened = await openModulePage(browser, {
    url: `${server.origin}/status-mapping/index.html`,
    context,
    viewport: { width: 1000, height: 900 },
  });
  await opened.page.locator('#mapping-heading').waitFor();
  return opened;
}

/** The status names listed in stage `index` (0-based), in order. */
async function statusesOfStage(page: Page, index: number): Promise<string[]> {
  return page
    .getByTestId(`stage-${String(index)}`)
    .locator('li.chip')
    .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-status') ?? ''));
}

before(async () => {
  await buildModule();
  harness = await startMappingHarness();
  const handlers = harness.handlers;
  server = await startPanelServer({
    rootDir: buildDir,
    handlers: invokeHandlers(handlers, ['getStatusMapping', 'saveStatusMapping', 'getDataQuality']),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await harness?.stop();
});

void describe('status mapping in German for a project administrator', () => {
  void it('shows the ITSM defaults, moves a status to another stage with the keyboard-operable select, saves, and a reload shows it', async () => {
    const { page, errors } = await openPage(contextFor('sabine', 'de-DE', 'HD'));
    assert.match(await page.locator('#mapping-heading').innerText(), /^Statuszuordnung für /);
    assert.equal(await page.getByTestId('derived-note').count(), 1);
    assert.equal(await page.getByTestId('read-only-note').count(), 0);
    assert.deepEqual(await statusesOfStage(page, 2), ['Wartet auf Kunde']);
    assert.equal(
      await page.getByTestId('stage-2').getByRole('combobox', { name: 'Art', exact: true }).inputValue(),
      'waiting',
    );
    assert.match(await page.getByTestId('blocked-note').innerText(), /Flagged/);

    // Move "Wartet auf Kunde" into stage 2 ("In Bearbeitung") through its select, by keyboard.
    const select = page.getByLabel('Stufe des Status Wartet auf Kunde');
    await select.focus();
    await select.selectOption({ label: 'In Bearbeitung' });
    assert.deepEqual(await statusesOfStage(page, 1), [
      'In Bearbeitung',
      'Wieder geöffnet',
      'Wartet auf Kunde',
    ]);
    assert.deepEqual(await statusesOfStage(page, 2), []);

    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Gespeichert. Die Flussmetriken verwenden jetzt diese Zuordnung.').waitFor();
    assert.equal(await page.getByTestId('derived-note').count(), 0);

    await page.reload();
    await page.locator('#mapping-heading').waitFor();
    assert.deepEqual(await statusesOfStage(page, 1), [
      'In Bearbeitung',
      'Wieder geöffnet',
      'Wartet auf Kunde',
    ]);
    assert.deepEqual(await statusesOfStage(page, 2), []);
    await mkdir(screenshotsDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotsDir, 'status-mapping-de.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('reorders stages with buttons, shows problems in German before saving, and resets to defaults', async () => {
    const { page, errors } = await openPage(contextFor('sabine', 'de-DE', 'HD'));
    const up = page.getByRole('button', { name: 'Stufe Done nach oben' });
    await up.click();
    await up.press('Enter'); // the same button, by keyboard: Done is now above In Bearbeitung
    assert.equal(await page.getByTestId('stage-1').locator('input[type=text]').inputValue(), 'Done');
    const problems = page.getByTestId('problems');
    assert.match(await problems.innerText(), /Der Endpunkt „Done“ muss nach dem Startpunkt/);
    assert.equal(await page.getByRole('button', { name: 'Speichern' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Auf Vorgaben zurücksetzen' }).click();
    assert.equal(await problems.count(), 0);
    assert.deepEqual(await statusesOfStage(page, 2), ['Wartet auf Kunde']);
    assert.equal(await page.getByTestId('stage-3').locator('input[type=text]').inputValue(), 'Done');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('answers a save from a stale page with the conflict message', async () => {
    const first = await openPage(contextFor('sabine', 'de-DE', 'HD'));
    const second = await openPage(contextFor('admin', 'de-DE', 'HD'));
    await second.page.getByRole('textbox', { name: /^Perzentile/ }).fill('50, 90');
    await second.page.getByRole('button', { name: 'Speichern' }).click();
    await second.page.getByText(/^Gespeichert\./).waitFor();

    await first.page.getByRole('textbox', { name: /^Perzentile/ }).fill('50, 85');
    await first.page.getByRole('button', { name: 'Speichern' }).click();
    await first.page.getByText(/Jemand anderes hat die Statuszuordnung gespeichert/).waitFor();
    await first.page.getByRole('button', { name: 'Neueste Fassung laden' }).click();
    await first.page.locator('#mapping-heading').waitFor();
    assert.equal(await first.page.getByRole('textbox', { name: /^Perzentile/ }).inputValue(), '50, 90');
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.page.close();
    await second.page.close();
  });

  void it('runs the data-quality check over the project and lists its result', async () => {
    const { page, errors } = await openPage(contextFor('sabine', 'de-DE', 'HD'));
    await page.getByRole('button', { name: 'Datenqualität prüfen' }).click();
    const report = page.getByTestId('quality-report');
    await report.waitFor({ timeout: 60_000 });
    assert.match(await report.innerText(), /\d+ Vorgänge geprüft, \d+ mit Warnungen\./);
    await page.screenshot({
      path: path.join(screenshotsDir, 'status-mapping-quality-de.png'),
      fullPage: true,
    });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

void describe('status mapping for someone who does not administer the project (English)', () => {
  void it('shows the mapping read-only, without save', async () => {
    const { page, errors } = await openPage(contextFor('emily', 'en-US', 'HD'));
    assert.match(await page.locator('#mapping-heading').innerText(), /^Status mapping for /);
    assert.match(
      await page.getByTestId('read-only-note').innerText(),
      /Only project administrators can change the status mapping/,
    );
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
    assert.equal(await page.getByLabel('Stage of status Neu').isDisabled(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
