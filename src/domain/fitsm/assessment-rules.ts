/**
 * The rules an assessment's meta and a rating must keep, pure: each check answers the problems it finds as
 * English sentences naming the field and the rule (empty: fine). The resolvers check the payload's shape first;
 * these rules hold whoever calls.
 */
import { FITSM_REQUIREMENTS } from './catalogue-requirements';
import { isFitsmGroupId, isFitsmProcessId, type FitsmRequirementId } from './catalogue';
import {
  FITSM_ISSUE_KEY_PATTERN,
  FITSM_LIMITS,
  isFitsmLevel,
  isIsoDate,
  type FitsmAssessmentMeta,
} from './assessment-types';

const REQUIREMENT_IDS = new Set<string>(FITSM_REQUIREMENTS.map((requirement) => requirement.id));

/** Whether `id` is a requirement of the catalogue. */
export function isFitsmRequirementId(id: string): id is FitsmRequirementId {
  return REQUIREMENT_IDS.has(id);
}

// Tab and line breaks are fine in notes; other control characters only come from a broken client.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/** Problems of an assessment's meta (without id). */
export function fitsmMetaProblems(meta: Omit<FitsmAssessmentMeta, 'id'>): string[] {
  const problems: string[] = [];
  const title = meta.title.trim();
  if (title === '') problems.push('title: give the assessment a title, e.g. "Self-assessment 04/2022"');
  if (meta.title.length > FITSM_LIMITS.titleChars)
    problems.push(`title: at most ${String(FITSM_LIMITS.titleChars)} characters`);
  if (CONTROL.test(meta.title)) problems.push('title: no control characters');
  if (!isIsoDate(meta.date)) problems.push('date: a calendar date YYYY-MM-DD that exists');
  if (meta.assessors.length === 0) problems.push('assessors: name at least one assessor');
  if (meta.assessors.length > FITSM_LIMITS.assessors)
    problems.push(`assessors: at most ${String(FITSM_LIMITS.assessors)}`);
  for (const twice of duplicates(meta.assessors)) problems.push(`assessors: ${twice} is named twice`);
  // The type says process ids; a caller without the resolvers' checks may still hand anything.
  for (const id of meta.outOfScope as readonly string[])
    if (!isFitsmProcessId(id)) problems.push(`outOfScope: ${id} is no FitSM process (PR1–PR14)`);
  for (const twice of duplicates(meta.outOfScope)) problems.push(`outOfScope: ${twice} is named twice`);
  if (!isFitsmLevel(meta.targetLevel) || meta.targetLevel === 0)
    problems.push('targetLevel: a level 1–4 (the level requirements should reach)');
  for (const [groupId, level] of Object.entries(meta.targetByGroup)) {
    if (!isFitsmGroupId(groupId)) problems.push(`targetByGroup: ${groupId} is no group (GR1–GR7, PR1–PR14)`);
    if (!isFitsmLevel(level) || level === 0) problems.push(`targetByGroup.${groupId}: a level 1–4`);
  }
  return problems;
}

/** Problems of one rating's content. */
export function fitsmRatingProblems(rating: {
  readonly level: unknown;
  readonly notes: string;
  readonly issueKeys: readonly string[];
}): string[] {
  const problems: string[] = [];
  if (!isFitsmLevel(rating.level)) problems.push('rating.level: a level 0–4 of FitSM-6');
  if (rating.notes.length > FITSM_LIMITS.noteChars)
    problems.push(`rating.notes: at most ${String(FITSM_LIMITS.noteChars)} characters; link issues for more`);
  if (CONTROL.test(rating.notes))
    problems.push('rating.notes: no control characters besides tabs and line breaks');
  if (rating.issueKeys.length > FITSM_LIMITS.issueKeysPerRating)
    problems.push(`rating.issueKeys: at most ${String(FITSM_LIMITS.issueKeysPerRating)} issues`);
  for (const key of rating.issueKeys)
    if (!FITSM_ISSUE_KEY_PATTERN.test(key))
      problems.push(`rating.issueKeys: ${key} is no issue key like CSI-12`);
  for (const twice of duplicates(rating.issueKeys))
    problems.push(`rating.issueKeys: ${twice} is named twice`);
  return problems;
}
