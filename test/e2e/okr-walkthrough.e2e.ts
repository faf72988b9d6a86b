/**
 * The OKR walk the issue asks to see, in the `npm start` preview (Jira emulator with the sample data, the app's real
 * resolvers and store, the host page), in German and in English, as the sample Jira admin:
 * 1. the OKR page (Apps view) shows the seed's OKRs — the talk's two objectives with their key results in its exact
 *    words — and creates an objective with a manual key result (0 → 10), checks in 4 with confidence 7: 40 %;
 * 2. the issue view's panel links a help-desk issue that serves no key result yet to the new key result, with the
 *    "Key Results" search from the keyboard (type, ↓, Enter);
 * 3. the dashboard's OKR gadget (seeded: current quarter, detailed) shows the new objective, its key result with
 *    40 % progress and the linked issue's key with its status; its title opens the OKR page at that key result's
 *    detail (a deep link through the module path);
 * 4. Jira's JQL finds the issue by `okrKeyResult = <the key result's id>` (the indexed issue property).
 * And `npm start` itself (`dev/start.ts`, the real clock) shows the seed's OKRs on the page and on the gadget.
 *
 * Run: `npx tsx --test test/e2e/okr-walkthrough.e2e.ts` (it builds the modules into its own directory).
 * Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { plain, screenshot } from './support/browser-page';
import { repoRoot } from './support/build-ui';
import { previewWithBrowser } from './support/preview-browser';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/okr-walkthrough-e2e-build';
/** The sample data's "today" (as the other preview tests use it): the current quarter is 2026-Q1. */
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
/** Generous: the machine is shared and busy; every wait is for content, never a fixed sleep. */
const LONG_MS = 90_000;
/** The sample Jira admin (dev/sample-data/model.ts), who may create objectives; basic auth for the emulator. */
const ADMIN_AUTH = `Basic ${Buffer.from('admin@nordlicht-it.example:sample-token-admin').toString('base64')}`;

/** The talk's two examples in the seed, German sample texts in either UI language. */
const SEED_OKRS = [
  { objective: 'Kundenzufriedenheit erhöhen', keyResult: 'Durchlaufzeit um 15 % senken' },
  {
    objective: 'Anmeldegeschwindigkeit erhöhen',
    keyResult: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
  },
] as const;

const TEXT = {
  de: {
    create: 'Ziel anlegen',
    title: 'Titel',
    projectKey: 'Projektschlüssel',
    save: 'Speichern',
    addKr: 'Key Result hinzufügen',
    unit: 'Einheit',
    start: 'Startwert',
    target: 'Zielwert',
    details: /^Details/,
    value: 'Wert (Artikel)',
    giveConfidence: 'Meine Zuversicht angeben',
    confidence7: '7 von 10',
    checkIn: 'Einchecken',
    now: 'Aktuell: 4 Artikel',
    progress: '40 %',
    pageProgress: '40 % erreicht',
    panelSearch: 'Key Result verknüpfen',
    linked: 'Mit Zehn Wissensartikel für den Service Desk schreiben verknüpft.',
    dashboard: 'Dashboard der Vorschau',
    objective: 'Wissen im Service Desk teilen',
    keyResult: 'Zehn Wissensartikel für den Service Desk schreiben',
    unitText: 'Artikel',
  },
  en: {
    create: 'Create objective',
    title: 'Title',
    projectKey: 'Project key',
    save: 'Save',
    addKr: 'Add key result',
    unit: 'Unit',
    start: 'Start value',
    target: 'Target value',
    details: /^Details/,
    value: 'Value (articles)',
    giveConfidence: 'Give my confidence',
    confidence7: '7 of 10',
    checkIn: 'Check in',
    now: 'Now: 4 articles',
    progress: '40%',
    pageProgress: '40% done',
    panelSearch: 'Link a key result',
    linked: 'Linked to Write ten knowledge articles for the service desk.',
    dashboard: 'Preview dashboard',
    objective: 'Share knowledge in the service desk',
    keyResult: 'Write ten knowledge articles for the service desk',
    unitText: 'articles',
  },
} as const;

type Language = keyof typeof TEXT;

const running = previewWithBrowser(modulesDir, nowMs);

/** A REST call to the Jira emulator as the sample admin (as a script with an API token would make it). */
async function jira<T>(path: string, body?: unknown): Promise<T> {
  const { preview } = running();
  const response = await fetch(`${preview.emulatorUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: ADMIN_AUTH,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${path}: ${text}`);
  return JSON.parse(text) as T;
}

