/**
 * Nordlicht's FitSM story in `npm start` without a browser (`dev/preview/fitsm-seed.ts`, story in
 * `dev/sample-data/fitsm-catalog.ts`): the preview starts with both self-assessments agreed and the capability and
 * maturity the talk describes (computed by the app's FitSM-6 rule from the stored ratings), three gaps of 04/2022
 * registered as CSI improvements and on the schedule, this year's audit plan with one overdue audit and a finding
 * registered, and the fortnightly review meeting with its held history and the next date ahead. Read through the
 * resolvers as the pages read them, as a sample user.
 */
import type { FitsmAssessmentsView, FitsmAssessmentView } from '../../src/contract/fitsm-assessment';
import type { FitsmMeetingsView, FitsmMeetingView } from '../../src/contract/fitsm-meeting';
import type { FitsmScheduleView } from '../../src/contract/fitsm-plan';
import type { AuditPlanYearView } from '../../src/domain/fitsm/audit';
import { getCsiRecord } from '../../src/application/csi-record';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import {
  FITSM_ASSESSMENT_2020,
  FITSM_ASSESSMENT_2022,
  FITSM_REGISTERED_GAPS,
} from '../../dev/sample-data/fitsm-catalog';
import { user } from '../../dev/sample-data/model';
import type { RunningPreview } from '../../dev/preview/index';
import { capturedStore } from './support/captured-store';
import { previewPage, startSamplePreview, type SamplePreview } from './support/sample-preview';

// The host page's bundle (Vite) is UI and not under test here.
jest.mock('../../dev/preview/build-host', () => ({
  buildHostAssets: () => Promise.resolve(new Map()),
}));

/** Captures the preview's store: the test reads the improvement records through the app's own reading. */
jest.mock('../../src/adapters/store/memory-store', () =>
  jest
    .requireActual<typeof import('./support/captured-store')>('./support/captured-store')
    .capturingMemoryStoreModule(),
);

/** The sample data's "today" of the browser tests (a Tuesday in March). */
const NOW_MS = Date.parse('2026-03-10T11:00:00.000Z');
/** A reader who is not in the FitSM editor group. */
const reader = user('lukas');
const claudia = user('claudia');

let preview: RunningPreview;
let sample: SamplePreview;

beforeAll(async () => {
  sample = await startSamplePreview(NOW_MS);
  preview = sample.preview;
}, 90_000);

afterAll(async () => {
  await sample.stop();
});

/** A resolver of the FitSM page, as the page invokes it through the bridge, as `as`. */
async function invoke<T>(name: string, payload: unknown, as = reader): Promise<T> {
  const result = await previewPage<{ ok: boolean; value?: T; error?: unknown }>(
    preview,
    `/__invoke/${name}`,
    {
      payload,
      context: {
        accountId: as.accountId,
        locale: as.locale,
        timezone: 'Europe/Berlin',
        moduleKey: 'okr-page',
      },
    },
  );
  if (!result.ok || result.value === undefined) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value;
}

test('the preview starts without logged failures', () => {
  expect(sample.errors).toEqual([]);
});

test('both assessments are agreed, with the capability and maturity the story promises', async () => {
  const list = await invoke<FitsmAssessmentsView>('getFitsmAssessments', {});
  expect(list.canEdit).toBe(false);
  expect(list.assessments.map((a) => [a.date, a.status])).toEqual([
    ['2022-04-21', 'agreed'],
    ['2020-07-16', 'agreed'],
  ]);
  const [newest, oldest] = list.assessments;
  const before = await invoke<FitsmAssessmentView>('getFitsmAssessment', { id: oldest?.id });
  const after = await invoke<FitsmAssessmentView>('getFitsmAssessment', { id: newest?.id });
  const capability = (view: FitsmAssessmentView, processId: 'PR9' | 'PR12' | 'PR14' | 'PR5') =>
    view.levels.capability[processId].level;

  // 07/2020: PR9, PR12 and PR14 ad hoc (1), everything else 0, the management system at maturity 0.
  expect(before.levels.maturity.level).toBe(0);
  expect([capability(before, 'PR9'), capability(before, 'PR14'), capability(before, 'PR5')]).toEqual([
    1, 1, 0,
  ]);
  const zeroIn2020 = Object.values(before.levels.capability).filter((group) => group.level === 0).length;
  expect(zeroIn2020).toBe(11);
  // 04/2022: CSI at 2 with the register, PR9 at 2, maturity up by one.
  expect(after.levels.maturity.level).toBe(1);
  expect([capability(after, 'PR9'), capability(after, 'PR14'), capability(after, 'PR5')]).toEqual([2, 2, 0]);
  expect(after.assessment.ratings['PR14.1']?.agreed?.level).toBe(3);
  for (const [view, story] of [
    [before, FITSM_ASSESSMENT_2020],
    [after, FITSM_ASSESSMENT_2022],
  ] as const) {
    expect(view.levels.maturity.level).toBe(story.promised.maturity);
    for (const [processId, level] of Object.entries(story.promised.capability))
      expect([processId, view.levels.capability[processId as 'PR1'].level]).toEqual([processId, level]);
  }
  // Three assessors, side by side, who differ on PR14.3 in 2022; evidence names sample CSI improvements.
  expect(after.assessment.assessors).toHaveLength(3);
  const pr143 = Object.values(after.assessment.ratings['PR14.3']?.byAssessor ?? {}).map((r) => r.level);
  expect(new Set(pr143).size).toBeGreaterThan(1);
  expect(after.assessment.ratings['PR14.1']?.agreed?.issueKeys.every((key) => key.startsWith('CSI-'))).toBe(
    true,
  );
  expect(after.assessment.ratings['PR14.1']?.agreed?.issueKeys.length).toBeGreaterThan(0);
  expect(after.previousId).toBe(before.assessment.id);
});

