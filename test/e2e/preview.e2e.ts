/**
 * Browser test of the `npm start` preview: the Jira emulator with the sample data, the app's real resolvers
 * in-process and the host page, in a real Chromium. It picks a sample help-desk issue, sees the issue panel render
 * its flow in German, switches to English, and checks that the sample users' permissions apply. A second part
 * runs the `npm start` entry itself (`tsx dev/start.ts`) and stops it with Ctrl-C (SIGINT).
 *
 * Run: `npm run test:e2e`. Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { plain, screenshot } from './support/browser-page';
import { repoRoot } from './support/build-ui';
import { launchChromium } from './support/chromium';
import { parse, stringify } from 'yaml';
import type { ShimContext } from '../../dev/bridge-shim/index';
import type { JiraSeed } from '../../dev/emulator/seed';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { pickClosedHelpDeskIssue, type ExpectedSampleIssue } from './support/preview-sample-issue';

/** Built once for this file; not `static/build-preview`, so a running `npm start` is left alone. */
const modulesDir = 'artifacts/preview-e2e-build';
/** The sample data's "today" (a Tuesday, 12:00 in Berlin): fixed, so the issue and its figures are known. */
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
const DAY_MS = 86_400_000;

let browser: Browser | undefined;
let preview: RunningPreview | undefined;
let expected: ExpectedSampleIssue;
let seed: JiraSeed;

/** Days with one decimal as the panel writes them, e.g. `3,1 Tage` / `3.1 days`. */
function days(ms: number, locale: 'de-DE' | 'en-US'): string {
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    ms / DAY_MS,
  );
  return `${number} ${locale === 'de-DE' ? 'Tage' : 'days'}`;
}

interface OpenedPreview {
  readonly page: Page;
  /** Uncaught exceptions and console errors of the page and its module frames. */
  readonly errors: string[];
}

