/**
 * The e-mail service (project MAIL, "E-Mail-Service"): about 300 changes, problems and tasks of the e-mail
 * team over 12 months, workflow Backlog → In Arbeit → Review → Fertig with rework after review.
 * Problems are linked to the help-desk incidents they cause ("verursacht").
 */
import { doc, heading, labelled, paragraph, plainDoc } from './adf';
import {
  addWorkingMinutes,
  berlinDayNumber,
  berlinWallToInstant,
  dayNumberToDate,
  isWorkingDay,
  nextWorkingDay,
  WORKING_MINUTES_PER_DAY,
} from './berlin-time';
import { CUSTOMERS } from './catalog-hd';
import type { GeneratedIssue, PendingLink } from './generate-hd';
import { IssueBuilder } from './issue-builder';
import {
  ISSUE_TYPE,
  LINK_TYPE,
  MAIL_STATUS,
  MAIL_TEAM,
  PROJECT_IDS,
  PROJECT_KEYS,
  RESOLUTION,
  user,
} from './model';
import type { UserKey } from './model';
import type { Rng } from './prng';

const MS_PER_DAY = 86_400_000;

type MailKind = 'aenderung' | 'problem' | 'aufgabe';

interface MailTemplate {
  readonly id: string;
  readonly kind: MailKind;
  /** Placeholders: {kunde}, {domain}, {monat}, {postfach}. */
  readonly summary: string;
  readonly weight: number;
  readonly details: string;
  /** Help-desk topics this problem causes (links "verursacht"). */
  readonly causesTopics?: readonly string[];
}