interface FoundIssue {
  readonly key: string;
  readonly fields: { readonly status: { readonly name: string } };
}

/** Issues of a JQL search through Jira's REST API (the app's indexed property is searchable by its alias). */
async function searchIssues(jql: string): Promise<readonly FoundIssue[]> {
  const answer = await jira<{ issues: FoundIssue[] }>('/rest/api/3/search/jql', {
    jql,
    fields: ['status'],
    maxResults: 50,
  });
  return answer.issues;
}

/**
 * The host page at `query` in `language` (of the preview at `baseUrl`, this file's by default), collecting uncaught
 * errors of the page and its module frames.
 */
async function openHost(
  language: Language,
  query: Readonly<Record<string, string>>,
  baseUrl?: string,
): Promise<{ page: Page; errors: string[] }> {
  const { browser, preview } = running();
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const params = new URLSearchParams({ ...query, ...(language === 'en' ? { lang: 'en' } : {}) });
  await page.goto(`${baseUrl ?? preview.url}/?${params.toString()}`);
  return { page, errors };
}

/** The OKR page's alignment tree lists the talk's objectives, each with its key result, in the seed's words. */
async function seedOkrsShown(frame: FrameLocator): Promise<void> {
  const tree = frame.getByTestId('okr-tree');
  await tree.waitFor({ timeout: LONG_MS });
  for (const seeded of SEED_OKRS) {
    const objective = tree
      .locator('li.okr-objective')
      .filter({ has: frame.getByRole('heading', { level: 3, name: seeded.objective }) });
    await objective.first().waitFor({ timeout: LONG_MS });
    assert.equal(await objective.count(), 1, `one objective "${seeded.objective}"`);
    const keyResult = objective.locator('li.okr-key-result .okr-kr-title', { hasText: seeded.keyResult });
    assert.equal(await keyResult.count(), 1, `"${seeded.objective}" lists "${seeded.keyResult}"`);
  }
}

/** The id the OKR page's notice names (`Objective O-7 saved.`). */
async function savedId(frame: FrameLocator, pattern: RegExp): Promise<string> {
  const notice = frame.getByTestId('notice');
  await notice.filter({ hasText: pattern }).waitFor({ timeout: LONG_MS });
  const id = pattern.exec((await notice.textContent()) ?? '')?.[0];
  assert.ok(id !== undefined, `the notice names the saved id: ${(await notice.textContent()) ?? ''}`);
  return id;
}

