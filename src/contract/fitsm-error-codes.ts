/**
 * The error codes of the FitSM resolvers (self-assessment, audit plan and schedule, review meeting), apart from their
 * contracts: the UI's error-code table (`static/src/api/create-invoke.ts`) is in every Custom UI bundle and takes
 * them from here, so the FitSM requirement catalogue the contracts re-export stays in the FitSM pages' chunks.
 */
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from './resolvers';

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the assessment, the rating or the settings changed since they were loaded; reload (the UI keeps
 *   the user's input);
 * - `invalid-assessment`: the assessment or rating breaks a rule; `detail` names the field and the rule;
 * - `assessment-agreed`: the assessment is agreed and its ratings are kept as they are; set it back to draft first;
 * - `too-large`: the ratings of one process would not fit one stored value; `detail` says what to shorten;
 * - `busy`: the store stayed busy (many concurrent ratings): try again in a moment.
 */
export type FitsmAssessmentErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-assessment' | 'assessment-agreed' | 'too-large' | 'busy';

export const FITSM_ASSESSMENT_ERROR_CODES: readonly FitsmAssessmentErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-assessment',
  'assessment-agreed',
  'too-large',
  'busy',
];

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the audit (its revision), the schedule or the settings changed since they were loaded; reload
 *   (the UI keeps the user's input);
 * - `invalid-request`: the change breaks a rule of the plan (a FitSM id the catalogue lacks, a done day in the
 *   future, a selected requirement that is no gap, …); `detail` names each in English;
 * - `csi-not-set-up`: the chosen project has no CSI issue type; a Jira admin sets CSI up there, or choose another;
 * - `busy`: the same finding or gap is being registered by another call right now; try again in a few seconds.
 */
export type FitsmPlanErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-request' | 'csi-not-set-up' | 'busy';

export const FITSM_PLAN_ERROR_CODES: readonly FitsmPlanErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-request',
  'csi-not-set-up',
  'busy',
];

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the cadence or the meeting changed since it was loaded; reload (decisions of the minutes that
 *   conflict are answered per decision, not with this code);
 * - `invalid-meeting`: the cadence or the minutes break a rule; `detail` names the member and the rule;
 * - `not-configured`: no cadence (with its projects) is saved yet: an editor saves one first;
 * - `meeting-held`: the meeting was held; its agenda is kept as it was (prepare the next meeting instead);
 * - `too-large`: the meeting does not fit one stored value; `detail` says what to shorten.
 */
export type FitsmMeetingErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-meeting' | 'not-configured' | 'meeting-held' | 'too-large';

export const FITSM_MEETING_ERROR_CODES: readonly FitsmMeetingErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-meeting',
  'not-configured',
  'meeting-held',
  'too-large',
];
