/**
 * Browser test of the issue panel: the production UI code, built by Vite with the `@forge/bridge` shim, in a real
 * Chromium, talking over HTTP to the real `getIssueFlow` resolver handler (payload validation, use case, flow
 * engine, error mapping) reading hand-written issues from an in-memory port.
 *
 * Run: `npm run test:e2e` (node's test runner through tsx). Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openModulePage, plain, screenshot, type OpenedPage } from './support/browser-page';
import { launchChromium } from './support/chromium';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { handleGetIssueFlow } from '../../src/entry/resolvers/get-issue-flow';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { STANDING_POLL_MS } from '../../static/src/issue-panel/issue-flow-model';
import type { ShimContext } from '../../dev/bridge-shim/index';
import { buildUiWithShim } from './support/build-ui';
import { asOfMs, hdProjectId, hdProjectView, inMemoryIssuePort } from './support/issue-fixtures';
import { startPanelServer, type PanelServer } from './support/panel-server';

let browser: Browser | undefined;
let server: PanelServer | undefined;
/** While set, the server holds every resolver call until the promise settles. */
let holdInvocations: Promise<void> | null = null;

async function openPanel(context: ShimContext): Promise<OpenedPage> {
  assert.ok(server, 'the server is started in before()');
  return openModulePage(browser, {
    url: `${server.origin}/issue-panel/index.html`,
    context,
    viewport: { width: 760, height: 480 },
  });
}

function contextFor(
  locale: string,
  timezone: string,
  issueKey: string,
  colorMode: 'light' | 'dark' = 'light',
): ShimContext {
  return {
    locale,
    timezone,
    accountId: 'e2e-user',
    extension: { type: 'jira:issuePanel', issue: { key: issueKey } },
    theme: { colorMode },
  };
}

async function headings(page: Page): Promise<string[]> {
  return (await page.locator('h2, h3').allTextContents()).map(plain);
}

async function metric(page: Page, id: string): Promise<string> {
  return plain(await page.getByTestId(`metric-${id}`).locator('dd.metric-value').innerText());
}

async function statusRows(page: Page): Promise<string[][]> {
  const rows = await page.$$eval('table tbody tr', (trs) =>
    trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (cell) => cell.textContent)),
  );
  return rows.map((cells) => cells.map((cell) => plain(cell)));
}

/** The viewer whose project's flow facts are still being built: the standing follows once they are ready. */
const WAITING_USER = 'e2e-waiting-user';
/** How often the waiting viewer's panel asked for the issue's flow. */
let waitingCalls = 0;

