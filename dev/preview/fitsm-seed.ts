/**
 * Nordlicht's FitSM story in `npm start` (issue 12; the story: `dev/sample-data/fitsm-catalog.ts`), written
 * through the app's own use cases as the people of the story would write it, never into the store directly:
 * - the Jira admin names the FitSM editor group (`saveFitsmSettingsAs`), whose members (the CSI process owner
 *   and the two team leads) then edit, as Jira tells the app (`/myself?expand=groups`);
 * - the two self-assessments: created, each assessor's own ratings, the agreed ratings of the consensus round,
 *   then agreed (`saveFitsmAssessment`, `rateFitsmRequirement`), dated on their day;
 * - three gaps of 04/2022 registered as CSI improvements by the process owner (`registerGapImprovements`: the
 *   issues in CSI, their records, the links and the schedule items), the plan settings saved;
 * - this year's audit plan with its findings, one registered as an improvement (`saveAudit`,
 *   `recordAuditFinding`, `registerAuditFinding`);
 * - the fortnightly review meeting: its cadence and the last held meetings, each prepared from the data and its
 *   minutes saved (`prepareFitsmMeeting`, `saveFitsmMeetingMinutes`). A held meeting's decisions are only those
 *   the sample records already hold for that day (answered `unchanged`): the seed never rewrites a record's
 *   decision that the rest of the sample data (the register, the effect check, the OKRs) relies on.
 * Runs after the emulator started (the use cases ask Jira as the acting user).
 */
import { getCsiRecord } from '../../src/application/csi-record';
import { rateFitsmRequirement, saveFitsmAssessment } from '../../src/application/fitsm-assessment';
import { loadFitsmAssessment } from '../../src/application/fitsm-assessment-store';
import { recordAuditFinding, saveAudit, type AuditContext } from '../../src/application/fitsm-audit';
import { registerAuditFinding } from '../../src/application/fitsm-audit-register';
import { registerGapImprovements } from '../../src/application/fitsm-gap-improvements';
import {
  prepareFitsmMeeting,
  saveFitsmMeetingCadence,
  saveFitsmMeetingMinutes,
  type FitsmMeetingDeps,
} from '../../src/application/fitsm-meeting';
import { saveFitsmPlanSettings } from '../../src/application/fitsm-plan-settings';
import {
  loadFitsmAccess,
  requireFitsmEditor,
  saveFitsmSettingsAs,
} from '../../src/application/fitsm-settings';
import type { OkrJira } from '../../src/application/okr-session';
import type { OkrStorePort } from '../../src/application/ports/okr-store-port';
import type { StorePort } from '../../src/application/ports/store-port';
import type { MeetingDecision } from '../../src/domain/fitsm/meeting-minutes';
import { nextMeeting } from '../../src/domain/fitsm/meeting-cadence';
import { catalogueLookup } from '../../src/domain/fitsm/audit-catalogue';
import { fitsmRequirementIdsOf } from '../../src/domain/fitsm/assessment-levels';
import { FITSM_GROUP_IDS, type FitsmRequirementId } from '../../src/domain/fitsm/catalogue';
import { quarterOfDay } from '../../src/domain/fitsm/schedule';
import type { JiraSeed } from '../emulator/seed';
import { berlinDayNumber, berlinWallToInstant, dayNumberToDate } from '../sample-data/berlin-time';
import {
  FITSM_REGISTERED_GAPS,
  FITSM_SAMPLE_ASSESSMENTS,
  FITSM_SAMPLE_AUDITS,
  FITSM_SAMPLE_CAPACITY_PER_QUARTER,
  FITSM_SAMPLE_MEETING,
  type FitsmSampleAssessment,
} from '../sample-data/fitsm-catalog';
import { csiMeetingDays } from '../sample-data/generate-csi';
import { FITSM_EDITOR_GROUP, PROJECT_KEYS, SAMPLE_TIME_ZONE, user, type UserKey } from '../sample-data/model';

const MS_PER_DAY = 86_400_000;

