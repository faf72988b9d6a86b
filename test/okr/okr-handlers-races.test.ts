/**
 * The OKR resolvers under concurrent use over the emulator, each call its own invocation as the app runs them:
 * 50 check-ins at once on one key result all land; two saves of one objective at the same version, one wins and
 * the other is told to reload; linking and unlinking one issue at once leaves the issue property as the store says.
 */
import { OKR_ISSUE_PROPERTY_KEY } from '../../src/application/okr-linked-issues';
import {
  ADMIN,
  codeOf,
  createObjectiveWithKeyResult,
  OWNER,
  Q4,
  withOkrHarnessPerTest,
  valueOf,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;
withOkrHarnessPerTest({ issues: 5 }, (started) => {
  harness = started;
});

describe('OKR resolvers under concurrency', () => {
  it('records 50 concurrent check-ins through checkInKeyResult, none lost', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const owner = harness.contextOf(OWNER);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        harness.handlers.checkInKeyResult({ keyResultId, value: 10 + i / 10, note: `#${String(i)}` }, owner),
      ),
    );
    const ids = answers.map((answer) => valueOf(answer).checkInId);
    expect(new Set(ids).size).toBe(50);
    const stored = await harness.okr.checkIns(keyResultId);
    expect(stored.map((checkIn) => checkIn.note).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `#${String(i)}`).sort(),
    );
  }, 60_000);

  it('lets one of two saves of the same objective version win; the other is a conflict', async () => {
    const { objectiveId } = await createObjectiveWithKeyResult(harness);
    const admin = harness.contextOf(ADMIN);
    const save = (title: string) =>
      harness.handlers.saveObjective(
        {
          id: objectiveId,
          expectedVersion: 1,
          objective: {
            title,
            description: '',
            period: Q4,
            ownerAccountId: OWNER.accountId,
            scope: { type: 'project', projectKey: 'HD' },
          },
        },
        admin,
      );
    const [a, b] = await Promise.all([save('A'), save('B')]);
    const outcomes = [a.ok ? 'saved' : codeOf(a), b.ok ? 'saved' : codeOf(b)].sort();
    expect(outcomes).toEqual(['conflict', 'saved']);
    const stored = await harness.okr.getObjective(objectiveId);
    expect(stored?.value.title).toBe(a.ok ? 'A' : 'B');
  });

  it('leaves the issue property as the store says after links and unlinks of one issue at once', async () => {
    const first = await createObjectiveWithKeyResult(harness);
    const second = await createObjectiveWithKeyResult(harness);
    const admin = harness.contextOf(ADMIN);
    const owner = harness.contextOf(OWNER);
    const issueKey = harness.seed.issues[0]?.key ?? 'HD-1';
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey, keyResultId: first.keyResultId }, admin));
    await Promise.all([
      harness.handlers.unlinkIssueFromKeyResult({ issueKey, keyResultId: first.keyResultId }, owner),
      harness.handlers.linkIssueToKeyResult({ issueKey, keyResultId: second.keyResultId }, admin),
      harness.handlers.linkIssueToKeyResult({ issueKey, keyResultId: first.keyResultId }, admin),
      harness.handlers.unlinkIssueFromKeyResult({ issueKey, keyResultId: second.keyResultId }, owner),
    ]);
    const issue = await harness.jiraAs(ADMIN).getIssue(issueKey, ['summary']);
    const truth = await harness.okr.keyResultsOf(issue.id ?? '');
    const property = await harness.jiraAs(ADMIN).getIssueProperty(issue.id ?? '', OKR_ISSUE_PROPERTY_KEY);
    expect(property).toEqual({ keyResults: truth });
  });
});