/** Step 1: the seed's OKRs are shown; a new objective with a manual key result, checked in at 40 %. */
async function createAndCheckIn(language: Language): Promise<{ objectiveId: string; keyResultId: string }> {
  const text = TEXT[language];
  const { page, errors } = await openHost(language, { view: 'apps', page: 'okrs' });
  const frame = page.frameLocator('iframe[data-module-key="okr-page"]');
  // The talk's objectives and key results, as the seed wrote them.
  await seedOkrsShown(frame);

  // A new objective of the help desk, in the period shown (the current quarter).
  await frame.getByRole('button', { name: text.create }).click();
  const form = frame.getByRole('dialog');
  await form.getByLabel(text.title, { exact: true }).fill(text.objective);
  await form.getByLabel(text.projectKey).fill('HD');
  await form.getByRole('button', { name: text.save }).click();
  const objectiveId = await savedId(frame, /O-\d+/);
  const objective = frame.locator(`li[data-objective="${objectiveId}"]`);
  await objective.getByRole('heading', { level: 3, name: text.objective }).waitFor({ timeout: LONG_MS });

  // A manual key result, 0 → 10 (the form's default kind is a metric entered by hand).
  await objective.getByRole('button', { name: text.addKr }).click();
  await form.getByLabel(text.title, { exact: true }).fill(text.keyResult);
  await form.getByLabel(text.unit).fill(text.unitText);
  await form.getByLabel(text.start).fill('0');
  await form.getByLabel(text.target).fill('10');
  await form.getByRole('button', { name: text.save }).click();
  const keyResultId = await savedId(frame, /KR-\d+/);
  const keyResult = frame.locator(`li[data-key-result="${keyResultId}"]`);
  await keyResult.waitFor({ timeout: LONG_MS });

  // Check in 4 with confidence 7, the slider moved from the keyboard (it starts at 5).
  await keyResult.getByRole('button', { name: text.details }).click();
  const detail = keyResult.getByTestId('kr-detail');
  await detail.getByLabel(text.value).fill('4');
  await detail.getByLabel(text.giveConfidence).check();
  const slider = detail.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(plain(await detail.getByTestId('confidence-output').innerText()), text.confidence7);
  await detail.getByRole('button', { name: text.checkIn }).click();
  await detail.getByTestId('checked-in').waitFor({ timeout: LONG_MS });
  await keyResult.getByText(text.now).waitFor({ timeout: LONG_MS });
  // "40 % erreicht, 76 % bis jetzt erwartet": the progress, then what the time passed would expect.
  const progress = plain((await keyResult.locator('.okr-progress-text').first().textContent()) ?? '');
  assert.ok(progress.startsWith(`${text.pageProgress},`), progress);
  await screenshot(page, `okr-walkthrough-page-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
  return { objectiveId, keyResultId };
}

/** Step 2: the issue panel's "Key Results" links `issueKey` to the key result, searched by its title. */
async function linkFromPanel(language: Language, issueKey: string, keyResultId: string): Promise<void> {
  const text = TEXT[language];
  const { page, errors } = await openHost(language, { issue: issueKey });
  const panel = page.frameLocator('iframe[data-module-key="flow-issue-panel"]');
  const section = panel.getByTestId('key-results');
  const search = section.getByRole('combobox', { name: text.panelSearch });
  await search.waitFor({ timeout: LONG_MS });
  assert.equal(await section.getByTestId(`kr-${keyResultId}`).count(), 0, 'not linked yet');

  // From the keyboard: type the title, ↓ to the first option, Enter links it. The search runs after a typing
  // pause, so a slow keystroke may search a part of the title first: wait for the answer to the whole title
  // (a later answer would reset the chosen option).
  const searched = page.waitForResponse(
    (response) =>
      response.url().endsWith('/__invoke/searchKeyResults') &&
      (response.request().postData() ?? '').includes(JSON.stringify(text.keyResult)),
    { timeout: LONG_MS },
  );
  await search.focus();
  await page.keyboard.type(text.keyResult);
  await searched;
  const options = section.getByRole('option');
  await section
    .locator('[role="listbox"]:not([hidden]) > [role="option"]:only-child', { hasText: keyResultId })
    .waitFor({ timeout: LONG_MS });
  assert.equal(await options.count(), 1, 'the whole title finds only the new key result');
  assert.match(plain((await options.first().textContent()) ?? ''), new RegExp(`^${keyResultId} · `));
  await page.keyboard.press('ArrowDown');
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');

  const linked = section.getByTestId(`kr-${keyResultId}`);
  await linked.waitFor({ timeout: LONG_MS });
  assert.match(plain(await linked.innerText()), new RegExp(text.keyResult));
  await section
    .getByTestId('kr-action-status')
    .filter({ hasText: text.linked })
    .waitFor({ timeout: LONG_MS });
  assert.equal(await linked.getByRole('progressbar').getAttribute('aria-valuenow'), '40');
  await screenshot(page, `okr-walkthrough-panel-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
}

/** Step 3: the dashboard's OKR gadget shows the objective, the key result at 40 % and the issue with its status. */
async function gadgetShows(
  language: Language,
  ids: { objectiveId: string; keyResultId: string },
  issue: FoundIssue,
): Promise<void> {
  const text = TEXT[language];
  const { page, errors } = await openHost(language, { view: 'dashboard' });
  await page.getByRole('heading', { level: 1, name: text.dashboard }).waitFor({ timeout: LONG_MS });
  const gadget = page.frameLocator('iframe[data-module-key="okr-gadget"]');
  const objective = gadget.getByTestId(`okr-objective-${ids.objectiveId}`);
  await objective.waitFor({ timeout: LONG_MS });
  assert.equal(plain(await objective.getByRole('heading', { level: 3 }).innerText()), text.objective);

  const keyResult = objective.getByTestId(`okr-kr-${ids.keyResultId}`);
  assert.equal(plain(await keyResult.locator('.okr-kr-title').innerText()), text.keyResult);
  const bar = keyResult.getByRole('progressbar');
  assert.equal(await bar.getAttribute('aria-valuenow'), '40');
  assert.equal(plain(await keyResult.locator('.okr-progress-text').innerText()), text.progress);

  const issues = keyResult.getByTestId('okr-issues');
  const item = issues.locator('li.okr-issue').filter({ has: gadget.getByRole('link', { name: issue.key }) });
  await item.waitFor({ timeout: LONG_MS });
  // The status as Jira names it (textContent: the lozenge is set in capitals by CSS only).
  assert.equal(plain((await item.locator('.okr-lozenge').textContent()) ?? ''), issue.fields.status.name);
  await screenshot(page, `okr-walkthrough-gadget-${language}.png`);

  // The key result's title leads to its detail on the OKR page (a deep link, not the page's default view).
  await keyResult.locator('.okr-kr-title').click();
  const okrPage = page.frameLocator('iframe[data-module-key="okr-page"]');
  const detail = okrPage.locator(`li[data-key-result="${ids.keyResultId}"]`).getByTestId('kr-detail');
  await detail.waitFor({ timeout: LONG_MS });
  assert.match(
    new URL(page.url()).searchParams.get('page') ?? '',
    new RegExp(`^okrs/periods/[^/]+/key-results/${ids.keyResultId}$`),
  );
  await detail.getByTestId('kr-history-chart').waitFor({ timeout: LONG_MS });
  await screenshot(page, `okr-walkthrough-deep-link-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
}

void describe('OKR walk through the preview: page, issue panel, gadget, JQL', () => {
  for (const language of ['de', 'en'] as const) {
    void it(`creates, checks in, links from the panel, sees it on the gadget and in JQL (${language})`, async () => {
      // A help-desk issue that serves no key result yet (the seed links some).
      const unlinked = await searchIssues('project = HD AND okrKeyResult is EMPTY ORDER BY key ASC');
      const issue = unlinked[0];
      assert.ok(issue, 'the sample help desk has an issue without a key result');

      const ids = await createAndCheckIn(language);
      await linkFromPanel(language, issue.key, ids.keyResultId);
      await gadgetShows(language, ids, issue);

      // The JQL path is real: Jira's index of the issue property finds exactly the linked issue.
      const found = await searchIssues(`okrKeyResult = ${ids.keyResultId}`);
      assert.deepEqual(
        found.map((entry) => entry.key),
        [issue.key],
      );
    });
  }
});

/**
 * `npm start` itself (`tsx dev/start.ts`, the real clock): whatever today is, the seed's current quarter holds the
 * talk's OKRs, on the OKR page and on the dashboard's OKR gadget.
 */
async function withNpmStart(use: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(
    process.execPath,
    // tsx's loader in this very process, not tsx's CLI: the CLI relays a signal to its child and, when the child
    // does not confirm within 30 ms (a busy CI machine), kills it and exits 130. A terminal's Ctrl-C reaches both.
    ['--import', 'tsx', 'dev/start.ts'],
    {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', PREVIEW_MODULES_DIR: modulesDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no preview URL within ${String(LONG_MS)} ms:\n${output}`));
      }, LONG_MS);
      const look = (): void => {
        const found = /Three Ways for Jira preview: (http:\/\/localhost:\d+)/.exec(output)?.[1];
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found);
      };
      child.stdout.on('data', look);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`dev/start.ts exited early:\n${output}`));
      });
    });
    await use(url);
    child.kill('SIGINT');
    assert.equal(await exited, 0, output);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

