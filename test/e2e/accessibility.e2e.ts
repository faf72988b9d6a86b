/**
 * Accessibility of every Custom UI page in a real browser: the `npm start` preview (Jira emulator with the sample
 * data, the app's real resolvers, the host page) in Chromium, and axe-core run in each module's frame with the
 * WCAG 2.1 A and AA rules. Every page the preview hosts is checked in German in the light and the dark theme, and
 * in English in the light theme: issue view (flow panel of a help-desk issue; flow panel and improvement-record
 * panel of a CSI issue with its feedback loop and effect check, and the self-service improvement's effect-check result
 * with its chart), project page (Flow, CSI-Register), dashboard gadgets (flow gadget: view before and after it
 * is set up, edit view; OKR gadget: view), project settings (status mapping, CSI setup, Feedback with a secret shown
 * once), the app's global page (OKRs, OKR settings, FitSM schedule, audit plan, review meeting), and the preview's
 * host page itself around them.
 * A violation fails the test with its rule, impact, the elements (axe's selectors) and axe's help text.
 *
 * Run: `npx tsx --test test/e2e/accessibility.e2e.ts` (it builds the modules into its own directory).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { source as axeSource, type AxeResults, type Result, type RunOptions } from 'axe-core';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import type { JiraSeed } from '../../dev/emulator/seed';
import { generateSampleSeed, SELF_SERVICE_SUMMARY } from '../../dev/sample-data/generate';
import { launchChromium } from './support/chromium';
import { screenshot } from './support/browser-page';
import { pickClosedHelpDeskIssue } from './support/preview-sample-issue';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/accessibility-e2e-build';
/** The sample data's "today" (as the other preview tests use it). */
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
/** The project page and the settings compute their views from the sample project on first open. */
const LONG_MS = 60_000;

/** WCAG 2.0 and 2.1, levels A and AA: the project's accessibility bar. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Language = 'de' | 'en';
type ColorMode = 'light' | 'dark';

interface Pass {
  readonly language: Language;
  readonly colorMode: ColorMode;
}

/** German in both themes (the app's first language), English once in the light theme. */
const PASSES: readonly Pass[] = [
  { language: 'de', colorMode: 'light' },
  { language: 'de', colorMode: 'dark' },
  { language: 'en', colorMode: 'light' },
];

let browser: Browser | undefined;
let preview: RunningPreview | undefined;
let helpDeskIssueKey = '';
let csiIssueKey = '';
let selfServiceKey = '';

/** A CSI improvement far along its workflow, so its record panel shows evaluation, decision and next step. */
function pickCsiIssue(seed: JiraSeed): string {
  const csi = seed.projects.find((project) => project.key === 'CSI');
  assert.ok(csi, 'the sample data has the CSI project');
  const inReview = seed.statuses.find((status) => status.name === 'Wirksamkeitsprüfung');
  const issues = seed.issues.filter((issue) => issue.projectId === csi.id);
  const issue = issues.find((candidate) => candidate.statusId === inReview?.id) ?? issues[0];
  assert.ok(issue, 'the CSI project has improvements');
  return issue.key;
}

before(async () => {
  buildPreviewModules(modulesDir);
  const seed = generateSampleSeed({ now: nowMs });
  helpDeskIssueKey = pickClosedHelpDeskIssue(seed).key;
  csiIssueKey = pickCsiIssue(seed);
  const selfService = seed.issues.find((issue) => issue.summary === SELF_SERVICE_SUMMARY);
  assert.ok(selfService, 'the sample data has the self-service improvement');
  selfServiceKey = selfService.key;
  preview = await startPreview({ port: 0, now: nowMs, modulesDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await preview?.stop();
});

/** One line per violation and element: rule, impact, selector, help. */
function describeViolations(where: string, violations: readonly Result[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${where}: ${violation.id} (${violation.impact ?? 'no impact'}) at ${JSON.stringify(node.target)}: ` +
        `${violation.help}. ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''} [${violation.helpUrl}]`,
    ),
  );
}

/** What a module page must show for the pass: its language on `<html>`, and Jira's theme applied. */
async function assertPassApplied(frame: Frame, pass: Pass, where: string): Promise<void> {
  const shown = await frame.evaluate(() => ({
    lang: document.documentElement.lang,
    colorMode: document.documentElement.getAttribute('data-color-mode'),
  }));
  assert.deepEqual(
    shown,
    { lang: pass.language === 'de' ? 'de-DE' : 'en-US', colorMode: pass.colorMode },
    `${where} is checked in the pass's language and theme`,
  );
}

/**
 * Runs axe-core (WCAG 2.1 A/AA) in `frame` and answers its violations as report lines. axe is injected with
 * `evaluate` (DevTools evaluation, which the modules' Forge-like Content-Security-Policy does not block).
 * `iframes: false`: each module frame is checked on its own, with its own name in the report.
 * `A11Y_REVIEW=1` also prints what axe could not decide ("needs review", e.g. contrast of text scrolled out of a
 * table's scroll area), for a person to look at.
 */
async function axeViolations(frame: Frame, where: string): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const review = process.env['A11Y_REVIEW'] === '1';
  const options: RunOptions = {
    runOnly: { type: 'tag', values: WCAG_21_AA },
    resultTypes: review ? ['violations', 'incomplete'] : ['violations'],
    iframes: false,
  };
  const results = await frame.evaluate(async (runOptions) => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, o: RunOptions) => Promise<AxeResults> } }
    ).axe;
    const { violations, incomplete } = await axe.run(document, runOptions);
    return { violations, incomplete };
  }, options);
  if (review)
    for (const line of describeViolations(`${where} (needs review)`, results.incomplete)) console.error(line);
  return describeViolations(where, results.violations);
}

