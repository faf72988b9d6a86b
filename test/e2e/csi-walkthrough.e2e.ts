/**
 * CSI in the `npm start` preview, as a Jira administrator takes it (German), every step through the real
 * resolvers, the app's workflow validator and the emulator's workflow engine:
 * set CSI up on MAIL (it uses the shared default workflow scheme: the plan copies it for MAIL and switches MAIL to
 * the copy) → create an improvement → fill its record in the panel → "Bewerten" → "Genehmigen" refused by the
 * validator (no evaluation, no decision) with its message shown → evaluation and decision saved → "Genehmigen"
 * succeeds → the CSI register lists the improvement with the score the panel showed.
 * The modules, validator and indexed property come from manifest.yml, as `npm start` reads them.
 * Screenshots go to artifacts/screenshots (csi-*.png).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import { plain, screenshot } from './support/browser-page';
import { launchChromium } from './support/chromium';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/csi-walkthrough-e2e-build';
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
const SUMMARY = 'Spam-Filter: weniger Fehlalarme bei Kundenpostfächern';
const LONG_MS = 120_000;

let preview: RunningPreview | undefined;
let browser: Browser | undefined;
const serverErrors: string[] = [];

/** A score as shown ("7,5 von 10", "7,5") → 7.5. */
const numberIn = (shown: string): number => Number(/\d+(?:[,.]\d+)?/.exec(shown)?.[0].replace(',', '.'));

before(async () => {
  buildPreviewModules(modulesDir);
  preview = await startPreview({
    port: 0,
    now: nowMs,
    modulesDir,
    logError: (message, error) => {
      serverErrors.push(`${message}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await preview?.stop();
});

function workflowButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Workflow' }).getByRole('button', { name, exact: true });
}

/** The record panel of the open issue (a new frame after each transition: Jira re-renders issue panels). */
function recordPanel(page: Page): FrameLocator {
  return page.frameLocator('iframe[data-module-key="csi-record-panel"]');
}

/** Chooses the acting user ("… (ich)") in a person field of the record panel. */
async function chooseMe(panel: FrameLocator, label: string): Promise<void> {
  const select = panel.getByLabel(label, { exact: true });
  const me = await select.locator('option', { hasText: '(ich)' }).getAttribute('value');
  assert.ok(me, `the person field "${label}" offers the acting user`);
  await select.selectOption(me);
}

async function save(panel: FrameLocator): Promise<void> {
  await panel.getByRole('button', { name: 'Speichern', exact: true }).click();
  await panel.getByText('Gespeichert.', { exact: true }).waitFor({ timeout: LONG_MS });
}

void describe('CSI in the preview (German, Jira admin)', () => {
  void it('sets CSI up on MAIL, records an improvement, walks the workflow past the validator, registers it', async () => {
    assert.ok(preview && browser);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await walk(page);
    } catch (error) {
      // Where it stopped, for the report: the page as it was, and what the browser and server said.
      await screenshot(page, 'csi-failure.png').catch(() => undefined);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nPage errors: ${JSON.stringify(pageErrors)}\nServer errors: ${JSON.stringify(serverErrors)}`,
        { cause: error },
      );
    }
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(serverErrors, []);
    await page.close();
  });
});

