/**
 * The UI's one resolver call and its one failure policy (`createInvoke`; `./invoke` binds it to `@forge/bridge`):
 * typed over the contract's `ResolverDefs` (`src/contract/resolvers.ts`), it never rejects. A resolver's own
 * `{ ok: false }` answer passes with its area's error codes; a failed bridge call, a broken or foreign answer and
 * an error code the resolver's area does not know all become an `internal` failure naming the cause. Every page
 * therefore handles one thing — the typed result — and shows the failure's code in German or English with what to
 * do (`*.error.<code>` texts in `locales/`).
 */
import { CSI_ERROR_CODES } from '../../../src/contract/csi';
import { FEEDBACK_ERROR_CODES } from '../../../src/contract/feedback';
import {
  FITSM_ASSESSMENT_ERROR_CODES,
  FITSM_MEETING_ERROR_CODES,
  FITSM_PLAN_ERROR_CODES,
} from '../../../src/contract/fitsm-error-codes';
import { OKR_ERROR_CODES } from '../../../src/contract/okr';
import { STATUS_MAPPING_ERROR_CODES } from '../../../src/contract/status-mapping';
import {
  envelopeOf,
  RESOLVER_ERROR_CODES,
  type InvokeResolver,
  type ResolverAnswer,
  type ResolverName,
  type ResolverPayload,
} from './resolver-types';

/** The error codes resolver `K`'s answer type allows (its area's, e.g. `CsiErrorCode`). */
export type ErrorCodeOf<K extends ResolverName> = Extract<
  ResolverAnswer<K>,
  { readonly ok: false }
>['error']['code'];

/** Per resolver a list of codes its answer type allows. */
type ErrorCodeLists = { readonly [K in ResolverName]: readonly ErrorCodeOf<K>[] };

/** Per resolver: its list when it names every code its answer type allows, else the codes it misses. */
type CompleteLists<T extends ErrorCodeLists> = {
  readonly [K in ResolverName]: [Exclude<ErrorCodeOf<K>, T[K][number]>] extends [never]
    ? T[K]
    : { readonly missingCodes: Exclude<ErrorCodeOf<K>, T[K][number]> };
};

/**
 * The table of error codes, checked by the type checker to match each resolver's answer type exactly: a resolver
 * missing, a list naming a code its answer never carries, or one lacking a code it does (which would turn e.g. a
 * `conflict` into `internal` and lose the page's reload offer) fails the type check.
 */
export function errorCodeTable<T extends ErrorCodeLists>(table: T & NoInfer<CompleteLists<T>>): T {
  return table;
}