/** The loaded frame of the module frame `frameSelector` in `page`, once `ready` (inside it) shows. */
async function moduleFrame(
  page: Page,
  frameSelector: string,
  ready: (frame: Locator) => Locator,
): Promise<Frame> {
  const frameLocator = page.frameLocator(frameSelector);
  await ready(frameLocator.locator(':root')).waitFor({ timeout: LONG_MS });
  // Content, not a loading state: no spinner left anywhere in the module.
  await frameLocator.locator('.state-loading').waitFor({ state: 'detached', timeout: LONG_MS });
  const frame = await (await page.locator(frameSelector).elementHandle()).contentFrame();
  assert.ok(frame, `the module frame ${frameSelector} is loaded`);
  return frame;
}

function previewUrl(pass: Pass, query: Readonly<Record<string, string>>): string {
  assert.ok(preview);
  const params = new URLSearchParams(query);
  if (pass.language === 'en') params.set('lang', 'en');
  if (pass.colorMode === 'dark') params.set('theme', 'dark');
  return `${preview.url}/?${params.toString()}`;
}

interface PageCheck {
  /** Name in the report, e.g. `issue panel (flow) HD-12`. */
  readonly name: string;
  readonly query: Readonly<Record<string, string>>;
  /** The module frames of the page and what shows once each has its content. */
  readonly modules: readonly {
    readonly name: string;
    readonly frame: string;
    readonly ready: (root: Locator) => Locator;
    /** A second state of the module worth checking: what to do in it, and what shows then. */
    readonly then?: {
      readonly name: string;
      readonly act: (root: Locator) => Promise<void>;
      readonly ready: (root: Locator) => Locator;
    };
  }[];
}

