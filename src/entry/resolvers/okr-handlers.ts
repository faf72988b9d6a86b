/**
 * Resolvers of the OKR modules (`OkrDefs`): OKR page, OKR gadget, the issue panel's "Key Results" section. Each
 * validates its payload (valibot, `invalid-payload` naming the field), opens the invocation's OKR session (the
 * settings and the acting user's access, read from Jira as that user) and delegates to the application; the typed
 * failures become the contract's codes. `measureKeyResult` comes from `okr-measure-handler.ts`.
 *
 * Only `accountId` and `timezone` of the context are used (and, for the gadget, `extension.dashboard.id` and
 * `extension.gadget.id`, which name the gadget, never the payload): admin and group membership come from Jira.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { IssueNotFoundError } from '../../application/errors';
import { GadgetEditForbiddenError } from '../../application/gadget-flow';
import { OkrDailyLimitError } from '../../application/okr-daily-limits';
import { getOkrGadgetView, saveOkrGadgetConfig } from '../../application/okr-gadget';
import {
  changeIssueLink,
  getIssueKeyResults,
  OkrPropertyWriteError,
  searchKeyResults,
} from '../../application/okr-issue-property';
import { OkrPeriodClosedError } from '../../application/okr-periods';
import { OkrForbiddenError } from '../../application/okr-permissions';
import {
  archiveKeyResult,
  archiveObjective,
  checkInKeyResult,
  closeOkrPeriod,
  exportOkrPeriod,
  importOkrPeriod,
  rotateKeyResultSecret,
  saveKeyResult,
  saveObjective,
  saveSettings,
} from '../../application/okr-service';
import { openOkrSession, type OkrJira, type OkrSession } from '../../application/okr-session';
import { OkrStore } from '../../application/okr-store';
import { getKeyResultDetail, getOkrOverview } from '../../application/okr-views';
import type { JiraDashboardPort } from '../../application/ports/jira-port';
import {
  OkrBusyError,
  OkrConflictError,
  OkrNotFoundError,
  OkrValidationError,
  type OkrStorePort,
} from '../../application/ports/okr-store-port';
import type { StorePort } from '../../application/ports/store-port';
import type { KeyResultKind, OkrDefs, OkrErrorCode, OkrResult, OkrScope } from '../../contract/okr';
import { describeIssues } from './describe-issues';
import { gadgetOfContext } from './gadget-handlers';
import { timeZoneFromContext } from './get-issue-flow';
import type { ResolverContext } from './handlers';
import type { FlowFactsReader } from '../../application/ports/flow-facts-port';
import { jiraFailure } from './jira-failure';
import { createMeasureKeyResultHandler } from './okr-measure-handler';
import {
  ArchiveRequestSchema,
  CheckInRequestSchema,
  EmptyRequestSchema,
  ImportRequestSchema,
  IssueRequestSchema,
  KeyResultRequestSchema,
  LinkRequestSchema,
  OverviewRequestSchema,
  PeriodRequestSchema,
  SaveGadgetConfigRequestSchema,
  SaveKeyResultRequestSchema,
  SaveObjectiveRequestSchema,
  SaveSettingsRequestSchema,
  SearchRequestSchema,
} from './okr-schemas';
import { accountIdFromContext } from './project-flow-handlers';

/** Jira as the acting user: the OKR calls, dashboards, and (the app's client) its request counter. */
export type OkrHandlerJira = OkrJira &
  JiraDashboardPort & { readonly requestCount?: (routeKey?: string) => number };

export interface OkrHandlerDeps {
  readonly jira: (context: ResolverContext) => OkrHandlerJira;
  /**
   * Jira as the app (Forge `asApp()`): `measureKeyResult` measures with it, as the daily run does, and
   * `saveKeyResult` compares a measured scope's issues with the user's. Absent (tests of other resolvers):
   * measuring fails as `internal`, logged, never silently as the user; a non-admin may not define a measured scope.
   */
  readonly jiraAsApp?: () => OkrJira;
  readonly store: StorePort;
  /** The OKR store; default: one over `store`. */
  readonly okr?: OkrStorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /**
   * The public URL of a web trigger module of this installation (Forge: `webTrigger.getUrl`; the preview: its
   * local web trigger server). Absent: the URL is not known here and rotating a secret fails naming that.
   */
  readonly webTriggerUrl?: (moduleKey: string) => Promise<string>;
  /** The flow facts store (issue 13): `measureKeyResult` measures flow metrics from it. Absent: live from Jira. */
  readonly facts?: FlowFactsReader;
}