/** The error codes each resolver may answer with (its area's), exactly as its answer type (see {@link errorCodeTable}). */
export const ERROR_CODES_OF = errorCodeTable({
  getIssueFlow: RESOLVER_ERROR_CODES,
  getProjectFlow: RESOLVER_ERROR_CODES,
  getGadgetFlow: RESOLVER_ERROR_CODES,
  getGadgetConfig: RESOLVER_ERROR_CODES,
  saveGadgetConfig: RESOLVER_ERROR_CODES,
  getStatusMapping: STATUS_MAPPING_ERROR_CODES,
  saveStatusMapping: STATUS_MAPPING_ERROR_CODES,
  getDataQuality: STATUS_MAPPING_ERROR_CODES,
  getCsiSetup: CSI_ERROR_CODES,
  runCsiSetup: CSI_ERROR_CODES,
  getCsiRecord: CSI_ERROR_CODES,
  saveCsiRecord: CSI_ERROR_CODES,
  getCsiRegister: CSI_ERROR_CODES,
  getOkrOverview: OKR_ERROR_CODES,
  getKeyResultDetail: OKR_ERROR_CODES,
  saveObjective: OKR_ERROR_CODES,
  archiveObjective: OKR_ERROR_CODES,
  saveKeyResult: OKR_ERROR_CODES,
  archiveKeyResult: OKR_ERROR_CODES,
  checkInKeyResult: OKR_ERROR_CODES,
  measureKeyResult: OKR_ERROR_CODES,
  getIssueKeyResults: OKR_ERROR_CODES,
  searchKeyResults: OKR_ERROR_CODES,
  linkIssueToKeyResult: OKR_ERROR_CODES,
  unlinkIssueFromKeyResult: OKR_ERROR_CODES,
  closeOkrPeriod: OKR_ERROR_CODES,
  rotateKeyResultSecret: OKR_ERROR_CODES,
  exportOkrPeriod: OKR_ERROR_CODES,
  importOkrPeriod: OKR_ERROR_CODES,
  getOkrSettings: OKR_ERROR_CODES,
  saveOkrSettings: OKR_ERROR_CODES,
  getOkrGadget: OKR_ERROR_CODES,
  saveOkrGadgetConfig: OKR_ERROR_CODES,
  getFeedbackLoop: FEEDBACK_ERROR_CODES,
  setFeedbackOptOut: FEEDBACK_ERROR_CODES,
  getEffectCheck: FEEDBACK_ERROR_CODES,
  saveEffectCheckConfig: FEEDBACK_ERROR_CODES,
  runEffectCheck: FEEDBACK_ERROR_CODES,
  adoptEffectResult: FEEDBACK_ERROR_CODES,
  getFeedbackReplySettings: FEEDBACK_ERROR_CODES,
  saveFeedbackReplySettings: FEEDBACK_ERROR_CODES,
  getFeedbackIntake: FEEDBACK_ERROR_CODES,
  saveFeedbackIntake: FEEDBACK_ERROR_CODES,
  rotateFeedbackIntakeSecret: FEEDBACK_ERROR_CODES,
  getFitsmMeetings: FITSM_MEETING_ERROR_CODES,
  getFitsmMeeting: FITSM_MEETING_ERROR_CODES,
  saveFitsmMeetingCadence: FITSM_MEETING_ERROR_CODES,
  prepareFitsmMeeting: FITSM_MEETING_ERROR_CODES,
  saveFitsmMeetingMinutes: FITSM_MEETING_ERROR_CODES,
  getFitsmAssessments: FITSM_ASSESSMENT_ERROR_CODES,
  getFitsmAssessment: FITSM_ASSESSMENT_ERROR_CODES,
  saveFitsmAssessment: FITSM_ASSESSMENT_ERROR_CODES,
  rateFitsmRequirement: FITSM_ASSESSMENT_ERROR_CODES,
  compareFitsmAssessments: FITSM_ASSESSMENT_ERROR_CODES,
  exportFitsmAssessment: FITSM_ASSESSMENT_ERROR_CODES,
  getFitsmSettings: FITSM_ASSESSMENT_ERROR_CODES,
  saveFitsmSettings: FITSM_ASSESSMENT_ERROR_CODES,
  getFitsmAuditPlan: FITSM_PLAN_ERROR_CODES,
  saveFitsmAudit: FITSM_PLAN_ERROR_CODES,
  recordFitsmFinding: FITSM_PLAN_ERROR_CODES,
  registerFitsmFinding: FITSM_PLAN_ERROR_CODES,
  registerFitsmGaps: FITSM_PLAN_ERROR_CODES,
  getFitsmGapLinks: FITSM_PLAN_ERROR_CODES,
  getFitsmSchedule: FITSM_PLAN_ERROR_CODES,
  moveFitsmScheduleItem: FITSM_PLAN_ERROR_CODES,
  addFitsmScheduleItem: FITSM_PLAN_ERROR_CODES,
  removeFitsmScheduleItem: FITSM_PLAN_ERROR_CODES,
  exportFitsmSchedule: FITSM_PLAN_ERROR_CODES,
  getFitsmPlanSettings: FITSM_PLAN_ERROR_CODES,
  saveFitsmPlanSettings: FITSM_PLAN_ERROR_CODES,
});

/** The detail of a failed bridge call: says it was the call, not the resolver, so support can tell them apart. */
function bridgeFailureDetail(name: string, error: unknown): string {
  return `the call of resolver ${name} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** The raw call of a resolver by name (Forge's is `@forge/bridge`'s `invoke`; tests and the preview pass another). */
export type BridgeCall = (name: string, payload: Record<string, unknown>) => Promise<unknown>;

/**
 * The {@link InvokeResolver} over `call` with the one failure policy: resolves to the checked result envelope and
 * never rejects. Tests build theirs over a fake call (`mockInvoke`), so they exercise this very policy.
 */
export function createInvoke(call: BridgeCall): InvokeResolver {
  return async <K extends ResolverName>(name: K, payload: ResolverPayload<K>): Promise<ResolverAnswer<K>> => {
    let response: unknown;
    try {
      response = await call(name, { ...(payload as object) });
    } catch (error) {
      response = { ok: false, error: { code: 'internal', detail: bridgeFailureDetail(name, error) } };
    }
    // The envelope is the contract's; the value's shape is the resolver's (validated on the backend side).
    return envelopeOf(name, response, ERROR_CODES_OF[name]) as ResolverAnswer<K>;
  };
}
