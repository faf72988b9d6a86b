/**
 * Resolvers of the loop view, the opt-out and the reply settings (`FeedbackDefs`, issue 11). PLACEHOLDER while issue 11 is built: every resolver answers
 * `internal` until its part replaces this file.
 */
import type { FeedbackDefs } from '../../contract/feedback';
import type { ResolverDeps } from './handlers';

type Names =
  'getFeedbackLoop' | 'setFeedbackOptOut' | 'getFeedbackReplySettings' | 'saveFeedbackReplySettings';

type Handlers = {
  readonly [Name in Names]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<FeedbackDefs[Name]>>;
};

export function createFeedbackLoopHandlers(deps: ResolverDeps): Handlers {
  void deps;
  const notBuilt = async () =>
    ({ ok: false, error: { code: 'internal', detail: 'not built yet (issue 11)' } }) as const;
  return {
    getFeedbackLoop: notBuilt,
    setFeedbackOptOut: notBuilt,
    getFeedbackReplySettings: notBuilt,
    saveFeedbackReplySettings: notBuilt,
  };
}
