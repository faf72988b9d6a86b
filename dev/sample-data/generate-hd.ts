/**
 * The help desk (project HD, "Service Desk"): about 2,000 incidents and service requests over the 12 months
 * before `now`, simulated ticket by ticket in working time (weekdays 08–18 Berlin time).
 *
 * The effect the sample data is built to show: once the self-service password reset goes live (`goLiveMs`) and
 * users have adopted it (one week), password tickets become rare and quick. The capacity they freed shortens the
 * queue for every other ticket (utilisation 90 % → 78 %), agents solve more on first contact and chase open
 * questions sooner, so the lead time of the whole desk drops (p50 and p85 by a third or more).
 */
import type { SeedLinkType } from '../emulator/seed';
import { bulletList, doc, labelled, paragraph, plainDoc } from './adf';
import {
  addWorkingMinutes,
  berlinDayNumber,
  berlinWallToInstant,
  dayNumberToDate,
  isoWeekdayOfDay,
  isWorkingDay,
  WORKING_MINUTES_PER_DAY,
} from './berlin-time';
import {
  CHANNELS,
  CONTACTS,
  CUSTOMER_REPLIES,
  CUSTOMERS,
  FLAG_REASONS,
  HD_TOPICS,
  PRIORITIES,
  PRIORITY_SPEED,
  REOPEN_NOTES,
} from './catalog-hd';
import type { HdTopic } from './catalog-hd';
import { IssueBuilder } from './issue-builder';
import {
  HD_AGENTS,
  HD_STATUS,
  ISSUE_TYPE,
  LINK_TYPE,
  PROJECT_IDS,
  PROJECT_KEYS,
  RESOLUTION,
  user,
} from './model';
import type { Rng } from './prng';

const MS_PER_DAY = 86_400_000;

/** A link decided during generation, between issues whose ids are assigned later. */
export interface PendingLink {
  readonly type: SeedLinkType;
  /** The issue the outward description reads from ("A blocks B": A). */
  readonly outward: IssueBuilder;
  readonly inward: IssueBuilder;
}

export interface GeneratedIssue {
  readonly builder: IssueBuilder;
  /** Catalogue topic (help desk) or kind, for linking and tests. */
  readonly topic: string;
}

/** Days over which users adopt the self-service password reset after go-live. */
export const ADOPTION_DAYS = 7;
/**
 * Utilisation of the desk before the self-service password reset and once it is in use: password resets with
 * their identity call-backs took about a sixth of the tickets and more of the time.
 */
const UTILISATION_BEFORE = 0.9;
const UTILISATION_AFTER = 0.78;
/** Mean time a ticket waits for a free agent at the utilisation before, in working minutes (exponential). */
const QUEUE_MEAN_MIN = 150;
/** Share by which hands-on work gets faster once agents are no longer rushed. */
const WORK_RELIEF = 0.3;
/**
 * What else the freed capacity buys: agents solve more on first contact instead of asking by e-mail (fewer
 * waits for the customer) and chase open questions by phone (shorter waits).
 */
const FIRST_CONTACT_RELIEF = 0.2;
const FOLLOW_UP_RELIEF = 0.3;
/** How much the work-time spread narrows with relief: a rushed desk is also an erratic one. */
const TAIL_RELIEF = 0.25;

/**
 * Waiting time for a free agent relative to before go-live, for a share of users already on the self-service
 * (0..1). Queueing theory (M/M/1): the wait grows with ρ / (1 − ρ), so a little relief shortens it a lot.
 */
export function queueFactor(adoption: number): number {
  const rho = UTILISATION_BEFORE - (UTILISATION_BEFORE - UTILISATION_AFTER) * adoption;
  return rho / (1 - rho) / (UTILISATION_BEFORE / (1 - UTILISATION_BEFORE));
}
/** Probability by priority that a ticket is forgotten and never finished. */
const FORGOTTEN_CHANCE: Readonly<Record<string, number>> = {
  Höchste: 0,
  Hoch: 0.02,
  Mittel: 0.055,
  Niedrig: 0.15,
  Niedrigste: 0.18,
};

/** Ticket volume by ISO weekday (index 1 = Monday): the Monday peak of a help desk. */
const WEEKDAY_VOLUME = [0, 1.45, 1.1, 1, 0.95, 0.8, 0.06, 0.04] as const;
/** Volume by month (index 1 = January): quieter in the summer holidays and at the turn of the year. */
const MONTH_VOLUME = [0, 1.1, 1.05, 1, 0.95, 0.95, 0.95, 0.85, 0.8, 1.05, 1.05, 1.05, 0.9] as const;
/** When tickets arrive on a working day (Berlin hour → weight): morning peak, dip at lunch. */
const ARRIVAL_HOURS: readonly (readonly [number, number])[] = [
  [6, 0.01],
  [7, 0.04],
  [8, 0.13],
  [9, 0.15],
  [10, 0.13],
  [11, 0.11],
  [12, 0.07],
  [13, 0.09],
  [14, 0.09],
  [15, 0.08],
  [16, 0.06],
  [17, 0.03],
  [18, 0.01],
  [19, 0.005],
  [20, 0.005],
];

