/**
 * The fixed part of the sample Jira: users, projects, issue types, statuses, resolutions and link types of the
 * fictional Nordlicht IT-Services GmbH. Ids never depend on the seed or on `now`.
 */
import { CSI_TRANSITIONS, CSI_WORKFLOW_NAMES } from '../../src/domain/csi/workflow';
import type { CsiStatusKey } from '../../src/domain/csi/workflow';
import type { WorkflowMapping } from '../../src/domain/flow/types';
import type {
  SeedIssueType,
  SeedIssueTypeScheme,
  SeedLinkType,
  SeedProject,
  SeedStatus,
  SeedUser,
  SeedWorkflow,
  SeedWorkflowScheme,
  SeedWorkflowTransition,
  StatusCategoryKey,
} from '../emulator/seed';
import { fnv1a } from './prng';

export const COMPANY_NAME = 'Nordlicht IT-Services GmbH';
export const SAMPLE_TIME_ZONE = 'Europe/Berlin';

/** Project keys of the sample data. */
export const PROJECT_KEYS = { hd: 'HD', mail: 'MAIL', csi: 'CSI', team: 'TEAM' } as const;

export const PROJECT_IDS = { hd: '10000', mail: '10001', csi: '10002', team: '10003' } as const;

/** A Jira Cloud style account id (`712020:` + UUID), derived from the e-mail address so it never changes. */
export function accountIdFor(email: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++)
    hex += fnv1a(`${round}:${email}`).toString(16).padStart(8, '0');
  return `712020:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Short names the generator uses to refer to users. */
export type UserKey =
  | 'admin'
  | 'sabine'
  | 'claudia'
  | 'lukas'
  | 'aylin'
  | 'jonas'
  | 'marie'
  | 'deniz'
  | 'paul'
  | 'thomas'
  | 'emily'
  | 'stefan';

interface UserSpec {
  readonly key: UserKey;
  readonly displayName: string;
  readonly email: string;
  readonly locale: string;
  readonly jiraAdmin: boolean;
  readonly browse: readonly string[] | '*';
  readonly admin: readonly string[];
  /** Jira groups (`/myself?expand=groups`): the FitSM editor group of the sample (see `fitsm-catalog.ts`). */
  readonly groups?: readonly string[];
}

const { hd: HD, mail: MAIL, csi: CSI, team: TEAM } = PROJECT_KEYS;

/**
 * The Jira group whose members edit the FitSM pages besides Jira admins (the preview saves it in the FitSM
 * settings): the CSI process owner and the two team leads, who assess together.
 */
export const FITSM_EDITOR_GROUP = 'fitsm-editoren';

/**
 * The staff. Service desk agents browse HD, CSI and MAIL (they read the e-mail team's problems); the working
 * student Paul only HD, so he is the user without access to the e-mail project.
 */
const USER_SPECS: readonly UserSpec[] = [
  {
    key: 'admin',
    displayName: 'Tobias Krüger (Jira-Administration)',
    email: 'admin@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: true,
    browse: '*',
    admin: [HD, MAIL, CSI, TEAM],
  },
  {
    key: 'sabine',
    displayName: 'Sabine Hoffmann',
    email: 'sabine.hoffmann@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, MAIL, CSI, TEAM],
    admin: [HD],
    groups: [FITSM_EDITOR_GROUP],
  },
  {
    key: 'claudia',
    displayName: 'Claudia Neumann',
    email: 'claudia.neumann@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, MAIL, CSI, TEAM],
    admin: [CSI],
    groups: [FITSM_EDITOR_GROUP],
  },
  {
    key: 'lukas',
    displayName: 'Lukas Schneider',
    email: 'lukas.schneider@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, CSI, MAIL, TEAM],
    admin: [],
  },
  {
    key: 'aylin',
    displayName: 'Aylin Demir',
    email: 'aylin.demir@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, CSI, MAIL],
    admin: [],
  },
  {
    key: 'jonas',
    displayName: 'Jonas Weber',
    email: 'jonas.weber@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, CSI, MAIL, TEAM],
    admin: [TEAM],
  },
  {
    key: 'marie',
    displayName: 'Marie Fischer',
    email: 'marie.fischer@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, CSI, MAIL, TEAM],
    admin: [],
  },
  {
    key: 'deniz',
    displayName: 'Deniz Yıldız',
    email: 'deniz.yildiz@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD, CSI, MAIL],
    admin: [],
  },
  {
    key: 'paul',
    displayName: 'Paul Becker (Werkstudent)',
    email: 'paul.becker@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [HD],
    admin: [],
  },
  {
    key: 'thomas',
    displayName: 'Thomas Wagner',
    email: 'thomas.wagner@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [MAIL, HD, CSI],
    admin: [MAIL],
    groups: [FITSM_EDITOR_GROUP],
  },
  {
    key: 'emily',
    displayName: 'Emily Carter',
    email: 'emily.carter@nordlicht-it.example',
    locale: 'en_US',
    jiraAdmin: false,
    browse: [MAIL, HD, CSI],
    admin: [],
  },
  {
    key: 'stefan',
    displayName: 'Stefan Richter',
    email: 'stefan.richter@nordlicht-it.example',
    locale: 'de_DE',
    jiraAdmin: false,
    browse: [MAIL, HD, CSI],
    admin: [],
  },
];

export const USERS: readonly SeedUser[] = USER_SPECS.map((spec) => ({
  accountId: accountIdFor(spec.email),
  displayName: spec.displayName,
  emailAddress: spec.email,
  locale: spec.locale,
  timeZone: SAMPLE_TIME_ZONE,
  jiraAdmin: spec.jiraAdmin,
  browseProjects: spec.browse,
  adminProjects: spec.admin,
  ...(spec.groups === undefined ? {} : { groups: spec.groups }),
  apiToken: `sample-token-${spec.key}`,
}));

const userByKey = new Map<UserKey, SeedUser>(USER_SPECS.map((spec, i) => [spec.key, USERS[i] as SeedUser]));

/** The seed user with the given short name. */
export function user(key: UserKey): SeedUser {
  const found = userByKey.get(key);
  if (found === undefined) throw new Error(`unknown sample user ${key}`);
  return found;
}

/** Service desk agents and how much of the queue each takes (the working student part-time, the lead rarely). */
export const HD_AGENTS: readonly (readonly [UserKey, number])[] = [
  ['lukas', 1],
  ['aylin', 1],
  ['jonas', 1],
  ['marie', 1],
  ['deniz', 1],
  ['paul', 0.5],
  ['sabine', 0.15],
];

export const MAIL_TEAM: readonly UserKey[] = ['thomas', 'emily', 'stefan'];
export const TEAM_MEMBERS: readonly UserKey[] = ['jonas', 'lukas', 'marie'];

// --- statuses -----------------------------------------------------------------------------------------------

function status(id: string, name: string, categoryKey: StatusCategoryKey, projectId?: string): SeedStatus {
  return projectId === undefined ? { id, name, categoryKey } : { id, name, categoryKey, projectId };
}

/** Help desk workflow (Service Desk): Neu → In Bearbeitung → Wartet auf Kunde → Gelöst → Geschlossen, reopen. */
export const HD_STATUS = {
  neu: status('10100', 'Neu', 'new'),
  inBearbeitung: status('10101', 'In Bearbeitung', 'indeterminate'),
  wartetAufKunde: status('10102', 'Wartet auf Kunde', 'indeterminate'),
  geloest: status('10103', 'Gelöst', 'done'),
  geschlossen: status('10104', 'Geschlossen', 'done'),
  wiederGeoeffnet: status('10105', 'Wieder geöffnet', 'indeterminate'),
} as const;

/** E-mail service workflow: Backlog → In Arbeit → Review → Fertig. */
export const MAIL_STATUS = {
  backlog: status('10200', 'Backlog', 'new'),
  inArbeit: status('10201', 'In Arbeit', 'indeterminate'),
  review: status('10202', 'Review', 'indeterminate'),
  fertig: status('10203', 'Fertig', 'done'),
} as const;

/** CSI workflow after FitSM PR14 (FITSM-CSI.md): main line plus the exits Abgelehnt and Zurückgestellt. */
export const CSI_STATUS = {
  erfasst: status('10300', 'Erfasst', 'new'),
  bewertet: status('10301', 'Bewertet', 'new'),
  genehmigt: status('10302', 'Genehmigt', 'indeterminate'),
  inUmsetzung: status('10303', 'In Umsetzung', 'indeterminate'),
  wirksamkeitspruefung: status('10304', 'Wirksamkeitsprüfung', 'indeterminate'),
  abgeschlossen: status('10305', 'Abgeschlossen', 'done'),
  abgelehnt: status('10306', 'Abgelehnt', 'done'),
  zurueckgestellt: status('10307', 'Zurückgestellt', 'done'),
} as const;

/**
 * Team-managed project statuses: project-scoped, with their own ids. "In Arbeit" shares its name with the
 * e-mail project's global status on purpose, as it happens in real sites.
 */
export const TEAM_STATUS = {
  zuErledigen: status('10400', 'Zu erledigen', 'new', PROJECT_IDS.team),
  inArbeit: status('10401', 'In Arbeit', 'indeterminate', PROJECT_IDS.team),
  erledigt: status('10402', 'Erledigt', 'done', PROJECT_IDS.team),
} as const;

export const STATUSES: readonly SeedStatus[] = [
  ...Object.values(HD_STATUS),
  ...Object.values(MAIL_STATUS),
  ...Object.values(CSI_STATUS),
  ...Object.values(TEAM_STATUS),
];

// --- issue types --------------------------------------------------------------------------------------------

export const ISSUE_TYPE = {
  stoerung: {
    id: '10001',
    name: 'Störung',
    description: 'Eine ungeplante Unterbrechung oder Beeinträchtigung eines IT-Services.',
    subtask: false,
  },
  serviceanfrage: {
    id: '10002',
    name: 'Serviceanfrage',
    description: 'Eine Anfrage nach einer Standardleistung (Zugang, Software, Hardware, Information).',
    subtask: false,
  },
  aenderung: {
    id: '10003',
    name: 'Änderung',
    description: 'Eine geplante Änderung an einem Service oder seiner Konfiguration (Change).',
    subtask: false,
  },
  problem: {
    id: '10004',
    name: 'Problem',
    description: 'Die unbekannte Ursache einer oder mehrerer Störungen.',
    subtask: false,
  },
  aufgabe: {
    id: '10005',
    name: 'Aufgabe',
    description: 'Eine Aufgabe, die erledigt werden muss.',
    subtask: false,
  },
  verbesserung: {
    id: '10006',
    name: 'Verbesserung (CSI)',
    description:
      'Eine Verbesserungsmöglichkeit nach FitSM PR14: erfassen, bewerten, entscheiden, umsetzen, Wirksamkeit prüfen.',
    subtask: false,
  },
  teamAufgabe: {
    id: '10007',
    name: 'Aufgabe',
    description: 'Eine Aufgabe des Teams.',
    subtask: false,
    projectId: PROJECT_IDS.team,
  },
  teamFehler: {
    id: '10008',
    name: 'Fehler',
    description: 'Ein Fehler, der behoben werden muss.',
    subtask: false,
    projectId: PROJECT_IDS.team,
  },
} as const satisfies Record<string, SeedIssueType>;

export const ISSUE_TYPES: readonly SeedIssueType[] = Object.values(ISSUE_TYPE);

// --- projects -----------------------------------------------------------------------------------------------

export const PROJECTS: readonly SeedProject[] = [
  {
    id: PROJECT_IDS.hd,
    key: PROJECT_KEYS.hd,
    name: 'Service Desk',
    style: 'classic',
    projectTypeKey: 'service_desk',
    leadAccountId: user('sabine').accountId,
    issueTypeIds: [ISSUE_TYPE.stoerung.id, ISSUE_TYPE.serviceanfrage.id],
    statusIds: Object.values(HD_STATUS).map((s) => s.id),
    issueTypeSchemeId: '10100',
    workflowSchemeId: '10100',
  },
  {
    id: PROJECT_IDS.mail,
    key: PROJECT_KEYS.mail,
    name: 'E-Mail-Service',
    style: 'classic',
    projectTypeKey: 'software',
    leadAccountId: user('thomas').accountId,
    issueTypeIds: [ISSUE_TYPE.aenderung.id, ISSUE_TYPE.problem.id, ISSUE_TYPE.aufgabe.id],
    statusIds: Object.values(MAIL_STATUS).map((s) => s.id),
    issueTypeSchemeId: '10101',
    // No workflow scheme of its own: MAIL uses the shared Default Workflow Scheme.
  },
  {
    id: PROJECT_IDS.csi,
    key: PROJECT_KEYS.csi,
    name: 'Kontinuierliche Verbesserung',
    style: 'classic',
    projectTypeKey: 'business',
    leadAccountId: user('claudia').accountId,
    issueTypeIds: [ISSUE_TYPE.verbesserung.id],
    statusIds: Object.values(CSI_STATUS).map((s) => s.id),
    issueTypeSchemeId: '10102',
    workflowSchemeId: '10101',
  },
  {
    id: PROJECT_IDS.team,
    key: PROJECT_KEYS.team,
    name: 'Arbeitsplatz-Team',
    style: 'next-gen',
    projectTypeKey: 'software',
    leadAccountId: user('jonas').accountId,
    issueTypeIds: [ISSUE_TYPE.teamAufgabe.id, ISSUE_TYPE.teamFehler.id],
    statusIds: Object.values(TEAM_STATUS).map((s) => s.id),
    workflowSchemeId: '10102',
  },
];

// --- workflows and schemes ----------------------------------------------------------------------------------

/**
 * Transitions of a workflow that lets every status be reached from every other (GLOBAL transitions whose id is
 * the target status id, named after it) and creates issues in the first status.
 */
function openTransitions(statuses: readonly SeedStatus[]): SeedWorkflowTransition[] {
  const first = statuses[0];
  return [
    ...(first === undefined
      ? []
      : [
          {
            id: '1',
            name: 'Erstellen',
            type: 'INITIAL' as const,
            toStatusId: first.id,
            fromStatusIds: [],
            validators: [],
          },
        ]),
    ...statuses.map((s) => ({
      id: s.id,
      name: s.name,
      type: 'GLOBAL' as const,
      toStatusId: s.id,
      fromStatusIds: [],
      validators: [],
    })),
  ];
}

const CSI_STATUS_BY_KEY: Readonly<Record<CsiStatusKey, SeedStatus>> = {
  identified: CSI_STATUS.erfasst,
  assessed: CSI_STATUS.bewertet,
  approved: CSI_STATUS.genehmigt,
  implementing: CSI_STATUS.inUmsetzung,
  verifying: CSI_STATUS.wirksamkeitspruefung,
  closed: CSI_STATUS.abgeschlossen,
  rejected: CSI_STATUS.abgelehnt,
  deferred: CSI_STATUS.zurueckgestellt,
};

/**
 * The CSI workflow as the app's setup creates it (German names; `CSI_TRANSITIONS`: the create transition is
 * INITIAL with id 1, the others DIRECTED with ids 11, 21, …). Validators only with `validatorKey` (the extension
 * ARI of the app's `jira:workflowValidator`, which names the deployed app): then the transitions with a rule
 * carry `forge:expression-validator` with the config `{"rule":…,"lang":"de"}`, as the app's setup writes it.
 */
function csiTransitions(validatorKey: string | undefined): SeedWorkflowTransition[] {
  let next = 11;
  return CSI_TRANSITIONS.map((t) => {
    const to = CSI_STATUS_BY_KEY[t.to].id;
    if (t.from === null) {
      return {
        id: '1',
        name: t.names.de,
        type: 'INITIAL' as const,
        toStatusId: to,
        fromStatusIds: [],
        validators: [],
      };
    }
    const id = String(next);
    next += 10;
    return {
      id,
      name: t.names.de,
      type: 'DIRECTED' as const,
      toStatusId: to,
      fromStatusIds: t.from.map((key) => CSI_STATUS_BY_KEY[key].id),
      validators:
        validatorKey === undefined || t.rule === null
          ? []
          : [
              {
                ruleKey: 'forge:expression-validator',
                parameters: { key: validatorKey, config: JSON.stringify({ rule: t.rule, lang: 'de' }) },
              },
            ],
    };
  });
}

export const WORKFLOW_NAMES = {
  hd: 'Service-Desk-Workflow',
  standard: 'Nordlicht Standard-Workflow',
  csi: CSI_WORKFLOW_NAMES.de,
  team: 'Arbeitsplatz-Team: Workflow',
} as const;

/**
 * The sample workflows (ids are UUIDs in Jira; fixed here). `csiValidatorKey`: the extension ARI of the app's
 * workflow validator to put on the CSI workflow's rule transitions (none without it).
 */
export function sampleWorkflows(csiValidatorKey?: string): SeedWorkflow[] {
  return [
    {
      id: '5d1f0000-0000-4000-8000-000000000001',
      name: WORKFLOW_NAMES.hd,
      description: 'Störungen und Serviceanfragen des Service Desks.',
      statusIds: Object.values(HD_STATUS).map((s) => s.id),
      transitions: openTransitions(Object.values(HD_STATUS)),
    },
    {
      id: '5d1f0000-0000-4000-8000-000000000002',
      name: WORKFLOW_NAMES.standard,
      description: 'Der Standard-Workflow der Website (Default Workflow Scheme).',
      statusIds: Object.values(MAIL_STATUS).map((s) => s.id),
      transitions: openTransitions(Object.values(MAIL_STATUS)),
    },
    {
      id: '5d1f0000-0000-4000-8000-000000000003',
      name: WORKFLOW_NAMES.csi,
      description: 'Verbesserungen nach FitSM PR14 (Three Ways for Jira).',
      statusIds: Object.values(CSI_STATUS).map((s) => s.id),
      transitions: csiTransitions(csiValidatorKey),
    },
    {
      id: '5d1f0000-0000-4000-8000-000000000004',
      name: WORKFLOW_NAMES.team,
      description: '',
      projectId: PROJECT_IDS.team,
      statusIds: Object.values(TEAM_STATUS).map((s) => s.id),
      transitions: openTransitions(Object.values(TEAM_STATUS)),
    },
  ];
}

/** The sample workflows without validators. */
export const WORKFLOWS: readonly SeedWorkflow[] = sampleWorkflows();

/**
 * Workflow schemes: HD and CSI have their own; MAIL uses the site's Default Workflow Scheme (id 10000, whose
 * default workflow here is the "Nordlicht Standard-Workflow"); TEAM (team-managed) has a project-scoped one.
 * So the preview shows both setup paths: a project with an own scheme (the app edits it) and one on the shared
 * default (the app must switch it to a new scheme).
 */
export const WORKFLOW_SCHEMES: readonly SeedWorkflowScheme[] = [
  {
    id: '10000',
    name: 'Default Workflow Scheme',
    description: 'Das Standard-Workflowschema der Website: gilt für jedes Projekt ohne eigenes Schema.',
    defaultWorkflow: WORKFLOW_NAMES.standard,
    issueTypeMappings: {},
  },
  {
    id: '10100',
    name: 'HD: Service-Desk-Workflowschema',
    description: 'Nur vom Service Desk (HD) verwendet.',
    defaultWorkflow: WORKFLOW_NAMES.hd,
    issueTypeMappings: {},
  },
  {
    id: '10101',
    name: 'CSI: Verbesserungs-Workflowschema',
    description: 'Kontinuierliche Verbesserung: Verbesserung (CSI) im CSI-Workflow.',
    defaultWorkflow: WORKFLOW_NAMES.csi,
    issueTypeMappings: { [ISSUE_TYPE.verbesserung.id]: WORKFLOW_NAMES.csi },
  },
  {
    id: '10102',
    name: 'Arbeitsplatz-Team: Workflowschema',
    description: '',
    defaultWorkflow: WORKFLOW_NAMES.team,
    issueTypeMappings: {},
    projectId: PROJECT_IDS.team,
  },
];

/**
 * Issue type schemes of the company-managed projects: each has its own (MAIL's is shared with nobody), so the
 * Default Issue Type Scheme (every global type) is used by no sample project.
 */
export const ISSUE_TYPE_SCHEMES: readonly SeedIssueTypeScheme[] = [
  {
    id: '10100',
    name: 'HD: Service-Desk-Vorgangstypschema',
    description: 'Störungen und Serviceanfragen.',
    defaultIssueTypeId: ISSUE_TYPE.stoerung.id,
    issueTypeIds: [ISSUE_TYPE.stoerung.id, ISSUE_TYPE.serviceanfrage.id],
  },
  {
    id: '10101',
    name: 'MAIL: E-Mail-Service-Vorgangstypschema',
    description: 'Änderungen, Probleme und Aufgaben des E-Mail-Service.',
    issueTypeIds: [ISSUE_TYPE.aenderung.id, ISSUE_TYPE.problem.id, ISSUE_TYPE.aufgabe.id],
  },
  {
    id: '10102',
    name: 'CSI: Verbesserungs-Vorgangstypschema',
    description: 'Verbesserungen nach FitSM PR14.',
    defaultIssueTypeId: ISSUE_TYPE.verbesserung.id,
    issueTypeIds: [ISSUE_TYPE.verbesserung.id],
  },
];

// --- resolutions and links ----------------------------------------------------------------------------------

/** Resolutions (Jira ids and German names) the sample data sets; the changelog's resolution items use them. */
export const RESOLUTION = {
  erledigt: { id: '10000', name: 'Erledigt' },
  duplikat: { id: '10001', name: 'Duplikat' },
  zurueckgezogen: { id: '10002', name: 'Zurückgezogen' },
  fertig: { id: '10003', name: 'Fertig' },
  abgelehnt: { id: '10004', name: 'Abgelehnt' },
  zurueckgestellt: { id: '10005', name: 'Zurückgestellt' },
} as const;

export type Resolution = (typeof RESOLUTION)[keyof typeof RESOLUTION];

/**
 * Link types. Jira's built-in ones keep their internal names (Blocks, Cloners, Duplicate, Relates) with German
 * descriptions; the two custom ones are German:
 * - "Verursacht" (problem → incidents): outward "verursacht", inward "wird verursacht durch";
 * - "Feedback" (feedback issue → improvement): outward "gab Feedback zu" on the help desk or e-mail issue,
 *   inward "erhielt Feedback aus" on the CSI improvement ("HD-12 gab Feedback zu CSI-3").
 */
export const LINK_TYPE = {
  blocks: { id: '10000', name: 'Blocks', inward: 'wird blockiert durch', outward: 'blockiert' },
  cloners: { id: '10001', name: 'Cloners', inward: 'wurde geklont von', outward: 'klont' },
  duplicate: { id: '10002', name: 'Duplicate', inward: 'wird dupliziert von', outward: 'dupliziert' },
  relates: { id: '10003', name: 'Relates', inward: 'bezieht sich auf', outward: 'bezieht sich auf' },
  verursacht: { id: '10004', name: 'Verursacht', inward: 'wird verursacht durch', outward: 'verursacht' },
  feedback: { id: '10005', name: 'Feedback', inward: 'erhielt Feedback aus', outward: 'gab Feedback zu' },
} as const satisfies Record<string, SeedLinkType>;

export const LINK_TYPES: readonly SeedLinkType[] = Object.values(LINK_TYPE);

// --- workflow mappings for the flow engine -----------------------------------------------------------------

/**
 * The help desk's flow mapping: commitment when an agent starts (In Bearbeitung), done at Gelöst; waiting for
 * the customer is waiting time, a reopened ticket is active again.
 */
export const HD_WORKFLOW_MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Neu', statuses: [HD_STATUS.neu.name], kind: 'backlog' },
    {
      name: 'In Bearbeitung',
      statuses: [HD_STATUS.inBearbeitung.name, HD_STATUS.wiederGeoeffnet.name],
      kind: 'active',
    },
    { name: 'Wartet auf Kunde', statuses: [HD_STATUS.wartetAufKunde.name], kind: 'waiting' },
    { name: 'Gelöst', statuses: [HD_STATUS.geloest.name, HD_STATUS.geschlossen.name], kind: 'done' },
  ],
  startStage: 'In Bearbeitung',
  doneStage: 'Gelöst',
};

/** The e-mail service's flow mapping: Backlog → In Arbeit (commitment) → Review → Fertig. */
export const MAIL_WORKFLOW_MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Backlog', statuses: [MAIL_STATUS.backlog.name], kind: 'backlog' },
    { name: 'In Arbeit', statuses: [MAIL_STATUS.inArbeit.name], kind: 'active' },
    { name: 'Review', statuses: [MAIL_STATUS.review.name], kind: 'active' },
    { name: 'Fertig', statuses: [MAIL_STATUS.fertig.name], kind: 'done' },
  ],
  startStage: 'In Arbeit',
  doneStage: 'Fertig',
};
