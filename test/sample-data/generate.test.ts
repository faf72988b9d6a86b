import { adfPlainText } from '../../dev/sample-data/adf';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import type { JiraSeed, SeedIssue } from '../../dev/emulator/seed';
import { icuBerlinWallClock, instant, NOW_MS, projectIssues } from './support';

const MS_PER_DAY = 86_400_000;

describe('generateSampleSeed: determinism', () => {
  it('gives deep-equal data for the same seed and now, different data for another seed or now', () => {
    const first = generateSampleSeed({ now: NOW_MS });
    const again = generateSampleSeed({ seed: 1, now: NOW_MS });
    expect(again).toEqual(first);
    const otherSeed = generateSampleSeed({ seed: 2, now: NOW_MS });
    expect(otherSeed.issues).not.toEqual(first.issues);
    expect(otherSeed.issues.map((i) => i.summary)).not.toEqual(first.issues.map((i) => i.summary));
    // The fixed part (people, projects, workflows, link types) never depends on the seed.
    expect(otherSeed.users).toEqual(first.users);
    expect(otherSeed.statuses).toEqual(first.statuses);
    const later = generateSampleSeed({ now: NOW_MS + 7 * MS_PER_DAY });
    expect(later.issues.at(-1)?.created).not.toBe(first.issues.at(-1)?.created);
  });

  it('rejects a now that is not a number of milliseconds', () => {
    expect(() => generateSampleSeed({ now: Number.NaN })).toThrow('`now` must be an epoch-ms number');
  });
});