before(async () => {
  const buildDir = buildUiWithShim('artifacts/e2e-build');
  const store = createMemoryStore();
  const projectView = hdProjectView();
  server = await startPanelServer({
    rootDir: buildDir,
    handlers: {
      getIssueFlow: (payload, context) =>
        handleGetIssueFlow(payload, context, {
          port: inMemoryIssuePort,
          projects:
            (context as { accountId?: unknown }).accountId === WAITING_USER
              ? {
                  store,
                  projectIdOf: () => Promise.resolve(hdProjectId),
                  // The project's facts are being built on the first two calls and ready by the third.
                  startProjectView: () => {
                    waitingCalls++;
                    return Promise.resolve(
                      waitingCalls < 3
                        ? {
                            status: 'backfilling',
                            progress: {
                              phase: 'loading',
                              percent: 0,
                              runs: 1,
                              updatedAtMs: asOfMs,
                            },
                          }
                        : { status: 'ready', view: projectView },
                    );
                  },
                }
              : {
                  store,
                  projectIdOf: (projectKey) => Promise.resolve(projectKey === 'HD' ? hdProjectId : null),
                  startProjectView: () => Promise.resolve({ status: 'ready', view: projectView }),
                },
          clock: () => asOfMs,
          logError: (message, error) => {
            console.error(message, error);
          },
        }),
      // The panel's "Key Results" section (its own tests: test/ui/issue-panel-key-results.test.tsx): here every
      // issue serves none and the viewer may not link, so the section shows its empty state under the flow.
      getIssueKeyResults: (payload) =>
        Promise.resolve({
          ok: true,
          value: {
            issueId: '',
            issueKey: (payload as { issueKey: string }).issueKey,
            keyResults: [],
            canLink: false,
          },
        }),
    },
    // Only the flow is held: the loading tests look at the flow's loading state.
    beforeInvoke: (name) =>
      name === 'getIssueFlow' ? (holdInvocations ?? Promise.resolve()) : Promise.resolve(),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

void describe('issue panel in German (de-DE, Europe/Berlin)', () => {
  void it('shows status, lead time, cycle time, flow efficiency and time in status of a done issue', async () => {
    const { page, errors } = await openPanel(contextFor('de-DE', 'Europe/Berlin', 'HD-42'));
    await page.getByRole('heading', { name: 'Flow von HD-42' }).waitFor();

    assert.deepEqual(await headings(page), [
      'Flow von HD-42',
      'Kennzahlen',
      'Zeitleiste',
      'Wo dieser Vorgang steht',
      'Zeit im Status',
      'Key Results',
    ]);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
    assert.equal(
      plain(await page.getByTestId('current-status').innerText()),
      'Aktueller Status DONE Phase Done',
    );
    assert.equal(await metric(page, 'leadTime'), '6,0 Tage');
    assert.equal(await metric(page, 'cycleTime'), '5,0 Tage');
    // "Waiting for Customer" is waiting time by default (as on the project page): 2.5 of 5 days active.
    assert.equal(await metric(page, 'flowEfficiency'), '50 %');
    assert.equal(await page.getByTestId('metric-age').count(), 0, 'a done issue shows lead time, not age');
    assert.equal(
      plain(await page.locator('table caption').innerText()),
      'Zeit in jedem Status, in der Reihenfolge, in der der Vorgang ihn zuerst erreichte',
    );
    assert.deepEqual(await statusRows(page), [
      ['Open', 'To Do (Backlog)', '1,0', '17 %'],
      ['In Progress', 'In Progress (aktive Arbeit)', '3,5', '58 %'],
      ['Waiting for Customer', 'Waiting for Customer (Warten)', '1,5', '25 %'],
    ]);
    assert.equal(plain(await page.locator('table tfoot').innerText()), 'Gesamt 6,0');
    // Dates in the user's time zone: Berlin is UTC+1 in early March.
    assert.match(plain(await page.locator('.date-list').innerText()), /Angelegt 02\.03\.2026, 09:00/);
    assert.equal(plain(await page.locator('.as-of').innerText()), 'Stand: 10.03.2026, 13:00');
    // The bar of "In Progress" is 58.3 % of its track.
    const barShare = await page.locator('tbody tr:nth-child(2) .share-bar').evaluate((bar) => {
      const track = bar.parentElement?.getBoundingClientRect().width ?? 0;
      return Math.round((bar.getBoundingClientRect().width / track) * 1000) / 10;
    });
    assert.equal(barShare, 58.3);
    assert.equal(await metric(page, 'blocked'), '1,0 Tage');
    assert.equal(
      plain(await page.getByTestId('standing-text').innerText()),
      'Hat länger gedauert als 20 % der 20 erledigten Vorgänge (Zykluszeit 5,0 Tage).',
    );
    assert.equal(await page.getByTestId('standing-mark').count(), 3);
    await screenshot(page, 'issue-panel-de.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('computes the viewer’s own project view when they have none and shows the comparison when ready', async () => {
    const { page, errors } = await openPanel({
      ...contextFor('de-DE', 'Europe/Berlin', 'HD-42'),
      accountId: WAITING_USER,
    });
    await page.getByRole('heading', { name: 'Flow von HD-42' }).waitFor();
    assert.equal(
      plain(await page.getByTestId('standing-text').innerText()),
      germanMessages['issuePanel.standing.computing'].replace('{project}', 'HD'),
    );
    assert.equal(await page.getByRole('link', { name: /Projekt HD öffnen/ }).count(), 0);
    // The issue's own numbers stay while the panel asks again (every STANDING_POLL_MS).
    assert.equal(await metric(page, 'cycleTime'), '5,0 Tage');
    await page
      .getByTestId('standing-text')
      .filter({ hasText: 'Hat länger gedauert als 20 % der 20 erledigten Vorgänge' })
      .waitFor({ timeout: 3 * STANDING_POLL_MS });
    assert.equal(await page.getByTestId('standing-mark').count(), 3);
    assert.equal(waitingCalls, 3);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('explains an issue that does not exist in German, without a pointless retry button', async () => {
    const { page, errors } = await openPanel(contextFor('de-DE', 'Europe/Berlin', 'HD-999'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(plain(await alert.getByRole('heading').innerText()), 'Flow-Metriken sind nicht verfügbar');
    assert.equal(
      plain(await alert.locator('.error-message').innerText()),
      plain(germanMessages['error.not-found']),
    );
    assert.equal(await alert.getByRole('button').count(), 0);
    assert.match(
      (await alert.locator('details code').textContent()) ?? '',
      /^not-found: Issue HD-999 does not exist/,
    );
    await screenshot(page, 'issue-panel-de-error.png');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

void describe('issue panel in English (en-US, America/New_York)', () => {
  void it('shows the same done issue in English with US number and date formats', async () => {
    const { page, errors } = await openPanel(contextFor('en-US', 'America/New_York', 'HD-42'));
    await page.getByRole('heading', { name: 'Flow of HD-42' }).waitFor();

    assert.deepEqual(await headings(page), [
      'Flow of HD-42',
      'Key figures',
      'Timeline',
      'Where this issue stands',
      'Time in status',
      'Key Results',
    ]);
    assert.equal(
      plain(await page.getByTestId('current-status').innerText()),
      'Current status DONE Stage Done',
    );
    assert.equal(await metric(page, 'leadTime'), '6.0 days');
    assert.equal(await metric(page, 'cycleTime'), '5.0 days');
    assert.equal(await metric(page, 'flowEfficiency'), '50%');
    assert.deepEqual(await statusRows(page), [
      ['Open', 'To Do (backlog)', '1.0', '17%'],
      ['In Progress', 'In Progress (active work)', '3.5', '58%'],
      ['Waiting for Customer', 'Waiting for Customer (waiting)', '1.5', '25%'],
    ]);
    // New York: EST (UTC−5) on March 2, EDT (UTC−4) from March 8.
    const dates = plain(await page.locator('.date-list').innerText());
    assert.match(dates, /Created Mar 2, 2026, 3:00 AM/);
    assert.match(dates, /Done Mar 8, 2026, 4:00 AM/);
    // One bar per visit, coloured by stage kind, with the visits as a list for screen readers.
    const timeline = page.getByRole('img', { name: /^Status visits of HD-42/ });
    assert.equal(
      await timeline.locator('.timeline-bar').count(),
      await page.getByTestId('visit-item').count(),
    );
    assert.deepEqual(
      await timeline
        .locator('.timeline-bar')
        .evaluateAll((bars: Element[]): string[] => bars.map((bar) => bar.getAttribute('class') ?? '')),
      [
        'timeline-bar kind-backlog',
        'timeline-bar kind-active',
        'timeline-bar kind-waiting',
        'timeline-bar kind-active',
        'timeline-bar kind-done',
      ],
    );
    assert.equal(
      plain(await page.getByTestId('standing-text').innerText()),
      'Took longer than 20% of the 20 finished items (cycle time 5.0 days).',
    );
    await screenshot(page, 'issue-panel-en.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('reorders the statuses longest first from the keyboard', async () => {
    const { page, errors } = await openPanel(contextFor('en-US', 'America/New_York', 'HD-42'));
    await page.getByRole('table').waitFor();
    // First stop: the timeline's list alternative, which opens the visits as a visible list.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Show as list');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Status visits in time order' }).waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('visit-item').count(), 5);
    assert.equal(await page.getByRole('button', { name: 'Hide list' }).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Longest first');
    await page.keyboard.press('Enter');
    assert.deepEqual(
      (await statusRows(page)).map((row) => row[0]),
      ['In Progress', 'Waiting for Customer', 'Open'],
    );
    assert.equal(
      await page.getByRole('button', { name: 'Longest first' }).getAttribute('aria-pressed'),
      'true',
    );
    assert.equal(
      await page.getByRole('button', { name: 'Workflow order' }).getAttribute('aria-pressed'),
      'false',
    );
    assert.equal(
      plain(await page.locator('table caption').innerText()),
      'Time in each status, longest first',
    );
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.deepEqual(
      (await statusRows(page)).map((row) => row[0]),
      ['Open', 'In Progress', 'Waiting for Customer'],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('shows the age so far and a plain-language data note for an open issue', async () => {
    const { page, errors } = await openPanel(contextFor('en-US', 'UTC', 'HD-43'));
    await page.getByRole('heading', { name: 'Flow of HD-43' }).waitFor();
    assert.deepEqual(await headings(page), [
      'Flow of HD-43',
      'Key figures',
      'Timeline',
      'Where this issue stands',
      'Time in status',
      'Notes on the data',
      'Key Results',
    ]);
    assert.equal(
      plain(await page.getByTestId('current-status').innerText()),
      // "In Review" is a stage of its own by default (one per In Progress status, as on the project page).
      'Current status IN REVIEW Stage In Review',
    );
    assert.equal(await metric(page, 'age'), '0.7 days');
    assert.equal(await metric(page, 'cycleTime'), 'still open');
    assert.equal(await metric(page, 'flowEfficiency'), '100%');
    assert.deepEqual(await statusRows(page), [
      ['Open', 'To Do (backlog)', '0.5', '43%'],
      ['In Progress', 'In Progress (active work)', '0.7', '57%'],
    ]);
    assert.equal(
      plain(await page.getByTestId('standing-text').innerText()),
      'Older than 0% of the 20 finished items (age 0.7 days).',
    );
    assert.deepEqual(await page.locator('.notes li').allTextContents(), [
      englishMessages['warning.status-mismatch'],
    ]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it('announces loading as a busy status while the resolver answers', async () => {
    let release: () => void = () => undefined;
    holdInvocations = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const { page, errors } = await openPanel(contextFor('en-US', 'UTC', 'HD-42'));
      const status = page.getByRole('status').filter({ hasText: 'Loading flow metrics' });
      await status.waitFor();
      assert.equal(plain(await status.innerText()), 'Loading flow metrics…');
      assert.equal(await status.getAttribute('aria-busy'), 'true');
      release();
      await page.getByRole('table').waitFor();
      await page.getByTestId('key-results-empty').waitFor();
      assert.equal(await page.getByRole('status').count(), 0);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      holdInvocations = null;
      release();
    }
  });

  void it('explains a malformed issue key and retries from the keyboard', async () => {
    assert.ok(server);
    const { page, errors } = await openPanel(contextFor('en-US', 'UTC', 'not a key'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(
      plain(await alert.locator('.error-message').innerText()),
      plain(englishMessages['error.invalid-payload']),
    );
    // The "Key Results" section has answered too: only the flow's retry is counted below.
    await page.getByTestId('key-results-empty').waitFor();
    const callsBefore = server.invocations.length;
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Try again');
    await page.keyboard.press('Enter');
    // The panel moves focus to itself once the retry's answer is shown, so keyboard users are not lost.
    await page.waitForFunction(() => document.activeElement?.className === 'panel-root');
    assert.equal(server.invocations.length, callsBefore + 1, 'the retry calls the resolver again');
    assert.equal(await page.getByRole('alert').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void it("follows Jira's dark theme through the design tokens", async () => {
    const { page, errors } = await openPanel(contextFor('en-US', 'America/New_York', 'HD-42', 'dark'));
    await page.getByRole('table').waitFor();
    const colours = await page.evaluate(() => ({
      mode: document.documentElement.dataset['colorMode'],
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      heading: getComputedStyle(document.querySelector('h2') ?? document.body).color,
    }));
    // --ds-surface #1D2125 and --ds-text #B6C2CF of Atlassian's dark theme.
    assert.deepEqual(colours, {
      mode: 'dark',
      background: 'rgb(29, 33, 37)',
      text: 'rgb(182, 194, 207)',
      heading: 'rgb(182, 194, 207)',
    });
    await screenshot(page, 'issue-panel-en-dark.png');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
