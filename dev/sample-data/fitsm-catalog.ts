/**
 * Nordlicht's FitSM story for `npm start` (issue 12), plain data: `dev/preview/fitsm-seed.ts` writes it through the
 * app's own use cases.
 *
 * The story (as the talk tells it):
 * - **07/2020, after the FitSM training**: the team's first self-assessment. Tickets are recorded in Jira, changes
 *   get a quick look, improvements happen when someone remembers them: incident and service request management
 *   (PR9), change management (PR12) and continual improvement (PR14) reach capability 1 (ad hoc), every other
 *   process 0; the management system has no written process descriptions and no reviews, so its maturity is 0.
 * - **04/2022, CSI established**: the fortnightly CSI meeting runs the register (every opportunity recorded,
 *   evaluated and decided there), so PR14 reaches capability 2 (PR14.1 and PR14.2 at 3, steering the
 *   implementation still at 2); the service desk works to written rules (PR9 at 2), reporting and change
 *   management are repeatable (PR3, PR12 at 2), several processes moved to 1; every general requirement is at
 *   least 1, so the maturity rose by one to 1. Capacity, configuration, supplier and continuity management are
 *   still at 0.
 * - Three gaps of 04/2022 are registered as CSI improvements (capacity requirements PR5.1, problem investigation
 *   PR10.2, steering the implementation PR14.3) and sit on the implementation schedule.
 * - This year's **audit plan**: PR9 audited early in the year with two findings (one registered as an
 *   improvement), PR14 audited in spring without findings, PR5 planned and overdue, PR12 and GR6 planned later.
 * - The **review meeting** is fortnightly (Thursday 14:00, as the sample CSI project's meeting) with its recent
 *   history held.
 *
 * Assessors, auditors and deciders are sample users (`model.ts`); evidence issues are named by the summary of a
 * sample CSI improvement (`catalog-csi.ts`) and resolved to its key by the seed. People and numbers fictional.
 */
import type { FitsmGroupId, FitsmProcessId, FitsmRequirementId } from '../../src/domain/fitsm/catalogue';
import type { FitsmLevel } from '../../src/domain/fitsm/assessment-types';
import type { AuditStatus, FindingSeverity } from '../../src/domain/fitsm/audit';
import { SELF_SERVICE_SUMMARY } from './catalog-csi';
import type { UserKey } from './model';

/** One rating's evidence: a note and sample CSI improvements (by summary) that show it. */
export interface FitsmSampleEvidence {
  readonly notes: string;
  readonly improvementSummaries?: readonly string[];
}

/** An assessor's own rating where it differs from, or argues for, the agreed one. */
export interface FitsmSampleAssessorRating {
  readonly level: FitsmLevel;
  readonly notes: string;
}

export interface FitsmSampleAssessment {
  readonly title: string;
  /** The day the assessment refers to. */
  readonly date: string;
  readonly assessors: readonly UserKey[];
  /** Who records the agreed ratings (the CSI process owner, in the consensus round). */
  readonly moderator: UserKey;
  readonly targetLevel: FitsmLevel;
  /** The agreed level of every requirement of each group, in catalogue order (`catalogue-requirements.ts`). */
  readonly agreed: Readonly<Record<FitsmGroupId, readonly FitsmLevel[]>>;
  /** The note of every agreed rating of a group (unless {@link evidence} names the requirement). */
  readonly groupNotes: Readonly<Partial<Record<FitsmGroupId, string>>>;
  readonly evidence: Readonly<Partial<Record<FitsmRequirementId, FitsmSampleEvidence>>>;
  /** Each assessor's own ratings (side by side with the agreed one), a few requirements each. */
  readonly byAssessor: Readonly<
    Partial<Record<UserKey, Readonly<Partial<Record<FitsmRequirementId, FitsmSampleAssessorRating>>>>>
  >;
  /** What the story promises (the levels FitSM-6's rule gives for {@link agreed}; the preview test checks them). */
  readonly promised: {
    readonly maturity: FitsmLevel;
    readonly capability: Readonly<Record<FitsmProcessId, FitsmLevel>>;
  };
}

const SURVEY = 'Kundenzufriedenheitsumfrage nach Ticketabschluss einführen';
const ESCALATION = 'Eskalationsmatrix für Störungen mit Priorität „Höchste“ überarbeiten';
const KNOWLEDGE = 'Wissensdatenbank-Artikel für die zehn häufigsten Störungen';
const REPORTING = 'Monatliches Service-Reporting an Kunden automatisieren';

