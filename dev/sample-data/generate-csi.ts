/**
 * The CSI project ("Kontinuierliche Verbesserung"): about 25 improvements through the FitSM PR14 workflow
 * Erfasst → Bewertet → Genehmigt → In Umsetzung → Wirksamkeitsprüfung → Abgeschlossen (exits Abgelehnt,
 * Zurückgestellt). Assessment, decision and closure happen in the fortnightly CSI meeting (Thursday 14:00).
 */
import { csiScore } from '../../src/domain/csi/scoring';
import { DEFAULT_CSI_WEIGHTS, type CsiRecord, type CsiSource } from '../../src/domain/csi/record-types';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import type { SeedIssue } from '../emulator/seed';
import { doc, heading, labelled, paragraph, plainDoc } from './adf';
import {
  addWorkingMinutes,
  berlinDayNumber,
  berlinWallToInstant,
  dayNumberToDate,
  isoWeekdayOfDay,
  isWorkingDay,
  nextWorkingDay,
  WORKING_MINUTES_PER_DAY,
} from './berlin-time';
import { CSI_PLANS, SELF_SERVICE_SUMMARY } from './catalog-csi';
import type { CsiEvaluation, CsiPlan } from './catalog-csi';
import type { GeneratedIssue, PendingLink } from './generate-hd';
import { IssueBuilder, type IdSource } from './issue-builder';
import { CSI_STATUS, ISSUE_TYPE, LINK_TYPE, PROJECT_IDS, PROJECT_KEYS, RESOLUTION, user } from './model';
import type { Rng } from './prng';

const MS_PER_DAY = 86_400_000;
const MEETING_START_MINUTE = 14 * 60;

/**
 * Days before `now` of the CSI meeting that was to close the self-service improvement (≈ 5 months); it kept the
 * improvement in its effectiveness check instead, until the app's effect check has measured the lead time.
 */
const REVIEW_DAYS_AGO = 152;
/** Days between go-live and that meeting. */
const VERIFICATION_DAYS = 14;

/**
 * Go-live of the self-service password reset: 09:00 Berlin time on the working day two weeks before the CSI
 * meeting nearest to 152 days (≈ 5 months) before `now`; from go-live on the improvement is in
 * Wirksamkeitsprüfung (Verifying), and it still is at `now`.
 */
export function selfServiceGoLiveMs(nowMs: number): number {
  const target = berlinDayNumber(nowMs) - REVIEW_DAYS_AGO;
  const meetings = csiMeetingDays(nowMs);
  let closingDay = meetings[0] ?? target;
  for (const day of meetings) if (Math.abs(day - target) < Math.abs(closingDay - target)) closingDay = day;
  return berlinWallToInstant(nextWorkingDay(closingDay - VERIFICATION_DAYS), 9 * 60);
}

/** CSI meeting days: every second Thursday (the next working day when it is a holiday), up to 120 days ahead. */
export function csiMeetingDays(nowMs: number): number[] {
  const today = berlinDayNumber(nowMs);
  let anchor = today;
  while (isoWeekdayOfDay(anchor) !== 4) anchor--;
  const days: number[] = [];
  for (let day = anchor - 14 * 30; day <= today + 120; day += 14) days.push(nextWorkingDay(day));
  return days;
}

/** Weighted score of the uniform criteria (benefit, urgency count up; effort, risk count down), 1..5. */
export function evaluationScore(e: CsiEvaluation): number {
  return 0.4 * e.nutzen + 0.3 * e.dringlichkeit + 0.2 * (6 - e.aufwand) + 0.1 * (6 - e.risiko);
}

const LESSONS = [
  'Früh mit den Kunden kommunizieren.',
  'Kennzahl vor dem Start festlegen, sonst fehlt die Baseline.',
  'Kleine Schritte wirken schneller als ein großer Wurf.',
  'Betroffene Kolleginnen und Kollegen früh einbinden.',
  'Wirkung nach drei Monaten erneut messen.',
];

const germanNumber = (value: number): string => value.toFixed(1).replace('.', ',');

