/**
 * The UI side of the feedback-loop resolvers the improvement-record panel calls (`FeedbackDefs`,
 * `src/contract/feedback.ts`): the loop of one improvement (who was told, opt-out) and its effect check. Components
 * receive an {@link InvokeFeedbackPanel} as a prop (tests pass a mock; the module entry the UI's one invoke).
 */
import type { Invoke } from '../api/resolver-types';

/** The feedback-loop resolvers of the record panel. */
export type FeedbackPanelResolverName =
  | 'getFeedbackLoop'
  | 'setFeedbackOptOut'
  | 'getEffectCheck'
  | 'saveEffectCheckConfig'
  | 'runEffectCheck'
  | 'adoptEffectResult';

/** Calls a feedback-loop resolver of the record panel; resolves to its result envelope and never rejects. */
export type InvokeFeedbackPanel = Invoke<FeedbackPanelResolverName>;