/** 07/2020: right after the FitSM foundation training. */
export const FITSM_ASSESSMENT_2020: FitsmSampleAssessment = {
  title: 'Selbstbewertung 07/2020 – nach der FitSM-Schulung',
  date: '2020-07-16',
  assessors: ['claudia', 'sabine', 'thomas'],
  moderator: 'claudia',
  targetLevel: 2,
  agreed: {
    GR1: [1, 1, 0],
    GR2: [1, 0, 1, 0],
    GR3: [1, 1],
    GR4: [0, 0],
    GR5: [1, 0],
    GR6: [0, 0],
    GR7: [1, 0],
    PR1: [1, 0, 0, 0],
    PR2: [1, 0, 0, 1, 0],
    PR3: [1, 0, 1],
    PR4: [0, 1, 0, 0],
    PR5: [0, 0, 0, 0],
    PR6: [1, 1, 0, 1, 1],
    PR7: [1, 1, 0, 1, 0, 1],
    PR8: [1, 0, 0, 0],
    PR9: [2, 1, 1, 2, 1, 1],
    PR10: [1, 0, 0, 1],
    PR11: [0, 1, 0, 0, 0],
    PR12: [1, 1, 1, 2, 1, 1],
    PR13: [1, 0, 1, 0, 0, 1],
    PR14: [1, 1, 1],
  },
  groupNotes: {
    GR1: 'Geschäftsführung unterstützt die Einführung, eine SM-Politik gibt es noch nicht.',
    GR2: 'Kaum etwas ist aufgeschrieben; das Wissen steckt in den Köpfen.',
    GR4: 'Kein Plan für das Service-Management.',
    GR6: 'Keine Überwachung des Managementsystems, keine Audits.',
    GR7: 'Verbesserungen passieren, wenn jemand daran denkt.',
    PR9: 'Tickets werden in Jira erfasst; Bearbeitung und Eskalation je nach Person.',
    PR12: 'Änderungen werden kurz abgestimmt, aber nicht einheitlich.',
    PR14: 'Ideen werden im Teammeeting gesammelt, aber nicht bewertet oder nachverfolgt.',
  },
  evidence: {
    'GR2.2': { notes: 'Keine Prozessbeschreibung vorhanden, nicht einmal für den Service Desk.' },
    'PR9.1': { notes: 'Alle Anfragen laufen über das HD-Projekt; Prioritäten ohne SLA-Bezug.' },
    'PR14.1': { notes: 'Vorschläge landen in einer Wiki-Liste ohne Quelle und Verantwortliche.' },
  },
  byAssessor: {
    claudia: {
      'PR14.1': { level: 1, notes: 'Wiki-Liste existiert, wird aber kaum gepflegt.' },
      'PR9.3': { level: 1, notes: 'Eskalation nach Zuruf.' },
      'GR2.2': { level: 0, notes: 'Nichts Schriftliches.' },
    },
    sabine: {
      'PR14.1': { level: 0, notes: 'Aus Sicht des Service Desks kommt nichts davon an.' },
      'PR9.3': { level: 2, notes: 'Im Service Desk gibt es eine mündliche Regel, die alle kennen.' },
      'GR2.2': { level: 0, notes: 'Keine Beschreibung.' },
    },
    thomas: {
      'PR14.1': { level: 1, notes: 'Das E-Mail-Team führt eine eigene Ideenliste.' },
      'PR9.3': { level: 1, notes: 'Zum E-Mail-Team wird per Telefon eskaliert.' },
      'GR2.2': { level: 1, notes: 'Für das Mailsystem gibt es ein Betriebshandbuch.' },
    },
  },
  promised: {
    maturity: 0,
    capability: {
      PR1: 0,
      PR2: 0,
      PR3: 0,
      PR4: 0,
      PR5: 0,
      PR6: 0,
      PR7: 0,
      PR8: 0,
      PR9: 1,
      PR10: 0,
      PR11: 0,
      PR12: 1,
      PR13: 0,
      PR14: 1,
    },
  },
};

