/**
 * Issues ↔ key results through the resolvers, over the emulator: a link is written to the store and mirrored to
 * the indexed issue property, so `okrKeyResult = KR-n` finds the issue (and no longer after unlinking); linking
 * needs Edit Issues; a viewer never sees an issue they may not browse in the detail or the gadget (it is counted
 * as hidden); improvements toward a key result (`csiKeyResult`) are listed as such; the gadget's Jira requests
 * stay bounded; a rotated secret's curl example signs as the web trigger checks.
 */
import { execFileSync } from 'node:child_process';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { signExternalValue } from '../../src/application/okr-external-values';
import { OKR_ISSUE_PROPERTY_KEY } from '../../src/application/okr-linked-issues';
import {
  ADMIN,
  codeOf,
  createObjectiveWithKeyResult,
  OUTSIDER,
  OWNER,
  startOkrHarness,
  valueOf,
  VIEWER,
  type OkrHarness,
} from './okr-handlers-support';

let harness: OkrHarness;

afterEach(async () => {
  expect(harness.errors).toEqual([]);
  await harness.stop();
});

function issueId(key: string): string {
  const issue = harness.seed.issues.find((candidate) => candidate.key === key);
  if (issue === undefined) throw new Error(`no issue ${key}`);
  return issue.id;
}

