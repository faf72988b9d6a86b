/**
 * Nordlicht's OKRs as its German site writes them: the objectives and key results of the current and the
 * previous quarter, the owners' check-ins, and which sample issues serve which key result. Pure data; the dates,
 * ids and values come from `generate-okr.ts` (relative to the sample's "now").
 *
 * The two examples of the talk (OKR.md, FITSM-CSI.md) are here in their exact words: the help desk's
 * "Kundenzufriedenheit erhöhen" / "Durchlaufzeit um 15 % senken" (measured by the app from the HD sample data)
 * and the e-mail service's "Anmeldegeschwindigkeit erhöhen" / "Fehlgeschlagene Anmeldeversuche um 15 % verringern"
 * (daily values pushed through the web trigger, as the mail system's monitoring job would).
 */
import type { FlowKrMetric, KeyResultDirection } from '../../src/domain/okr/types';
import type { UserKey } from './model';

/** Which of the two sample quarters an objective belongs to. */
export type SampleQuarter = 'current' | 'previous';

/**
 * A key result's kind as the catalog names it; the generator turns it into the model's kind (a flow metric's
 * baseline is the quarter before its objective's unless it names another, see `baseline`).
 */
export type SampleKeyResultKind =
  | { readonly type: 'metric'; readonly start: number; readonly target: number }
  | { readonly type: 'threshold'; readonly operator: 'atLeast' | 'atMost'; readonly threshold: number }
  | { readonly type: 'binary' }
  | { readonly type: 'issueProgressLinked' }
  | { readonly type: 'issueProgressJql'; readonly jql: string }
  | {
      readonly type: 'flowMetric';
      readonly projectKey: string;
      readonly metric: FlowKrMetric;
      readonly targetChangePercent: number;
      /**
       * The baseline period: the quarter before the objective's (default), or the 13 weeks before the self-service
       * password reset went live (a custom period of Berlin days, see {@link SELF_SERVICE_BASELINE_WEEKS}).
       */
      readonly baseline?: 'previousQuarter' | 'beforeSelfServiceGoLive';
    };

/**
 * A check-in typed in by an owner. `atShare` places it within the part of the period that has passed (0 = its
 * first instant, 1 = now, or the end of a closed period), so the check-ins spread over whatever has elapsed.
 */
export interface SampleCheckIn {
  readonly atShare: number;
  readonly value: number;
  readonly confidence: number;
  readonly author: UserKey;
  readonly note: string;
}

/** Sample issues serving a key result: the latest `max` of a project whose summary contains `summaryIncludes`. */
export interface SampleIssueSelector {
  readonly projectKey: string;
  readonly summaryIncludes: string;
  readonly max: number;
}

export interface SampleKeyResult {
  /** The catalog's own name of the key result (ids are given by the store). */
  readonly ref: string;
  readonly title: string;
  readonly owner: UserKey;
  readonly weight: number;
  readonly unit: string;
  readonly direction: KeyResultDirection;
  readonly kind: SampleKeyResultKind;
  readonly source: 'manual' | 'external' | 'measured';
  readonly checkIns?: readonly SampleCheckIn[];
  /** Issues linked to the key result (the issue panel's "Key Results"). */
  readonly linkedIssues?: readonly SampleIssueSelector[];
  /** Improvements (CSI records) made toward the key result: their record's key-result field names it. */
  readonly improvements?: readonly SampleIssueSelector[];
}

export interface SampleObjective {
  readonly ref: string;
  readonly quarter: SampleQuarter;
  readonly title: string;
  readonly description: string;
  readonly owner: UserKey;
  readonly projectKey: string;
  /** The objective this one aligns to (listed before it). */
  readonly parentRef?: string;
  readonly keyResults: readonly SampleKeyResult[];
}

/**
 * Weeks before the self-service password reset's go-live day that the help desk's lead-time key result compares
 * with: its effect (fewer, quicker password tickets) is what the key result shows, and the quarter before the
 * current one already lies after the go-live (≈ 5 months ago), so it would show no drop at all.
 */