function pageChecks(pass: Pass): PageCheck[] {
  const de = pass.language === 'de';
  return [
    {
      name: `issue view ${helpDeskIssueKey}`,
      query: { issue: helpDeskIssueKey },
      modules: [
        {
          name: 'issue panel (flow)',
          frame: 'iframe[data-module-key="flow-issue-panel"]',
          ready: (root) => root.getByRole('table'),
        },
      ],
    },
    {
      name: `issue view ${csiIssueKey}`,
      query: { project: 'CSI', issue: csiIssueKey },
      modules: [
        {
          name: 'issue panel (flow)',
          frame: 'iframe[data-module-key="flow-issue-panel"]',
          ready: (root) => root.getByRole('table'),
        },
        {
          // The record, and under it the feedback loop and the effect check (issue 11) with their content.
          name: 'improvement record panel',
          frame: 'iframe[data-module-key="csi-record-panel"]',
          // The effect check's state shows once the record and the effect check have loaded.
          ready: (root) => root.getByTestId('effect-state'),
        },
      ],
    },
    {
      // The improvement whose effect check the preview configured: its loop (feedback issues, CSAT, who was told),
      // then "Jetzt prüfen" and the result with the before/after chart and its summary table.
      name: `issue view ${selfServiceKey} (feedback loop, effect check)`,
      query: { project: 'CSI', issue: selfServiceKey },
      modules: [
        {
          name: 'improvement record panel (feedback loop)',
          frame: 'iframe[data-module-key="csi-record-panel"]',
          ready: (root) => root.getByTestId('feedback-loop-table'),
          then: {
            name: 'improvement record panel (effect check result and chart)',
            act: (root) => root.getByRole('button', { name: de ? 'Jetzt prüfen' : 'Check now' }).click(),
            ready: (root) => root.getByTestId('effect-chart-summary'),
          },
        },
      ],
    },
    {
      name: 'project page HD: Flow',
      query: { view: 'project', project: 'HD', page: 'flow' },
      modules: [
        {
          name: 'project page (Flow)',
          frame: 'iframe[data-page-route="flow"]',
          ready: (root) => root.locator('[data-testid="chart-scatter"] .chart-plot[data-drawn="true"]'),
        },
      ],
    },
    {
      name: 'project page CSI: CSI-Register',
      query: { view: 'project', project: 'CSI', page: 'csi-register' },
      modules: [
        {
          name: 'project page (CSI-Register)',
          frame: 'iframe[data-page-route="csi-register"]',
          ready: (root) => root.getByTestId('register-table'),
          // The register is wider than the page: its last columns are checked once scrolled into view (axe
          // cannot judge the contrast of text its scroll area hides).
          then: {
            name: 'project page (CSI-Register, scrolled to its last columns)',
            act: (root) =>
              root
                .getByTestId('register-table')
                .locator('xpath=..')
                .evaluate((scroller) => {
                  scroller.scrollLeft = scroller.scrollWidth;
                }),
            ready: (root) => root.getByTestId('register-table'),
          },
        },
      ],
    },
    {
      name: 'project settings HD: status mapping',
      query: { view: 'project-settings', project: 'HD', page: 'status-mapping' },
      modules: [
        {
          name: 'settings (status mapping)',
          frame: 'iframe[data-page-route="status-mapping"]',
          ready: (root) => root.getByTestId('stage-0'),
          then: {
            name: 'settings (status mapping, data-quality report)',
            act: (root) =>
              root.getByRole('button', { name: de ? 'Datenqualität prüfen' : 'Check data quality' }).click(),
            ready: (root) => root.getByTestId('quality-report'),
          },
        },
      ],
    },
    {
      name: 'project settings MAIL: CSI setup',
      query: { view: 'project-settings', project: 'MAIL', page: 'csi-setup' },
      modules: [
        {
          name: 'settings (CSI setup, plan)',
          frame: 'iframe[data-page-route="csi-setup"]',
          ready: (root) => root.getByTestId('plan'),
        },
      ],
    },
    {
      name: 'project settings CSI: CSI setup',
      query: { view: 'project-settings', project: 'CSI', page: 'csi-setup' },
      modules: [
        {
          name: 'settings (CSI setup, set up)',
          frame: 'iframe[data-page-route="csi-setup"]',
          ready: (root) => root.getByTestId('setup-status'),
        },
      ],
    },
    {
      // Reply templates with placeholder buttons and previews, the feedback web trigger, then a secret shown once.
      name: 'project settings CSI: Feedback',
      query: { view: 'project-settings', project: 'CSI', page: 'feedback' },
      modules: [
        {
          name: 'settings (Feedback)',
          frame: 'iframe[data-page-route="feedback"]',
          ready: (root) => root.getByTestId('intake-usage'),
          then: {
            name: 'settings (Feedback, new secret shown once)',
            act: async (root) => {
              await root
                .getByTestId('intake-secret')
                .getByRole('button', {
                  name: de ? /Geheimnis ausstellen|Secret erneuern/ : /Issue secret|Renew secret/,
                })
                .click();
              await root
                .getByTestId('intake-confirm')
                .getByRole('button', {
                  name: de ? /Geheimnis ausstellen|Secret erneuern/ : /Issue secret|Renew secret/,
                })
                .click();
            },
            ready: (root) => root.getByTestId('intake-rotated'),
          },
        },
      ],
    },
    {
      name: 'Apps: OKR page',
      query: { view: 'apps', page: 'okrs' },
      modules: [
        {
          name: 'OKR page (alignment tree)',
          frame: 'iframe[data-page-route="okrs"]',
          ready: (root) => root.getByTestId('okr-tree'),
          // The e-mail service's external key result opened: history chart, check-ins, forms, web trigger.
          then: {
            name: 'OKR page (key result detail)',
            act: (root) =>
              root
                .locator('li[data-key-result="KR-4"]')
                .getByRole('button', { expanded: false })
                .first()
                .click(),
            ready: (root) =>
              root.locator(
                'li[data-key-result="KR-4"] [data-testid="kr-history-chart"] .chart-plot[data-drawn="true"]',
              ),
          },
        },
      ],
    },
    {
      name: 'Apps: OKR settings',
      query: { view: 'apps', page: 'settings' },
      modules: [
        {
          name: 'OKR settings',
          frame: 'iframe[data-page-route="settings"]',
          ready: (root) => root.getByTestId('okr-settings'),
        },
      ],
    },
    // The FitSM self-assessment (issue 12) with the sample's two assessments: the history with the latest levels,
    // then the newest assessment opened with the ratings of PR14 side by side, its chart, compare and gaps.
    {
      name: 'Apps: FitSM self-assessment',
      query: { view: 'apps', page: 'fitsm-assessment' },
      modules: [
        {
          name: 'FitSM self-assessment (history)',
          frame: 'iframe[data-page-route="fitsm-assessment"]',
          ready: (root) => root.getByTestId('latest-levels'),
          then: {
            name: 'FitSM self-assessment (an assessment with its ratings)',
            act: async (root) => {
              await root.locator('[data-testid="assessment-history"] button').first().click();
              await root.locator('[data-testid="group-PR14"] button[aria-expanded="false"]').click();
            },
            ready: (root) => root.locator('[data-testid="group-PR14"] li[data-requirement="PR14.1"]'),
          },
        },
      ],
    },
    // The FitSM plan's pages (issue 12) with the sample data: the schedule's quarters, the year's audits with the
    // month strip, the review meeting's cadence and history.
    {
      name: 'Apps: FitSM implementation schedule',
      query: { view: 'apps', page: 'fitsm-schedule' },
      modules: [
        {
          name: 'FitSM schedule',
          frame: 'iframe[data-page-route="fitsm-schedule"]',
          ready: (root) => root.getByTestId('fitsm-schedule'),
        },
      ],
    },
    {
      name: 'Apps: FitSM audit plan',
      query: { view: 'apps', page: 'fitsm-audits' },
      modules: [
        {
          name: 'FitSM audit plan',
          frame: 'iframe[data-page-route="fitsm-audits"]',
          ready: (root) => root.getByTestId('fitsm-audits'),
          // The first audit's findings opened: each registered one's improvement, or its register button.
          then: {
            name: 'FitSM audit plan (findings)',
            act: (root) => root.locator('li[data-audit] button[aria-expanded="false"]').first().click(),
            ready: (root) => root.getByTestId('findings'),
          },
        },
      ],
    },
    {
      name: 'Apps: FitSM review meeting',
      query: { view: 'apps', page: 'fitsm-meeting' },
      modules: [
        {
          name: 'FitSM review meeting',
          frame: 'iframe[data-page-route="fitsm-meeting"]',
          ready: (root) => root.getByTestId('fitsm-meeting'),
          // The latest meeting of the history opened: its agenda by section, the minutes and the decisions.
          then: {
            name: 'FitSM review meeting (agenda and minutes)',
            act: (root) => root.getByTestId('meeting-history').getByRole('button').first().click(),
            ready: (root) => root.getByTestId('meeting-detail'),
          },
        },
      ],
    },
    {
      name: 'dashboard',
      query: { view: 'dashboard' },
      modules: [
        {
          name: 'gadget (view)',
          frame: 'iframe[data-module-key="flow-gadget"]',
          ready: (root) =>
            root
              .getByTestId('gadget-value')
              .or(root.getByRole('button', { name: de ? 'Einrichten' : 'Configure' })),
        },
        {
          // Objectives, key results (progress bars, status badges, sparklines) and linked issues, as configured by
          // the preview; set up or not, the view is checked once it has its content.
          name: 'OKR gadget (view)',
          frame: 'iframe[data-module-key="okr-gadget"]',
          ready: (root) => root.locator('.okr-gadget-body, .gadget-unconfigured, .okr-error'),
        },
      ],
    },
  ];
}