describe('linking issues to key results', () => {
  beforeEach(async () => {
    harness = await startOkrHarness({ issues: 5 });
  });

  it('mirrors a link to the issue property so JQL okrKeyResult finds the issue, and unlinking removes it', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const owner = harness.contextOf(OWNER);
    const linked = valueOf(
      await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-2', keyResultId }, owner),
    );
    expect(linked).toMatchObject({ issueKey: 'HD-2', canLink: true });
    expect(linked.keyResults.map((kr) => kr.keyResultId)).toEqual([keyResultId]);
    const jira = harness.jiraAs(ADMIN);
    expect(await jira.searchIssueIds(`okrKeyResult = ${keyResultId}`)).toEqual([issueId('HD-2')]);
    expect(await jira.getIssueProperty('HD-2', OKR_ISSUE_PROPERTY_KEY)).toEqual({
      keyResults: [keyResultId],
    });
    // Linking twice converges (the property is rewritten whole).
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-2', keyResultId }, owner));
    expect(await harness.okr.issuesOf(keyResultId)).toEqual([issueId('HD-2')]);

    const unlinked = valueOf(
      await harness.handlers.unlinkIssueFromKeyResult({ issueKey: 'HD-2', keyResultId }, owner),
    );
    expect(unlinked.keyResults).toEqual([]);
    expect(await jira.searchIssueIds(`okrKeyResult = ${keyResultId}`)).toEqual([]);
    expect(await harness.okr.issuesOf(keyResultId)).toEqual([]);
  });

  it('keeps the link when the property write fails, says to do it again, and the retry writes the property', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const owner = harness.contextOf(OWNER);
    harness.emulator.faults.inject({ endpoint: JIRA_ROUTES.setIssueProperty, status: 500, times: 1 });
    const failed = await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-3', keyResultId }, owner);
    expect(codeOf(failed)).toBe('jira-unavailable');
    if (!failed.ok) expect(failed.error.detail).toContain('do the same again');
    expect(await harness.okr.issuesOf(keyResultId)).toEqual([issueId('HD-3')]);
    const jira = harness.jiraAs(ADMIN);
    expect(await jira.searchIssueIds(`okrKeyResult = ${keyResultId}`)).toEqual([]);
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-3', keyResultId }, owner));
    expect(await jira.searchIssueIds(`okrKeyResult = ${keyResultId}`)).toEqual([issueId('HD-3')]);
  });

  it('refuses to link for someone who may not edit the issue, writing nothing', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    harness.readOnly.add(VIEWER.accountId);
    const viewer = harness.contextOf(VIEWER);
    expect(
      codeOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-1', keyResultId }, viewer)),
    ).toBe('forbidden');
    expect(valueOf(await harness.handlers.getIssueKeyResults({ issueKey: 'HD-1' }, viewer)).canLink).toBe(
      false,
    );
    expect(await harness.okr.issuesOf(keyResultId)).toEqual([]);
    // An issue the user may not see is not found (Jira does not tell it exists).
    expect(
      codeOf(
        await harness.handlers.linkIssueToKeyResult(
          { issueKey: 'HD-1', keyResultId },
          harness.contextOf(OUTSIDER),
        ),
      ),
    ).toBe('not-found');
  });

  it('never lists an issue the viewer may not browse, in the detail or the gadget', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const admin = harness.contextOf(ADMIN);
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-1', keyResultId }, admin));
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'CSI-1', keyResultId }, admin));
    // CSI-2 is an improvement toward the key result: its record (the CSI property) names it.
    await harness.jiraAs(ADMIN).setIssueProperty('CSI-2', 'three-ways-csi', { keyResultId });

    const seenBy = async (user: typeof OUTSIDER) => {
      const detail = valueOf(
        await harness.handlers.getKeyResultDetail({ keyResultId }, harness.contextOf(user)),
      );
      return {
        keys: detail.linkedIssues.map((issue) => [issue.issueKey, issue.isImprovement]),
        hidden: detail.hiddenOrMoreCount,
        count: detail.view.linkedIssueCount,
      };
    };
    // CSI-1 is linked and of the CSI issue type: an improvement too.
    expect(await seenBy(VIEWER)).toEqual({
      keys: [
        ['CSI-1', true],
        ['CSI-2', true],
        ['HD-1', false],
      ],
      hidden: 0,
      count: 2,
    });
    // The outsider browses CSI only: HD-1 is never listed, only counted.
    expect(await seenBy(OUTSIDER)).toEqual({
      keys: [
        ['CSI-1', true],
        ['CSI-2', true],
      ],
      hidden: 1,
      count: 2,
    });

    valueOf(
      await harness.handlers.saveOkrGadgetConfig(
        { config: { period: { kind: 'current' }, layout: 'detailed' }, expectedVersion: null },
        harness.gadgetContextOf(ADMIN),
      ),
    );
    const gadget = valueOf(await harness.handlers.getOkrGadget({}, harness.gadgetContextOf(OUTSIDER)));
    expect(gadget.overview?.objectives).toHaveLength(1);
    expect(gadget.linkedIssues[keyResultId]?.map((issue) => issue.issueKey)).toEqual(['CSI-1', 'CSI-2']);
    expect(JSON.stringify(gadget)).not.toContain('HD-1');
  });

  it('marks an issue of the CSI type as an improvement, linked or named in its record, never one of another type', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness);
    const other = (await createObjectiveWithKeyResult(harness)).keyResultId;
    const admin = harness.contextOf(ADMIN);
    // CSI-1: linked only (no record names a key result), as the sample's failed sign-ins improvement once was.
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'CSI-1', keyResultId }, admin));
    // CSI-3: linked here while its record names another key result.
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'CSI-3', keyResultId }, admin));
    await harness.jiraAs(ADMIN).setIssueProperty('CSI-3', 'three-ways-csi', { keyResultId: other });
    // HD-1: linked, an incident. HD-2: an incident whose property names the key result like a record would.
    valueOf(await harness.handlers.linkIssueToKeyResult({ issueKey: 'HD-1', keyResultId }, admin));
    await harness.jiraAs(ADMIN).setIssueProperty('HD-2', 'three-ways-csi', { keyResultId });

    const detail = valueOf(await harness.handlers.getKeyResultDetail({ keyResultId }, admin));
    expect(detail.linkedIssues.map((issue) => [issue.issueKey, issue.isImprovement])).toEqual([
      ['CSI-1', true],
      ['CSI-3', true],
      ['HD-1', false],
      ['HD-2', false],
    ]);
    const otherDetail = valueOf(await harness.handlers.getKeyResultDetail({ keyResultId: other }, admin));
    expect(otherDetail.linkedIssues.map((issue) => [issue.issueKey, issue.isImprovement])).toEqual([
      ['CSI-3', true],
    ]);
  });

  it('saves the gadget config only for those who may edit the dashboard, versioned', async () => {
    const config = { period: { kind: 'fixed', periodKey: '2026-Q4' }, layout: 'compact' } as const;
    expect(
      codeOf(
        await harness.handlers.saveOkrGadgetConfig(
          { config, expectedVersion: null },
          harness.gadgetContextOf(VIEWER),
        ),
      ),
    ).toBe('forbidden');
    const saved = valueOf(
      await harness.handlers.saveOkrGadgetConfig(
        { config, expectedVersion: null },
        harness.gadgetContextOf(ADMIN),
      ),
    );
    expect(saved).toEqual({ status: 'saved', version: 1 });
    const stale = valueOf(
      await harness.handlers.saveOkrGadgetConfig(
        { config, expectedVersion: null },
        harness.gadgetContextOf(ADMIN),
      ),
    );
    expect(stale).toEqual({ status: 'conflict', current: { config, version: 1 } });
    const view = valueOf(await harness.handlers.getOkrGadget({}, harness.gadgetContextOf(VIEWER)));
    expect(view).toMatchObject({ config, version: 1, linkedIssues: {} });
  });

  it('rotates the secret of an external key result with a curl example that signs as the web trigger checks', async () => {
    const { keyResultId } = await createObjectiveWithKeyResult(harness, { source: 'external' });
    const rotated = valueOf(
      await harness.handlers.rotateKeyResultSecret({ keyResultId }, harness.contextOf(OWNER)),
    );
    expect(rotated.webTriggerUrl).toBe('https://example.test/x1/okr-values');
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    const detail = valueOf(
      await harness.handlers.getKeyResultDetail({ keyResultId }, harness.contextOf(OWNER)),
    );
    expect(detail).toMatchObject({ hasSecret: true, webTriggerUrl: 'https://example.test/x1/okr-values' });
    // Run the example with curl replaced by a function printing what it would send.
    const script = `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${rotated.curlExample}`;
    const args = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n');
    const header = (name: string) =>
      args.find((arg) => arg.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
    const body = args[args.indexOf('--data') + 1] ?? '';
    expect(JSON.parse(body)).toMatchObject({ keyResultId, value: 42 });
    expect(header('X-ThreeWays-Signature')).toBe(
      signExternalValue(rotated.secret, header('X-ThreeWays-Timestamp'), body),
    );
    // A manual key result takes no secret.
    const manual = await createObjectiveWithKeyResult(harness);
    expect(
      codeOf(
        await harness.handlers.rotateKeyResultSecret(
          { keyResultId: manual.keyResultId },
          harness.contextOf(OWNER),
        ),
      ),
    ).toBe('invalid-okr');
  });
});

