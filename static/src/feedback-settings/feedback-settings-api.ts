/**
 * The UI side of the resolvers the project settings' Feedback page calls (`FeedbackDefs`,
 * `src/contract/feedback.ts`): reply templates and the feedback web trigger. Components receive a
 * {@link FeedbackSettingsInvoke} as a prop (tests pass a mock; the module entry the UI's one invoke).
 */
import type { Invoke } from '../api/resolver-types';

export type FeedbackSettingsResolverName =
  | 'getFeedbackReplySettings'
  | 'saveFeedbackReplySettings'
  | 'getFeedbackIntake'
  | 'saveFeedbackIntake'
  | 'rotateFeedbackIntakeSecret';

export type FeedbackSettingsInvoke = Invoke<FeedbackSettingsResolverName>;