/** Share (0..1) of users resetting passwords themselves at an instant. */
export function selfServiceAdoption(instantMs: number, goLiveMs: number): number {
  return Math.min(1, Math.max(0, (instantMs - goLiveMs) / (ADOPTION_DAYS * MS_PER_DAY)));
}

function dayVolume(day: number, adoption: number, volumeAfter: number): number {
  const date = dayNumberToDate(day);
  const month = Number(date.slice(5, 7));
  const dayOfMonth = Number(date.slice(8, 10));
  let volume = (MONTH_VOLUME[month] ?? 1) * (WEEKDAY_VOLUME[isoWeekdayOfDay(day)] ?? 1);
  if (isoWeekdayOfDay(day) <= 5 && !isWorkingDay(day)) volume = 0.05; // public holiday
  if (month === 12 && dayOfMonth >= 24) volume *= 0.4; // between the years
  return volume * (1 - adoption + adoption * volumeAfter);
}

/** Advances `fromMs` by working minutes, at least one minute so changes stay strictly ordered. */
function step(fromMs: number, minutes: number): number {
  return addWorkingMinutes(fromMs, Math.max(1, minutes));
}

/** Picks up to `count` distinct items. */
function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

interface Arrival {
  readonly createdMs: number;
  readonly topic: HdTopic;
  /** The ticket comes after go-live from someone using (or failing with) the self-service. */
  readonly selfServiceEra: boolean;
}

/**
 * Generates the help desk's tickets in creation order with keys HD-1…, and the duplicate links among them.
 */
export function generateHelpDesk(
  rng: Rng,
  nowMs: number,
  goLiveMs: number,
  targetCount = 2000,
): { issues: GeneratedIssue[]; links: PendingLink[] } {
  const weightBefore = HD_TOPICS.reduce((sum, t) => sum + t.weight, 0);
  const weightAfter = HD_TOPICS.reduce((sum, t) => sum + t.weightAfter, 0);
  const volumeAfter = weightAfter / weightBefore;
  const lastDay = berlinDayNumber(nowMs);
  const firstDay = lastDay - 365;
  const adoptionOfDay = (day: number): number =>
    selfServiceAdoption(berlinWallToInstant(day, 12 * 60), goLiveMs);
  let totalVolume = 0;
  for (let day = firstDay; day <= lastDay; day++)
    totalVolume += dayVolume(day, adoptionOfDay(day), volumeAfter);
  const perUnit = targetCount / totalVolume;

  const topicsBefore = HD_TOPICS.map((t) => [t, t.weight] as const);
  const topicsAfter = HD_TOPICS.map((t) => [t, t.weightAfter] as const);
  const arrivals: Arrival[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const count = rng.poisson(perUnit * dayVolume(day, adoptionOfDay(day), volumeAfter));
    for (let i = 0; i < count; i++) {
      const minuteOfDay = isWorkingDay(day)
        ? rng.weighted(ARRIVAL_HOURS) * 60 + rng.next() * 60
        : 9 * 60 + rng.next() * 11 * 60;
      const createdMs = Math.floor(berlinWallToInstant(day, minuteOfDay));
      if (createdMs > nowMs || createdMs <= berlinWallToInstant(firstDay, 0)) continue;
      const adoption = selfServiceAdoption(createdMs, goLiveMs);
      const topic = rng.weighted(
        adoption === 0
          ? topicsBefore
          : adoption === 1
            ? topicsAfter
            : HD_TOPICS.map((t) => [t, (1 - adoption) * t.weight + adoption * t.weightAfter] as const),
      );
      arrivals.push({ createdMs, topic, selfServiceEra: rng.chance(adoption) });
    }
  }
  arrivals.sort((a, b) => a.createdMs - b.createdMs);

  const issues: GeneratedIssue[] = [];
  const links: PendingLink[] = [];
  const lastByTopic = new Map<string, GeneratedIssue>();
  for (const [index, arrival] of arrivals.entries()) {
    const previous = lastByTopic.get(arrival.topic.id);
    const duplicateOf =
      previous !== undefined &&
      arrival.createdMs - previous.builder.draft.createdMs < 2 * MS_PER_DAY &&
      rng.chance(0.04)
        ? previous
        : undefined;
    const issue = simulateTicket(
      rng,
      `${PROJECT_KEYS.hd}-${index + 1}`,
      arrival,
      nowMs,
      goLiveMs,
      duplicateOf,
    );
    if (duplicateOf !== undefined)
      links.push({ type: LINK_TYPE.duplicate, outward: issue.builder, inward: duplicateOf.builder });
    issues.push(issue);
    lastByTopic.set(arrival.topic.id, issue);
  }
  return { issues, links };
}