/** Templates of the e-mail team's work; `mail-*` ids are referenced by the CSI improvements. */
export const MAIL_TEMPLATES: readonly MailTemplate[] = [
  {
    id: 'spf',
    kind: 'aenderung',
    summary: 'SPF-Eintrag für {domain} aktualisieren',
    weight: 4,
    details: 'Neuer Versanddienst des Kunden muss im SPF-Eintrag ergänzt werden.',
  },
  {
    id: 'dkim',
    kind: 'aenderung',
    summary: 'DKIM-Schlüssel für {domain} rotieren',
    weight: 3,
    details: 'Jährliche Rotation der DKIM-Schlüssel gemäß Betriebshandbuch.',
  },
  {
    id: 'zertifikat',
    kind: 'aenderung',
    summary: 'Zertifikat für das SMTP-Relay erneuern',
    weight: 2,
    details: 'Das Zertifikat läuft in vier Wochen ab.',
  },
  {
    id: 'migration',
    kind: 'aenderung',
    summary: 'Postfachmigration {kunde} nach Exchange Online',
    weight: 4,
    details: 'Migration der lokalen Postfächer in mehreren Wellen, Abstimmung mit dem Kunden zum Zeitplan.',
  },
  {
    id: 'signatur',
    kind: 'aenderung',
    summary: 'Transportregel für E-Mail-Signatur {kunde} anpassen',
    weight: 3,
    details: 'Neue Pflichtangaben im Impressum, Signatur zentral anpassen.',
  },
  {
    id: 'anhang',
    kind: 'aenderung',
    summary: 'Größenlimit für Anhänge auf 35 MB erhöhen',
    weight: 1,
    details: 'Mehrere Anfragen aus dem Service Desk, Pläne ließen sich nicht versenden.',
  },
  {
    id: 'aufbewahrung',
    kind: 'aenderung',
    summary: 'Aufbewahrungsrichtlinie für Postfächer {kunde} anpassen',
    weight: 2,
    details: 'Gesetzliche Aufbewahrungsfristen für Geschäftsbriefe umsetzen.',
  },
  {
    id: 'conditional-access',
    kind: 'aenderung',
    summary: 'Richtlinie für bedingten Zugriff: Outlook mobil absichern',
    weight: 2,
    details: 'Zugriff nur noch mit verwalteter App und MFA.',
  },
  {
    id: 'spamfilter',
    kind: 'aenderung',
    summary: 'Spamfilter: Schwellenwert für Massen-E-Mails anpassen',
    weight: 2,
    details: 'Zu viele Newsletter landen im Posteingang.',
  },
  {
    id: 'mail-zustellung',
    kind: 'problem',
    summary: 'Verzögerte Zustellung an externe Empfänger',
    weight: 2,
    details:
      'Mehrere Störungen im Service Desk: ausgehende E-Mails hängen bis zu zwei Stunden in der Warteschlange.',
    causesTopics: ['mail-zustellung'],
  },
  {
    id: 'mail-anmeldeaufforderung',
    kind: 'problem',
    summary: 'Wiederkehrende Anmeldeaufforderungen in Outlook',
    weight: 2,
    details:
      'Seit der Umstellung auf moderne Authentifizierung fragt Outlook bei vielen Anwendern wiederholt nach dem Kennwort.',
    causesTopics: ['outlook-anmeldung'],
  },
  {
    id: 'mail-spam-rechnungen',
    kind: 'problem',
    summary: 'Spamfilter blockiert legitime Rechnungs-E-Mails',
    weight: 1,
    details: 'Rechnungen mehrerer Lieferanten werden als Spam eingestuft.',
    causesTopics: ['mail-zustellung'],
  },
  {
    id: 'mail-profile',
    kind: 'problem',
    summary: 'Outlook-Profile nach Office-Update beschädigt',
    weight: 1,
    details: 'Nach dem letzten Office-Update starten bei mehreren Kunden Outlook-Profile nicht mehr.',
    causesTopics: ['outlook-start'],
  },
  {
    id: 'shared-mailbox',
    kind: 'aufgabe',
    summary: 'Freigegebenes Postfach „{postfach}“ für {kunde} anlegen',
    weight: 6,
    details: 'Postfach anlegen, Berechtigungen laut Anforderung aus dem Service Desk setzen.',
  },
  {
    id: 'lizenzbericht',
    kind: 'aufgabe',
    summary: 'Lizenzbericht Microsoft 365 für {monat} erstellen',
    weight: 4,
    details: 'Monatlicher Bericht für die Abrechnung mit den Kunden.',
  },
  {
    id: 'quarantaene',
    kind: 'aufgabe',
    summary: 'Quarantäne-Bericht der Woche prüfen',
    weight: 6,
    details: 'Fälschlich zurückgehaltene E-Mails freigeben, Regeln bei Bedarf anpassen.',
  },
  {
    id: 'doku',
    kind: 'aufgabe',
    summary: 'Dokumentation Mail-Routing aktualisieren',
    weight: 2,
    details: 'Betriebsdokumentation nach den letzten Änderungen nachziehen.',
  },
  {
    id: 'archiv',
    kind: 'aufgabe',
    summary: 'Verwaiste Postfächer {kunde} archivieren',
    weight: 3,
    details: 'Postfächer ausgeschiedener Mitarbeiter nach Ablauf der Frist archivieren.',
  },
  {
    id: 'weiterleitung',
    kind: 'aufgabe',
    summary: 'Weiterleitungsregeln nach extern prüfen',
    weight: 3,
    details: 'Automatische Weiterleitungen an externe Adressen auflisten und mit den Kunden klären.',
  },
  {
    id: 'postfachgroesse',
    kind: 'aufgabe',
    summary: 'Übergabe aus dem Service Desk: Postfachgröße {kunde} prüfen',
    weight: 4,
    details: 'Postfach ist fast voll, Archivierung oder größere Lizenz klären.',
  },
];

/** Special issues the CSI story refers to, with fixed timing around the self-service go-live. */
const SSPR_CHANGE = {
  summary: 'Self-Service-Passwortrücksetzung in Entra ID aktivieren',
  details:
    'Umsetzung der CSI-Verbesserung: Registrierung der Authentifizierungsmethoden, Rückschreiben ins lokale Active Directory, Kommunikation an die Kunden.',
};
const FAILED_SIGNIN_PROBLEM: MailTemplate = {
  id: 'mail-fehlanmeldungen',
  kind: 'problem',
  summary: 'Hohe Zahl fehlgeschlagener Anmeldeversuche am Mailsystem',
  weight: 0,
  details:
    'Das Anmeldeprotokoll zeigt täglich mehrere tausend fehlgeschlagene Anmeldungen, überwiegend veraltete Kennwörter auf Mobilgeräten.',
  causesTopics: ['outlook-anmeldung', 'konto-gesperrt'],
};

