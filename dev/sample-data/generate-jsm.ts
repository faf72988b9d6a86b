/**
 * The help desk (HD) as a Jira Service Management project: one service desk with the portal's request types
 * (mapped from the HD topics' labels and issue types) and customer satisfaction ratings (CSAT, 1–5) on a share
 * of the resolved requests.
 *
 * The ratings are drawn from a stream of their own per issue (`createRng(seed, 'csat:<issue id>')`), after every
 * issue is built: adding them changed no generated issue, field or figure of the rest of the sample data. Requests
 * resolved before the self-service go-live are rated worse (mean ≈ 3.2: long waits for password resets) than those
 * resolved from then on (mean ≈ 4.2).
 */
import type { SeedIssue, SeedRequestFeedback, SeedRequestType, SeedServiceDesk } from '../emulator/seed';
import { ISSUE_TYPE, PROJECT_IDS } from './model';
import { createRng } from './prng';

/** The help desk's service desk id (JSM numbers desks from 1). */
export const HD_SERVICE_DESK_ID = '1';

/** Share of resolved HD requests whose customer left a rating. */
export const CSAT_RESPONSE_SHARE = 0.35;

const REQUEST_TYPE = {
  passwort: {
    id: '11',
    name: 'Passwort zurücksetzen',
    description: 'Sie haben Ihr Passwort vergessen oder Ihr Konto ist gesperrt.',
    issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  },
  zugang: {
    id: '12',
    name: 'Zugang beantragen',
    description:
      'Zugang zu einem System, einem Laufwerk oder einem Postfach für neue oder bestehende Kollegen.',
    issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  },
  stoerung: {
    id: '13',
    name: 'Störung melden',
    description: 'Etwas funktioniert nicht (mehr): E-Mail, VPN, Drucker, Netzwerk, Anwendungen.',
    issueTypeId: ISSUE_TYPE.stoerung.id,
  },
  hardware: {
    id: '14',
    name: 'Hardware bestellen',
    description: 'Laptop, Monitor, Headset oder Zubehör bestellen.',
    issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  },
  software: {
    id: '15',
    name: 'Software anfordern',
    description: 'Eine Anwendung installieren oder eine Lizenz anfordern.',
    issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  },
  sonstiges: {
    id: '16',
    name: 'Sonstige Anfrage',
    description: 'Alles andere: Umzug, Telefonie, Fragen.',
    issueTypeId: ISSUE_TYPE.serviceanfrage.id,
  },
} as const satisfies Record<string, SeedRequestType>;

export const HD_REQUEST_TYPES: readonly SeedRequestType[] = Object.values(REQUEST_TYPE);

/** The HD service desk as the emulator serves it. */
export const HD_SERVICE_DESK: SeedServiceDesk = {
  id: HD_SERVICE_DESK_ID,
  projectId: PROJECT_IDS.hd,
  requestTypes: HD_REQUEST_TYPES,
};

/** The request type an HD issue was raised with, from its topic's labels and its issue type. */
export function requestTypeOf(issue: Pick<SeedIssue, 'labels' | 'issueTypeId'>): SeedRequestType {
  const has = (label: string): boolean => issue.labels.includes(label);
  if (has('passwort')) return REQUEST_TYPE.passwort;
  if (issue.issueTypeId === ISSUE_TYPE.stoerung.id) return REQUEST_TYPE.stoerung;
  if (has('berechtigung') || has('onboarding') || has('offboarding') || has('postfach'))
    return REQUEST_TYPE.zugang;
  if (has('hardware') || has('bestellung')) return REQUEST_TYPE.hardware;
  if (has('software')) return REQUEST_TYPE.software;
  return REQUEST_TYPE.sonstiges;
}

type Rating = SeedRequestFeedback['rating'];

/** Rating weights 1…5 before the go-live: mean 3.23. */
const WEIGHTS_BEFORE: readonly (readonly [Rating, number])[] = [
  [1, 0.1],
  [2, 0.17],
  [3, 0.28],
  [4, 0.3],
  [5, 0.15],
];
/** Rating weights 1…5 from the go-live on: mean 4.21. */
const WEIGHTS_AFTER: readonly (readonly [Rating, number])[] = [
  [1, 0.02],
  [2, 0.05],
  [3, 0.1],
  [4, 0.36],
  [5, 0.47],
];

const LOW_COMMENTS: readonly string[] = [
  'Hat viel zu lange gedauert.',
  'Ich musste dreimal anrufen.',
  'Niemand hat sich zurückgemeldet.',
];
const MID_COMMENTS: readonly string[] = ['Ging, aber nicht schnell.', 'Am Ende hat es funktioniert.'];
const HIGH_COMMENTS: readonly string[] = [
  'Schnell und freundlich, danke!',
  'Super, alles erledigt.',
  'Ging ganz einfach.',
];

function commentFor(rating: Rating, pick: number): string {
  const list = rating <= 2 ? LOW_COMMENTS : rating === 3 ? MID_COMMENTS : HIGH_COMMENTS;
  return list[Math.floor(pick * list.length)] ?? list[0] ?? '';
}

/**
 * CSAT ratings of the resolved HD requests: about {@link CSAT_RESPONSE_SHARE} of them, worse when resolved
 * before `goLiveMs` than from then on. Deterministic: each issue's rating depends only on `seed` and its id.
 *
 * @param resolvedMsOf the resolution instant (epoch ms) of an issue, null when unresolved.
 */
export function generateCsatRatings(
  seed: number,
  issues: readonly SeedIssue[],
  goLiveMs: number,
  resolvedMsOf: (issue: SeedIssue) => number | null,
): SeedRequestFeedback[] {
  const ratings: SeedRequestFeedback[] = [];
  for (const issue of issues) {
    if (issue.projectId !== PROJECT_IDS.hd) continue;
    const resolvedMs = resolvedMsOf(issue);
    if (resolvedMs === null) continue;
    const rng = createRng(seed, `csat:${issue.id}`);
    if (!rng.chance(CSAT_RESPONSE_SHARE)) continue;
    const rating = rng.weighted(resolvedMs < goLiveMs ? WEIGHTS_BEFORE : WEIGHTS_AFTER);
    const withComment = rng.chance(0.25);
    const pick = rng.next();
    ratings.push(
      withComment
        ? { issueId: issue.id, rating, comment: commentFor(rating, pick) }
        : { issueId: issue.id, rating },
    );
  }
  return ratings;
}