type OkrHandlers = {
  readonly [Name in keyof OkrDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<OkrDefs[Name]>>;
};

function failure(code: OkrErrorCode, detail: string): OkrResult<never> {
  return { ok: false, error: { code, detail } };
}

const NOT_A_GADGET =
  'This resolver serves the OKR dashboard gadget only: the invocation context has no extension.dashboard.id and ' +
  'extension.gadget.id (open the gadget on a Jira dashboard).';

/** The contract failure of an error of the OKR use cases; null for an unexpected one. */
export function okrFailure(error: unknown): { readonly code: OkrErrorCode; readonly detail: string } | null {
  if (error instanceof OkrConflictError) return { code: 'conflict', detail: error.message };
  if (error instanceof OkrValidationError) return { code: 'invalid-okr', detail: error.message };
  if (error instanceof OkrNotFoundError) return { code: 'not-found', detail: error.message };
  if (error instanceof OkrBusyError || error instanceof OkrDailyLimitError)
    return { code: 'busy', detail: error.message };
  if (error instanceof OkrPeriodClosedError) return { code: 'period-closed', detail: error.message };
  if (error instanceof OkrForbiddenError || error instanceof GadgetEditForbiddenError)
    return { code: 'forbidden', detail: error.message };
  if (error instanceof OkrPropertyWriteError)
    return { code: jiraFailure(error.cause)?.code ?? 'jira-unavailable', detail: error.message };
  if (error instanceof IssueNotFoundError)
    return { code: 'not-found', detail: `${error.message} It does not exist or you may not see it.` };
  return jiraFailure(error);
}

/** The OKR resolvers over `deps`. */
export function createOkrHandlers(deps: OkrHandlerDeps): OkrHandlers {
  const okr = deps.okr ?? new OkrStore(deps.store, { clock: deps.clock });
  const webTriggerUrl =
    deps.webTriggerUrl ??
    ((moduleKey: string) =>
      Promise.reject(new Error(`The URL of web trigger ${moduleKey} is not known in this environment.`)));

  /** Validates, opens the session with one Jira client for the whole invocation, runs, maps failures. */
  function handler<Schema extends v.GenericSchema, T>(
    name: string,
    schema: Schema,
    work: (
      input: v.InferOutput<Schema>,
      session: OkrSession,
      context: ResolverContext,
      jira: OkrHandlerJira,
    ) => Promise<T>,
  ): (payload: unknown, context: ResolverContext) => Promise<OkrResult<T>> {
    return async (payload, context) => {
      const parsed = v.safeParse(schema, payload ?? {});
      if (!parsed.success) return failure('invalid-payload', describeIssues(parsed.issues));
      try {
        const jira = deps.jira(context);
        const session = await openOkrSession({
          jira,
          store: deps.store,
          okr,
          nowMs: deps.clock(),
          accountId: accountIdFromContext(context),
          timeZone: timeZoneFromContext(context),
          webTriggerUrl,
        });
        return { ok: true, value: await work(parsed.output, session, context, jira) };
      } catch (error) {
        if (error instanceof NeedsAuthenticationError) throw error;
        const mapped = okrFailure(error);
        if (mapped !== null) return failure(mapped.code, mapped.detail);
        deps.logError(`${name} failed`, error);
        return failure('internal', `Unexpected error in ${name}; see the app logs.`);
      }
    };
  }

  return {
    getOkrOverview: handler('getOkrOverview', OverviewRequestSchema, (input, session) =>
      getOkrOverview(session, input),
    ),
    getKeyResultDetail: handler('getKeyResultDetail', KeyResultRequestSchema, (input, session) =>
      getKeyResultDetail(session, input.keyResultId),
    ),
    saveObjective: handler('saveObjective', SaveObjectiveRequestSchema, (input, session) =>
      // The scope's and period's variants are checked again by the domain (invalid-okr).
      saveObjective(session, {
        ...input,
        objective: { ...input.objective, scope: input.objective.scope as OkrScope },
      }),
    ),
    archiveObjective: handler('archiveObjective', ArchiveRequestSchema('objective'), (input, session) =>
      archiveObjective(session, input.id, input.expectedVersion),
    ),
    saveKeyResult: handler('saveKeyResult', SaveKeyResultRequestSchema, (input, session) =>
      // The kind's variants and rules are checked by the domain (invalid-okr); a measured scope is compared as
      // the user and as the app (absent: non-admins may not define one).
      saveKeyResult(
        session,
        { ...input, keyResult: { ...input.keyResult, kind: input.keyResult.kind as KeyResultKind } },
        deps.jiraAsApp?.() ?? null,
      ),
    ),
    archiveKeyResult: handler('archiveKeyResult', ArchiveRequestSchema('keyResult'), (input, session) =>
      archiveKeyResult(session, input.id, input.expectedVersion),
    ),
    checkInKeyResult: handler('checkInKeyResult', CheckInRequestSchema, (input, session) =>
      checkInKeyResult(session, input),
    ),
    ...createMeasureKeyResultHandler({
      jira: deps.jira,
      jiraAsApp:
        deps.jiraAsApp ??
        (() => {
          throw new Error(
            'measureKeyResult needs the app’s Jira client: pass jiraAsApp to the OKR resolvers.',
          );
        }),
      store: deps.store,
      okr,
      ...(deps.facts === undefined ? {} : { facts: deps.facts }),
      clock: deps.clock,
      logError: deps.logError,
      webTriggerUrl,
    }),
    getIssueKeyResults: handler('getIssueKeyResults', IssueRequestSchema, (input, session) =>
      getIssueKeyResults(session, input.issueKey),
    ),
    searchKeyResults: handler('searchKeyResults', SearchRequestSchema, (input, session) =>
      searchKeyResults(session, input.query),
    ),
    linkIssueToKeyResult: handler('linkIssueToKeyResult', LinkRequestSchema, (input, session) =>
      changeIssueLink(session, input.issueKey, input.keyResultId, true),
    ),
    unlinkIssueFromKeyResult: handler('unlinkIssueFromKeyResult', LinkRequestSchema, (input, session) =>
      changeIssueLink(session, input.issueKey, input.keyResultId, false),
    ),
    closeOkrPeriod: handler('closeOkrPeriod', PeriodRequestSchema, (input, session) =>
      closeOkrPeriod(session, input.periodKey),
    ),
    rotateKeyResultSecret: handler('rotateKeyResultSecret', KeyResultRequestSchema, (input, session) =>
      rotateKeyResultSecret(session, input.keyResultId),
    ),
    exportOkrPeriod: handler('exportOkrPeriod', PeriodRequestSchema, (input, session) =>
      exportOkrPeriod(session, input.periodKey),
    ),
    importOkrPeriod: handler('importOkrPeriod', ImportRequestSchema, (input, session) =>
      importOkrPeriod(session, input.data),
    ),
    getOkrSettings: handler('getOkrSettings', EmptyRequestSchema, (_input, session) =>
      Promise.resolve({ settings: session.settings, version: session.settingsVersion }),
    ),
    saveOkrSettings: handler('saveOkrSettings', SaveSettingsRequestSchema, (input, session) =>
      saveSettings(session, input.settings, input.expectedVersion),
    ),
    getOkrGadget: async (payload, context) => {
      const gadget = gadgetOfContext(context);
      if (gadget === null) return failure('invalid-payload', NOT_A_GADGET);
      return handler('getOkrGadget', EmptyRequestSchema, (_input, session, _context, jira) =>
        getOkrGadgetView(session, gadget, () => jira.requestCount?.() ?? 0),
      )(payload, context);
    },
    saveOkrGadgetConfig: async (payload, context) => {
      const gadget = gadgetOfContext(context);
      if (gadget === null) return failure('invalid-payload', NOT_A_GADGET);
      return handler('saveOkrGadgetConfig', SaveGadgetConfigRequestSchema, (input, session, _context, jira) =>
        saveOkrGadgetConfig(session.store, jira, gadget, input.config, input.expectedVersion),
      )(payload, context);
    },
  };
}