/** Opens `check` in a new page, checks the host page and each module, and answers every violation. */
async function checkPage(pass: Pass, check: PageCheck): Promise<{ page: Page; violations: string[] }> {
  assert.ok(browser);
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(previewUrl(pass, check.query));
  const violations: string[] = [];
  const label = `[${pass.language} ${pass.colorMode}] ${check.name}`;
  for (const module of check.modules) {
    const frame = await moduleFrame(page, module.frame, module.ready);
    await assertPassApplied(frame, pass, `${label} › ${module.name}`);
    violations.push(...(await axeViolations(frame, `${label} › ${module.name}`)));
    if (module.then !== undefined) {
      const next = module.then;
      await next.act(page.frameLocator(module.frame).locator(':root'));
      const after = await moduleFrame(page, module.frame, next.ready);
      violations.push(...(await axeViolations(after, `${label} › ${next.name}`)));
    }
  }
  assert.equal(
    await page.evaluate(() => document.documentElement.lang),
    pass.language === 'de' ? 'de-DE' : 'en-US',
    `${label}: the host page speaks the pass's language`,
  );
  violations.push(...(await axeViolations(page.mainFrame(), `${label} › host page`)));
  return { page, violations };
}

void describe('accessibility (axe-core, WCAG 2.1 AA) of every Custom UI page in the preview', () => {
  for (const pass of PASSES) {
    void it(`has no violation in ${pass.language === 'de' ? 'German' : 'English'}, ${pass.colorMode} theme`, async () => {
      const violations: string[] = [];
      for (const check of pageChecks(pass)) {
        const { page, violations: found } = await checkPage(pass, check);
        if (check.query['view'] === 'dashboard') found.push(...(await checkGadgetEdit(pass, page)));
        violations.push(...found);
        if (found.length > 0)
          await screenshot(
            page,
            `a11y-${pass.language}-${pass.colorMode}-${check.name.replace(/\W+/g, '-')}.png`,
          );
        await page.close();
      }
      if (violations.length > 0)
        assert.fail(`axe-core found ${String(violations.length)} violation(s):\n${violations.join('\n')}`);
    });
  }
});