function describe(plan: CsiPlan) {
  return doc(
    labelled('Quelle', plan.source),
    labelled('Betroffener Service', plan.service),
    labelled('Verbesserungsverantwortlich', user(plan.owner).displayName),
    heading('Ausgangslage (Baseline)'),
    paragraph(plan.baseline),
    heading('Ziel'),
    paragraph(plan.target),
  );
}

/** An improvement's builder that also carries its improvement record (issue property `three-ways-csi`). */
class CsiIssueBuilder extends IssueBuilder {
  record: CsiRecord | null = null;

  override build(id: string, ids: IdSource): SeedIssue {
    const issue = super.build(id, ids);
    return this.record === null
      ? issue
      : { ...issue, properties: { ...issue.properties, [CSI_RECORD_PROPERTY_KEY]: this.record } };
  }
}

/** What happened to an improvement in the meetings (instants of the changes that were applied). */
interface CsiStory {
  assessedMs?: number;
  decidedMs?: number;
  closedMs?: number;
  lesson?: string;
  /** The self-service improvement's password tickets per week before go-live and after (counted at its review). */
  selfService?: { readonly beforePerWeek: number; readonly afterPerWeek: number };
}

/** The FitSM source of a plan's source text (null for a suggestion without one, e.g. from management). */
function csiSourceOf(text: string): CsiSource | null {
  const prefixes: readonly (readonly [string, CsiSource])[] = [
    ['Kundenfeedback', 'customer-feedback'],
    ['Messung/KPI', 'measurement'],
    ['Audit', 'audit'],
    ['Assessment', 'assessment'],
    ['Bericht', 'report'],
    ['Störungstrend', 'incident-trend'],
    ['Team-Retrospektive', 'retrospective'],
  ];
  return prefixes.find(([prefix]) => text.startsWith(prefix))?.[1] ?? null;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * The improvement record as the CSI meeting would have kept it: source, service and owner from the plan; the
 * evaluation (by the process owner, on the assessment day) once assessed; the decision once decided; baseline and
 * target where the plan names numbers (from the assessment on); the measured result and lessons learned once
 * closed; the next review at the next meeting while open.
 */
function csiRecordOf(
  plan: CsiPlan,
  story: CsiStory,
  createdMs: number,
  open: boolean,
  nextMeetingDay: number | undefined,
  feedbackKeys: readonly string[],
): CsiRecord {
  const processOwner = user('claudia').accountId;
  const date = (ms: number): string => dayNumberToDate(berlinDayNumber(ms));
  const e = plan.evaluation;
  const ratings = { benefit: e.nutzen, urgency: e.dringlichkeit, effort: e.aufwand, risk: e.risiko };
  const assessed = story.assessedMs !== undefined;
  const kpi = plan.kpi;
  const numbers = story.selfService
    ? {
        baseline: round1(story.selfService.beforePerWeek),
        target: round1(story.selfService.beforePerWeek * 0.3),
        result: round1(story.selfService.afterPerWeek),
      }
    : kpi;
  const baseline =
    assessed && kpi !== undefined && numbers?.baseline !== undefined
      ? { name: kpi.name, value: numbers.baseline, unit: kpi.unit, measuredOn: date(createdMs) }
      : null;
  const targetDays = plan.implementationDays + plan.verificationDays + 28;
  const target =
    baseline !== null && numbers?.target !== undefined && story.assessedMs !== undefined
      ? {
          value: numbers.target,
          targetDate: dayNumberToDate(berlinDayNumber(story.decidedMs ?? story.assessedMs) + targetDays),
        }
      : null;
  const result =
    story.closedMs !== undefined && kpi !== undefined && numbers?.result !== undefined
      ? { name: kpi.name, value: numbers.result, unit: kpi.unit, measuredOn: date(story.closedMs) }
      : null;
  const lastMs = story.closedMs ?? story.decidedMs ?? story.assessedMs ?? createdMs;
  return {
    schemaVersion: 1,
    source: csiSourceOf(plan.source),
    sourceDetail: plan.source,
    service: plan.service,
    ownerAccountId: user(plan.owner).accountId,
    evaluation:
      story.assessedMs === undefined
        ? null
        : { ratings, evaluatedByAccountId: processOwner, evaluatedOn: date(story.assessedMs) },
    score: assessed ? csiScore(ratings, DEFAULT_CSI_WEIGHTS) : null,
    decision:
      story.decidedMs === undefined
        ? null
        : {
            outcome:
              plan.outcome === 'umgesetzt'
                ? 'approved'
                : plan.outcome === 'abgelehnt'
                  ? 'rejected'
                  : 'deferred',
            deciderAccountId: processOwner,
            decidedOn: date(story.decidedMs),
            rationale: plan.rationale,
          },
    baseline,
    target,
    result,
    lessonsLearned: story.lesson ?? '',
    nextReviewOn: open && nextMeetingDay !== undefined ? dayNumberToDate(nextMeetingDay) : null,
    keyResultId: null,
    feedbackIssueKeys: feedbackKeys,
    updatedAt: new Date(lastMs).toISOString(),
    updatedByAccountId: processOwner,
  };
}

/**
 * Generates the improvements (CSI-1… in the order they were raised) and their links: "gab Feedback zu" from
 * the help-desk or e-mail issues that motivated them, "bezieht sich auf" between related work.
 */
export function generateCsi(
  rng: Rng,
  nowMs: number,
  goLiveMs: number,
  helpDesk: readonly GeneratedIssue[],
  mail: readonly GeneratedIssue[],
): { issues: GeneratedIssue[]; links: PendingLink[] } {
  const today = berlinDayNumber(nowMs);
  const meetings = csiMeetingDays(nowMs);
  /** 14:00 (plus the agenda position) of the first meeting after `afterMs`. */
  const meetingAfter = (afterMs: number): number => {
    for (const day of meetings) {
      const startMs = berlinWallToInstant(day, MEETING_START_MINUTE + rng.int(1, 80) + rng.next());
      if (startMs > afterMs) return Math.floor(startMs);
    }
    return Number.POSITIVE_INFINITY; // beyond the schedule: after now, so it has not happened yet
  };

  const plans = [...CSI_PLANS].sort((a, b) => b.raisedDaysAgo - a.raisedDaysAgo);
  const issues: GeneratedIssue[] = [];
  const links: PendingLink[] = [];
  for (const [index, plan] of plans.entries()) {
    let raisedDay = today - plan.raisedDaysAgo;
    while (!isWorkingDay(raisedDay)) raisedDay--;
    const createdMs = Math.floor(berlinWallToInstant(raisedDay, 9 * 60 + rng.next() * 7 * 60));
    if (createdMs > nowMs) continue;
    const score = evaluationScore(plan.evaluation);
    const builder = new CsiIssueBuilder(
      {
        projectId: PROJECT_IDS.csi,
        key: `${PROJECT_KEYS.csi}-${issues.length + 1}`,
        issueTypeId: ISSUE_TYPE.verbesserung.id,
        summary: plan.summary,
        description: describe(plan),
        createdMs,
        priority: score >= 3.8 ? 'Hoch' : 'Mittel',
        labels: ['csi', plan.service === 'E-Mail-Service' ? 'e-mail-service' : 'service-desk'],
        reporter: user(plan.owner === 'admin' ? 'claudia' : plan.owner),
        initialStatus: CSI_STATUS.erfasst,
        defaultResolution: RESOLUTION.erledigt,
      },
      nowMs,
    );
    const issue: GeneratedIssue = { builder, topic: `csi-${index}` };
    issues.push(issue);
    const story: CsiStory = {};
    simulateImprovement(rng, builder, plan, score, goLiveMs, helpDesk, meetingAfter, story);
    const source = plan.feedback?.project === 'MAIL' ? mail : helpDesk;
    const feedbackKeys: string[] = [];
    const feedback = feedbackIssues(rng, plan, createdMs, source);
    // Emily Carter (e-mail team, English locale, browses HD) raised the latest password request herself, so
    // closing the improvement answers its feedback in German and in English.
    if (plan.summary === SELF_SERVICE_SUMMARY) feedback.at(-1)?.builder.reportedBy(user('emily'));
    for (const issue of feedback) {
      links.push({ type: LINK_TYPE.feedback, outward: issue.builder, inward: builder });
      feedbackKeys.push(issue.builder.draft.key);
    }
    const open = builder.status.categoryKey !== 'done';
    builder.record = csiRecordOf(
      plan,
      story,
      createdMs,
      open,
      meetings.find((day) => day >= today),
      feedbackKeys,
    );
  }

  const bySummary = (summary: string): GeneratedIssue | undefined =>
    issues.find((i) => i.builder.draft.summary === summary);
  const sspr = bySummary(SELF_SERVICE_SUMMARY);
  const ssprChange = mail.find((i) => i.topic === 'sspr');
  if (sspr !== undefined && ssprChange !== undefined)
    links.push({ type: LINK_TYPE.relates, outward: sspr.builder, inward: ssprChange.builder });
  const related: readonly (readonly [string, string])[] = [
    [
      'Vorlagen für Standardantworten im Service Desk',
      'Wissensdatenbank-Artikel für die zehn häufigsten Störungen',
    ],
    ['Rückrufzeiten der Hotline verkürzen', SELF_SERVICE_SUMMARY],
    ['Chatbot für Standardanfragen einführen', SELF_SERVICE_SUMMARY],
    ['Fehlgeschlagene Anmeldeversuche am Mailsystem reduzieren', SELF_SERVICE_SUMMARY],
  ];
  for (const [a, b] of related) {
    const from = bySummary(a);
    const to = bySummary(b);
    if (from !== undefined && to !== undefined)
      links.push({ type: LINK_TYPE.relates, outward: from.builder, inward: to.builder });
  }
  return { issues, links };
}

/** Issues of the feedback topics raised in the 90 days before the improvement. */
function feedbackIssues(
  rng: Rng,
  plan: CsiPlan,
  raisedMs: number,
  source: readonly GeneratedIssue[],
): GeneratedIssue[] {
  const feedback = plan.feedback;
  if (feedback === undefined) return [];
  const candidates = source.filter(
    (i) =>
      feedback.topics.includes(i.topic) &&
      i.builder.draft.createdMs < raisedMs &&
      i.builder.draft.createdMs >= raisedMs - 90 * MS_PER_DAY,
  );
  const picked: GeneratedIssue[] = [];
  while (picked.length < feedback.count && candidates.length > 0)
    picked.push(candidates.splice(rng.int(0, candidates.length - 1), 1)[0] as GeneratedIssue);
  return picked.sort((a, b) => a.builder.draft.createdMs - b.builder.draft.createdMs);
}

function simulateImprovement(
  rng: Rng,
  builder: IssueBuilder,
  plan: CsiPlan,
  score: number,
  goLiveMs: number,
  helpDesk: readonly GeneratedIssue[],
  meetingAfter: (afterMs: number) => number,
  story: CsiStory,
): void {
  const processOwner = user('claudia');
  const owner = user(plan.owner);
  const e = plan.evaluation;
  // The agenda closes a few days ahead: the first meeting at least three days after the improvement was raised.
  let t = meetingAfter(builder.draft.createdMs + 3 * MS_PER_DAY);
  const assessed = builder.transition(t, processOwner, CSI_STATUS.bewertet, {
    assignTo: owner,
    comment: plainDoc(
      `Bewertung im CSI-Meeting: Nutzen ${e.nutzen}/5, Dringlichkeit ${e.dringlichkeit}/5, Aufwand ${e.aufwand}/5, Risiko ${e.risiko}/5 – Punktzahl ${germanNumber(score)}.`,
    ),
  });
  if (!assessed) return;
  story.assessedMs = t;
  // The decision falls in the following meeting, once the evaluation could be checked.
  t = meetingAfter(t + MS_PER_DAY);
  if (plan.outcome !== 'umgesetzt') {
    const rejected = plan.outcome === 'abgelehnt';
    const decided = builder.transition(
      t,
      processOwner,
      rejected ? CSI_STATUS.abgelehnt : CSI_STATUS.zurueckgestellt,
      {
        resolution: rejected ? RESOLUTION.abgelehnt : RESOLUTION.zurueckgestellt,
        comment: plainDoc(
          `Entscheidung: ${rejected ? 'abgelehnt' : 'zurückgestellt'} durch ${processOwner.displayName} (Prozessverantwortliche CSI). Begründung: ${plan.rationale}`,
        ),
      },
    );
    if (decided) story.decidedMs = t;
    return;
  }
  const approved = builder.transition(t, processOwner, CSI_STATUS.genehmigt, {
    comment: plainDoc(
      `Entscheidung: genehmigt durch ${processOwner.displayName} (Prozessverantwortliche CSI). Begründung: ${plan.rationale}`,
    ),
  });
  if (!approved) return;
  story.decidedMs = t;
  t = addWorkingMinutes(t, rng.logNormal(2 * WORKING_MINUTES_PER_DAY, 0.5));
  if (!builder.transition(t, owner, CSI_STATUS.inUmsetzung)) return;

  const isSelfService = plan.summary === SELF_SERVICE_SUMMARY;
  t = isSelfService
    ? goLiveMs
    : addWorkingMinutes(t + plan.implementationDays * MS_PER_DAY, rng.next() * 300);
  const verifying = builder.transition(t, owner, CSI_STATUS.wirksamkeitspruefung, {
    comment: plainDoc(
      isSelfService
        ? 'Self-Service-Passwortrücksetzung ist für alle Kunden live. Wirksamkeitsprüfung: Anzahl der Passwort-Tickets und Durchlaufzeit des Service Desks.'
        : 'Umsetzung abgeschlossen, Wirksamkeitsprüfung läuft.',
    ),
  });
  if (!verifying) return;
  t = meetingAfter(t + plan.verificationDays * MS_PER_DAY);
  const measured = isSelfService ? selfServiceCounts(helpDesk, goLiveMs, t) : null;
  const result = measured !== null ? selfServiceResultText(measured) : (plan.result ?? 'Ziel erreicht.');
  // Drawn for every improvement, so the self-service one (not closed) leaves the others' draws as they were.
  const lesson = rng.pick(LESSONS);
  if (measured !== null) {
    // The meeting reviews the self-service reset but keeps it in Wirksamkeitsprüfung: the ticket count fell, the
    // lead time is left to the app's effect check. Closing it (in the preview) tells the feedback issues.
    if (
      builder.comment(
        t,
        processOwner,
        doc(labelled('Zwischenstand', result), paragraph(SELF_SERVICE_PENDING)),
      )
    )
      story.selfService = measured;
    return;
  }
  const closed = builder.transition(t, processOwner, CSI_STATUS.abgeschlossen, {
    resolution: RESOLUTION.erledigt,
    comment: doc(labelled('Gemessenes Ergebnis', result), labelled('Lessons learned', lesson)),
  });
  if (closed) {
    story.closedMs = t;
    story.lesson = lesson;
  }
}

/** Why the CSI meeting keeps the self-service password reset in its effectiveness check. */
const SELF_SERVICE_PENDING =
  'Wirksamkeitsprüfung läuft weiter: Abschluss, sobald die Wirkungsprüfung die Durchlaufzeit des Service Desks vor und nach dem Go-live verglichen hat.';

/** Password tickets per week in the 8 weeks before go-live and from a week after go-live to the closing. */
function selfServiceCounts(
  helpDesk: readonly GeneratedIssue[],
  goLiveMs: number,
  closedMs: number,
): { readonly beforePerWeek: number; readonly afterPerWeek: number } {
  const count = (fromMs: number, toMs: number): number =>
    helpDesk.filter(
      (i) =>
        i.topic === 'passwort' && i.builder.draft.createdMs >= fromMs && i.builder.draft.createdMs < toMs,
    ).length;
  const beforePerWeek = count(goLiveMs - 56 * MS_PER_DAY, goLiveMs) / 8;
  const afterFromMs = goLiveMs + 7 * MS_PER_DAY;
  const afterWeeks = Math.max(1, (closedMs - afterFromMs) / (7 * MS_PER_DAY));
  const afterPerWeek = count(afterFromMs, closedMs) / afterWeeks;
  return { beforePerWeek, afterPerWeek };
}

/** The measured result of the self-service password reset, counted from the help-desk data itself. */
function selfServiceResultText({
  beforePerWeek,
  afterPerWeek,
}: {
  readonly beforePerWeek: number;
  readonly afterPerWeek: number;
}): string {
  return `Passwort-Tickets von ${germanNumber(beforePerWeek)} auf ${germanNumber(afterPerWeek)} pro Woche gesunken; Rückrufe zur Identitätsprüfung entfallen weitgehend.`;
}