describe('the OKR gadget at size', () => {
  it('answers 20 key results × 10 linked issues with a bounded number of Jira requests', async () => {
    harness = await startOkrHarness({ issues: 200 });
    const keyResultIds: string[] = [];
    for (let n = 0; n < 4; n += 1) {
      const first = await createObjectiveWithKeyResult(harness);
      keyResultIds.push(first.keyResultId);
      for (let k = 0; k < 4; k += 1) {
        const kr = await harness.okr.createKeyResult({
          objectiveId: first.objectiveId,
          title: `KR ${String(n)}.${String(k)}`,
          ownerAccountId: OWNER.accountId,
          weight: 1,
          unit: '',
          direction: 'increase',
          kind: { type: 'binary' },
          source: 'manual',
        });
        keyResultIds.push(kr.value.id);
      }
    }
    expect(keyResultIds).toHaveLength(20);
    // Each key result serves 10 issues (store and property, as linking writes them), interleaved across keys.
    const admin = harness.jiraAs(ADMIN);
    for (let i = 0; i < 200; i += 1) {
      const keyResultId = keyResultIds[i % 20] ?? '';
      const id = issueId(`HD-${String(i + 1)}`);
      await harness.okr.linkIssue(id, keyResultId);
      await admin.setIssueProperty(id, OKR_ISSUE_PROPERTY_KEY, { keyResults: [keyResultId] });
    }
    valueOf(
      await harness.handlers.saveOkrGadgetConfig(
        { config: { period: { kind: 'current' }, layout: 'detailed' }, expectedVersion: null },
        harness.gadgetContextOf(ADMIN),
      ),
    );
    harness.emulator.requests.reset();
    const gadget = valueOf(await harness.handlers.getOkrGadget({}, harness.gadgetContextOf(VIEWER)));
    const perKeyResult = keyResultIds.map((id) => gadget.linkedIssues[id]?.length ?? 0);
    expect(perKeyResult).toEqual(Array.from({ length: 20 }, () => 10));
    // mypermissions, user/bulk for the owners' names, two pages of one search for all 20 key results.
    expect(gadget.jiraRequests).toBe(harness.emulator.requests.count());
    expect(gadget.jiraRequests).toBe(4);
  });
});
