/**
 * Every resolver of the contract `ResolverDefs`, defined once as a map from function name to handler. The composition
 * root (`../composition-root.ts`) turns it into Forge's resolver function (`makeResolver`) for Forge and the local
 * preview alike; only the ports differ: who talks to Jira and as whom.
 */
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type {
  JiraConfigPort,
  JiraDashboardPort,
  JiraPort,
  JiraUserAccessPort,
} from '../../application/ports/jira-port';
import type { JiraServiceDeskPort } from '../../application/ports/service-desk-port';
import type { StorePort } from '../../application/ports/store-port';
import type { OkrJira } from '../../application/okr-session';
import type { FlowFactsViews } from '../../application/project-flow-facts';
import type { ResolverDefs } from '../../contract/resolvers';
import { createCsiRecordHandlers } from './csi-record-handlers';
import { createCsiSetupHandlers } from './csi-setup-handlers';
import { createGadgetHandlers } from './gadget-handlers';
import { createEffectCheckHandlers } from './effect-check-handlers';
import { createFeedbackIntakeHandlers } from './feedback-intake-handlers';
import { createFeedbackLoopHandlers } from './feedback-loop-handlers';
import { createFitsmAssessmentHandlers } from './fitsm-assessment-handlers';
import { createFitsmMeetingHandlers } from './fitsm-meeting-handlers';
import { createFitsmPlanHandlers } from './fitsm-plan-handlers';
import { createOkrHandlers } from './okr-handlers';
import { handleGetIssueFlow, timeZoneFromContext, viewerProjectViewStarter } from './get-issue-flow';
import { createProjectFlowHandlers } from './project-flow-handlers';
import { createStatusMappingHandlers } from './status-mapping-handlers';

/**
 * The invocation context Forge passes to a resolver (`accountId`, `locale`, `timezone`, `extension`, …). It comes
 * with the call from the browser side, so every handler reads it as untrusted data.
 */
export type ResolverContext = Readonly<Record<string, unknown>>;

/** What the resolvers need from the outside world. */
export interface ResolverDeps {
  /**
   * Jira's issues as the user of this invocation sees them: on Forge `asUser()` (Forge knows the user), in the
   * preview the sample user named by `context.accountId` (basic auth against the emulator).
   */
  readonly issueReader: (context: ResolverContext) => IssueReadPort;
  /**
   * The Jira client acting as the user of the invocation (as `issueReader`), with Jira's configuration calls for
   * the CSI setup (Jira itself refuses them to anyone but administrators; the setup checks first).
   */
  readonly jira: (context: ResolverContext) => JiraPort &
    JiraConfigPort &
    JiraDashboardPort &
    JiraUserAccessPort & {
      /** Requests this client sent (the app's Jira client counts them; the OKR gadget reports the number). */
      readonly requestCount?: (routeKey?: string) => number;
    };
  /**
   * Jira as the app (Forge `asApp()`; the preview's admin transport): the OKR page's "measure now" measures with it
   * so a measured value does not depend on who asked. Absent: `measureKeyResult` fails as `internal`.
   */
  readonly jiraAsApp?: () => OkrJira;
  /** App storage: settings, flow facts, gadget configurations (Forge KVS; in memory in the preview). */
  readonly store: StorePort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** Server-side log (Forge function logs); never shown to the user. */
  readonly logError: (message: string, error: unknown) => void;
  /** The public URL of a web trigger module (`okr-values`): Forge's `webTrigger.getUrl`, the preview's local one. */
  readonly webTriggerUrl?: (moduleKey: string) => Promise<string>;
  /**
   * Jira Service Management as the user of the invocation (a request's CSAT rating). Absent: no rating is read (a
   * site without JSM answers 404 anyway, read as "no rating").
   */
  readonly serviceDesk?: (context: ResolverContext) => JiraServiceDeskPort;
  /**
   * The flow facts store and its backfill starter (issue 13): the project page, the gadget and the panel's standing
   * are computed from the facts of the ids the user's search returns (`backfilling` until the project's are
   * ready), key results and effect checks measure flow from them.
   */
  readonly facts: FlowFactsViews;
}

