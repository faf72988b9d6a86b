/**
 * Sample data: the Jira of the fictional **Nordlicht IT-Services GmbH** (Kiel), an IT service provider that runs
 * the service desk, the e-mail service and the workplaces of small and mid-sized customers (Stadtwerke Lindenau,
 * Hansen Bäckereien, Kanzlei Petersen & Partner, … — all invented). Everything is German; every address uses
 * `.example` domains. Deterministic: the same `seed` and `now` always give the same data (seeded mulberry32
 * streams, no clock, no `Math.random`).
 *
 * People (12): Jira admin Tobias Krüger (`admin@nordlicht-it.example`, sees everything), service-desk lead
 * Sabine Hoffmann, CSI process owner Claudia Neumann, agents Lukas, Aylin, Jonas, Marie, Deniz and the working
 * student Paul (HD only: the user without access to MAIL), e-mail team Thomas Wagner, Emily Carter (`en_US`)
 * and Stefan Richter. Time zone Europe/Berlin; API token `sample-token-<name>` (e.g. `sample-token-admin`).
 *
 * Projects (all timestamps Jira-style with the Berlin offset of their date, `+0100` / `+0200`):
 * - **HD "Service Desk"** (company-managed, `service_desk`): ≈ 2,000 Störungen and Serviceanfragen over the
 *   12 months before `now`. Workflow Neu → In Bearbeitung ⇄ Wartet auf Kunde → Gelöst → Geschlossen (automatic
 *   after five working days), reopenings via "Wieder geöffnet" back to In Bearbeitung, flagged blocks
 *   (Flagged = Impediment) while waiting for vendors. People work Monday–Friday 08–18 (public holidays of
 *   Schleswig-Holstein off); tickets peak on Mondays and in the morning; times in work and waiting are
 *   log-normal (long tail); 5–10 % are still open at `now`. Duplicates are linked ("dupliziert").
 *   HD is a Jira Service Management project (service desk 1, request types such as "Passwort zurücksetzen",
 *   "Zugang beantragen", "Störung melden"); about 35 % of its resolved requests carry a CSAT rating (1–5), mean
 *   ≈ 3.2 before the self-service go-live and ≈ 4.2 after (generate-jsm.ts).
 * - **MAIL "E-Mail-Service"** (company-managed, `software`): ≈ 300 Änderungen, Probleme and Aufgaben, workflow
 *   Backlog → In Arbeit → Review → Fertig with rework after review. Problems "verursacht" help-desk incidents.
 * - **CSI "Kontinuierliche Verbesserung"** (company-managed, `business`): 25 improvements ("Verbesserung (CSI)")
 *   in the FitSM PR14 workflow Erfasst → Bewertet → Genehmigt → In Umsetzung → Wirksamkeitsprüfung →
 *   Abgeschlossen, exits Abgelehnt / Zurückgestellt, decided in the fortnightly CSI meeting (Thursday 14:00).
 *   Help-desk and e-mail issues that motivated an improvement link to it ("gab Feedback zu" / "erhielt
 *   Feedback aus").
 * - **TEAM "Arbeitsplatz-Team"** (team-managed, project-scoped statuses and issue types): 20 issues of a
 *   Windows 11 rollout over the last three months.
 *
 * The story in the numbers: "Self-Service-Passwortrücksetzung einführen" goes live ≈ 5½ months before `now` and
 * has been in Wirksamkeitsprüfung (Verifying) since: the CSI meeting two weeks later saw the password tickets fall
 * but left the lead time to the app's effect check, so the improvement is still open at `now` (closing it in the
 * preview replies on its five feedback requests, one of them raised by Emily Carter, `en_US`). From go-live on
 * password tickets are rare and quick, and the freed capacity shortens the queue for every ticket: the help desk's
 * lead time (p50, p85) drops by a third or more between the 3 months before go-live and the 3 months from two
 * weeks after it (test/sample-data).
 *
 * Configuration (model.ts): HD has its own issue type scheme and workflow scheme ("Service-Desk-Workflow"); MAIL
 * its own issue type scheme (shared with nobody) and the site's Default Workflow Scheme ("Nordlicht
 * Standard-Workflow"); CSI the CSI type in the workflow "CSI-Verbesserung (Three Ways)" with the transitions of
 * `CSI_TRANSITIONS` (no validators); TEAM project-scoped types, statuses, workflow and workflow scheme. HD, MAIL
 * and TEAM workflows let every status be reached (GLOBAL transitions whose id is the target status id).
 *
 * Link types: Blocks (blockiert / wird blockiert durch), Cloners, Duplicate (dupliziert / wird dupliziert von),
 * Relates (bezieht sich auf), Verursacht (verursacht / wird verursacht durch), Feedback (gab Feedback zu /
 * erhielt Feedback aus). Ids: projects 10000–10003, issues 10001… in creation order across projects, keys per
 * project in creation order (HD-1…), statuses 10100… per workflow, histories 100000…, comments and links 10000….
 * Changelog items: `status`, `resolution` (ids 10000 Erledigt … 10005 Zurückgestellt, see model.ts), `assignee`
 * (account ids) and `Flagged` (`customfield_10021`, option `[10019]` "Impediment", cleared to ''). TEAM's
 * project-scoped "In Arbeit" (10401) shares its name with MAIL's global "In Arbeit" (10201) on purpose.
 */
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import type { JiraSeed, SeedIssueLink } from '../emulator/seed';
import { generateCsi, selfServiceGoLiveMs } from './generate-csi';
import { generateHelpDesk } from './generate-hd';
import { HD_SERVICE_DESK, generateCsatRatings } from './generate-jsm';
import type { GeneratedIssue, PendingLink } from './generate-hd';
import { generateMail } from './generate-mail';
import { generateTeam } from './generate-team';
import type { IssueBuilder } from './issue-builder';
import {
  ISSUE_TYPES,
  ISSUE_TYPE_SCHEMES,
  LINK_TYPES,
  PROJECTS,
  STATUSES,
  USERS,
  WORKFLOW_SCHEMES,
  sampleWorkflows,
} from './model';
import { createRng } from './prng';

