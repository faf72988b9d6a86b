/**
 * CSV and JSON export of one assessment. CSV: one row per requirement (group, requirement, our summary, each
 * assessor's rating and notes side by side, the agreed rating, the group's level and target), then the maturity
 * of the management system and FitSM's attribution line. Written with the app's one CSV writer
 * (`../shared/csv.ts`): formula-like text defused, German `;`, English `,`, a byte order mark first.
 * JSON: the assessment as stored plus the computed levels, the catalogue edition and the attribution.
 */
import { FITSM_ATTRIBUTION, FITSM_EDITION, FITSM_GROUPS, type FitsmText } from './catalogue';
import { FITSM_REQUIREMENTS } from './catalogue-requirements';
import { computeFitsmLevels, type FitsmAssessmentLevels } from './assessment-levels';
import { fitsmTargetOf } from './assessment-gaps';
import type { FitsmAssessment, FitsmLevel } from './assessment-types';
import { csvCell, csvDialectOf, csvDocument, csvRow } from '../shared/csv';

type Language = 'de' | 'en';

/** The CSV's fixed words, German and English. */
export const FITSM_CSV_TEXTS = {
  group: { de: 'Bereich', en: 'Area' },
  groupName: { de: 'Name des Bereichs', en: 'Area name' },
  requirement: { de: 'Anforderung', en: 'Requirement' },
  summary: { de: 'Zusammenfassung', en: 'Summary' },
  assessorLevel: { de: 'Bewertung {name}', en: 'Rating {name}' },
  assessorNotes: { de: 'Notizen {name}', en: 'Notes {name}' },
  agreedLevel: { de: 'Vereinbarte Bewertung', en: 'Agreed rating' },
  agreedNotes: { de: 'Nachweise', en: 'Evidence' },
  issues: { de: 'Vorgänge', en: 'Issues' },
  groupLevel: { de: 'Fähigkeitsgrad des Prozesses', en: 'Capability of the process' },
  generalLevel: { de: 'Stufe der Gruppe (Teil des Reifegrads)', en: 'Group level (part of maturity)' },
  target: { de: 'Zielstufe', en: 'Target level' },
  belowTarget: { de: 'Unter dem Ziel', en: 'Below target' },
  maturity: { de: 'Reifegrad des Managementsystems', en: 'Maturity of the management system' },
  undetermined: { de: 'offen', en: 'undetermined' },
  outOfScope: { de: 'nicht im Umfang', en: 'out of scope' },
  yes: { de: 'ja', en: 'yes' },
  no: { de: 'nein', en: 'no' },
} as const satisfies Record<string, FitsmText>;

function levelText(level: FitsmLevel | null | undefined, language: Language): string {
  return level === null || level === undefined ? FITSM_CSV_TEXTS.undetermined[language] : String(level);
}

/**
 * The assessment as CSV in the reader's language; `people` maps account ids to display names (an id without a
 * name shows as the id).
 */
export function fitsmAssessmentCsv(
  assessment: FitsmAssessment,
  language: Language,
  people: ReadonlyMap<string, string> = new Map(),
): string {
  const dialect = csvDialectOf(language);
  const t = (text: FitsmText) => text[language];
  const levels = computeFitsmLevels(assessment);
  const groupLevel = new Map(levels.groups.map((group) => [group.groupId, group]));
  const groupName = new Map(FITSM_GROUPS.map((group) => [group.id, group.name[language]]));
  const names = assessment.assessors.map((id) => people.get(id) ?? id);
  const header = [
    t(FITSM_CSV_TEXTS.group),
    t(FITSM_CSV_TEXTS.groupName),
    t(FITSM_CSV_TEXTS.requirement),
    t(FITSM_CSV_TEXTS.summary),
    ...names.flatMap((name) => [
      t(FITSM_CSV_TEXTS.assessorLevel).replace('{name}', name),
      t(FITSM_CSV_TEXTS.assessorNotes).replace('{name}', name),
    ]),
    t(FITSM_CSV_TEXTS.agreedLevel),
    t(FITSM_CSV_TEXTS.agreedNotes),
    t(FITSM_CSV_TEXTS.issues),
    `${t(FITSM_CSV_TEXTS.groupLevel)} / ${t(FITSM_CSV_TEXTS.generalLevel)}`,
    t(FITSM_CSV_TEXTS.target),
    t(FITSM_CSV_TEXTS.belowTarget),
  ];
  const rows: string[] = [
    csvRow(
      header.map((text) => csvCell(text, dialect)),
      dialect,
    ),
  ];
  for (const requirement of FITSM_REQUIREMENTS) {
    const ratings = assessment.ratings[requirement.id];
    const group = groupLevel.get(requirement.groupId);
    const agreed = ratings?.agreed ?? null;
    const target = fitsmTargetOf(assessment, requirement.groupId);
    const inScope = group?.inScope ?? true;
    const fields = [
      requirement.groupId,
      groupName.get(requirement.groupId) ?? '',
      requirement.id,
      requirement.summary[language],
      ...assessment.assessors.flatMap((id) => {
        const own = ratings?.byAssessor[id];
        return [own ? String(own.level) : '', own?.notes ?? ''];
      }),
      agreed ? String(agreed.level) : '',
      agreed?.notes ?? '',
      (agreed?.issueKeys ?? []).join(' '),
      inScope ? levelText(group?.level, language) : t(FITSM_CSV_TEXTS.outOfScope),
      String(target),
      agreed && inScope ? t(agreed.level < target ? FITSM_CSV_TEXTS.yes : FITSM_CSV_TEXTS.no) : '',
    ];
    rows.push(
      csvRow(
        fields.map((field) => csvCell(field, dialect)),
        dialect,
      ),
    );
  }
  rows.push(csvRow([], dialect));
  rows.push(
    csvRow(
      [t(FITSM_CSV_TEXTS.maturity), levelText(levels.maturity.level, language)].map((f) =>
        csvCell(f, dialect),
      ),
      dialect,
    ),
  );
  rows.push(csvRow([csvCell(`${FITSM_ATTRIBUTION.text} (${FITSM_ATTRIBUTION.url})`, dialect)], dialect));
  return csvDocument(rows, { bom: true });
}

/** The JSON export's shape (version 1). */
export interface FitsmAssessmentJson {
  readonly format: 'three-ways-fitsm-assessment';
  readonly formatVersion: 1;
  readonly catalogue: string;
  readonly attribution: typeof FITSM_ATTRIBUTION;
  /** ISO 8601 instant of the export. */
  readonly exportedAt: string;
  readonly assessment: FitsmAssessment;
  readonly levels: FitsmAssessmentLevels;
}

/** The assessment with its computed levels as one JSON-ready object; `now` is the export's time. */
export function fitsmAssessmentJson(assessment: FitsmAssessment, now: Date): FitsmAssessmentJson {
  return {
    format: 'three-ways-fitsm-assessment',
    formatVersion: 1,
    catalogue: FITSM_EDITION,
    attribution: FITSM_ATTRIBUTION,
    exportedAt: now.toISOString(),
    assessment,
    levels: computeFitsmLevels(assessment),
  };
}
