/**
 * The register resolver over the emulator with the sample CSI project (25 improvements): what the app reads
 * through Jira equals what the domain computes from the sample data itself, and a project without the CSI issue
 * type answers that CSI is not set up.
 */
import { USERS, user } from '../../dev/sample-data/model';
import type { CsiRegisterView } from '../../src/contract/csi';
import { parseStoredCsiRecord } from '../../src/domain/csi/record';
import { buildCsiRegister, type CsiRegisterIssue } from '../../src/domain/csi/register';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from './support';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
});

afterAll(async () => {
  await h.stop();
});

async function register(projectKey: string, locale = 'de_DE'): Promise<CsiRegisterView> {
  const result = await h.handlers.getCsiRegister({ projectKey }, h.contextOf('claudia', locale));
  if (!result.ok)
    throw new Error(`getCsiRegister ${projectKey}: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

/** The register's input straight from the sample seed (no Jira in between). */
function expectedIssues(): CsiRegisterIssue[] {
  const { seed } = h;
  return seed.issues
    .filter((i) => i.key.startsWith('CSI-'))
    .map((i) => {
      const status = seed.statuses.find((s) => s.id === i.statusId);
      const linked = new Set(
        seed.links
          .filter((l) => l.inwardIssueId === i.id || l.outwardIssueId === i.id)
          .map((l) => (l.inwardIssueId === i.id ? l.outwardIssueId : l.inwardIssueId)),
      );
      return {
        issueKey: i.key,
        issueId: i.id,
        summary: i.summary,
        statusName: status?.name ?? '',
        statusCategoryKey: status?.categoryKey ?? null,
        created: i.created,
        updated: i.updated,
        record: parseStoredCsiRecord(i.properties[CSI_RECORD_PROPERTY_KEY]).record,
        histories: i.histories.map((hist) => ({ id: hist.id, created: hist.created, items: hist.items })),
        linkedIssueCount: linked.size,
      };
    });
}

describe('getCsiRegister', () => {
  it('computes the sample CSI register as the domain does from the sample data', async () => {
    const view = await register('CSI');
    const expected = buildCsiRegister(expectedIssues(), {
      asOfMs: SAMPLE_NOW_MS,
      timeZone: 'Europe/Berlin',
      people: new Map(USERS.map((u) => [u.accountId, u.displayName])),
      language: 'de',
    });
    expect(view).toMatchObject({
      projectKey: 'CSI',
      projectName: 'Kontinuierliche Verbesserung',
      csiSetUp: true,
      asOf: '2026-03-02T11:00:00.000Z',
      timeZone: 'Europe/Berlin',
      stuckAfterDays: 30,
    });
    expect(view.items).toHaveLength(25);
    expect(view.items).toEqual(expected.items);
    // Everyone the records name, by name: owners, evaluators, deciders, last editors.
    const named = new Set(
      expected.items.flatMap(({ record }) =>
        [
          record.ownerAccountId,
          record.evaluation?.evaluatedByAccountId,
          record.decision?.deciderAccountId,
          record.updatedByAccountId,
        ].filter((id): id is string => typeof id === 'string'),
      ),
    );
    expect(view.people.map((p) => p.accountId).sort()).toEqual([...named].sort());
    for (const person of view.people)
      expect(person.displayName).toBe(USERS.find((u) => u.accountId === person.accountId)?.displayName);
    expect(view.capability).toEqual(expected.capability);
    expect(view.flow).toEqual(expected.flow);
    expect(h.warnings).toEqual([]);
  });

  it('shows what the sample story says', async () => {
    const view = await register('CSI');
    // open items first, highest score first; the unevaluated CSI-25 is the last open one
    const open = view.items.filter((i) => !['closed', 'rejected', 'deferred'].includes(i.statusKey ?? ''));
    expect(open[0]?.score).toBe(Math.max(...open.map((i) => i.score ?? 0)));
    expect(open.at(-1)).toMatchObject({ issueKey: 'CSI-25', score: null });
    // The self-service password reset is in its effectiveness check, waiting for the effect check: no result yet.
    expect(view.items.find((i) => i.issueKey === 'CSI-3')).toMatchObject({
      summary: 'Self-Service-Passwortrücksetzung einführen',
      statusKey: 'verifying',
      score: 8.2,
      source: 'customer-feedback',
      owner: { accountId: user('sabine').accountId, displayName: user('sabine').displayName },
      hasBaselineAndTarget: true,
      hasResult: false,
      feedbackIssueCount: 5,
    });
    // CSI-3's record with its evaluator and decider, whose names the view carries.
    const csi3 = view.items.find((i) => i.issueKey === 'CSI-3')?.record;
    expect(csi3?.result).toBeNull();
    expect(csi3?.baseline?.value).toBeGreaterThan(csi3?.target?.value ?? Infinity);
    const nameOf = (id: string | undefined): string | undefined =>
      view.people.find((p) => p.accountId === id)?.displayName;
    // The sample's process owner Claudia evaluates and decides every improvement.
    expect(csi3?.evaluation?.evaluatedByAccountId).toBe(user('claudia').accountId);
    expect(nameOf(csi3?.evaluation?.evaluatedByAccountId)).toBe(user('claudia').displayName);
    expect(nameOf(csi3?.decision?.deciderAccountId)).toBe(user('claudia').displayName);
    expect(nameOf(csi3?.updatedByAccountId ?? undefined)).toBe(user('claudia').displayName);
    expect(view.flow.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(25);
    expect(view.flow.leadTimeDays?.count).toBe(
      view.flow.byStatus
        .filter((s) => s.statusKey === 'closed' || s.statusKey === 'rejected')
        .reduce((sum, s) => sum + s.count, 0),
    );
    expect(view.capability.level).toBeGreaterThanOrEqual(1);
  });

  it('reads the issues with their record in one search and one changelog request', async () => {
    h.emulator.requests.reset();
    await register('CSI');
    expect(h.emulator.requests.count('POST /rest/api/3/search/jql')).toBe(1);
    expect(h.emulator.requests.count('POST /rest/api/3/changelog/bulkfetch')).toBe(1);
    expect(h.emulator.requests.count('GET /rest/api/3/user/bulk')).toBe(1);
    expect(h.emulator.requests.count('GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}')).toBe(
      0,
    );
  });

  it('answers csiSetUp false for a project without the CSI issue type', async () => {
    const view = await register('HD', 'en_US');
    expect(view).toMatchObject({ projectKey: 'HD', csiSetUp: false, items: [], people: [] });
    expect(view.capability.level).toBe(0);
    expect(view.flow.byStatus.map((s) => s.statusName)).toEqual([
      'Identified',
      'Assessed',
      'Approved',
      'In Implementation',
      'Verifying',
      'Closed',
      'Rejected',
      'Deferred',
    ]);
  });

  it('rejects an invalid project key', async () => {
    const result = await h.handlers.getCsiRegister({ projectKey: 'csi; drop' }, h.contextOf('admin'));
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: 'projectKey: projectKey must look like ABC' },
    });
  });
});
