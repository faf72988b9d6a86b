/**
 * The audit plan's and schedule's view of the FitSM catalogue (`catalogue.ts`, `catalogue-requirements.ts`): which
 * ids exist (a group GR1–GR7 / PR1–PR14 or one of their requirements) and their names in a language.
 */
import type { FitsmSubjectLookup } from './audit-subjects';
import { fitsmGroupOf } from './catalogue';
import { FITSM_REQUIREMENTS } from './catalogue-requirements';

const REQUIREMENTS = new Map(FITSM_REQUIREMENTS.map((r) => [r.id as string, r]));

/** The lookup over the catalogue: names of groups (process names) and requirement summaries in `language`. */
export function catalogueLookup(language: 'de' | 'en'): FitsmSubjectLookup {
  return {
    isKnown: (id) => fitsmGroupOf(id) !== undefined || REQUIREMENTS.has(id),
    nameOf: (id) => fitsmGroupOf(id)?.name[language] ?? REQUIREMENTS.get(id)?.summary[language] ?? null,
  };
}