export interface FitsmSeedDeps {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Jira as a sample user (the emulator's HTTP client as that user). */
  readonly jiraAs: (key: UserKey) => OkrJira;
  /** The sample seed (evidence issues are found in it by summary). */
  readonly seed: JiraSeed;
  readonly nowMs: number;
  readonly logError: (message: string, error: unknown) => void;
}

/** What the seed wrote (tests and the start message). */
export interface SeededFitsm {
  readonly assessmentIds: readonly string[];
  /** Keys of the improvements registered from the 04/2022 gaps, in the catalogue's order. */
  readonly gapImprovementKeys: readonly string[];
  readonly auditIds: readonly string[];
  readonly heldMeetingDates: readonly string[];
  /** Decisions the held meetings' minutes restate (each `unchanged` in its record). */
  readonly meetingDecisionCount: number;
}

/** Berlin wall time `minuteOfDay` on `date` (`YYYY-MM-DD`). */
function instantOn(date: string, minuteOfDay: number): number {
  return berlinWallToInstant(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY, minuteOfDay);
}

function issueKeysOf(seed: JiraSeed, summaries: readonly string[] | undefined): string[] {
  return (summaries ?? []).map((summary) => {
    const issue = seed.issues.find((candidate) => candidate.summary === summary);
    if (issue === undefined)
      throw new Error(`The FitSM sample names the improvement "${summary}", which the sample data lacks`);
    return issue.key;
  });
}

async function seedAssessment(deps: FitsmSeedDeps, sample: FitsmSampleAssessment): Promise<string> {
  const asUser = (key: UserKey, nowMs: number) => ({
    jira: deps.jiraAs(key),
    store: deps.store,
    nowMs,
    accountId: user(key).accountId,
    language: 'de' as const,
  });
  const moderator = (minute: number) => asUser(sample.moderator, instantOn(sample.date, minute));
  const base = {
    title: sample.title,
    date: sample.date,
    assessors: sample.assessors.map((key) => user(key).accountId),
    outOfScope: [],
    targetLevel: sample.targetLevel,
    targetByGroup: {},
  };
  const created = await saveFitsmAssessment(moderator(9 * 60), {
    ...base,
    id: null,
    expectedVersion: null,
    status: 'draft',
  });
  const assessmentId = created.assessment.id;
  // Each assessor's own ratings first (the morning), then the consensus round's agreed ratings (the afternoon).
  for (const assessor of sample.assessors) {
    const ratings = Object.entries(sample.byAssessor[assessor] ?? {});
    for (const [requirementId, rating] of ratings) {
      if (rating === undefined) continue;
      await rateFitsmRequirement(asUser(assessor, instantOn(sample.date, 10 * 60)), {
        assessmentId,
        requirementId: requirementId as FitsmRequirementId,
        slot: { kind: 'assessor', accountId: user(assessor).accountId },
        rating: { level: rating.level, notes: rating.notes, issueKeys: [] },
        expected: null,
      });
    }
  }
  for (const groupId of FITSM_GROUP_IDS) {
    const ids = fitsmRequirementIdsOf(groupId);
    const levels = sample.agreed[groupId];
    if (levels.length !== ids.length)
      throw new Error(
        `The FitSM sample "${sample.title}" rates ${String(levels.length)} requirements of ${groupId}, which has ${String(ids.length)}`,
      );
    for (const [index, requirementId] of ids.entries()) {
      const evidence = sample.evidence[requirementId];
      await rateFitsmRequirement(moderator(15 * 60), {
        assessmentId,
        requirementId,
        slot: { kind: 'agreed' },
        rating: {
          level: levels[index] ?? 0,
          notes: evidence?.notes ?? sample.groupNotes[groupId] ?? '',
          issueKeys: issueKeysOf(deps.seed, evidence?.improvementSummaries),
        },
        expected: null,
      });
    }
  }
  await saveFitsmAssessment(moderator(16 * 60), {
    ...base,
    id: assessmentId,
    expectedVersion: created.version,
    status: 'agreed',
  });
  return assessmentId;
}

/** Days of this year's audits: past ones at their share of the days elapsed, future ones of the days left. */
function auditDay(nowMs: number, when: { readonly side: 'past' | 'future'; readonly share: number }): string {
  const today = berlinDayNumber(nowMs);
  const year = dayNumberToDate(today).slice(0, 4);
  const first = Date.parse(`${year}-01-01T00:00:00Z`) / MS_PER_DAY;
  const last = Date.parse(`${year}-12-31T00:00:00Z`) / MS_PER_DAY;
  const day =
    when.side === 'past'
      ? first + Math.floor((today - first) * when.share)
      : Math.min(last, today + 1 + Math.floor((last - today - 1) * when.share));
  return dayNumberToDate(day);
}

async function seedAuditPlan(deps: FitsmSeedDeps): Promise<string[]> {
  const owner = user('claudia');
  const ids: string[] = [];
  for (const sample of FITSM_SAMPLE_AUDITS) {
    const plannedOn = auditDay(deps.nowMs, sample.when);
    // Done audits are written on their day (findings recorded then); planned ones now.
    const atMs = sample.status === 'done' ? instantOn(plannedOn, 16 * 60) : deps.nowMs;
    const ctx: AuditContext = {
      nowMs: Math.min(atMs, deps.nowMs),
      timeZone: SAMPLE_TIME_ZONE,
      actingAccountId: owner.accountId,
      lookup: catalogueLookup('de'),
    };
    let audit = await saveAudit(
      deps.store,
      {
        auditId: null,
        audit: {
          subjectId: sample.subjectId,
          plannedOn,
          auditorAccountId: user(sample.auditor).accountId,
          scope: sample.scope,
          status: sample.status,
          doneOn: sample.status === 'done' ? plannedOn : null,
        },
        expectedRevision: null,
      },
      ctx,
    );
    ids.push(audit.id);
    // Findings first (each against the audit's revision), then registering moves the revision on by itself.
    const toRegister: string[] = [];
    for (const finding of sample.findings) {
      const recorded = await recordAuditFinding(
        deps.store,
        {
          auditId: audit.id,
          finding: { text: finding.text, severity: finding.severity, requirementId: finding.requirementId },
          expectedRevision: audit.revision,
        },
        ctx,
      );
      audit = recorded.audit;
      if (finding.register) toRegister.push(recorded.finding.id);
    }
    for (const findingId of toRegister)
      await registerAuditFinding(
        {
          store: deps.store,
          jira: deps.jiraAs('claudia'),
          clock: () => deps.nowMs,
          actingAccountId: owner.accountId,
          lookup: catalogueLookup('de'),
        },
        { auditId: audit.id, findingId, projectKey: PROJECT_KEYS.csi },
      );
  }
  return ids;
}

async function seedMeetings(
  deps: FitsmSeedDeps,
): Promise<{ readonly dates: readonly string[]; readonly decisionCount: number }> {
  // The sample CSI project's meeting days: every second Thursday (its records' decisions fall on them).
  const thursdays = csiMeetingDays(deps.nowMs)
    .map(dayNumberToDate)
    .filter((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 4);
  const anchorDate = thursdays[0];
  if (anchorDate === undefined) throw new Error('The sample data has no CSI meeting day');
  const cadence = {
    frequency: 'fortnightly' as const,
    anchorDate,
    startTime: FITSM_SAMPLE_MEETING.startTime,
    durationMinutes: FITSM_SAMPLE_MEETING.durationMinutes,
    timeZone: SAMPLE_TIME_ZONE,
  };
  const owner = user('claudia');
  const meetingDeps = (nowMs: number): FitsmMeetingDeps => ({
    jira: deps.jiraAs('claudia'),
    store: deps.store,
    okr: deps.okr,
    nowMs,
    accountId: owner.accountId,
    timeZone: SAMPLE_TIME_ZONE,
    language: 'de',
    logWarning: (message) => {
      deps.logError(`FitSM sample meeting: ${message}`, null);
    },
  });
  await saveFitsmMeetingCadence(meetingDeps(deps.nowMs), {
    cadence,
    projectKeys: [PROJECT_KEYS.csi],
    expectedVersion: null,
  });
  const next = nextMeeting(cadence, deps.nowMs);
  const nextDay = Date.parse(`${next.date}T00:00:00Z`) / MS_PER_DAY;
  // The last held meetings before the next one, oldest first; a meeting day that is a holiday (the sample
  // project then met on the next working day, off the cadence) is skipped, as the team skipped it.
  const workingMeetingDays = new Set(csiMeetingDays(deps.nowMs).map(dayNumberToDate));
  const heldCount: number = FITSM_SAMPLE_MEETING.heldCount;
  const dates: string[] = [];
  for (let k = 1; dates.length < heldCount; k++) {
    const date = dayNumberToDate(nextDay - 14 * k);
    if (date < anchorDate) break;
    if (workingMeetingDays.has(date)) dates.unshift(date);
  }
  const records = new Map<string, Awaited<ReturnType<typeof getCsiRecord>>['record'] | null>();
  const startMinute = 14 * 60;
  let decisionCount = 0;
  for (const [index, date] of dates.entries()) {
    const prepared = await prepareFitsmMeeting(meetingDeps(instantOn(date, startMinute - 120)), date, null);
    const decisions: MeetingDecision[] = [];
    for (const item of prepared.meeting.agenda.items) {
      if (item.issueKey === null || decisions.length >= 2) continue;
      if (!records.has(item.issueKey)) {
        const view = await getCsiRecord(deps.store, deps.jiraAs('claudia'), item.issueKey).catch(() => null);
        records.set(item.issueKey, view?.record ?? null);
      }
      const decision = records.get(item.issueKey)?.decision ?? null;
      // Only what the record already holds for this day: the minutes restate it, nothing is rewritten.
      if (decision?.decidedOn === date && !decisions.some((d) => d.issueKey === item.issueKey))
        decisions.push({
          issueKey: item.issueKey,
          outcome: decision.outcome,
          deciderAccountId: decision.deciderAccountId,
          rationale: decision.rationale,
        });
    }
    const answer = await saveFitsmMeetingMinutes(
      meetingDeps(instantOn(date, startMinute + FITSM_SAMPLE_MEETING.durationMinutes)),
      {
        meetingId: prepared.meeting.id,
        expectedVersion: prepared.version,
        status: 'held',
        participantAccountIds: FITSM_SAMPLE_MEETING.participants.map((key) => user(key).accountId),
        minutes:
          FITSM_SAMPLE_MEETING.minutes[index % FITSM_SAMPLE_MEETING.minutes.length] ?? 'Review gehalten.',
        decisions,
      },
    );
    decisionCount += decisions.length;
    for (const outcome of answer.outcomes)
      if (outcome.result !== 'unchanged' && outcome.result !== 'applied')
        deps.logError(
          `FitSM sample meeting ${date}: the decision on ${outcome.issueKey} was ${outcome.result}`,
          outcome.detail,
        );
  }
  return { dates, decisionCount };
}

/**
 * Writes Nordlicht's FitSM story (see the module comment). Throws when a use case refuses (the preview then fails
 * to start, naming why, instead of opening without the FitSM pages' data).
 */
export async function seedSampleFitsm(deps: FitsmSeedDeps): Promise<SeededFitsm> {
  const admin = user('admin');
  await saveFitsmSettingsAs(
    { jira: deps.jiraAs('admin'), store: deps.store, accountId: admin.accountId },
    { editorGroupName: FITSM_EDITOR_GROUP },
    null,
  );
  const owner = user('claudia');
  // The plan's writes below check nothing themselves (the resolvers do): ask as the resolvers ask.
  requireFitsmEditor(
    await loadFitsmAccess(deps.jiraAs('claudia'), deps.store, owner.accountId),
    'seed the FitSM plan',
  );
  const assessmentIds: string[] = [];
  for (const sample of FITSM_SAMPLE_ASSESSMENTS) assessmentIds.push(await seedAssessment(deps, sample));
  const latest = assessmentIds[assessmentIds.length - 1] ?? '';
  await saveFitsmPlanSettings(
    deps.store,
    {
      timeZone: SAMPLE_TIME_ZONE,
      startQuarter: quarterOfDay(dayNumberToDate(berlinDayNumber(deps.nowMs))),
      capacityPerQuarter: FITSM_SAMPLE_CAPACITY_PER_QUARTER,
    },
    null,
  );
  const gaps = await registerGapImprovements(
    {
      store: deps.store,
      jira: deps.jiraAs('claudia'),
      clock: () => deps.nowMs,
      actingAccountId: owner.accountId,
      loadAssessment: async (id) => (await loadFitsmAssessment(deps.store, id))?.assessment ?? null,
    },
    {
      assessmentId: latest,
      requirementIds: FITSM_REGISTERED_GAPS,
      projectKey: PROJECT_KEYS.csi,
      language: 'de',
    },
  );
  const auditIds = await seedAuditPlan(deps);
  const meetings = await seedMeetings(deps);
  return {
    assessmentIds,
    gapImprovementKeys: gaps.map((gap) => gap.issueKey),
    auditIds,
    heldMeetingDates: meetings.dates,
    meetingDecisionCount: meetings.decisionCount,
  };
}