/** 04/2022: the CSI process is established (register, fortnightly meeting). */
export const FITSM_ASSESSMENT_2022: FitsmSampleAssessment = {
  title: 'Selbstbewertung 04/2022 – CSI etabliert',
  date: '2022-04-21',
  assessors: ['claudia', 'sabine', 'thomas'],
  moderator: 'claudia',
  targetLevel: 3,
  agreed: {
    GR1: [2, 2, 1],
    GR2: [2, 1, 2, 1],
    GR3: [2, 1],
    GR4: [1, 1],
    GR5: [2, 1],
    GR6: [1, 2],
    GR7: [2, 2],
    PR1: [1, 1, 1, 2],
    PR2: [2, 1, 1, 2, 1],
    PR3: [2, 2, 2],
    PR4: [1, 1, 0, 1],
    PR5: [0, 1, 0, 0],
    PR6: [2, 1, 1, 2, 1],
    PR7: [2, 2, 1, 2, 1, 2],
    PR8: [1, 1, 0, 1],
    PR9: [3, 2, 2, 3, 2, 2],
    PR10: [2, 1, 1, 2],
    PR11: [1, 0, 1, 0, 0],
    PR12: [2, 2, 2, 3, 2, 2],
    PR13: [2, 1, 1, 1, 1, 2],
    PR14: [3, 3, 2],
  },
  groupNotes: {
    GR1: 'SM-Politik freigegeben; die Managementbewertung ist erst einmal gelaufen.',
    GR2: 'Prozessbeschreibungen für Service Desk und CSI liegen vor, andere fehlen noch.',
    GR6: 'Kennzahlen im Monatsbericht; ein internes Audit ist geplant.',
    GR7: 'Verbesserungen laufen über das CSI-Register und das zweiwöchentliche Review.',
    PR5: 'Kapazität wird nur bei Engpässen betrachtet.',
    PR9: 'Service Desk arbeitet nach beschriebenem Verfahren mit SLA-Prioritäten.',
    PR10: 'Probleme werden erkannt, aber selten gründlich untersucht.',
    PR12: 'Änderungsanträge mit Freigabe im wöchentlichen CAB.',
    PR14: 'Jede Verbesserungsmöglichkeit steht im CSI-Register mit Quelle und Bewertung.',
  },
  evidence: {
    'PR14.1': {
      notes: 'Quellen sind im Register erfasst: Kundenfeedback, Kennzahlen, Störungstrends.',
      improvementSummaries: [SELF_SERVICE_SUMMARY, SURVEY],
    },
    'PR14.2': {
      notes: 'Einheitliche Bewertung (Nutzen, Dringlichkeit, Aufwand, Risiko) und Entscheidung im Review.',
      improvementSummaries: [ESCALATION],
    },
    'PR14.3': {
      notes: 'Umsetzung wird verfolgt, aber Termine und Wirksamkeit werden nicht immer geprüft.',
      improvementSummaries: [KNOWLEDGE],
    },
    'PR9.1': {
      notes: 'Einheitliche Erfassung und Priorisierung nach SLA im HD-Projekt.',
      improvementSummaries: [ESCALATION],
    },
    'PR3.1': { notes: 'Monatsbericht an Kunden.', improvementSummaries: [REPORTING] },
    'PR5.1': { notes: 'Keine ermittelten Kapazitätsanforderungen; Engpässe fallen erst im Betrieb auf.' },
  },
  byAssessor: {
    claudia: {
      'PR14.1': { level: 3, notes: 'Register vollständig, alle Quellen vertreten.' },
      'PR14.3': { level: 2, notes: 'Wirksamkeitsprüfung fehlt bei einigen Maßnahmen.' },
      'PR9.2': { level: 2, notes: 'Lösung nach Verfahren, bekannte Fehler noch nicht genutzt.' },
      'PR5.1': { level: 0, notes: 'Nichts ermittelt.' },
    },
    sabine: {
      'PR14.1': { level: 3, notes: 'Kundenfeedback kommt zuverlässig ins Register.' },
      'PR14.3': { level: 3, notes: 'Die Umsetzung wird im Review jedes Mal besprochen.' },
      'PR9.2': { level: 3, notes: 'Wissensdatenbank hilft bei der Lösung.' },
      'PR5.1': { level: 0, notes: 'Kein Thema im Service Desk.' },
    },
    thomas: {
      'PR14.1': { level: 2, notes: 'Audits als Quelle fehlen noch.' },
      'PR14.3': { level: 2, notes: 'Termine rutschen, ohne dass es auffällt.' },
      'PR9.2': { level: 2, notes: 'Übergaben zum E-Mail-Team holpern.' },
      'PR5.1': { level: 1, notes: 'Das Mailsystem hat eine Speicherprognose.' },
    },
  },
  promised: {
    maturity: 1,
    capability: {
      PR1: 1,
      PR2: 1,
      PR3: 2,
      PR4: 0,
      PR5: 0,
      PR6: 1,
      PR7: 1,
      PR8: 0,
      PR9: 2,
      PR10: 1,
      PR11: 0,
      PR12: 2,
      PR13: 1,
      PR14: 2,
    },
  },
};

