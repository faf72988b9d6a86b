/**
 * The FitSM requirement catalogue (pure data): the general requirements GR1–GR7 and the process requirements of
 * PR1–PR14 of FitSM-1 (edition 3.0, FitSM-1 "Requirements" V3.0.1), each with its FitSM id and a short summary in
 * our own words (German and English; FitSM is CC BY 4.0, ITEMO e.V., so {@link FITSM_ATTRIBUTION} must show wherever
 * a summary shows).
 *
 * Id list: FitSM-1 V3.0.1 as listed requirement by requirement in the public repository
 * `GenomicDataInfrastructure/fitsm-process-map`, `content/fitsm-3.0/requirements.json` (with page references into
 * FitSM-1, https://www.fitsm.eu/download/1263/), and the process names in `content/fitsm-3.0/processes.json`.
 * The requirements themselves: `catalogue-requirements.ts`.
 */

/** The attribution FitSM's licence asks for, shown with every requirement summary. */
export const FITSM_ATTRIBUTION = {
  text: 'FitSM – ITEMO e.V., CC BY 4.0',
  url: 'https://www.fitsm.eu/',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** The FitSM edition the catalogue follows. */
export const FITSM_EDITION = 'FitSM-1 V3.0.1 (FitSM 3.0)';

/** Text in both languages of the app. */
export interface FitsmText {
  readonly de: string;
  readonly en: string;
}

/** The 14 FitSM processes. */
export const FITSM_PROCESS_IDS = [
  'PR1',
  'PR2',
  'PR3',
  'PR4',
  'PR5',
  'PR6',
  'PR7',
  'PR8',
  'PR9',
  'PR10',
  'PR11',
  'PR12',
  'PR13',
  'PR14',
] as const;
export type FitsmProcessId = (typeof FITSM_PROCESS_IDS)[number];

/** The 7 groups of general requirements (the management system as a whole: plan, do, check, act). */
export const FITSM_GENERAL_GROUP_IDS = ['GR1', 'GR2', 'GR3', 'GR4', 'GR5', 'GR6', 'GR7'] as const;
export type FitsmGeneralGroupId = (typeof FITSM_GENERAL_GROUP_IDS)[number];

/** A group of requirements: one general-requirement group or one process. */
export type FitsmGroupId = FitsmGeneralGroupId | FitsmProcessId;

/** Every group in catalogue order: GR1–GR7, then PR1–PR14. */
export const FITSM_GROUP_IDS: readonly FitsmGroupId[] = [...FITSM_GENERAL_GROUP_IDS, ...FITSM_PROCESS_IDS];

/** A requirement id as FitSM writes it, e.g. `GR2.3` or `PR14.1`. */
export type FitsmRequirementId = `${FitsmGroupId}.${number}`;

/** One group of the catalogue. */
export interface FitsmGroup {
  readonly id: FitsmGroupId;
  /** `general`: counts toward the maturity of the management system; `process`: a process with a capability. */
  readonly kind: 'general' | 'process';
  /** FitSM's short code of the process (e.g. `CSI`); for general groups the PDCA tag where FitSM has one. */
  readonly code: string;
  readonly name: FitsmText;
}

/** One requirement of the catalogue. */
export interface FitsmRequirement {
  readonly id: FitsmRequirementId;
  readonly groupId: FitsmGroupId;
  /** Our own short summary (never FitSM's wording). */
  readonly summary: FitsmText;
}

/** The groups in catalogue order. */
export const FITSM_GROUPS: readonly FitsmGroup[] = [
  {
    id: 'GR1',
    kind: 'general',
    code: 'MCA',
    name: {
      de: 'Verpflichtung und Verantwortung der obersten Leitung',
      en: 'Top management commitment and accountability',
    },
  },
  { id: 'GR2', kind: 'general', code: 'DOC', name: { de: 'Dokumentation', en: 'Documentation' } },
  {
    id: 'GR3',
    kind: 'general',
    code: 'SCS',
    name: { de: 'Anwendungsbereich und Interessengruppen', en: 'Scope and stakeholders' },
  },
  {
    id: 'GR4',
    kind: 'general',
    code: 'PLAN',
    name: { de: 'Service-Management planen', en: 'Planning service management' },
  },
  {
    id: 'GR5',
    kind: 'general',
    code: 'DO',
    name: { de: 'Service-Management umsetzen', en: 'Implementing service management' },
  },
  {
    id: 'GR6',
    kind: 'general',
    code: 'CHECK',
    name: {
      de: 'Service-Management überwachen und prüfen',
      en: 'Monitoring and reviewing service management',
    },
  },
  {
    id: 'GR7',
    kind: 'general',
    code: 'ACT',
    name: {
      de: 'Service-Management kontinuierlich verbessern',
      en: 'Continually improving service management',
    },
  },
  {
    id: 'PR1',
    kind: 'process',
    code: 'SPM',
    name: { de: 'Service-Portfolio-Management', en: 'Service Portfolio Management' },
  },
  {
    id: 'PR2',
    kind: 'process',
    code: 'SLM',
    name: { de: 'Service-Level-Management', en: 'Service Level Management' },
  },
  {
    id: 'PR3',
    kind: 'process',
    code: 'SRM',
    name: { de: 'Service-Reporting-Management', en: 'Service Reporting Management' },
  },
  {
    id: 'PR4',
    kind: 'process',
    code: 'SACM',
    name: {
      de: 'Verfügbarkeits- und Kontinuitätsmanagement',
      en: 'Service Availability and Continuity Management',
    },
  },
  {
    id: 'PR5',
    kind: 'process',
    code: 'CAPM',
    name: { de: 'Kapazitätsmanagement', en: 'Capacity Management' },
  },
  {
    id: 'PR6',
    kind: 'process',
    code: 'ISM',
    name: { de: 'Informationssicherheitsmanagement', en: 'Information Security Management' },
  },
  {
    id: 'PR7',
    kind: 'process',
    code: 'CRM',
    name: { de: 'Kundenbeziehungsmanagement', en: 'Customer Relationship Management' },
  },
  {
    id: 'PR8',
    kind: 'process',
    code: 'SUPPM',
    name: { de: 'Lieferantenbeziehungsmanagement', en: 'Supplier Relationship Management' },
  },
  {
    id: 'PR9',
    kind: 'process',
    code: 'ISRM',
    name: { de: 'Incident- und Service-Request-Management', en: 'Incident and Service Request Management' },
  },
  { id: 'PR10', kind: 'process', code: 'PM', name: { de: 'Problemmanagement', en: 'Problem Management' } },
  {
    id: 'PR11',
    kind: 'process',
    code: 'CONFM',
    name: { de: 'Konfigurationsmanagement', en: 'Configuration Management' },
  },
  { id: 'PR12', kind: 'process', code: 'CHM', name: { de: 'Änderungsmanagement', en: 'Change Management' } },
  {
    id: 'PR13',
    kind: 'process',
    code: 'RDM',
    name: { de: 'Release- und Deployment-Management', en: 'Release and Deployment Management' },
  },
  {
    id: 'PR14',
    kind: 'process',
    code: 'CSI',
    name: {
      de: 'Management der kontinuierlichen Serviceverbesserung',
      en: 'Continual Service Improvement Management',
    },
  },
];

const GROUP_BY_ID = new Map<string, FitsmGroup>(FITSM_GROUPS.map((group) => [group.id, group]));

/** The group with this id; undefined for an unknown id. */
export function fitsmGroupOf(id: string): FitsmGroup | undefined {
  return GROUP_BY_ID.get(id);
}

/** Whether `id` names a FitSM process (PR1–PR14). */
export function isFitsmProcessId(id: string): id is FitsmProcessId {
  return (FITSM_PROCESS_IDS as readonly string[]).includes(id);
}

/** Whether `id` names a group (GR1–GR7, PR1–PR14). */
export function isFitsmGroupId(id: string): id is FitsmGroupId {
  return GROUP_BY_ID.has(id);
}

/**
 * The group a requirement id belongs to, from its prefix; undefined when the prefix names no group.
 * @example fitsmGroupIdOf('PR14.2') // 'PR14'
 */
export function fitsmGroupIdOf(requirementId: string): FitsmGroupId | undefined {
  const prefix = requirementId.split('.')[0] ?? '';
  return isFitsmGroupId(prefix) ? prefix : undefined;
}