const DOMAINS = [
  'stadtwerke-lindenau.example',
  'hansen-baeckereien.example',
  'foerde-logistik.example',
  'nordlicht-it.example',
];
const MAILBOXES = ['Vertrieb', 'Buchhaltung', 'Bewerbungen', 'Einkauf', 'Kundenservice'];
const MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const FLAG_REASONS = [
  'Warten auf den Microsoft-Support (Fall eröffnet).',
  'Warten auf die DNS-Änderung durch den Kunden.',
  'Warten auf das Wartungsfenster des Kunden.',
];
const REVIEW_FINDINGS = [
  'Review: Rückfallplan fehlt noch, bitte ergänzen.',
  'Review: Dokumentation unvollständig.',
  'Review: Bitte vorher mit dem Service Desk abstimmen.',
];

const KIND_TYPE = {
  aenderung: ISSUE_TYPE.aenderung.id,
  problem: ISSUE_TYPE.problem.id,
  aufgabe: ISSUE_TYPE.aufgabe.id,
} as const;
/** Median working minutes in In Arbeit by kind. */
const KIND_WORK_MIN = { aenderung: 1400, problem: 2800, aufgabe: 450 } as const;

function fill(rng: Rng, template: string, createdMs: number): string {
  const date = dayNumberToDate(berlinDayNumber(createdMs));
  const month = `${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${date.slice(0, 4)}`;
  return template
    .replace('{kunde}', rng.pick(CUSTOMERS.slice(0, -1)))
    .replace('{domain}', rng.pick(DOMAINS))
    .replace('{postfach}', rng.pick(MAILBOXES))
    .replace('{monat}', month);
}

const step = (fromMs: number, minutes: number): number => addWorkingMinutes(fromMs, Math.max(1, minutes));

interface MailArrival {
  readonly createdMs: number;
  readonly template: MailTemplate;
  readonly special?: 'sspr';
}

/**
 * Generates the e-mail team's issues in creation order (MAIL-1…) and their links: problems cause help-desk
 * incidents, some tasks block others.
 */
export function generateMail(
  rng: Rng,
  nowMs: number,
  goLiveMs: number,
  helpDesk: readonly GeneratedIssue[],
  targetCount = 300,
): { issues: GeneratedIssue[]; links: PendingLink[] } {
  const lastDay = berlinDayNumber(nowMs);
  const firstDay = lastDay - 365;
  let workingDays = 0;
  for (let day = firstDay; day <= lastDay; day++) if (isWorkingDay(day)) workingDays++;
  const perDay = (targetCount - 2) / workingDays;
  const arrivals: MailArrival[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWorkingDay(day)) continue;
    const count = rng.poisson(perDay);
    for (let i = 0; i < count; i++) {
      const createdMs = Math.floor(berlinWallToInstant(day, 8 * 60 + 15 + rng.next() * 9 * 60));
      if (createdMs > nowMs) continue;
      arrivals.push({ createdMs, template: rng.weighted(MAIL_TEMPLATES.map((t) => [t, t.weight] as const)) });
    }
  }
  // The rollout change of the self-service password reset, six weeks before go-live.
  const ssprDay = nextWorkingDay(berlinDayNumber(goLiveMs) - 45);
  const ssprCreatedMs = berlinWallToInstant(ssprDay, 10 * 60 + rng.next() * 60);
  if (ssprCreatedMs <= nowMs) {
    arrivals.push({
      createdMs: Math.floor(ssprCreatedMs),
      template: {
        id: 'sspr',
        kind: 'aenderung',
        summary: SSPR_CHANGE.summary,
        weight: 0,
        details: SSPR_CHANGE.details,
      },
      special: 'sspr',
    });
  }
  // The problem behind the e-mail objective "faster sign-in" (failed sign-ins), raised about 100 days ago.
  const failedDay = nextWorkingDay(lastDay - 100);
  const failedCreatedMs = berlinWallToInstant(failedDay, 9 * 60 + rng.next() * 120);
  if (failedCreatedMs <= nowMs)
    arrivals.push({ createdMs: Math.floor(failedCreatedMs), template: FAILED_SIGNIN_PROBLEM });
  arrivals.sort((a, b) => a.createdMs - b.createdMs);

  const issues: GeneratedIssue[] = [];
  const links: PendingLink[] = [];
  for (const [index, arrival] of arrivals.entries()) {
    const key = `${PROJECT_KEYS.mail}-${index + 1}`;
    const issue =
      arrival.special === 'sspr'
        ? simulateSelfServiceChange(rng, key, arrival, nowMs, goLiveMs)
        : simulateMailIssue(rng, key, arrival, nowMs);
    issues.push(issue);
    for (const incident of causedIncidents(rng, arrival, helpDesk)) {
      links.push({ type: LINK_TYPE.verursacht, outward: issue.builder, inward: incident.builder });
    }
  }
  // A few tasks block later ones (e.g. a DNS change before a migration wave).
  for (let i = 0; i < 8; i++) {
    const a = rng.int(0, issues.length - 2);
    const blocker = issues[a];
    const blocked = issues[Math.min(issues.length - 1, a + rng.int(1, 4))];
    if (blocker !== undefined && blocked !== undefined && blocker !== blocked) {
      links.push({ type: LINK_TYPE.blocks, outward: blocker.builder, inward: blocked.builder });
    }
  }
  return { issues, links };
}

