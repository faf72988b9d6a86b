/**
 * The one typed contract between the Custom UI (`makeInvoke<ResolverDefs>()`) and the resolvers
 * (`makeResolver<ResolverDefs>()`). The typing is not a security boundary: every payload is validated at runtime
 * in `src/entry/resolvers/`.
 */
import type { StageKind } from '../domain/flow/types';

/** Error codes the UI translates (locales/*.json key `error.<code>`); `detail` is an English technical detail. */
export type ResolverErrorCode =
  'invalid-payload' | 'not-found' | 'forbidden' | 'jira-unavailable' | 'internal';
export type ResolverResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: ResolverErrorCode; readonly detail: string } };

export interface IssueFlowRequest {
  readonly issueKey: string;
}

export interface IssueFlowView {
  readonly issueKey: string;
  readonly asOf: string; // ISO UTC
  readonly timeZone: string; // IANA
  readonly status: string; // current status name
  readonly stage: string | null; // its stage (null: unmapped)
  readonly createdAt: string; // ISO UTC
  readonly startAt: string | null;
  readonly doneAt: string | null;
  readonly leadTimeMs: number | null; // done issues
  readonly cycleTimeMs: number | null; // done issues with a start
  readonly ageMs: number | null; // open, started issues: asOf − start
  readonly flowEfficiency: number | null; // 0..1
  readonly timeInStatus: readonly {
    readonly status: string;
    readonly stage: string | null;
    readonly kind: StageKind | null;
    readonly ms: number;
  }[];
  readonly warnings: readonly string[]; // warning codes, e.g. 'status-mismatch'
}

/**
 * One typed map of every resolver: key = function name for invoke().
 * A type alias, not an interface: `makeResolver<D extends Definitions>()` / `makeInvoke<D>()` require an index
 * signature (`Record<string, …>`), which TypeScript grants type aliases implicitly but not interfaces.
 */
export type ResolverDefs = {
  getIssueFlow: (payload: IssueFlowRequest) => ResolverResult<IssueFlowView>;
};
