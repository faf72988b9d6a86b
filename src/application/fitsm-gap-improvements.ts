/**
 * Selected gaps of a self-assessment become CSI improvements in one step (PR14.1): per gap one CSI issue with its
 * record (source `assessment`, the process as service, the source detail naming assessment and requirement)
 * through {@link registerImprovement}, the link kept under `fitsm-gap-links:<assessment id>` (requirement id →
 * improvement key: the gap's way back to its improvement), and the improvement added to the implementation
 * schedule.
 *
 * Idempotent per assessment and requirement (dedupe key `fitsm-gap:<assessment>:<requirement>`): a repeated or
 * concurrent call answers the same issues. Gaps are registered one after another; when one fails, those before
 * it stand and a retry finishes the rest.
 */
import { MAX_FITSM_GAPS_PER_CALL } from '../contract/fitsm-plan';
import type { FitsmAssessment } from '../domain/fitsm/assessment-types';
import {
  gapDedupeKey,
  gapImprovementTexts,
  selectGaps,
  type GapProblem,
} from '../domain/fitsm/gap-improvements';
import { addScheduleItems } from './fitsm-schedule';
import { StoreConflictError, type StorePort } from './ports/store-port';
import { registerImprovement, type RegisterImprovementDeps } from './register-improvement';

/** Most gaps one call registers (each takes several Jira requests; a resolver call has 25 s). */
export const MAX_GAPS_PER_CALL = MAX_FITSM_GAPS_PER_CALL;

/** Store key of an assessment's gap → improvement links. */
export function gapLinksStoreKey(assessmentId: string): string {
  return `fitsm-gap-links:${assessmentId}`;
}

export interface GapLink {
  readonly issueKey: string;
  readonly issueId: string;
}

export interface StoredGapLinks {
  readonly links: Readonly<Record<string, GapLink>>;
}

/** The improvements registered for an assessment's gaps, by requirement id (empty when none). */
export async function readGapLinks(
  store: StorePort,
  assessmentId: string,
): Promise<Readonly<Record<string, GapLink>>> {
  return (await store.get<StoredGapLinks>(gapLinksStoreKey(assessmentId)))?.value.links ?? {};
}

/** The assessment is not stored. */
export class AssessmentNotFoundError extends Error {
  override readonly name = 'AssessmentNotFoundError';
}

/** Selected requirements that are not gaps; nothing was registered. */
export class GapSelectionError extends Error {
  override readonly name = 'GapSelectionError';
  constructor(
    readonly problems: readonly GapProblem[],
    message?: string,
  ) {
    super(
      message ??
        `No improvement was registered: ${problems
          .map((p) => `${p.requirementId} ${GAP_PROBLEM_TEXT[p.reason]}`)
          .join('; ')}. Select only requirements whose agreed rating lies below the target.`,
    );
  }
}

const GAP_PROBLEM_TEXT: Readonly<Record<GapProblem['reason'], string>> = {
  'unknown-requirement': 'is not a FitSM requirement',
  'out-of-scope': "belongs to a process outside the assessment's scope",
  'not-agreed': 'has no agreed rating yet',
  'no-gap': 'meets its target level',
};

export interface RegisterGapsRequest {
  readonly assessmentId: string;
  readonly requirementIds: readonly string[];
  /** The project (key) with CSI set up. */
  readonly projectKey: string;
  /** Language of the texts written to Jira (the acting user's). */
  readonly language: 'de' | 'en';
}

export interface RegisteredGap {
  readonly requirementId: string;
  readonly issueKey: string;
  readonly issueId: string;
  /** False: registered before (nothing new in Jira). */
  readonly created: boolean;
}

async function linkGap(
  store: StorePort,
  assessmentId: string,
  requirementId: string,
  link: GapLink,
): Promise<void> {
  const key = gapLinksStoreKey(assessmentId);
  for (let attempt = 1; ; attempt++) {
    const stored = await store.get<StoredGapLinks>(key);
    const links = stored?.value.links ?? {};
    if (links[requirementId]?.issueKey === link.issueKey) return;
    try {
      await store.put<StoredGapLinks>(
        key,
        { links: { ...links, [requirementId]: link } },
        stored?.version ?? null,
      );
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= 5) throw error;
    }
  }
}

/**
 * Registers the selected gaps (see the module comment).
 *
 * @throws AssessmentNotFoundError; GapSelectionError (selection empty, too large, or naming non-gaps: nothing is
 *   registered); the errors of {@link registerImprovement} (`CsiNotSetUpError` for a project without CSI, …).
 */
export async function registerGapImprovements(
  deps: RegisterImprovementDeps & {
    readonly loadAssessment: (assessmentId: string) => Promise<FitsmAssessment | null>;
  },
  request: RegisterGapsRequest,
): Promise<readonly RegisteredGap[]> {
  const assessment = await deps.loadAssessment(request.assessmentId);
  if (assessment === null)
    throw new AssessmentNotFoundError(
      `Assessment ${request.assessmentId} does not exist; reload the assessments.`,
    );
  const { gaps, problems } = selectGaps(assessment, request.requirementIds);
  if (problems.length > 0) throw new GapSelectionError(problems);
  if (gaps.length === 0 || gaps.length > MAX_GAPS_PER_CALL)
    throw new GapSelectionError(
      [],
      `Select 1 to ${String(MAX_GAPS_PER_CALL)} gaps at a time (${String(gaps.length)} selected); nothing was registered.`,
    );
  const results: RegisteredGap[] = [];
  for (const gap of gaps) {
    const texts = gapImprovementTexts(assessment, gap, request.language);
    const registered = await registerImprovement(deps, {
      projectIdOrKey: request.projectKey,
      summary: texts.summary,
      description: texts.description,
      source: 'assessment',
      sourceDetail: texts.sourceDetail,
      service: texts.service,
      feedbackIssue: null,
      dedupeKey: gapDedupeKey(assessment.id, gap.requirementId),
    });
    await linkGap(deps.store, assessment.id, gap.requirementId, {
      issueKey: registered.issueKey,
      issueId: registered.issueId,
    });
    await addScheduleItems(deps.store, [
      {
        improvementKey: registered.issueKey,
        issueId: registered.issueId,
        subjectId: gap.requirementId,
        summary: texts.summary,
        origin: 'assessment',
        assessmentId: assessment.id,
        gapSize: gap.shortfall,
        pinnedQuarter: null,
      },
    ]);
    results.push({
      requirementId: gap.requirementId,
      issueKey: registered.issueKey,
      issueId: registered.issueId,
      created: registered.created,
    });
  }
  return results;
}