/** Help-desk incidents of the problem's topics from three weeks before to two weeks after it was raised. */
function causedIncidents(
  rng: Rng,
  arrival: MailArrival,
  helpDesk: readonly GeneratedIssue[],
): GeneratedIssue[] {
  const topics = arrival.template.causesTopics;
  if (topics === undefined) return [];
  const from = arrival.createdMs - 21 * MS_PER_DAY;
  const to = arrival.createdMs + 14 * MS_PER_DAY;
  const candidates = helpDesk.filter(
    (i) => topics.includes(i.topic) && i.builder.draft.createdMs >= from && i.builder.draft.createdMs <= to,
  );
  const picked: GeneratedIssue[] = [];
  while (picked.length < 4 && candidates.length > 0)
    picked.push(candidates.splice(rng.int(0, candidates.length - 1), 1)[0] as GeneratedIssue);
  return picked.sort((a, b) => a.builder.draft.createdMs - b.builder.draft.createdMs);
}

function newBuilder(
  rng: Rng,
  key: string,
  arrival: MailArrival,
  summary: string,
  nowMs: number,
  reporter: UserKey,
): IssueBuilder {
  const { template } = arrival;
  const priority =
    template.kind === 'problem'
      ? rng.weighted([
          ['Hoch', 3],
          ['Mittel', 2],
        ] as const)
      : rng.weighted([
          ['Hoch', 1],
          ['Mittel', 6],
          ['Niedrig', 2],
        ] as const);
  return new IssueBuilder(
    {
      projectId: PROJECT_IDS.mail,
      key,
      issueTypeId: KIND_TYPE[template.kind],
      summary,
      description: doc(
        heading('Beschreibung'),
        paragraph(template.details),
        labelled('Auslöser', reporter === 'sabine' ? 'Übergabe aus dem Service Desk' : 'E-Mail-Team'),
      ),
      createdMs: arrival.createdMs,
      priority,
      labels: template.kind === 'problem' ? ['e-mail', 'problem'] : ['e-mail'],
      reporter: user(reporter),
      initialStatus: MAIL_STATUS.backlog,
      defaultResolution: RESOLUTION.fertig,
    },
    nowMs,
  );
}

