/**
 * The FitSM walk issue 12 asks to see ("Must show"), in the `npm start` preview (Jira emulator with the sample data,
 * the app's real resolvers and store, the host page), in German and in English, each on a fresh preview, as the
 * FitSM editor Claudia Neumann (the sample's two assessments are agreed, so the walk creates a new one):
 * 1. Apps → Three Ways → FitSM self-assessment: a new assessment; every requirement of PR14 rated as assessor and as
 *    agreed (PR14.1 and PR14.2 at 1, the others at 3): PR14's capability level (Fähigkeitsgrad) is 1, the weakest
 *    requirement's; PR14.1 and PR14.2 are gaps (below the target 3) and are registered as improvements in CSI;
 * 2. the CSI register (project page of CSI) lists both new improvements;
 * 3. the implementation schedule (Umsetzungsplan) lists both;
 * 4. the review meeting: "prepare agenda" for the next meeting puts them on the agenda; the minutes defer one with a
 *    rationale (approving needs the record's evaluation first: the record answers `invalid` for an approval of a
 *    fresh opportunity); the answer says the decision was written to the improvement record;
 * 5. that improvement's record panel shows the decision: deferred, decided by Claudia, on the meeting's date, with
 *    the rationale.
 *
 * Run: `npx tsx --test test/e2e/fitsm-walkthrough.e2e.ts` (it builds the modules into its own directory).
 * Screenshots go to `artifacts/screenshots/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { buildPreviewModules, startPreview, type RunningPreview } from '../../dev/preview/index';
import { user } from '../../dev/sample-data/model';
import { plain, screenshot } from './support/browser-page';
import { launchChromium } from './support/chromium';

// Its own build directory: the test runner runs e2e files in parallel processes.
const modulesDir = 'artifacts/fitsm-walkthrough-e2e-build';
/** The sample data's "today" (as the other preview tests use it). */
const nowMs = Date.parse('2026-03-10T11:00:00.000Z');
/** Generous: the machine is shared and busy; every wait is for content, never a fixed sleep. */
const LONG_MS = 90_000;
/** A FitSM editor of the sample (dev/preview/fitsm-seed.ts): rates, registers gaps, prepares and minutes meetings. */
const claudia = user('claudia');
/** PR14's requirements and the agreed level the walk gives each: the two at 1 become the gaps. */
const PR14_RATINGS = { 'PR14.1': 1, 'PR14.2': 1, 'PR14.3': 3 } as const;
const GAPS = ['PR14.1', 'PR14.2'] as const;

const TEXT = {
  de: {
    create: 'Neue Bewertung',
    title: 'Titel',
    createSubmit: 'Bewertung anlegen',
    assessmentTitle: 'Selbstbewertung März 2026',
    show: /^Die \d+ Anforderungen von PR14 zeigen$/,
    rate: (requirement: string, who: string) => `${requirement} bewerten (${who})`,
    agreed: 'Vereinbart',
    level: 'Stufe',
    notes: 'Nachweise',
    save: 'Bewertung speichern',
    capability1: /^Fähigkeitsgrad: 1 – /,
    projectKey: 'CSI-Projekt (Schlüssel)',
    register: '2 Lücken als Verbesserungen erfassen',
    created: (requirement: string, key: string) => `${requirement} → ${key} (neu)`,
    prepare: 'Agenda vorbereiten',
    decisionFor: (key: string) => `Entscheidung zu ${key}`,
    rationaleFor: (key: string) => `Begründung zu ${key}`,
    defer: 'Zurückstellen',
    rationale:
      'Zurückgestellt bis zur Bewertung im nächsten Review-Termin: erst Nutzen und Aufwand einschätzen.',
    saveMinutes: 'Protokoll speichern',
    applied: 'In den Verbesserungsdatensatz geschrieben.',
    decision: 'Entscheidung',
    decider: 'Entschieden von',
    decidedOn: 'Entschieden am',
    recordRationale: 'Begründung',
  },
  en: {
    create: 'New assessment',
    title: 'Title',
    createSubmit: 'Create assessment',
    assessmentTitle: 'Self-assessment March 2026',
    show: /^Show the \d+ requirements of PR14$/,
    rate: (requirement: string, who: string) => `Rate ${requirement} (${who})`,
    agreed: 'Agreed',
    level: 'Level',
    notes: 'Evidence notes',
    save: 'Save rating',
    capability1: /^Capability \(Fähigkeitsgrad\): 1 – /,
    projectKey: 'CSI project (key)',
    register: 'Register 2 gaps as improvements',
    created: (requirement: string, key: string) => `${requirement} → ${key} (new)`,
    prepare: 'Prepare agenda',
    decisionFor: (key: string) => `Decision on ${key}`,
    rationaleFor: (key: string) => `Rationale for ${key}`,
    defer: 'Defer',
    rationale: 'Deferred until it is evaluated in the next review meeting: benefit and effort first.',
    saveMinutes: 'Save minutes',
    applied: 'Written to the improvement record.',
    decision: 'Decision',
    decider: 'Decided by',
    decidedOn: 'Decided on',
    recordRationale: 'Rationale',
  },
} as const;

