/**
 * The FitSM assessment resolvers over the in-memory store (Forge's limits enforced) and a Jira stub that answers
 * the two questions access asks (Administer Jira; the user's groups) per account id of the invocation context.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { StorePort } from '../../src/application/ports/store-port';
import type { FitsmAssessmentResult } from '../../src/contract/fitsm-assessment';
import { createFitsmAssessmentHandlers } from '../../src/entry/resolvers/fitsm-assessment-handlers';

export const ADMIN = 'acc-ada';
export const EDITOR = 'acc-eddi';
export const EDITOR_2 = 'acc-erna';
export const VIEWER = 'acc-vera';
export const EDITOR_GROUP = 'FitSM Editors';
export const NOW_MS = Date.UTC(2026, 11, 5, 7);

const GROUPS: Record<string, readonly string[]> = {
  [ADMIN]: ['jira-administrators'],
  [EDITOR]: ['jira-software-users', EDITOR_GROUP],
  [EDITOR_2]: ['jira-software-users', 'fitsm editors'],
  [VIEWER]: ['jira-software-users'],
};

const NAMES: Record<string, string> = {
  [ADMIN]: 'Ada Admin',
  [EDITOR]: 'Eddi Editor',
  [EDITOR_2]: 'Erna Editor',
};

export function contextOf(accountId: string, locale = 'en_US') {
  return { accountId, locale };
}

export function harness(store: StorePort = createMemoryStore()) {
  const errors: unknown[] = [];
  const handlers = createFitsmAssessmentHandlers({
    jira: (context) => {
      const accountId = String(context['accountId']);
      return {
        getMyPermissions: (keys: readonly string[]) =>
          Promise.resolve(
            Object.fromEntries(keys.map((key) => [key, key === 'ADMINISTER' && accountId === ADMIN])),
          ),
        getMyGroupNames: () => Promise.resolve(GROUPS[accountId] ?? []),
        // Jira names the users it knows; an unknown id is left out (as user/bulk does).
        getUsers: (ids: readonly string[]) =>
          Promise.resolve(
            ids.flatMap((id) => {
              const displayName = NAMES[id];
              return displayName === undefined ? [] : [{ accountId: id, displayName }];
            }),
          ),
      };
    },
    store,
    clock: () => NOW_MS,
    logError: (_message, error) => {
      errors.push(error);
    },
  });
  return { handlers, store, errors };
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T>(result: FitsmAssessmentResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.detail}`);
  return result.value;
}

/** The error code of a failed result (undefined for a success). */
export function codeOf(result: FitsmAssessmentResult<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

export const NEW_ASSESSMENT = {
  id: null,
  expectedVersion: null,
  title: 'Selbstbewertung 04/2022',
  date: '2022-04-20',
  assessors: [EDITOR, EDITOR_2],
  status: 'draft' as const,
  outOfScope: [],
  targetLevel: 3 as const,
  targetByGroup: {},
};

/** A harness with the editor group configured and one assessment created by the editor. */
export async function withAssessment() {
  const h = harness();
  valueOf(
    await h.handlers.saveFitsmSettings(
      { editorGroupName: EDITOR_GROUP, expectedVersion: null },
      contextOf(ADMIN),
    ),
  );
  const view = valueOf(await h.handlers.saveFitsmAssessment(NEW_ASSESSMENT, contextOf(EDITOR)));
  return { ...h, id: view.assessment.id, view };
}

/** The error of a failed result; fails the test on a success or no result. */
export function failureOf(result: FitsmAssessmentResult<unknown> | undefined): {
  code: string;
  detail: string;
} {
  if (result === undefined || result.ok) throw new Error('expected a failure');
  return result.error;
}