async function walk(page: Page): Promise<void> {
  assert.ok(preview);

  // 1. Project settings of MAIL → "CSI einrichten": the plan, including the copy of the shared workflow scheme.
  await page.goto(`${preview.url}/?view=project-settings&project=MAIL`);
  await page.locator('.sidebar .nav-sublink', { hasText: 'CSI einrichten' }).click();
  const setup = page.frameLocator('iframe[data-page-route="csi-setup"]');
  await setup.getByTestId('plan').waitFor({ timeout: LONG_MS });
  await setup.getByRole('heading', { level: 1, name: /^CSI einrichten: E-Mail-Service/ }).waitFor();
  const planText = plain(await setup.getByTestId('plan').innerText());
  assert.match(planText, /Verbesserung \(CSI\)/, 'the plan names the CSI issue type');
  assert.match(
    planText,
    /Workflow-Schema »[^«]+« wird mit anderen Projekten geteilt/,
    'the shared workflow scheme is copied for MAIL, not edited in place',
  );
  await screenshot(page, 'csi-1-setup-plan.png');

  // 2. Run it: progress, then complete.
  // The emulator answers within milliseconds; the first run request is held back a moment so the running state
  // (progress bar) can be seen and photographed, as it is on a real site.
  let releaseRun: () => void = () => undefined;
  const runHeld = new Promise<void>((resolve) => {
    releaseRun = resolve;
  });
  await page.route('**/__invoke/runCsiSetup', async (route) => {
    await runHeld;
    await route.continue();
  });
  await setup.getByRole('button', { name: 'CSI einrichten', exact: true }).click();
  await setup.getByRole('progressbar', { name: 'Fortschritt der Einrichtung' }).waitFor({ timeout: LONG_MS });
  assert.match(plain(await setup.getByTestId('setup-status').innerText()), /Die Einrichtung läuft/);
  await screenshot(page, 'csi-2-setup-running.png');
  releaseRun();
  await setup.getByTestId('complete').waitFor({ timeout: LONG_MS });
  assert.match(
    plain(await setup.getByTestId('setup-status').innerText()),
    /CSI ist in diesem Projekt eingerichtet/,
  );
  await screenshot(page, 'csi-3-setup-complete.png');

  // 3. Create an improvement in MAIL with Jira's "Create issue" dialog.
  await page.getByRole('button', { name: 'Vorgang erstellen', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Vorgang erstellen' });
  await dialog.getByLabel('Projekt').selectOption('MAIL');
  const issueType = dialog.getByLabel('Vorgangstyp');
  await issueType.locator('option', { hasText: 'Verbesserung (CSI)' }).waitFor({ state: 'attached' });
  await issueType.selectOption({ label: 'Verbesserung (CSI)' });
  await dialog.getByLabel('Zusammenfassung').fill(SUMMARY);
  await screenshot(page, 'csi-4-create-issue.png');
  await dialog.getByRole('button', { name: 'Erstellen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SUMMARY }).waitFor({ timeout: LONG_MS });
  const issueKey = plain(await page.locator('.breadcrumbs [aria-current="page"]').innerText());
  assert.match(issueKey, /^MAIL-\d+$/);
  assert.equal(plain(await page.locator('.status-row').innerText()).toLowerCase(), 'erfasst');

  // 4. The record panel: source, service, owner; saved.
  let panel = recordPanel(page);
  await panel.getByLabel('Quelle', { exact: true }).selectOption({ label: 'Kundenrückmeldung' });
  await panel.getByLabel('Betroffener Service/Prozess').fill('E-Mail-Service');
  await chooseMe(panel, 'Verantwortlich für die Verbesserung');
  await save(panel);
  await screenshot(page, 'csi-5-record-saved.png');

  // 5. "Bewerten", then "Genehmigen" without evaluation and decision: the validator refuses, with its reason.
  await workflowButton(page, 'Bewerten').click();
  await page.getByText('Neuer Status: Bewertet').waitFor({ timeout: LONG_MS });
  // The panel re-renders with the new status (Forge re-renders issue panels when the issue changes).
  await recordPanel(page)
    .getByText(/^Für »Genehmigen« fehlt:/)
    .waitFor({ timeout: LONG_MS });
  await workflowButton(page, 'Genehmigen').click();
  const refusal = page.locator('.workflow-refusal [role="alert"]');
  await refusal.waitFor({ timeout: LONG_MS });
  const refusalText = plain(await refusal.innerText());
  assert.match(refusalText, /„Genehmigen“ ist nicht möglich/);
  assert.match(refusalText, /Bewertung/, `the validator names the missing evaluation: ${refusalText}`);
  assert.match(refusalText, /Entscheid/, `the validator names the missing decision: ${refusalText}`);
  assert.equal(plain(await page.locator('.status-row').innerText()).toLowerCase(), 'bewertet');
  await screenshot(page, 'csi-6-approval-refused.png');

  // 6. Evaluation (four criteria) and the decision "Genehmigt" by the acting user; saved.
  panel = recordPanel(page);
  for (const [criterion, rating] of [
    ['benefit', '5'],
    ['urgency', '4'],
    ['effort', '2'],
    ['risk', '2'],
  ] as const) {
    await panel.getByTestId(`rating-${criterion}`).getByRole('radio', { name: rating, exact: true }).check();
  }
  const panelScore = numberIn(plain(await panel.getByTestId('score').innerText()));
  assert.ok(panelScore > 0 && panelScore <= 10, `the panel shows a score: ${String(panelScore)}`);
  await panel.getByLabel('Entscheidung', { exact: true }).selectOption({ label: 'Genehmigt' });
  await chooseMe(panel, 'Entschieden von');
  await panel
    .getByLabel('Begründung')
    .fill('Hoher Nutzen für die Kundenpostfächer bei geringem Aufwand; im CSI-Termin beschlossen.');
  await save(panel);
  await screenshot(page, 'csi-7-evaluated-and-decided.png');

  // 7. "Genehmigen" now goes through.
  await workflowButton(page, 'Genehmigen').click();
  await page.getByText('Neuer Status: Genehmigt').waitFor({ timeout: LONG_MS });
  await recordPanel(page).getByText('Nächster Schritt: »Umsetzung starten«.').waitFor({ timeout: LONG_MS });
  assert.equal(plain(await page.locator('.status-row').innerText()).toLowerCase(), 'genehmigt');
  await screenshot(page, 'csi-8-approved.png');

  // 8. The CSI register of MAIL lists the improvement with the panel's score.
  await page.locator('.sidebar .nav-sublink', { hasText: 'CSI-Register' }).click();
  const register = page.frameLocator('iframe[data-page-route="csi-register"]');
  const row = register.locator(`tr[data-key="${issueKey}"]`);
  await row.waitFor({ timeout: LONG_MS });
  const rowText = plain(await row.innerText());
  assert.match(rowText, new RegExp(SUMMARY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(rowText, /Genehmigt/);
  const cells = row.locator('td.number');
  assert.equal(numberIn(plain(await cells.first().innerText())), panelScore);
  await screenshot(page, 'csi-9-register.png');

  // 9. An issue of another type in the same project shows the flow panel but no record panel (display condition).
  await page.goto(`${preview.url}/?project=MAIL&issue=MAIL-1`);
  await page.locator('iframe[data-module-key="flow-issue-panel"]').waitFor({ timeout: LONG_MS });
  assert.equal(plain(await page.locator('.breadcrumbs [aria-current="page"]').innerText()), 'MAIL-1');
  assert.doesNotMatch(plain(await page.locator('.issue-detail').innerText()), /Verbesserung \(CSI\)/);
  assert.equal(
    await page.locator('iframe[data-module-key="csi-record-panel"]').count(),
    0,
    'the improvement-record panel is not shown on a non-CSI issue',
  );
}