/** Both assessments, oldest first. */
export const FITSM_SAMPLE_ASSESSMENTS: readonly FitsmSampleAssessment[] = [
  FITSM_ASSESSMENT_2020,
  FITSM_ASSESSMENT_2022,
];

/** Gaps of 04/2022 registered as CSI improvements (by the CSI process owner). */
export const FITSM_REGISTERED_GAPS: readonly FitsmRequirementId[] = ['PR5.1', 'PR10.2', 'PR14.3'];

/** The schedule: two improvements per quarter beside the daily work, from the current quarter on. */
export const FITSM_SAMPLE_CAPACITY_PER_QUARTER = 2;

/** An audit of this year's plan; days are placed relative to the preview's today by the seed. */
export interface FitsmSampleAudit {
  readonly subjectId: string;
  /**
   * Where in the year it lies: `past` audits at this share of the days elapsed this year, `future` ones at this
   * share of the days left.
   */
  readonly when: { readonly side: 'past' | 'future'; readonly share: number };
  readonly auditor: UserKey;
  readonly scope: string;
  readonly status: AuditStatus;
  readonly findings: readonly {
    readonly text: string;
    readonly severity: FindingSeverity;
    readonly requirementId: string;
    /** Registered as a CSI improvement. */
    readonly register: boolean;
  }[];
}

export const FITSM_SAMPLE_AUDITS: readonly FitsmSampleAudit[] = [
  {
    subjectId: 'PR9',
    when: { side: 'past', share: 0.15 },
    auditor: 'thomas',
    scope:
      'Incident- und Service-Request-Management im Service Desk: Erfassung, Priorisierung, Eskalation, Abschluss.',
    status: 'done',
    findings: [
      {
        text: 'Schwere Incidents werden nicht nach festen Kriterien erkannt; die Einstufung hängt von der Person ab.',
        severity: 'minor',
        requirementId: 'PR9.6',
        register: true,
      },
      {
        text: 'Abschlussnotizen sind uneinheitlich; eine Vorlage würde helfen.',
        severity: 'observation',
        requirementId: 'PR9.5',
        register: false,
      },
    ],
  },
  {
    subjectId: 'PR14',
    when: { side: 'past', share: 0.45 },
    auditor: 'sabine',
    scope: 'CSI-Register und Review-Termin: Quellen, Bewertung, Entscheidungen, Wirksamkeitsprüfung.',
    status: 'done',
    findings: [],
  },
  {
    subjectId: 'PR5',
    when: { side: 'past', share: 0.85 },
    auditor: 'thomas',
    scope: 'Kapazitätsmanagement des Mailsystems und des Service Desks.',
    status: 'planned',
    findings: [],
  },
  {
    subjectId: 'PR12',
    when: { side: 'future', share: 0.3 },
    auditor: 'sabine',
    scope: 'Änderungsmanagement: Anträge, Freigabe im CAB, Nachbetrachtung.',
    status: 'planned',
    findings: [],
  },
  {
    subjectId: 'GR6',
    when: { side: 'future', share: 0.7 },
    auditor: 'claudia',
    scope: 'Überwachung und Bewertung des Managementsystems: Kennzahlen, Managementbewertung.',
    status: 'planned',
    findings: [],
  },
];

/** The CSI review meeting: every second Thursday, 14:00–15:00 Berlin time. */
export const FITSM_SAMPLE_MEETING = {
  startTime: '14:00',
  durationMinutes: 60,
  /** Held meetings in the history. */
  heldCount: 6,
  participants: ['claudia', 'sabine', 'thomas', 'lukas'] as readonly UserKey[],
  /** Minutes of the held meetings, oldest first (cycled). */
  minutes: [
    'Neue Verbesserungsmöglichkeiten gesichtet; Bewertung der offenen Vorschläge vorbereitet.',
    'Stand der laufenden Maßnahmen besprochen; zwei Termine bestätigt.',
    'Wirksamkeitsprüfungen durchgegangen; Kennzahlen aus dem Monatsbericht übernommen.',
    'Ergebnisse des Audits besprochen; Feststellung ins Register übernommen.',
    'Lücken aus der Selbstbewertung im Zeitplan eingeordnet.',
    'Offene Rückmeldungen an Kunden nachgehalten; Schlüsselergebnisse mit Risiko besprochen.',
  ] as readonly string[],
} as const;