export const SELF_SERVICE_BASELINE_WEEKS = 13;

/** The talk's two key results: the preview measures the first and pushes values for the second. */
export const HD_LEAD_TIME_KR_REF = 'hd-lead-time';
export const MAIL_FAILED_SIGNINS_KR_REF = 'mail-failed-signins';

/** Failed sign-ins per day at the start of the quarter (the mail system's log: "mehrere tausend" a day). */
export const MAIL_FAILED_SIGNINS_START_PER_DAY = 2400;
/** The key result's target: 15 % fewer. */
export const MAIL_FAILED_SIGNINS_TARGET_PER_DAY = Math.round(MAIL_FAILED_SIGNINS_START_PER_DAY * 0.85);
/** How far the daily values have fallen by now (the trend of the sample: about 10 % over the quarter so far). */
export const MAIL_FAILED_SIGNINS_TREND_SHARE = 0.1;

/** Nordlicht's objectives, parents before their children. */
export const SAMPLE_OBJECTIVES: readonly SampleObjective[] = [
  // ── current quarter ──────────────────────────────────────────────────────────────────────────────────────
  {
    ref: 'company',
    quarter: 'current',
    title: 'Verlässlicher IT-Partner für unsere Kunden sein',
    description:
      'Unternehmensziel: Kundinnen und Kunden erleben uns als schnell, erreichbar und vorausschauend. Die Ziele von Service Desk, E-Mail-Service und Arbeitsplatz-Team zahlen darauf ein.',
    owner: 'claudia',
    projectKey: 'CSI',
    keyResults: [
      {
        ref: 'company-csat',
        title: 'Durchschnittliche Kundenbewertung von 4,1 auf 4,5 Sterne steigern',
        owner: 'claudia',
        weight: 1,
        unit: 'Sterne',
        direction: 'increase',
        kind: { type: 'metric', start: 4.1, target: 4.5 },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.15,
            value: 4.1,
            confidence: 6,
            author: 'claudia',
            note: 'Ausgangswert aus der Umfrage nach Ticketabschluss (312 Antworten).',
          },
          {
            atShare: 0.55,
            value: 4.25,
            confidence: 7,
            author: 'sabine',
            note: 'Rückrufe der Hotline werden besser bewertet; Passwortthemen tauchen kaum noch auf.',
          },
          {
            atShare: 0.9,
            value: 4.3,
            confidence: 6,
            author: 'claudia',
            note: 'Leichter Anstieg, die Kommentare nennen aber weiter lange Wartezeiten bei Störungen.',
          },
        ],
      },
    ],
  },
  {
    ref: 'hd',
    quarter: 'current',
    title: 'Kundenzufriedenheit erhöhen',
    description:
      'Der Service Desk löst Anliegen schneller und verlässlicher. Gemessen an der Durchlaufzeit der Tickets (vom Eingang bis zur Lösung), die das Tool direkt aus Jira berechnet. Basis: die 13 Wochen vor Einführung der Self-Service-Passwortrücksetzung.',
    owner: 'sabine',
    projectKey: 'HD',
    parentRef: 'company',
    keyResults: [
      {
        ref: HD_LEAD_TIME_KR_REF,
        title: 'Durchlaufzeit um 15 % senken',
        owner: 'sabine',
        weight: 2,
        // The flow metric's unit (lead time in days), written as the German site's owner would.
        unit: 'Tage',
        direction: 'decrease',
        kind: {
          type: 'flowMetric',
          projectKey: 'HD',
          metric: 'leadTimeP50',
          targetChangePercent: -15,
          baseline: 'beforeSelfServiceGoLive',
        },
        source: 'measured',
        improvements: [
          { projectKey: 'CSI', summaryIncludes: 'Wissensdatenbank-Artikel', max: 1 },
          { projectKey: 'CSI', summaryIncludes: 'Vorlagen für Standardantworten', max: 1 },
          { projectKey: 'CSI', summaryIncludes: 'Wartet auf Kunde: automatische Erinnerung', max: 1 },
        ],
      },
      {
        ref: 'hd-first-contact',
        title: 'Erstlösungsquote am Telefon von 62 % auf 70 % steigern',
        owner: 'aylin',
        weight: 1,
        unit: '%',
        direction: 'increase',
        kind: { type: 'metric', start: 62, target: 70 },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.2,
            value: 62,
            confidence: 5,
            author: 'aylin',
            note: 'Stichprobe von 200 Anrufen ausgewertet.',
          },
          {
            atShare: 0.5,
            value: 65,
            confidence: 6,
            author: 'aylin',
            note: 'Neue Standardantworten helfen bei Outlook-Fragen.',
          },
          {
            atShare: 0.85,
            value: 66,
            confidence: 5,
            author: 'sabine',
            note: 'Zwei Kolleginnen im Urlaub, die Quote stagniert. Schulung zu VPN-Störungen geplant.',
          },
        ],
      },
    ],
  },
  {
    ref: 'mail',
    quarter: 'current',
    title: 'Anmeldegeschwindigkeit erhöhen',
    description:
      'Anwenderinnen und Anwender melden sich ohne Umwege am Mailsystem an. Die Zahl der fehlgeschlagenen Anmeldeversuche liefert der Monitoring-Job des Mailsystems täglich über den Web-Trigger.',
    owner: 'thomas',
    projectKey: 'MAIL',
    parentRef: 'company',
    keyResults: [
      {
        ref: MAIL_FAILED_SIGNINS_KR_REF,
        title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
        owner: 'stefan',
        weight: 2,
        unit: 'Anmeldungen/Tag',
        direction: 'decrease',
        kind: {
          type: 'metric',
          start: MAIL_FAILED_SIGNINS_START_PER_DAY,
          target: MAIL_FAILED_SIGNINS_TARGET_PER_DAY,
        },
        source: 'external',
        linkedIssues: [
          { projectKey: 'MAIL', summaryIncludes: 'fehlgeschlagener Anmeldeversuche', max: 1 },
          { projectKey: 'MAIL', summaryIncludes: 'Wiederkehrende Anmeldeaufforderungen', max: 2 },
        ],
        improvements: [{ projectKey: 'CSI', summaryIncludes: 'Fehlgeschlagene Anmeldeversuche', max: 1 }],
      },
      {
        ref: 'mail-modern-auth',
        title: 'Bedingten Zugriff für Outlook mobil bei allen Kunden umsetzen',
        owner: 'emily',
        weight: 1,
        unit: '',
        direction: 'increase',
        kind: { type: 'issueProgressLinked' },
        source: 'measured',
        linkedIssues: [
          { projectKey: 'MAIL', summaryIncludes: 'bedingten Zugriff', max: 4 },
          { projectKey: 'MAIL', summaryIncludes: 'Outlook-Profile nach Office-Update', max: 1 },
        ],
      },
    ],
  },
  {
    ref: 'team',
    quarter: 'current',
    title: 'Arbeitsplätze sicher und aktuell halten',
    description:
      'Alle betreuten Arbeitsplätze laufen auf Windows 11 und erhalten Sicherheitsupdates zeitnah. Weniger Störungen durch veraltete Geräte entlasten auch den Service Desk.',
    owner: 'jonas',
    projectKey: 'TEAM',
    parentRef: 'company',
    keyResults: [
      {
        ref: 'team-rollout',
        title: 'Windows-11-Rollout abschließen',
        owner: 'jonas',
        weight: 2,
        unit: '',
        direction: 'increase',
        kind: { type: 'issueProgressJql', jql: 'project = TEAM' },
        source: 'measured',
      },
      {
        ref: 'team-patches',
        title: 'Mindestens 95 % der Geräte innerhalb von 14 Tagen gepatcht',
        owner: 'marie',
        weight: 1,
        unit: '%',
        direction: 'stay-within',
        kind: { type: 'threshold', operator: 'atLeast', threshold: 95 },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.3,
            value: 93,
            confidence: 6,
            author: 'marie',
            note: 'Zwölf Laptops waren wochenlang nicht im Firmennetz.',
          },
          {
            atShare: 0.8,
            value: 96,
            confidence: 8,
            author: 'lukas',
            note: 'Updates laufen jetzt auch über das Internet (Cloud-Verwaltung).',
          },
        ],
      },
    ],
  },
  // ── previous quarter (closed: graded) ────────────────────────────────────────────────────────────────────
  {
    ref: 'prev-hd',
    quarter: 'previous',
    title: 'Service Desk von Routineanfragen entlasten',
    description:
      'Nach dem Start der Self-Service-Passwortrücksetzung sollen Routineanfragen den Service Desk kaum noch binden.',
    owner: 'sabine',
    projectKey: 'HD',
    keyResults: [
      {
        ref: 'prev-hd-password-share',
        title: 'Anteil der Passwort-Tickets von 18 % auf 5 % senken',
        owner: 'deniz',
        weight: 2,
        unit: '%',
        direction: 'decrease',
        kind: { type: 'metric', start: 18, target: 5 },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.1,
            value: 15,
            confidence: 7,
            author: 'deniz',
            note: 'Die Selbstbedienung wird angenommen.',
          },
          {
            atShare: 0.5,
            value: 8,
            confidence: 8,
            author: 'deniz',
            note: 'Kunden mit Mobilgeräten brauchen noch Hilfe.',
          },
          {
            atShare: 0.97,
            value: 6,
            confidence: 9,
            author: 'sabine',
            note: 'Abschluss: 6 %, knapp am Ziel vorbei.',
          },
        ],
      },
      {
        ref: 'prev-hd-knowledge',
        title: 'Wissensdatenbank-Artikel für die zehn häufigsten Störungen veröffentlichen',
        owner: 'marie',
        weight: 1,
        unit: 'Artikel',
        direction: 'increase',
        kind: { type: 'metric', start: 0, target: 10 },
        source: 'manual',
        checkIns: [
          { atShare: 0.4, value: 4, confidence: 7, author: 'marie', note: 'Die ersten vier sind online.' },
          {
            atShare: 0.95,
            value: 10,
            confidence: 10,
            author: 'marie',
            note: 'Alle zehn Artikel veröffentlicht und im Portal verlinkt.',
          },
        ],
      },
    ],
  },
  {
    ref: 'prev-mail',
    quarter: 'previous',
    title: 'E-Mails zuverlässig zustellen',
    description: 'Kundinnen und Kunden können sich darauf verlassen, dass ihre E-Mails ankommen.',
    owner: 'thomas',
    projectKey: 'MAIL',
    keyResults: [
      {
        ref: 'prev-mail-delivery',
        title: 'Zustellquote an externe Empfänger von 98,5 % auf 99,5 % steigern',
        owner: 'thomas',
        weight: 1,
        unit: '%',
        direction: 'increase',
        kind: { type: 'metric', start: 98.5, target: 99.5 },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.3,
            value: 98.8,
            confidence: 6,
            author: 'stefan',
            note: 'SPF-Einträge bei drei Kunden korrigiert.',
          },
          {
            atShare: 0.96,
            value: 99.3,
            confidence: 8,
            author: 'thomas',
            note: 'Abschluss: 99,3 %; die restlichen Fehler liegen bei einem Empfänger-Provider.',
          },
        ],
      },
      {
        ref: 'prev-mail-dkim',
        title: 'DKIM für alle Kundendomänen aktiviert',
        owner: 'emily',
        weight: 1,
        unit: '',
        direction: 'increase',
        kind: { type: 'binary' },
        source: 'manual',
        checkIns: [
          {
            atShare: 0.8,
            value: 1,
            confidence: 10,
            author: 'emily',
            note: 'Alle vier Domänen signieren, Prüfung mit externem Tester bestanden.',
          },
        ],
      },
    ],
  },
];
