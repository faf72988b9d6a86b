/**
 * Browser test of the OKR page in the `npm start` preview (Jira emulator with the sample data, the app's real
 * resolvers and store, the host page's Apps view), in German and English: create an objective aligned to the
 * sample's company objective, add a key result, check in (progress follows), link a help-desk issue (listed with
 * its status), see a refused edit's rule under the form, and measure the help desk's lead-time key result.
 *
 * Run: `npx tsx --test test/e2e/okr-page.e2e.ts` (it builds the modules into its own directory). Screenshots go to
 * `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { screenshot } from './support/browser-page';
import { previewWithBrowser } from './support/preview-browser';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/okr-page-e2e-build';
/** The sample data's "today" (as the other preview tests use it). */
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
const LONG_MS = 60_000;

const running = previewWithBrowser(modulesDir, nowMs);

const TEXT = {
  de: {
    create: 'Ziel anlegen',
    title: 'Titel',
    projectKey: 'Projektschlüssel',
    parent: 'Zahlt ein auf (übergeordnetes Ziel)',
    save: 'Speichern',
    addKr: 'Key Result hinzufügen',
    unit: 'Einheit',
    direction: 'Richtung',
    start: 'Startwert',
    target: 'Zielwert',
    details: /^Details/,
    edit: /^Bearbeiten/,
    value: 'Wert (Tage)',
    checkIn: 'Einchecken',
    issueKey: 'Vorgangsschlüssel',
    link: 'Vorgang verknüpfen',
    measure: 'Jetzt messen',
    now: 'Aktuell: 15 Tage',
    progress: '50 % erreicht',
    measured: /^Gemessen: /,
    objective: 'Einarbeitung beschleunigen',
    keyResult: 'Einarbeitungszeit von 20 auf 10 Tage senken',
  },
  en: {
    create: 'Create objective',
    title: 'Title',
    projectKey: 'Project key',
    parent: 'Aligns to (parent objective)',
    save: 'Save',
    addKr: 'Add key result',
    unit: 'Unit',
    direction: 'Direction',
    start: 'Start value',
    target: 'Target value',
    details: /^Details/,
    edit: /^Edit/,
    value: 'Value (Tage)',
    checkIn: 'Check in',
    issueKey: 'Issue key',
    link: 'Link issue',
    measure: 'Measure now',
    now: 'Now: 15 Tage',
    progress: '50% done',
    measured: /^Measured: /,
    objective: 'Speed up onboarding',
    keyResult: 'Cut onboarding from 20 to 10 days',
  },
} as const;

async function openOkrPage(language: 'de' | 'en'): Promise<{ page: Page; frame: FrameLocator }> {
  const { browser, preview } = running();
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({
    view: 'apps',
    page: 'okrs',
    ...(language === 'en' ? { lang: 'en' } : {}),
  });
  await page.goto(`${preview.url}/?${query.toString()}`);
  const frame = page.frameLocator('iframe[data-module-key="okr-page"]');
  await frame.getByTestId('okr-tree').waitFor({ timeout: LONG_MS });
  assert.deepEqual(errors, []);
  return { page, frame };
}

/** The id the page's notice names (`Objective O-7 saved.`). */
async function savedId(frame: FrameLocator, pattern: RegExp): Promise<string> {
  const notice = frame.getByTestId('notice');
  await notice.filter({ hasText: pattern }).waitFor({ timeout: LONG_MS });
  const id = pattern.exec((await notice.textContent()) ?? '')?.[0];
  assert.ok(id !== undefined, `the notice names the saved id: ${(await notice.textContent()) ?? ''}`);
  return id;
}

