/**
 * Resolvers of the OKR modules (`OkrDefs`): OKR page, OKR gadget, the issue panel's "Key Results" section.
 * Placeholder while the OKR use cases are wired: every resolver answers `internal` naming that it is not built.
 */
import type { JiraConfigPort, JiraDashboardPort, JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import type { OkrDefs } from '../../contract/okr';
import type { ResolverContext } from './handlers';

export interface OkrHandlerDeps {
  readonly jira: (context: ResolverContext) => JiraPort & JiraConfigPort & JiraDashboardPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

type OkrHandlers = {
  readonly [Name in keyof OkrDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<OkrDefs[Name]>>;
};

const NAMES: readonly (keyof OkrDefs)[] = [
  'getOkrOverview',
  'getKeyResultDetail',
  'saveObjective',
  'archiveObjective',
  'saveKeyResult',
  'archiveKeyResult',
  'checkInKeyResult',
  'measureKeyResult',
  'getIssueKeyResults',
  'searchKeyResults',
  'linkIssueToKeyResult',
  'unlinkIssueFromKeyResult',
  'closeOkrPeriod',
  'rotateKeyResultSecret',
  'exportOkrPeriod',
  'importOkrPeriod',
  'getOkrSettings',
  'saveOkrSettings',
  'getOkrGadget',
  'saveOkrGadgetConfig',
];

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder, replaced by the OKR handlers
export function createOkrHandlers(_deps: OkrHandlerDeps): OkrHandlers {
  const handlers: Record<string, () => Promise<unknown>> = {};
  for (const name of NAMES)
    handlers[name] = () =>
      Promise.resolve({ ok: false, error: { code: 'internal', detail: `${name} is not built yet` } });
  return handlers as unknown as OkrHandlers;
}
