/**
 * The sample improvement the feedback loop is shown with: "Self-Service-Passwortrücksetzung einführen" is open in
 * Wirksamkeitsprüfung at `now`, its feedback issues are help-desk requests linked with "gab Feedback zu" and listed
 * in its improvement record, and their reporters speak German and English, so closing it in the preview replies in
 * both languages.
 */
import { generateSampleSeed, SELF_SERVICE_SUMMARY } from '../../dev/sample-data/generate';
import { HD_SERVICE_DESK } from '../../dev/sample-data/generate-jsm';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import type { JiraSeed } from '../../dev/emulator/seed';
import { NOW_MS } from './support';

describe.each([
  { seedNumber: 1, nowMs: NOW_MS },
  { seedNumber: 3, nowMs: Date.UTC(2025, 7, 15, 14, 30) },
])('the self-service improvement and its feedback (seed $seedNumber)', ({ seedNumber, nowMs }) => {
  let seed: JiraSeed;
  beforeAll(() => {
    seed = generateSampleSeed({ seed: seedNumber, now: nowMs });
  });

  const improvement = () => {
    const found = seed.issues.find((issue) => issue.summary === SELF_SERVICE_SUMMARY);
    if (found === undefined) throw new Error('no self-service improvement in the sample');
    return found;
  };

  it('is open in Wirksamkeitsprüfung at now', () => {
    const status = seed.statuses.find((s) => s.id === improvement().statusId);
    expect(status?.name).toBe('Wirksamkeitsprüfung');
    expect(status?.categoryKey).not.toBe('done');
    expect(improvement().resolution).toBeNull();
  });

  it('links five help-desk requests as feedback and lists them in its record', () => {
    const record = improvement().properties[CSI_RECORD_PROPERTY_KEY] as { feedbackIssueKeys: string[] };
    const keys = record.feedbackIssueKeys;
    expect(keys).toHaveLength(5);
    const feedbackType = seed.linkTypes.find((type) => type.name === 'Feedback');
    const linkedIds = seed.links
      .filter((link) => link.typeId === feedbackType?.id && link.inwardIssueId === improvement().id)
      .map((link) => link.outwardIssueId);
    const linkedKeys = seed.issues.filter((issue) => linkedIds.includes(issue.id)).map((issue) => issue.key);
    expect([...linkedKeys].sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const issue = seed.issues.find((candidate) => candidate.key === key);
      // A request of the help desk's service desk (JSM), so its reply is a public comment.
      expect(issue?.projectId).toBe(HD_SERVICE_DESK.projectId);
    }
  });

  it('has feedback reporters with German and English locales', () => {
    const record = improvement().properties[CSI_RECORD_PROPERTY_KEY] as { feedbackIssueKeys: string[] };
    const locales = record.feedbackIssueKeys.map((key) => {
      const reporter = seed.issues.find((issue) => issue.key === key)?.reporterAccountId;
      return seed.users.find((user) => user.accountId === reporter)?.locale;
    });
    expect(locales.filter((locale) => locale === 'en_US')).toHaveLength(1);
    expect(locales.filter((locale) => locale === 'de_DE')).toHaveLength(4);
    // The English reporter may browse the help desk, so Jira lets the app mention her there.
    const emily = seed.users.find((user) => user.locale === 'en_US');
    expect(emily?.browseProjects).toContain('HD');
  });
});