type Language = keyof typeof TEXT;

let browser: Browser | undefined;
before(async () => {
  buildPreviewModules(modulesDir);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** The host page at `query` in `language`, as Claudia, collecting uncaught errors of the page. */
async function openHost(
  preview: RunningPreview,
  language: Language,
  query: Readonly<Record<string, string>>,
): Promise<{ page: Page; errors: string[] }> {
  assert.ok(browser, 'the browser starts in before()');
  const page = await browser.newPage({ viewport: { width: 1366, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const params = new URLSearchParams({
    ...query,
    user: claudia.accountId,
    ...(language === 'en' ? { lang: 'en' } : {}),
  });
  await page.goto(`${preview.url}/?${params.toString()}`);
  return { page, errors };
}

const apps = (route: string): Record<string, string> => ({ view: 'apps', page: route });
const subpage = (page: Page, route: string): FrameLocator =>
  page.frameLocator(`iframe[data-page-route="${route}"]`);

/** Rates `requirement` in the row `who` (Claudia as assessor, or the agreed rating) at `level`. */
async function rate(
  group: Locator,
  language: Language,
  requirement: string,
  who: string,
  level: number,
): Promise<void> {
  const text = TEXT[language];
  const item = group.locator(`li[data-requirement="${requirement}"]`);
  await item.getByRole('button', { name: text.rate(requirement, who), exact: true }).click();
  const form = item.getByTestId('rating-form');
  const select = form.getByLabel(text.level);
  const option = await select
    .locator('option')
    .filter({ hasText: new RegExp(`^${String(level)} – `) })
    .getAttribute('value');
  assert.equal(option, String(level));
  await select.selectOption(option);
  await form.getByLabel(text.notes).fill(`${who}: ${requirement} ${String(level)}`);
  await form.getByRole('button', { name: text.save }).click();
  await form.waitFor({ state: 'detached', timeout: LONG_MS });
  const row = item.locator(`tr[data-slot="${who === text.agreed ? 'agreed' : claudia.accountId}"]`);
  assert.match(plain(await row.getByTestId('rating-level').innerText()), new RegExp(`^${String(level)} – `));
}

/**
 * Step 1: a new assessment; PR14 rated by Claudia and agreed; its capability level is the weakest agreed rating
 * (1); the two gaps registered in CSI. Answers the improvements' keys by requirement.
 */
async function assessAndRegister(
  preview: RunningPreview,
  language: Language,
): Promise<Record<(typeof GAPS)[number], string>> {
  const text = TEXT[language];
  const { page, errors } = await openHost(preview, language, apps('fitsm-assessment'));
  const frame = subpage(page, 'fitsm-assessment');
  await frame.getByTestId('latest-levels').waitFor({ timeout: LONG_MS });
  await frame.getByRole('button', { name: text.create, exact: true }).click();
  const form = frame.getByTestId('create-form');
  await form.getByLabel(text.title, { exact: true }).fill(text.assessmentTitle);
  await form.getByRole('button', { name: text.createSubmit }).click();
  const detail = frame.getByTestId('assessment-detail');
  await detail.getByRole('heading', { level: 2 }).filter({ hasText: text.assessmentTitle }).waitFor({
    timeout: LONG_MS,
  });

  const group = detail.getByTestId('group-PR14');
  await group.getByRole('button', { name: text.show }).click();
  for (const [requirement, level] of Object.entries(PR14_RATINGS)) {
    await rate(group, language, requirement, claudia.displayName, level);
    await rate(group, language, requirement, text.agreed, level);
  }
  // FitSM-6 as the app reads it: the process reaches the level all its requirements reach.
  assert.match(plain(await group.getByTestId('group-level').innerText()), text.capability1);

  const gaps = detail.getByTestId('gaps');
  for (const requirement of GAPS) {
    await gaps.locator(`label[data-gap="${requirement}"]`).getByRole('checkbox').check();
  }
  assert.equal(await gaps.locator('label[data-gap="PR14.3"]').count(), 0, 'PR14.3 reaches its target');
  await gaps.getByLabel(text.projectKey).fill('CSI');
  await gaps.getByRole('button', { name: text.register }).click();
  const registered = gaps.getByTestId('gaps-registered');
  await registered.waitFor({ timeout: LONG_MS });
  const keys: Partial<Record<(typeof GAPS)[number], string>> = {};
  for (const requirement of GAPS) {
    const link = registered.locator(`li[data-requirement="${requirement}"]`);
    const key = await link.getAttribute('data-issue-key');
    assert.ok(key !== null && /^CSI-\d+$/.test(key), `${requirement} → ${String(key)}`);
    assert.equal(plain(await link.innerText()), text.created(requirement, key));
    keys[requirement] = key;
  }
  assert.notEqual(keys['PR14.1'], keys['PR14.2']);
  await screenshot(page, `fitsm-walkthrough-assessment-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
  return keys as Record<(typeof GAPS)[number], string>;
}

/** Step 2: the CSI register (project page of CSI) lists both improvements. */
async function registerLists(
  preview: RunningPreview,
  language: Language,
  keys: readonly string[],
): Promise<void> {
  const { page, errors } = await openHost(preview, language, {
    view: 'project',
    project: 'CSI',
    page: 'csi-register',
  });
  const register = subpage(page, 'csi-register');
  for (const key of keys) {
    await register.locator(`tr[data-key="${key}"]`).waitFor({ timeout: LONG_MS });
  }
  await screenshot(page, `fitsm-walkthrough-register-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
}

/** Step 3: the implementation schedule lists both improvements in its quarters. */
async function scheduleLists(
  preview: RunningPreview,
  language: Language,
  keys: readonly string[],
): Promise<void> {
  const { page, errors } = await openHost(preview, language, apps('fitsm-schedule'));
  const schedule = subpage(page, 'fitsm-schedule').getByTestId('fitsm-schedule');
  await schedule.waitFor({ timeout: LONG_MS });
  for (const key of keys) {
    const item = schedule.locator('li.fitsm-schedule-item').filter({ hasText: new RegExp(`^${key} `) });
    await item.first().waitFor({ timeout: LONG_MS });
    assert.equal(await item.count(), 1, `${key} once on the schedule`);
  }
  await screenshot(page, `fitsm-walkthrough-schedule-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
}

/** Step 4: the next meeting's agenda has both; the minutes defer `decided` and write it to its record. */
async function decideInMeeting(
  preview: RunningPreview,
  language: Language,
  keys: readonly string[],
  decided: string,
): Promise<string> {
  const text = TEXT[language];
  const { page, errors } = await openHost(preview, language, apps('fitsm-meeting'));
  const meeting = subpage(page, 'fitsm-meeting').getByTestId('fitsm-meeting');
  await meeting.getByRole('button', { name: text.prepare }).click();
  const detail = meeting.getByTestId('meeting-detail');
  const agenda = detail.getByTestId('agenda');
  await agenda.waitFor({ timeout: LONG_MS });
  // The meeting of a day is `m-<date>` (src/domain/fitsm/meeting-minutes.ts): the next one after the sample's today.
  const meetingDate = /^m-(\d{4}-\d{2}-\d{2})$/.exec((await detail.getAttribute('data-meeting')) ?? '')?.[1];
  assert.ok(meetingDate !== undefined && meetingDate >= '2026-03-10', String(meetingDate));
  for (const key of keys) {
    assert.ok(
      (await agenda
        .locator('li')
        .filter({ hasText: new RegExp(`^${key} `) })
        .count()) >= 1,
      `${key} on the agenda:\n${plain(await agenda.innerText())}`,
    );
  }
  // The decision's select is named by its label and (as a control inside the label) its chosen option.
  const row = detail.locator(`[data-decision="${decided}"]`);
  await row
    .getByRole('combobox', { name: new RegExp(`^${text.decisionFor(decided)}\\b`) })
    .selectOption({ label: text.defer });
  await row.getByRole('textbox', { name: text.rationaleFor(decided), exact: true }).fill(text.rationale);
  await detail.getByRole('button', { name: text.saveMinutes }).click();
  const outcome = meeting.getByTestId('decision-outcomes').locator(`li[data-outcome="${decided}"]`);
  await outcome.waitFor({ timeout: LONG_MS });
  assert.equal(await outcome.getAttribute('data-result'), 'applied', plain(await outcome.innerText()));
  assert.match(plain(await outcome.innerText()), new RegExp(text.applied.replace(/\./g, '\\.')));
  await screenshot(page, `fitsm-walkthrough-meeting-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
  return meetingDate;
}

/** Step 5: the improvement's record panel shows the decision: deferred, by Claudia, dated, with the rationale. */
async function recordShowsDecision(
  preview: RunningPreview,
  language: Language,
  key: string,
  meetingDate: string,
): Promise<void> {
  const text = TEXT[language];
  const { page, errors } = await openHost(preview, language, { issue: key, project: 'CSI' });
  const panel = page.frameLocator('iframe[data-module-key="csi-record-panel"]');
  const outcome = panel.getByLabel(text.decision, { exact: true });
  await outcome.waitFor({ timeout: LONG_MS });
  assert.equal(await outcome.inputValue(), 'deferred');
  const decider = panel.getByLabel(text.decider, { exact: true });
  assert.equal(await decider.inputValue(), claudia.accountId);
  assert.match(plain((await decider.locator('option:checked').textContent()) ?? ''), /^Claudia Neumann/);
  // Decided on the meeting's date.
  assert.equal(await panel.getByLabel(text.decidedOn, { exact: true }).inputValue(), meetingDate);
  assert.equal(await panel.getByLabel(text.recordRationale, { exact: true }).inputValue(), text.rationale);
  await screenshot(page, `fitsm-walkthrough-record-${language}.png`);
  assert.deepEqual(errors, []);
  await page.close();
}

void describe('FitSM walk through the preview: assess, register gaps, register and schedule, meeting decision', () => {
  for (const language of ['de', 'en'] as const) {
    void it(`rates PR14, registers two gaps, finds them in the register and the schedule, decides one in the review meeting and sees it in its record (${language})`, async () => {
      const preview = await startPreview({ port: 0, now: nowMs, modulesDir });
      try {
        const keys = await assessAndRegister(preview, language);
        const both = [keys['PR14.1'], keys['PR14.2']];
        await registerLists(preview, language, both);
        await scheduleLists(preview, language, both);
        const meetingDate = await decideInMeeting(preview, language, both, keys['PR14.1']);
        await recordShowsDecision(preview, language, keys['PR14.1'], meetingDate);
      } finally {
        await preview.stop();
      }
    });
  }
});