test('the registered gaps are CSI improvements from the assessment and on the schedule', async () => {
  const list = await invoke<FitsmAssessmentsView>('getFitsmAssessments', {});
  const assessmentId = list.assessments[0]?.id;
  const links = await invoke<{ links: { requirementId: string; issueKey: string }[] }>('getFitsmGapLinks', {
    assessmentId,
  });
  expect(links.links.map((link) => link.requirementId).sort()).toEqual([...FITSM_REGISTERED_GAPS].sort());
  const schedule = await invoke<FitsmScheduleView>('getFitsmSchedule', {});
  expect(schedule.plan.settings.capacityPerQuarter).toBe(2);
  expect(schedule.plan.settings.startQuarter).toBe('2026-Q1');
  const scheduled = schedule.plan.items.filter((item) => item.origin === 'assessment');
  expect(scheduled.map((item) => item.improvementKey).sort()).toEqual(
    links.links.map((link) => link.issueKey).sort(),
  );
  const jira = createJiraClient(
    createHttpTransport({
      baseUrl: preview.emulatorUrl,
      email: claudia.emailAddress,
      apiToken: 'sample-token-claudia',
    }),
  );
  const record = await getCsiRecord(capturedStore(), jira, links.links[0]?.issueKey ?? '');
  expect(record.record.source).toBe('assessment');
});

test("this year's audit plan has five audits, one overdue, and a finding registered as an improvement", async () => {
  const plan = await invoke<AuditPlanYearView>('getFitsmAuditPlan', { year: 2026 });
  expect(plan.audits.map((audit) => [audit.subjectId, audit.status, audit.overdue])).toEqual([
    ['PR9', 'done', false],
    ['PR14', 'done', false],
    ['PR5', 'planned', true],
    ['PR12', 'planned', false],
    ['GR6', 'planned', false],
  ]);
  expect(plan.counts).toMatchObject({ done: 2, overdue: 1, findings: 2, findingsRegistered: 1 });
  const registered = plan.audits[0]?.findings.find((finding) => finding.improvementKey !== null);
  expect(registered?.improvementKey).toMatch(/^CSI-\d+$/);
});

test('the fortnightly review meeting has six held meetings with minutes and the next date ahead', async () => {
  const meetings = await invoke<FitsmMeetingsView>('getFitsmMeetings', {});
  expect(meetings.config.cadence?.frequency).toBe('fortnightly');
  expect(meetings.meetings).toHaveLength(6);
  expect(meetings.meetings.every((meeting) => meeting.status === 'held')).toBe(true);
  expect(meetings.meetings.every((meeting) => meeting.openDecisionCount === 0)).toBe(true);
  const dates = meetings.meetings.map((meeting) => Date.parse(`${meeting.date}T00:00:00Z`));
  // Fortnightly (a holiday's meeting was skipped), and a decision restated in the minutes, written nowhere anew.
  for (let i = 1; i < dates.length; i++)
    expect(((dates[i - 1] ?? 0) - (dates[i] ?? 0)) % (14 * 86_400_000)).toBe(0);
  expect(meetings.meetings.reduce((sum, meeting) => sum + meeting.decisionCount, 0)).toBeGreaterThan(0);
  expect(meetings.next[0]?.startsAtMs).toBeGreaterThan(NOW_MS);
  expect(meetings.meetings[0]?.startsAtMs).toBeLessThan(NOW_MS);
  const newest = await invoke<FitsmMeetingView>('getFitsmMeeting', { meetingId: meetings.meetings[0]?.id });
  expect(newest.meeting.agenda.items.length).toBeGreaterThan(0);
  expect(newest.meeting.minutes).not.toBe('');
  expect(newest.meeting.participantAccountIds).toContain(claudia.accountId);
});