describe('generateSampleSeed: the Nordlicht IT-Services data set', () => {
  let seed: JiraSeed;
  let hd: SeedIssue[];
  const statusName = (issue: SeedIssue): string =>
    seed.statuses.find((s) => s.id === issue.statusId)?.name ?? '';
  const isOpen = (issue: SeedIssue): boolean =>
    seed.statuses.find((s) => s.id === issue.statusId)?.categoryKey !== 'done';
  beforeAll(() => {
    seed = generateSampleSeed({ now: NOW_MS });
    hd = projectIssues(seed, 'HD');
  });

  it('has the four projects with their styles, types and German names', () => {
    expect(seed.projects.map((p) => [p.id, p.key, p.name, p.style, p.projectTypeKey])).toEqual([
      ['10000', 'HD', 'Service Desk', 'classic', 'service_desk'],
      ['10001', 'MAIL', 'E-Mail-Service', 'classic', 'software'],
      ['10002', 'CSI', 'Kontinuierliche Verbesserung', 'classic', 'business'],
      ['10003', 'TEAM', 'Arbeitsplatz-Team', 'next-gen', 'software'],
    ]);
  });

  it('gives the help desk its workflow with the categories new/indeterminate/indeterminate/done/done (+ reopen)', () => {
    const project = seed.projects.find((p) => p.key === 'HD');
    const statuses = project?.statusIds.map((id) => seed.statuses.find((s) => s.id === id));
    expect(statuses?.map((s) => [s?.name, s?.categoryKey])).toEqual([
      ['Neu', 'new'],
      ['In Bearbeitung', 'indeterminate'],
      ['Wartet auf Kunde', 'indeterminate'],
      ['Gelöst', 'done'],
      ['Geschlossen', 'done'],
      ['Wieder geöffnet', 'indeterminate'],
    ]);
  });

  it('uses the FitSM PR14 workflow names for CSI and project-scoped statuses and types for TEAM', () => {
    const csi = seed.projects.find((p) => p.key === 'CSI');
    expect(csi?.statusIds.map((id) => seed.statuses.find((s) => s.id === id)?.name)).toEqual([
      'Erfasst',
      'Bewertet',
      'Genehmigt',
      'In Umsetzung',
      'Wirksamkeitsprüfung',
      'Abgeschlossen',
      'Abgelehnt',
      'Zurückgestellt',
    ]);
    const team = seed.projects.find((p) => p.key === 'TEAM');
    for (const id of team?.statusIds ?? [])
      expect(seed.statuses.find((s) => s.id === id)?.projectId).toBe('10003');
    for (const id of team?.issueTypeIds ?? [])
      expect(seed.issueTypes.find((t) => t.id === id)?.projectId).toBe('10003');
    expect(seed.issueTypes.find((t) => t.id === csi?.issueTypeIds[0])?.name).toBe('Verbesserung (CSI)');
  });

  it('reaches the size targets: ≈ 2,000 HD, ≈ 300 MAIL, ≈ 25 CSI, ≈ 20 TEAM issues', () => {
    expect(hd.length).toBeGreaterThanOrEqual(1850);
    expect(hd.length).toBeLessThanOrEqual(2150);
    expect(projectIssues(seed, 'MAIL').length).toBeGreaterThanOrEqual(250);
    expect(projectIssues(seed, 'MAIL').length).toBeLessThanOrEqual(350);
    expect(projectIssues(seed, 'CSI')).toHaveLength(25);
    expect(projectIssues(seed, 'TEAM')).toHaveLength(20);
  });

  it('spreads the help desk over the 12 months before now, with 5–10 % still open', () => {
    const created = hd.map((i) => instant(i.created));
    expect(Math.min(...created)).toBeGreaterThanOrEqual(NOW_MS - 366 * MS_PER_DAY);
    expect(Math.min(...created)).toBeLessThan(NOW_MS - 360 * MS_PER_DAY);
    const openShare = hd.filter(isOpen).length / hd.length;
    expect(openShare).toBeGreaterThanOrEqual(0.05);
    expect(openShare).toBeLessThanOrEqual(0.1);
    expect(new Set(hd.filter(isOpen).map(statusName))).toEqual(
      new Set(['Neu', 'In Bearbeitung', 'Wartet auf Kunde']),
    );
  });

  it('has a Monday peak and quiet weekends', () => {
    const byWeekday = new Map<string, number>();
    for (const issue of hd) {
      const { weekday } = icuBerlinWallClock(instant(issue.created));
      byWeekday.set(weekday, (byWeekday.get(weekday) ?? 0) + 1);
    }
    const count = (day: string): number => byWeekday.get(day) ?? 0;
    for (const day of ['Tue', 'Wed', 'Thu', 'Fri']) expect(count('Mon')).toBeGreaterThan(count(day) * 1.15);
    expect(count('Sat') + count('Sun')).toBeLessThan(hd.length * 0.05);
  });

  it('has reopenings, flagged blocks and a long tail of cycle times', () => {
    const reopened = hd.filter((i) =>
      i.histories.some((h) => h.items.some((x) => x.toString === 'Wieder geöffnet')),
    );
    const flagged = hd.filter((i) => i.histories.some((h) => h.items.some((x) => x.field === 'Flagged')));
    expect(reopened.length).toBeGreaterThan(hd.length * 0.03);
    expect(flagged.length).toBeGreaterThan(hd.length * 0.02);
    expect(hd.some((i) => i.flagged)).toBe(true);
    const leadDays = hd
      .filter((i) => i.resolutiondate !== null)
      .map((i) => (instant(i.resolutiondate) - instant(i.created)) / MS_PER_DAY)
      .sort((a, b) => a - b);
    const at = (q: number): number => leadDays[Math.floor(q * (leadDays.length - 1))] ?? Number.NaN;
    // Log-normal: most tickets within a day, a few take weeks.
    expect(at(0.5)).toBeLessThan(1.5);
    expect(at(0.95)).toBeGreaterThan(5 * at(0.5));
    expect(at(0.99)).toBeGreaterThan(14);
  });

  it('has the 12 people with .example addresses, Berlin time, sample tokens and the right permissions', () => {
    expect(seed.users).toHaveLength(12);
    for (const user of seed.users) {
      expect(user.emailAddress).toMatch(/@nordlicht-it\.example$/);
      expect(user.timeZone).toBe('Europe/Berlin');
      expect(user.apiToken).toMatch(/^sample-token-[a-z]+$/);
    }
    expect(seed.users.filter((u) => u.locale === 'en_US').map((u) => u.displayName)).toEqual([
      'Emily Carter',
    ]);
    const admin = seed.users.find((u) => u.emailAddress === 'admin@nordlicht-it.example');
    expect(admin).toMatchObject({ jiraAdmin: true, browseProjects: '*', apiToken: 'sample-token-admin' });
    const withoutMail = seed.users.filter(
      (u) => u.browseProjects !== '*' && !u.browseProjects.includes('MAIL'),
    );
    expect(withoutMail.map((u) => u.displayName)).toEqual(['Paul Becker (Werkstudent)']);
    expect(seed.users.filter((u) => u.jiraAdmin)).toHaveLength(1);
  });

  it('links improvements to the feedback issues that motivated them, using the German link types', () => {
    const feedback = seed.linkTypes.find((t) => t.name === 'Feedback');
    expect(feedback).toMatchObject({ outward: 'gab Feedback zu', inward: 'erhielt Feedback aus' });
    const byId = new Map(seed.issues.map((i) => [i.id, i]));
    const feedbackLinks = seed.links.filter((l) => l.typeId === feedback?.id);
    expect(feedbackLinks.length).toBeGreaterThan(20);
    for (const link of feedbackLinks) {
      const source = byId.get(link.outwardIssueId);
      const improvement = byId.get(link.inwardIssueId);
      expect(improvement?.key).toMatch(/^CSI-/);
      expect(source?.key).toMatch(/^(HD|MAIL)-/);
      expect(instant(source?.created ?? null)).toBeLessThan(instant(improvement?.created ?? null));
    }
    const causes = seed.linkTypes.find((t) => t.name === 'Verursacht');
    const causeLinks = seed.links.filter((l) => l.typeId === causes?.id);
    expect(causeLinks.length).toBeGreaterThan(5);
    for (const link of causeLinks) {
      expect(byId.get(link.outwardIssueId)?.key).toMatch(/^MAIL-/);
      expect(byId.get(link.inwardIssueId)?.key).toMatch(/^HD-/);
    }
  });

  it('is written in German: umlauts in the summaries, no English status names or words', () => {
    const summaries = seed.issues.map((i) => i.summary);
    expect(summaries.filter((s) => /[äöüÄÖÜß]/.test(s)).length).toBeGreaterThan(summaries.length * 0.2);
    const english = [
      'Open',
      'To Do',
      'In Progress',
      'Done',
      'Resolved',
      'Closed',
      'Reopened',
      'Waiting for customer',
    ];
    for (const status of seed.statuses) expect(english).not.toContain(status.name);
    const texts = [
      ...summaries,
      ...seed.issues.flatMap((i) => [
        i.description === null ? '' : adfPlainText(i.description),
        ...i.comments.map((c) => adfPlainText(c.body)),
      ]),
    ];
    const englishWords = /\b(the|and|please|password|issue|customer|waiting|error|with|has been)\b/i;
    expect(texts.filter((t) => englishWords.test(t))).toEqual([]);
    expect(new Set(seed.issues.map((i) => i.priority))).toEqual(
      new Set(['Höchste', 'Hoch', 'Mittel', 'Niedrig', 'Niedrigste']),
    );
  });

  it('describes help-desk tickets in ADF with customer and channel, and comments on some of them', () => {
    const ticket = hd.find((i) => i.comments.length > 0);
    expect(adfPlainText(ticket?.description ?? { type: 'doc' })).toMatch(
      /^Kunde: +.+ Eingang: +(Anruf|E-Mail|Serviceportal) /,
    );
    const commented = hd.filter((i) => i.comments.length > 0).length;
    expect(commented).toBeGreaterThan(hd.length * 0.2);
    expect(commented).toBeLessThan(hd.length * 0.9);
  });
});