function simulateMailIssue(rng: Rng, key: string, arrival: MailArrival, nowMs: number): GeneratedIssue {
  const { template } = arrival;
  const reporter: UserKey = rng.chance(0.25) ? 'sabine' : rng.pick(MAIL_TEAM);
  const builder = newBuilder(
    rng,
    key,
    arrival,
    fill(rng, template.summary, arrival.createdMs),
    nowMs,
    reporter,
  );
  const issue: GeneratedIssue = { builder, topic: template.id };
  const owner = user(rng.pick(MAIL_TEAM));
  const reviewer = user(rng.pick(MAIL_TEAM.filter((k) => user(k) !== owner)));
  // Problems and changes wait in the backlog for planning; weekly tasks are picked up at once.
  const backlogMedian =
    template.id === 'quarantaene' || template.id === 'lizenzbericht'
      ? 120
      : template.kind === 'problem'
        ? 900
        : 2400;
  // Some backlog items are "some day" work: planned much later, or never.
  const someday = template.kind !== 'problem' && backlogMedian > 120 && rng.chance(0.12);
  if (someday && rng.chance(0.45)) return issue;
  let t = step(
    arrival.createdMs,
    someday ? rng.logNormal(25 * WORKING_MINUTES_PER_DAY, 0.7) : rng.logNormal(backlogMedian, 1.2),
  );
  if (!builder.transition(t, owner, MAIL_STATUS.inArbeit, { assignTo: owner })) return issue;
  const workMin = rng.logNormal(KIND_WORK_MIN[template.kind], 1);
  if (rng.chance(0.07)) {
    t = step(t, workMin * rng.next());
    if (!builder.flag(t, owner, true, plainDoc(`Flag hinzugefügt: ${rng.pick(FLAG_REASONS)}`))) return issue;
    t = step(t, rng.logNormal(2000, 0.8));
    if (!builder.flag(t, owner, false)) return issue;
    t = step(t, workMin * 0.3);
  } else {
    t = step(t, workMin);
  }
  if (!builder.transition(t, owner, MAIL_STATUS.review)) return issue;
  t = step(t, rng.logNormal(300, 0.9));
  if (rng.chance(0.2)) {
    if (
      !builder.transition(t, reviewer, MAIL_STATUS.inArbeit, { comment: plainDoc(rng.pick(REVIEW_FINDINGS)) })
    )
      return issue;
    t = step(t, rng.logNormal(400, 0.8));
    if (!builder.transition(t, owner, MAIL_STATUS.review)) return issue;
    t = step(t, rng.logNormal(200, 0.8));
  }
  builder.transition(
    t,
    reviewer,
    MAIL_STATUS.fertig,
    rng.chance(0.3) ? { comment: plainDoc('Review ohne Befund, umgesetzt und dokumentiert.') } : {},
  );
  return issue;
}

/** The rollout of the self-service password reset: done the working day before go-live. */
function simulateSelfServiceChange(
  rng: Rng,
  key: string,
  arrival: MailArrival,
  nowMs: number,
  goLiveMs: number,
): GeneratedIssue {
  const builder = newBuilder(rng, key, arrival, SSPR_CHANGE.summary, nowMs, 'thomas');
  const issue: GeneratedIssue = { builder, topic: 'sspr' };
  const owner = user('emily');
  const reviewer = user('thomas');
  const goLiveDay = berlinDayNumber(goLiveMs);
  let t = step(arrival.createdMs, rng.logNormal(3 * WORKING_MINUTES_PER_DAY, 0.3));
  if (!builder.transition(t, owner, MAIL_STATUS.inArbeit, { assignTo: owner })) return issue;
  t = Math.max(t + 60_000, berlinWallToInstant(goLiveDay - 6, 11 * 60));
  if (
    !builder.transition(step(t, 0), owner, MAIL_STATUS.review, {
      comment: plainDoc('Pilot mit dem Service Desk erfolgreich, bereit für die Freigabe.'),
    })
  )
    return issue;
  t = Math.max(builder.latestMs + 60_000, berlinWallToInstant(goLiveDay, 8 * 60 + 30));
  builder.transition(step(t, 0), reviewer, MAIL_STATUS.fertig, {
    comment: plainDoc('Freigegeben und für alle Kunden aktiviert. Information an die Kunden ist verschickt.'),
  });
  return issue;
}