void describe('npm start shows the seed’s OKRs', () => {
  void it('on the OKR page and the dashboard’s OKR gadget, on today’s real date', async () => {
    await withNpmStart(async (url) => {
      const okrs = await openHost('de', { view: 'apps', page: 'okrs' }, url);
      await seedOkrsShown(okrs.page.frameLocator('iframe[data-module-key="okr-page"]'));
      assert.deepEqual(okrs.errors, []);
      await okrs.page.close();

      const dashboard = await openHost('en', { view: 'dashboard' }, url);
      const gadget = dashboard.page.frameLocator('iframe[data-module-key="okr-gadget"]');
      for (const seeded of SEED_OKRS) {
        const objective = gadget
          .locator('.okr-objective')
          .filter({ has: gadget.getByRole('heading', { level: 3, name: seeded.objective }) });
        await objective.first().waitFor({ timeout: LONG_MS });
        assert.equal(await objective.count(), 1, `the gadget shows "${seeded.objective}" once`);
        const keyResult = objective.locator('.okr-kr-title', { hasText: seeded.keyResult });
        assert.equal(await keyResult.count(), 1, `with "${seeded.keyResult}"`);
      }
      await screenshot(dashboard.page, 'okr-walkthrough-npm-start-gadget-en.png');
      assert.deepEqual(dashboard.errors, []);
      await dashboard.page.close();
    });
  });
});
