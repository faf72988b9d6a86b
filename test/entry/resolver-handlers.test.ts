/**
 * The resolver map shared by Forge and the local preview: each handler reads Jira as the user of its invocation,
 * chosen by the dependencies from the invocation context.
 */
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { createResolverHandlers } from '../../src/entry/resolvers/handlers';
import type { ResolverContext } from '../../src/entry/resolvers/handlers';
import { unusedFactsViews } from '../project-flow/facts-fixtures';

const DONE = { id: '3', name: 'Done', statusCategory: { key: 'done' } };

/** A port that sees one issue, SUP-1 (created 2024-01-01 00:00 UTC, done 2024-01-03 00:00 UTC). */
const portSeeingSup1: IssueReadPort = {
  getIssueWithChangelog: (issueKey) =>
    issueKey === 'SUP-1'
      ? Promise.resolve({
          key: 'SUP-1',
          fields: { created: '2024-01-01T00:00:00.000+0000', status: DONE },
          changelog: {
            histories: [
              {
                created: '2024-01-03T00:00:00.000+0000',
                items: [{ field: 'status', fromString: 'Open', toString: 'Done' }],
              },
            ],
          },
        })
      : Promise.reject(new Error(`unexpected issue ${issueKey}`)),
};

describe('createResolverHandlers', () => {
  it('defines exactly the resolvers of the contract', () => {
    const handlers = createResolverHandlers({
      facts: unusedFactsViews(),
      issueReader: () => portSeeingSup1,
      jira: () => {
        throw new Error('not called');
      },
      store: createMemoryStore(),
      clock: () => 0,
      logError: () => undefined,
    });

    expect(Object.keys(handlers).sort()).toEqual([
      'addFitsmScheduleItem',
      'adoptEffectResult',
      'archiveKeyResult',
      'archiveObjective',
      'checkInKeyResult',
      'closeOkrPeriod',
      'compareFitsmAssessments',
      'exportFitsmAssessment',
      'exportFitsmSchedule',
      'exportOkrPeriod',
      'getCsiRecord',
      'getCsiRegister',
      'getCsiSetup',
      'getDataQuality',
      'getEffectCheck',
      'getFeedbackIntake',
      'getFeedbackLoop',
      'getFeedbackReplySettings',
      'getFitsmAssessment',
      'getFitsmAssessments',
      'getFitsmAuditPlan',
      'getFitsmGapLinks',
      'getFitsmMeeting',
      'getFitsmMeetings',
      'getFitsmPlanSettings',
      'getFitsmSchedule',
      'getFitsmSettings',
      'getGadgetConfig',
      'getGadgetFlow',
      'getIssueFlow',
      'getIssueKeyResults',
      'getKeyResultDetail',
      'getOkrGadget',
      'getOkrOverview',
      'getOkrSettings',
      'getProjectFlow',
      'getStatusMapping',
      'importOkrPeriod',
      'linkIssueToKeyResult',
      'measureKeyResult',
      'moveFitsmScheduleItem',
      'prepareFitsmMeeting',
      'rateFitsmRequirement',
      'recordFitsmFinding',
      'registerFitsmFinding',
      'registerFitsmGaps',
      'removeFitsmScheduleItem',
      'rotateFeedbackIntakeSecret',
      'rotateKeyResultSecret',
      'runCsiSetup',
      'runEffectCheck',
      'saveCsiRecord',
      'saveEffectCheckConfig',
      'saveFeedbackIntake',
      'saveFeedbackReplySettings',
      'saveFitsmAssessment',
      'saveFitsmAudit',
      'saveFitsmMeetingCadence',
      'saveFitsmMeetingMinutes',
      'saveFitsmPlanSettings',
      'saveFitsmSettings',
      'saveGadgetConfig',
      'saveKeyResult',
      'saveObjective',
      'saveOkrGadgetConfig',
      'saveOkrSettings',
      'saveStatusMapping',
      'searchKeyResults',
      'setFeedbackOptOut',
      'unlinkIssueFromKeyResult',
    ]);
  });

  it('reads Jira through the reader the invocation context selects (the preview: the chosen sample user)', async () => {
    const contexts: ResolverContext[] = [];
    const handlers = createResolverHandlers({
      facts: unusedFactsViews(),
      issueReader: (context) => {
        contexts.push(context);
        return portSeeingSup1;
      },
      jira: () => {
        throw new Error('not called');
      },
      store: createMemoryStore(),
      clock: () => Date.parse('2024-02-01T00:00:00.000Z'),
      logError: () => undefined,
    });
    const context = { accountId: 'user-42', timezone: 'Europe/Berlin' };

    const result = await handlers.getIssueFlow({ issueKey: 'SUP-1' }, context);

    expect(contexts).toEqual([context]);
    if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
    expect(result.value.leadTimeMs).toBe(2 * 86_400_000);
    expect(result.value.timeZone).toBe('Europe/Berlin');
  });
});