async function openPreview(query = ''): Promise<OpenedPreview> {
  assert.ok(browser && preview, 'browser and preview are started in before()');
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${preview.url}/${query}`);
  return { page, errors };
}

/**
 * The issue panel's frame once its content shows `heading`. A frame locator, resolved on each use: the host page
 * replaces the frame when the language or theme changes.
 */
async function panelFrame(page: Page, heading: string): Promise<FrameLocator> {
  const frame = page.frameLocator('iframe[data-module-key="flow-issue-panel"]');
  await frame.getByRole('heading', { name: heading }).waitFor();
  await frame.getByRole('table').waitFor();
  return frame;
}

async function metric(frame: FrameLocator, id: string): Promise<string> {
  return plain(await frame.getByTestId(`metric-${id}`).locator('dd.metric-value').innerText());
}

async function statusColumn(frame: FrameLocator): Promise<string[]> {
  const cells = await frame
    .locator('table tbody tr')
    .evaluateAll((rows) => rows.map((row) => (row as HTMLTableRowElement).cells[0]?.textContent ?? ''));
  return cells.map(plain);
}

before(async () => {
  buildPreviewModules(modulesDir);
  seed = generateSampleSeed({ now: nowMs });
  expected = pickClosedHelpDeskIssue(seed);
  preview = await startPreview({ port: 0, now: nowMs, modulesDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await preview?.stop();
});

void describe('npm start preview in Chromium', () => {
  void it('shows a sample help-desk issue with its flow in German, then in English', async () => {
    const { page, errors } = await openPreview();
    await page.locator('.issue-item').first().waitFor();
    // German by default; the admin sees the service desk first.
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
    assert.equal(
      plain(await page.locator('#project-select option:checked').innerText()),
      'Service Desk (HD)',
    );
    // One page per module type manifest.yml has, named by the module's translated title; no placeholders.
    assert.deepEqual(await page.locator('.sidebar .nav-link').allTextContents(), [
      'Vorgänge',
      'ProjektseiteThree Ways',
      'DashboardFlusskennzahl, OKRs',
      'ProjekteinstellungenThree Ways',
      'AppsThree Ways',
    ]);
    // Subpages (manifest `pages`) under their page, titled as the manifest names them.
    assert.deepEqual(await page.locator('.sidebar .nav-sublink').allTextContents(), [
      'Flow',
      'CSI-Register',
      'Flow: Statuszuordnung',
      'CSI einrichten',
      'Feedback',
      'Ziele und Key Results',
      'OKR-Einstellungen',
      'Selbstbewertung',
      'Umsetzungsplan',
      'Auditplan',
      'CSI-Review-Termin',
    ]);
    // The global page's sections (manifest `sections`) head their pages.
    assert.deepEqual(await page.locator('.sidebar .nav-subsection-title').allTextContents(), [
      'OKR',
      'FitSM',
    ]);

    // Pick the issue by searching for its key, from the keyboard.
    await page.getByLabel('Vorgänge suchen').fill(expected.key);
    await page.locator('.list-status', { hasText: /^1 Vorgang$/ }).waitFor();
    const item = page.locator(`a.issue-item[data-issue-key="${expected.key}"]`);
    assert.equal(await page.locator('a.issue-item').count(), 1, 'the search finds exactly that issue');
    await item.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: expected.summary }).waitFor();
    assert.equal(await item.getAttribute('aria-current'), 'page');
    assert.match(page.url(), new RegExp(`[?&]issue=${expected.key}(&|$)`));
    assert.equal(plain(await page.locator('.issue-sidebar .status-row').innerText()), 'GESCHLOSSEN');
    assert.equal(plain(await page.locator('.module-issue-panel h2').first().innerText()), 'Flow-Metriken');

    const german = await panelFrame(page, `Flow von ${expected.key}`);
    assert.equal(await german.locator('html').getAttribute('lang'), 'de-DE');
    assert.equal(await metric(german, 'leadTime'), days(expected.leadTimeMs, 'de-DE'));
    assert.equal(await metric(german, 'cycleTime'), days(expected.cycleTimeMs, 'de-DE'));
    assert.deepEqual(await statusColumn(german), expected.statusesBeforeDone);
    assert.deepEqual((await german.locator('h2, h3').allTextContents()).map(plain).slice(0, 5), [
      `Flow von ${expected.key}`,
      'Kennzahlen',
      'Zeitleiste',
      'Wo dieser Vorgang steht',
      'Zeit im Status',
    ]);
    // The frame has grown to its content (the shim reports its height, as Jira's iframe resizer does).
    const frameHeightPx = await page
      .locator('iframe[data-module-key="flow-issue-panel"]')
      .evaluate((frame) => frame.getBoundingClientRect().height);
    assert.ok(frameHeightPx > 400, `the panel frame is ${String(frameHeightPx)} px high`);
    await screenshot(page, 'preview-issue-de.png');

    // Switch the language: the page and the panel (reloaded with locale en-US) speak English.
    await page.getByRole('button', { name: 'English' }).click();
    const english = await panelFrame(page, `Flow of ${expected.key}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-US');
    assert.equal(await english.locator('html').getAttribute('lang'), 'en-US');
    assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    assert.equal(plain(await page.locator('.module-issue-panel h2').first().innerText()), 'Flow metrics');
    assert.equal(await page.getByLabel('Search issues').inputValue(), expected.key);
    assert.equal(await metric(english, 'leadTime'), days(expected.leadTimeMs, 'en-US'));
    assert.equal(await metric(english, 'cycleTime'), days(expected.cycleTimeMs, 'en-US'));
    assert.deepEqual(await statusColumn(english), expected.statusesBeforeDone);
    await screenshot(page, 'preview-issue-en.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('follows the dark theme in the page and in the panel', async () => {
    const { page, errors } = await openPreview(`?lang=en&theme=dark&issue=${expected.key}`);
    const frame = await panelFrame(page, `Flow of ${expected.key}`);
    // --ds-surface #1D2125 of Atlassian's dark theme, in the host page and inside the module.
    const pageBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const panelBackground = await frame
      .locator('body')
      .evaluate((body) => getComputedStyle(body).backgroundColor);
    assert.deepEqual([pageBackground, panelBackground], ['rgb(29, 33, 37)', 'rgb(29, 33, 37)']);
    await screenshot(page, 'preview-issue-en-dark.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it("applies the sample users' permissions: the working student sees only the help desk", async () => {
    const config = (await (await fetch(`${preview?.url ?? ''}/__preview/config`)).json()) as {
      users: { accountId: string; browseProjects: readonly string[] | '*' }[];
    };
    const student = config.users.find(
      (user) => Array.isArray(user.browseProjects) && user.browseProjects.join() === 'HD',
    );
    assert.ok(student, 'the sample data has a user who may browse only HD');
    const { page, errors } = await openPreview(`?user=${encodeURIComponent(student.accountId)}&issue=MAIL-1`);
    const alert = page.locator('.issue-detail [role="alert"]');
    await alert.waitFor();
    assert.match(
      plain(await alert.innerText()),
      /Issue does not exist or you do not have permission to see it/,
    );
    assert.deepEqual(await page.locator('#project-select option').allTextContents(), ['Service Desk (HD)']);
    assert.equal(await page.locator('iframe').count(), 0, 'no panel for an issue the user may not see');
    // The failed request is the only console error: the browser logs every 404 response.
    assert.ok(
      errors.every((error) => error.includes('404')),
      errors.join('\n'),
    );
    await page.close();
  });

  void it('opens a subpage at its route and follows a module that moves to another of its subpages', async () => {
    const { page, errors } = await openPreview('?view=project&project=HD');
    // The first subpage by default: the module gets its route through the shim's history.
    const frame = page.locator('iframe[data-module-key="flow-project-page"]');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('data-page-route'), 'flow');
    const src = new URL((await frame.getAttribute('src')) ?? '', 'http://preview');
    assert.equal(src.searchParams.get('forgeRoute'), '/flow');
    // The frame's document must have loaded (not the initial about:blank) before it can post to its parent.
    await page
      .frameLocator('iframe[data-module-key="flow-project-page"]')
      .getByRole('heading', { level: 1, name: 'Flow im Projekt HD' })
      .waitFor({ timeout: 60_000 });
    // The module pushes another route (history.push): the URL and the navigation follow, the frame stays.
    const panel = await (await frame.elementHandle()).contentFrame();
    assert.ok(panel);
    await panel.evaluate(() => {
      window.parent.postMessage(
        { source: 'forge-bridge-shim', kind: 'route', pathname: '/csi-register' },
        window.location.origin,
      );
    });
    const register = page.locator('.sidebar .nav-sublink', { hasText: 'CSI-Register' });
    await page.waitForFunction(() => window.location.search.includes('page=csi-register'));
    assert.equal(await register.getAttribute('aria-current'), 'page');
    assert.equal(await frame.getAttribute('data-page-route'), 'csi-register');
    assert.equal(await page.locator('iframe[data-module-key="flow-project-page"]').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/** The Forge context the host page gave a module frame (the shim reads it from the `forgeContext` parameter). */
async function frameContext(page: Page, moduleKey: string): Promise<ShimContext> {
  const frame = page.locator(`iframe[data-module-key="${moduleKey}"]`);
  await frame.waitFor();
  const src = (await frame.getAttribute('src')) ?? '';
  return JSON.parse(new URL(src, 'http://preview').searchParams.get('forgeContext') ?? 'null') as ShimContext;
}

void describe('modules discovered from manifest.yml', () => {
  let future: RunningPreview | undefined;
  after(async () => {
    await future?.stop();
  });

  void it('hosts every Custom UI module type on its Jira page with the Forge context, and follows router requests', async () => {
    assert.ok(browser);
    // A manifest of a later version of the app: a project page, a dashboard gadget, a project settings page and a global page
    // (all showing the issue panel's build, which is enough to see how the host places and feeds them).
    const manifest = parse(await readFile(path.join(repoRoot, 'manifest.yml'), 'utf8')) as {
      modules: Record<string, unknown[]>;
    };
    const moduleOf = (key: string, title: string) => ({ key, resource: 'issue-panel', title });
    manifest.modules['jira:projectPage'] = [moduleOf('flow-project-page', 'Flow im Projekt')];
    manifest.modules['jira:dashboardGadget'] = [moduleOf('flow-gadget', 'Flow-Gadget')];
    manifest.modules['jira:projectSettingsPage'] = [moduleOf('flow-settings', 'Flow-Einstellungen')];
    manifest.modules['jira:globalPage'] = [moduleOf('okr-global-page', 'OKR-Seite')];
    future = await startPreview({ port: 0, now: nowMs, modulesDir, manifestYaml: stringify(manifest) });
    const admin = seed.users.find((user) => user.jiraAdmin);
    const helpDesk = seed.projects.find((project) => project.key === 'HD');
    assert.ok(admin && helpDesk);

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${future.url}/?issue=${expected.key}`);
    await page.locator('.sidebar .nav-link').first().waitFor();
    assert.deepEqual((await page.locator('.sidebar .nav-link').allInnerTexts()).map(plain), [
      'Vorgänge',
      'Projektseite Flow im Projekt',
      'Dashboard Flow-Gadget',
      'Projekteinstellungen Flow-Einstellungen',
      'Apps OKR-Seite',
    ]);
    const issue = seed.issues.find((candidate) => candidate.key === expected.key);
    assert.ok(issue);
    assert.deepEqual(await frameContext(page, 'flow-issue-panel'), {
      accountId: admin.accountId,
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      moduleKey: 'flow-issue-panel',
      extension: {
        type: 'jira:issuePanel',
        issue: { key: expected.key, id: issue.id, type: 'Serviceanfrage', typeId: issue.issueTypeId },
        project: { id: helpDesk.id, key: 'HD', type: 'service_desk' },
        isNewToIssue: false,
      },
      theme: { colorMode: 'light' },
    });

    // router.navigate from a module: the host opens the issue (as Jira navigates its own page).
    const other = seed.issues.find((candidate) => candidate.key === 'HD-1');
    assert.ok(other);
    // The frame's document must have loaded (not the initial about:blank) before it can post to its parent.
    await page.frameLocator('iframe[data-module-key="flow-issue-panel"]').getByRole('table').waitFor();
    const panelElement = await page.locator('iframe[data-module-key="flow-issue-panel"]').elementHandle();
    const panel = await panelElement.contentFrame();
    assert.ok(panel, 'the issue panel frame is loaded');
    assert.match(panel.url(), /\/modules\/issue-panel\//);
    await panel.evaluate(() => {
      window.parent.postMessage(
        {
          source: 'forge-bridge-shim',
          kind: 'router',
          action: 'navigate',
          location: { target: 'issue', issueKey: 'HD-1' },
        },
        window.location.origin,
      );
    });
    await page.getByRole('heading', { level: 1, name: other.summary }).waitFor();
    assert.match(page.url(), /[?&]issue=HD-1(&|$)/);

    await page.getByRole('link', { name: /^Dashboard/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard der Vorschau' }).waitFor();
    assert.equal(plain(await page.locator('.module-gadget h2').innerText()), 'Flow-Gadget');
    assert.deepEqual((await frameContext(page, 'flow-gadget')).extension, {
      type: 'jira:dashboardGadget',
      gadget: { id: 'preview-flow-gadget' },
      dashboard: { id: '10000' },
      gadgetConfiguration: {},
    });

    await page.getByRole('link', { name: /^Projekteinstellungen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Projekteinstellungen' }).waitFor();
    assert.deepEqual((await frameContext(page, 'flow-settings')).extension, {
      type: 'jira:projectSettingsPage',
      project: { id: helpDesk.id, key: 'HD', type: 'service_desk' },
    });

    // A global page (Apps menu): no project in its context.
    await page.getByRole('link', { name: /^Apps/ }).click();
    await page.getByRole('heading', { level: 1, name: 'OKR-Seite' }).waitFor();
    assert.deepEqual((await frameContext(page, 'okr-global-page')).extension, { type: 'jira:globalPage' });

    await page.getByRole('link', { name: /^Projektseite/ }).click();
    await page.getByRole('heading', { level: 1, name: helpDesk.name }).waitFor();
    assert.equal((await frameContext(page, 'flow-project-page')).extension['type'], 'jira:projectPage');
    await page.close();
  });
});

void describe('npm start entry (tsx dev/start.ts)', () => {
  void it('prints the preview URL, serves the page and stops on Ctrl-C with exit code 0', async () => {
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
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    try {
      const startedMs = Date.now();
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no preview URL within 20 s:\n${output}`));
        }, 20_000);
        const look = (): void => {
          const found = /Three Ways for Jira preview: (http:\/\/localhost:\d+)/.exec(output)?.[1];
          if (found !== undefined) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        child.stdout.on('data', look);
        void exited.then(() => {
          reject(new Error(`dev/start.ts exited early:\n${output}`));
        });
      });
      console.log(`dev/start.ts printed its URLs after ${String(Date.now() - startedMs)} ms`);
      assert.match(output, /Local Jira emulator: +http:\/\/127\.0\.0\.1:\d+/);
      assert.match(output, /admin@nordlicht-it\.example +sample-token-admin/);
      assert.match(
        output,
        /npm run --silent cli -- metrics --site http:\/\/127\.0\.0\.1:\d+ --jql "project = HD"/,
      );
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="app"/);

      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
      assert.match(output, /Preview stopped\./);
      await assert.rejects(fetch(url), 'the port is closed after the stop');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