export { HD_WORKFLOW_MAPPING, MAIL_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE, COMPANY_NAME } from './model';
export { SELF_SERVICE_SUMMARY } from './catalog-csi';

export interface SampleSeedOptions {
  /** PRNG seed (default 1): different seeds give different but equally realistic data. */
  readonly seed?: number;
  /** The data's "today", epoch ms: nothing happens after it, the help desk covers the 12 months before it. */
  readonly now: number;
  /**
   * The extension ARI of the app's `jira:workflowValidator` (`ari:cloud:ecosystem::extension/<appId>/<envId>/
   * static/<key>`): when given, the CSI workflow's approve/verify/close transitions carry the app's Forge
   * validator (as after the app's setup); default none.
   */
  readonly csiValidatorKey?: string;
}

/**
 * Generates the sample Jira (see the file comment for what it contains).
 *
 * Pure and deterministic: the result depends only on `seed` and `now`. Runs in well under a second.
 *
 * @example
 * const seed = generateSampleSeed({ now: Date.UTC(2026, 2, 2, 12) });
 * seed.issues.filter((i) => i.key.startsWith('HD-')).length; // ≈ 2000
 */
export function generateSampleSeed(options: SampleSeedOptions): JiraSeed {
  const seed = options.seed ?? 1;
  const nowMs = options.now;
  if (!Number.isFinite(nowMs)) throw new RangeError('generateSampleSeed: `now` must be an epoch-ms number.');
  if (!Number.isInteger(seed)) throw new RangeError('generateSampleSeed: `seed` must be an integer.');

  const goLiveMs = selfServiceGoLiveMs(nowMs);
  const hd = generateHelpDesk(createRng(seed, 'hd'), nowMs, goLiveMs);
  const mail = generateMail(createRng(seed, 'mail'), nowMs, goLiveMs, hd.issues);
  const csi = generateCsi(createRng(seed, 'csi'), nowMs, goLiveMs, hd.issues, mail.issues);
  const team = generateTeam(createRng(seed, 'team'), nowMs);

  // Jira numbers issues globally in creation order; the sort is stable, so equal instants keep project order.
  const all: GeneratedIssue[] = [...hd.issues, ...mail.issues, ...csi.issues, ...team];
  all.sort((a, b) => a.builder.draft.createdMs - b.builder.draft.createdMs);
  let historyId = 100_000;
  let commentId = 10_000;
  const ids = {
    nextHistoryId: () => String(historyId++),
    nextCommentId: () => String(commentId++),
  };
  const idOf = new Map<IssueBuilder, string>();
  const issues = all.map((issue, index) => {
    const id = String(10_001 + index);
    idOf.set(issue.builder, id);
    return issue.builder.build(id, ids);
  });

  return {
    users: USERS,
    projects: PROJECTS,
    issueTypes: ISSUE_TYPES,
    statuses: STATUSES,
    linkTypes: LINK_TYPES,
    issues,
    links: resolveLinks([...hd.links, ...mail.links, ...csi.links], idOf),
    workflows: sampleWorkflows(options.csiValidatorKey),
    workflowSchemes: WORKFLOW_SCHEMES,
    issueTypeSchemes: ISSUE_TYPE_SCHEMES,
    // HD is a JSM project; its ratings come last, from streams of their own, so no other value changes.
    serviceDesks: [HD_SERVICE_DESK],
    requestFeedback: generateCsatRatings(seed, issues, goLiveMs, (issue) =>
      issue.resolutiondate === null ? null : parseJiraInstant(issue.resolutiondate),
    ),
  };
}

/** Gives links their ids, dropping self-links and repeats of the same pair (in either direction). */
function resolveLinks(
  pending: readonly PendingLink[],
  idOf: ReadonlyMap<IssueBuilder, string>,
): SeedIssueLink[] {
  const seen = new Set<string>();
  const links: SeedIssueLink[] = [];
  for (const link of pending) {
    const outwardIssueId = idOf.get(link.outward);
    const inwardIssueId = idOf.get(link.inward);
    if (outwardIssueId === undefined || inwardIssueId === undefined || outwardIssueId === inwardIssueId)
      continue;
    const pair = [outwardIssueId, inwardIssueId].sort().join('/');
    if (seen.has(pair)) continue;
    seen.add(pair);
    links.push({ id: String(10_000 + links.length), typeId: link.type.id, outwardIssueId, inwardIssueId });
  }
  return links;
}