/**
 * The gadget's edit view: reached from the unconfigured view's "set up" button, checked, saved (HD, cycle time),
 * and the view with its value checked. Once saved, later passes open the configured view, and reach the edit view
 * by Jira's edit entry point (the gadget's frame with `extension.entryPoint: 'edit'` in its context).
 */
async function checkGadgetEdit(pass: Pass, page: Page): Promise<string[]> {
  const de = pass.language === 'de';
  const label = `[${pass.language} ${pass.colorMode}] dashboard`;
  const selector = 'iframe[data-module-key="flow-gadget"]';
  const gadget = page.frameLocator(selector);
  const violations: string[] = [];
  const setUp = gadget.getByRole('button', { name: de ? 'Einrichten' : 'Configure' });
  if ((await setUp.count()) > 0) {
    await setUp.click();
    const edit = await moduleFrame(page, selector, (root) => root.getByTestId('gadget-edit'));
    await assertPassApplied(edit, pass, `${label} › gadget (edit)`);
    violations.push(...(await axeViolations(edit, `${label} › gadget (edit)`)));
    // Saved without a project key: the field's error (red text, aria-invalid) is shown.
    await gadget.getByRole('button', { name: de ? 'Speichern' : 'Save' }).click();
    await gadget.locator('.field-error').waitFor();
    violations.push(...(await axeViolations(edit, `${label} › gadget (edit, field error)`)));
    await gadget.getByLabel(de ? 'Projektschlüssel' : 'Project key').fill('HD');
    await gadget.getByLabel(de ? 'Kennzahl' : 'Metric').selectOption('cycleTime');
    await gadget.getByRole('button', { name: de ? 'Speichern' : 'Save' }).click();
    const view = await moduleFrame(page, selector, (root) => root.getByTestId('gadget-value'));
    violations.push(...(await axeViolations(view, `${label} › gadget (view, set up)`)));
    return violations;
  }
  // Jira's edit entry point: the same module, its context naming the entry point.
  const src = (await page.locator(selector).getAttribute('src')) ?? '';
  const url = new URL(src, page.url());
  const context = JSON.parse(url.searchParams.get('forgeContext') ?? '{}') as {
    extension: Record<string, unknown>;
  };
  url.searchParams.set(
    'forgeContext',
    JSON.stringify({ ...context, extension: { ...context.extension, entryPoint: 'edit' } }),
  );
  assert.ok(browser);
  const editPage = await browser.newPage({ viewport: { width: 480, height: 720 } });
  await editPage.goto(url.toString());
  await editPage.getByTestId('gadget-edit').waitFor({ timeout: LONG_MS });
  await editPage.locator('.state-loading').waitFor({ state: 'detached', timeout: LONG_MS });
  await assertPassApplied(editPage.mainFrame(), pass, `${label} › gadget (edit entry point)`);
  violations.push(...(await axeViolations(editPage.mainFrame(), `${label} › gadget (edit entry point)`)));
  await editPage.close();
  return violations;
}