void describe('OKR page in the preview', () => {
  for (const language of ['de', 'en'] as const) {
    void it(`creates an objective and a key result, checks in and links an issue (${language})`, async () => {
      const text = TEXT[language];
      const { page, frame } = await openOkrPage(language);
      // The objective, aligned to the sample's company objective O-1.
      await frame.getByRole('button', { name: text.create }).click();
      const form = frame.getByRole('dialog');
      await form.getByLabel(text.title, { exact: true }).fill(text.objective);
      await form.getByLabel(text.projectKey).fill('HD');
      await form.getByLabel(text.parent).selectOption('O-1');
      await form.getByRole('button', { name: text.save }).click();
      const objectiveId = await savedId(frame, /O-\d+/);
      const objective = frame.locator(`li[data-objective="${objectiveId}"]`);
      assert.equal(await objective.getAttribute('data-depth'), '1', 'aligned under O-1');
      assert.match(
        (await objective.getByRole('heading', { level: 3 }).textContent()) ?? '',
        new RegExp(text.objective),
      );

      // A key result: 20 → 10 days.
      await objective.getByRole('button', { name: text.addKr }).click();
      await form.getByLabel(text.title, { exact: true }).fill(text.keyResult);
      await form.getByLabel(text.unit).fill('Tage');
      await form.getByLabel(text.direction).selectOption('decrease');
      await form.getByLabel(text.start).fill('20');
      await form.getByLabel(text.target).fill('10');
      await form.getByRole('button', { name: text.save }).click();
      const keyResultId = await savedId(frame, /KR-\d+/);
      const keyResult = frame.locator(`li[data-key-result="${keyResultId}"]`);

      // A check-in halfway: progress 50 %.
      await keyResult.getByRole('button', { name: text.details }).click();
      const detail = keyResult.getByTestId('kr-detail');
      await detail.getByLabel(text.value).fill('15');
      await detail.getByRole('button', { name: text.checkIn }).click();
      await detail.getByTestId('checked-in').waitFor({ timeout: LONG_MS });
      await keyResult.getByText(text.now).waitFor({ timeout: LONG_MS });
      const progress = (await keyResult.locator('.okr-progress-text').first().textContent()) ?? '';
      // Intl writes a no-break space before the percent sign in German.
      assert.match(progress.replace(/[\u00a0\u202f]/g, ' '), new RegExp(text.progress));

      // Link a help-desk issue: listed with its status.
      await detail.getByLabel(text.issueKey).fill('hd-1');
      await detail.getByRole('button', { name: text.link }).click();
      const linked = detail.getByTestId('linked-issues');
      await linked.getByRole('link', { name: 'HD-1' }).waitFor({ timeout: LONG_MS });
      assert.ok((await linked.locator('.lozenge').count()) > 0, 'the linked issue shows its status');

      // A decreasing key result with a target above its start: the resolver's rule shows under the form.
      await keyResult.getByRole('button', { name: text.edit }).click();
      await form.getByLabel(text.target).fill('30');
      await form.getByRole('button', { name: text.save }).click();
      await form.getByTestId('invalid').waitFor({ timeout: LONG_MS });
      assert.match((await form.getByTestId('invalid').textContent()) ?? '', /target below its start/);
      // The focus is on what to fix (the save button it was on is disabled while saving): Escape closes.
      await page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached', timeout: LONG_MS });
      await screenshot(page, `okr-page-${language}.png`);
      await page.close();
    });
  }

  void it('measures the help desk lead-time key result on demand', async () => {
    const { page, frame } = await openOkrPage('en');
    const keyResult = frame.locator('li[data-key-result="KR-2"]');
    await keyResult.getByRole('button', { name: /^Details/ }).click();
    await keyResult.getByRole('button', { name: 'Measure now' }).click();
    const outcome = keyResult.getByText(TEXT.en.measured);
    await outcome.waitFor({ timeout: LONG_MS });
    assert.match((await outcome.textContent()) ?? '', /Measured: [\d.,]+ Tage \(from [\d,]+ issues\)\./);
    // The history chart is drawn.
    await keyResult
      .locator('[data-testid="kr-history-chart"] .chart-plot[data-drawn="true"]')
      .waitFor({ timeout: LONG_MS });
    await page.close();
  });
});