/** `items[index]` when present (texts that belong to one summary variant), else any item. */
function variant<T>(rng: Rng, items: readonly T[], index: number): T {
  return items[index] ?? rng.pick(items);
}

function describe(rng: Rng, customer: string, contact: string, channel: string, symptom: string) {
  const blocks = [
    labelled('Kunde', `${customer}, ${contact}`),
    labelled('Eingang', channel),
    paragraph(symptom),
  ];
  return doc(...blocks);
}

function simulateTicket(
  rng: Rng,
  key: string,
  arrival: Arrival,
  nowMs: number,
  goLiveMs: number,
  duplicateOf: GeneratedIssue | undefined,
): GeneratedIssue {
  const { topic, createdMs, selfServiceEra } = arrival;
  const customer = rng.pick(CUSTOMERS);
  const contact = rng.pick(CONTACTS);
  const channel = rng.pick(CHANNELS);
  // Summary, symptom and solution of one variant belong together (a Word crash is not solved in Excel).
  const afterTexts = selfServiceEra && topic.summariesAfter !== undefined;
  const summaries = afterTexts ? (topic.summariesAfter ?? topic.summaries) : topic.summaries;
  const variantIndex = rng.int(0, summaries.length - 1);
  const baseSummary = variant(rng, summaries, variantIndex);
  const symptom = variant(
    rng,
    afterTexts ? (topic.symptomsAfter ?? topic.symptoms) : topic.symptoms,
    variantIndex,
  );
  const solutionText = afterTexts ? rng.pick(topic.solutions) : variant(rng, topic.solutions, variantIndex);
  let description = describe(rng, customer, contact, channel, symptom);
  if (topic.tried.length > 0 && rng.chance(0.6)) {
    const tried = sample(rng, topic.tried, rng.int(1, 2));
    description = doc(...(description.content ?? []), paragraph('Bereits versucht:'), bulletList(tried));
  }
  const summary = rng.chance(0.3) ? `${baseSummary} – ${customer}` : baseSummary;
  const priority = topic.type === 'stoerung' ? rng.weighted(PRIORITIES) : rng.weighted(PRIORITIES.slice(1));
  const reporter = user(rng.weighted(HD_AGENTS));
  const labels = rng.chance(0.05) ? [...topic.labels, 'vip'] : [...topic.labels];
  const builder = new IssueBuilder(
    {
      projectId: PROJECT_IDS.hd,
      key,
      issueTypeId: topic.type === 'stoerung' ? ISSUE_TYPE.stoerung.id : ISSUE_TYPE.serviceanfrage.id,
      summary,
      description,
      createdMs,
      priority,
      labels,
      reporter,
      initialStatus: HD_STATUS.neu,
      defaultResolution: RESOLUTION.erledigt,
    },
    nowMs,
  );
  const issue: GeneratedIssue = { builder, topic: topic.id };
  const agent = user(rng.weighted(HD_AGENTS));
  // The queue: every ticket waits behind the password resets until the self-service relieves the desk.
  const adoption = selfServiceAdoption(createdMs, goLiveMs);
  const urgency = PRIORITY_SPEED[priority] ?? 1;
  const queue = queueFactor(adoption);
  const waitForAgent = (): number => rng.exponential(QUEUE_MEAN_MIN * queue * urgency);
  const workFactor = urgency * (1 - WORK_RELIEF * adoption);

  // Every desk has forgotten tickets that nobody finishes: they make the aging backlog (low priority more often).
  const forgotten = rng.chance(FORGOTTEN_CHANCE[priority] ?? 0.03)
    ? rng.weighted([
        ['neu', 0.2],
        ['wait', 0.6],
        ['flag', 0.2],
      ] as const)
    : null;
  if (forgotten === 'neu') return issue;

  let t = step(createdMs, waitForAgent() + rng.logNormal(10, 0.8));
  if (!builder.transition(t, agent, HD_STATUS.inBearbeitung, { assignTo: agent })) return issue;
  if (forgotten !== null) {
    t = step(t, rng.logNormal(60, 1));
    if (forgotten === 'wait')
      builder.transition(t, agent, HD_STATUS.wartetAufKunde, {
        comment: plainDoc(variant(rng, topic.questions, variantIndex)),
      });
    else builder.flag(t, agent, true, plainDoc(`Flag hinzugefügt: ${rng.pick(FLAG_REASONS)}`));
    return issue;
  }

  if (duplicateOf !== undefined) {
    t = step(t, rng.logNormal(10, 0.6));
    builder.transition(t, agent, HD_STATUS.geloest, {
      resolution: RESOLUTION.duplikat,
      comment: plainDoc(`Doppelt gemeldet, wird in ${duplicateOf.builder.draft.key} bearbeitet.`),
    });
    t = step(t, 5 * WORKING_MINUTES_PER_DAY);
    builder.transition(t, agent, HD_STATUS.geschlossen);
    return issue;
  }

  const workMedian = selfServiceEra ? (topic.workMedianAfterMin ?? topic.workMedianMin) : topic.workMedianMin;
  const waitChance =
    (selfServiceEra ? (topic.waitChanceAfter ?? topic.waitChance) : topic.waitChance) *
    (1 - FIRST_CONTACT_RELIEF * adoption);
  const followUp = 1 - FOLLOW_UP_RELIEF * adoption;
  const workMin = rng.logNormal(workMedian * workFactor, topic.workSigma * (1 - TAIL_RELIEF * adoption));
  const pauses: ('wait' | 'flag')[] = [];
  if (rng.chance(waitChance)) pauses.push('wait');
  if (pauses.length > 0 && rng.chance(0.2)) pauses.push('wait');
  if (rng.chance(topic.flagChance)) pauses.splice(rng.int(0, pauses.length), 0, 'flag');
  const cuts = pauses.map(() => rng.next()).sort((a, b) => a - b);
  let workedShare = 0;
  for (const [i, pause] of pauses.entries()) {
    const cut = cuts[i] ?? 1;
    t = step(t, workMin * (cut - workedShare));
    workedShare = cut;
    if (pause === 'wait') {
      if (
        !builder.transition(t, agent, HD_STATUS.wartetAufKunde, {
          comment: plainDoc(variant(rng, topic.questions, variantIndex)),
        })
      )
        return issue;
      // Customers answer within hours or days, some are away for weeks; then the answer waits for an agent.
      t = step(
        t,
        (rng.chance(0.1) ? rng.logNormal(3500, 0.7) : rng.logNormal(420 * followUp, 1.2)) + waitForAgent(),
      );
      const reply = rng.chance(0.5) ? plainDoc(rng.pick(CUSTOMER_REPLIES)(contact)) : undefined;
      if (
        !builder.transition(t, agent, HD_STATUS.inBearbeitung, reply === undefined ? {} : { comment: reply })
      )
        return issue;
    } else {
      if (!builder.flag(t, agent, true, plainDoc(`Flag hinzugefügt: ${rng.pick(FLAG_REASONS)}`)))
        return issue;
      t = step(t, rng.logNormal(1500, 0.9));
      if (!builder.flag(t, agent, false)) return issue;
    }
  }
  t = step(t, workMin * (1 - workedShare));
  const resolution = rng.chance(0.04) ? RESOLUTION.zurueckgezogen : RESOLUTION.erledigt;
  const solution =
    resolution === RESOLUTION.zurueckgezogen ? `${contact} hat die Anfrage zurückgezogen.` : solutionText;
  if (
    !builder.transition(t, agent, HD_STATUS.geloest, {
      resolution,
      ...(rng.chance(0.45) ? { comment: plainDoc(solution) } : {}),
    })
  )
    return issue;

  if (resolution === RESOLUTION.erledigt && rng.chance(0.06)) {
    t = step(t, rng.logNormal(400, 1));
    if (
      !builder.transition(t, agent, HD_STATUS.wiederGeoeffnet, {
        comment: plainDoc(rng.pick(REOPEN_NOTES)(contact)),
      })
    )
      return issue;
    t = step(t, waitForAgent() + rng.logNormal(10, 0.8));
    if (!builder.transition(t, agent, HD_STATUS.inBearbeitung)) return issue;
    t = step(t, rng.logNormal(150 * workFactor, 1));
    if (
      !builder.transition(t, agent, HD_STATUS.geloest, {
        comment: plainDoc(`Nachgebessert: ${solutionText}`),
      })
    )
      return issue;
  }
  // Resolved tickets close automatically after five working days without objection.
  t = step(t, 5 * WORKING_MINUTES_PER_DAY);
  builder.transition(t, agent, HD_STATUS.geschlossen);
  return issue;
}