/** One handler per resolver: the payload as received (validated inside), the invocation context. */
export type ResolverHandlers = {
  readonly [Name in keyof ResolverDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<ResolverDefs[Name]>>;
};

/**
 * The largest payload each resolver accepts, as serialized JSON in UTF-8 bytes. Checked before validation, so an
 * oversized payload costs one `JSON.stringify` and nothing else. Sized from the largest valid payload: a request
 * naming a project or issue fits in 1 KiB; the edited gadget config carries ≤ 1,000 characters of JQL; a CSI
 * record holds bounded texts (see `CsiRecordInputSchema`). A status mapping is stored whole in one KVS value, and
 * Forge measures the row as stored, with the value's JSON escaped inside it: every `"` and `\` costs twice, so a
 * mapping of quote-heavy status names takes up to twice its payload's bytes. Its cap is therefore below half of
 * KVS's 240 KiB, so any payload it lets through is stored (`saveStatusMapping` keeps or shortens every text).
 */
export const RESOLVER_PAYLOAD_LIMIT_BYTES: { readonly [Name in keyof ResolverDefs]: number } = {
  getIssueFlow: 1_024,
  getProjectFlow: 8_192,
  getGadgetFlow: 8_192,
  getGadgetConfig: 1_024,
  saveGadgetConfig: 8_192,
  getStatusMapping: 1_024,
  saveStatusMapping: 118_784, // 116 KiB: twice that plus the row's members stays below 240 KiB
  getDataQuality: 1_024,
  getCsiSetup: 1_024,
  runCsiSetup: 1_024,
  getCsiRecord: 1_024,
  saveCsiRecord: 65_536,
  getCsiRegister: 1_024,
  getOkrOverview: 1_024,
  getKeyResultDetail: 1_024,
  saveObjective: 16_384,
  archiveObjective: 1_024,
  saveKeyResult: 16_384,
  archiveKeyResult: 1_024,
  checkInKeyResult: 8_192,
  measureKeyResult: 1_024,
  getIssueKeyResults: 1_024,
  searchKeyResults: 1_024,
  linkIssueToKeyResult: 1_024,
  unlinkIssueFromKeyResult: 1_024,
  closeOkrPeriod: 1_024,
  rotateKeyResultSecret: 1_024,
  exportOkrPeriod: 1_024,
  importOkrPeriod: 4_194_304, // a period's export; Forge's resolver payload limit is 5 MB
  getOkrSettings: 1_024,
  saveOkrSettings: 2_048,
  getOkrGadget: 1_024,
  saveOkrGadgetConfig: 2_048,
  getFeedbackLoop: 1_024,
  setFeedbackOptOut: 1_024,
  getEffectCheck: 1_024,
  saveEffectCheckConfig: 8_192,
  runEffectCheck: 1_024,
  adoptEffectResult: 1_024,
  getFeedbackReplySettings: 1_024,
  saveFeedbackReplySettings: 65_536, // four templates of at most 2,000 characters each, escaped
  getFeedbackIntake: 1_024,
  saveFeedbackIntake: 8_192,
  rotateFeedbackIntakeSecret: 1_024,
  getFitsmMeetings: 1_024,
  getFitsmMeeting: 1_024,
  saveFitsmMeetingCadence: 2_048,
  prepareFitsmMeeting: 1_024,
  // Minutes of at most 20,000 characters and 50 decisions with their rationales, as typed (the stored meeting's
  // own limit answers too-large beyond what one value holds).
  saveFitsmMeetingMinutes: 163_840,
  getFitsmAssessments: 1_024,
  getFitsmAssessment: 1_024,
  saveFitsmAssessment: 4_096, // ten assessors' account ids, 21 targets, a 200-character title
  // Notes of at most 2,000 characters (up to 6 bytes each once JSON-escaped) and 20 issue keys.
  rateFitsmRequirement: 16_384,
  compareFitsmAssessments: 1_024,
  exportFitsmAssessment: 1_024,
  getFitsmSettings: 1_024,
  saveFitsmSettings: 2_048,
  getFitsmAuditPlan: 1_024,
  // A scope of at most 1,000 characters (up to 6 bytes each once JSON-escaped) and the audit's short fields.
  saveFitsmAudit: 8_192,
  // A finding's text of at most 2,000 characters, escaped.
  recordFitsmFinding: 16_384,
  registerFitsmFinding: 1_024,
  registerFitsmGaps: 2_048, // ten requirement ids
  getFitsmGapLinks: 1_024,
  getFitsmSchedule: 1_024,
  moveFitsmScheduleItem: 1_024,
  addFitsmScheduleItem: 1_024,
  removeFitsmScheduleItem: 1_024,
  exportFitsmSchedule: 1_024,
  getFitsmPlanSettings: 1_024,
  saveFitsmPlanSettings: 1_024,
};

/**
 * Serialized size of a payload in UTF-8 bytes (`undefined`, i.e. no payload, is 0); null when it cannot be
 * serialized because it nests so deeply that `JSON.stringify` runs out of stack (a few thousand levels: a payload
 * of `[[[…]]]` only some KiB long; Forge's JSON parsing let it through).
 */
export function payloadBytes(payload: unknown): number | null {
  try {
    // JSON.stringify answers undefined (despite its typing) for undefined; a payload came as JSON, so no cycles.
    const json = JSON.stringify(payload) as string | undefined;
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * `handlers` with the payload size cap of {@link RESOLVER_PAYLOAD_LIMIT_BYTES} in front of each: an oversized
 * payload is answered `invalid-payload` naming its size and the limit (one too deeply nested to serialize, naming
 * that), and the handler never runs.
 */
export function withPayloadLimits(handlers: ResolverHandlers): ResolverHandlers {
  const limited: Record<string, (payload: unknown, context: ResolverContext) => Promise<unknown>> = {};
  for (const name of Object.keys(handlers) as (keyof ResolverDefs)[]) {
    const handler = handlers[name] as (payload: unknown, context: ResolverContext) => Promise<unknown>;
    const limitBytes = RESOLVER_PAYLOAD_LIMIT_BYTES[name];
    limited[name] = (payload, context) => {
      const bytes = payloadBytes(payload);
      if (bytes !== null && bytes <= limitBytes) return handler(payload, context);
      return Promise.resolve({
        ok: false,
        error: {
          code: 'invalid-payload',
          detail:
            bytes === null
              ? `The payload of ${name} is nested too deeply to be read (thousands of levels; no request of ` +
                'this app nests more than a few). Send the documented shape.'
              : `The payload of ${name} is ${String(bytes)} bytes; at most ${String(limitBytes)} bytes are ` +
                'accepted. Send less (e.g. fewer stages or statuses, shorter texts).',
        },
      });
    };
  }
  // Every result type of the contract has this failure shape with the code `invalid-payload`.
  return limited as unknown as ResolverHandlers;
}

/** The resolver handlers over `deps`, each behind its payload size cap. */
export function createResolverHandlers(deps: ResolverDeps): ResolverHandlers {
  return withPayloadLimits(createUncappedHandlers(deps));
}

function createUncappedHandlers(deps: ResolverDeps): ResolverHandlers {
  const { jira, store, clock, logError } = deps;
  return {
    getIssueFlow: (payload, context) =>
      handleGetIssueFlow(payload, context, {
        port: deps.issueReader(context),
        projects: {
          store,
          // The panel compares the issue with the viewer's own project view, computed from the facts as the viewer.
          startProjectView: viewerProjectViewStarter(
            { jira: () => jira(context), store, clock, logError, facts: deps.facts },
            timeZoneFromContext(context),
          ),
          // Only asked when the issue read lacks `fields.project`; as the user, like every read. The standing is
          // an extra: when the project cannot be read the panel still shows the issue's own numbers.
          projectIdOf: async (projectKey) => {
            try {
              return (await jira(context).getProject(projectKey)).id;
            } catch (error) {
              logError(`getIssueFlow: project ${projectKey} not readable; no standing shown`, error);
              return null;
            }
          },
        },
        clock,
        logError,
      }),
    ...createProjectFlowHandlers({ jira, store, clock, logError, facts: deps.facts }),
    ...createGadgetHandlers({ jira, store, clock, logError, facts: deps.facts }),
    ...createStatusMappingHandlers({ jira, store, clock, logError }),
    ...createCsiSetupHandlers({ jira, store, clock, logError }),
    ...createCsiRecordHandlers({ jira, store, clock, logError }),
    ...createOkrHandlers({
      jira,
      ...(deps.jiraAsApp === undefined ? {} : { jiraAsApp: deps.jiraAsApp }),
      store,
      clock,
      logError,
      ...(deps.webTriggerUrl === undefined ? {} : { webTriggerUrl: deps.webTriggerUrl }),
      facts: deps.facts.reader,
    }),
    ...createFeedbackLoopHandlers(deps),
    ...createEffectCheckHandlers(deps),
    ...createFeedbackIntakeHandlers(deps),
    ...createFitsmMeetingHandlers({ jira, store, clock, logError }),
    ...createFitsmAssessmentHandlers({ jira, store, clock, logError }),
    ...createFitsmPlanHandlers(deps),
  };
}
