import type { JiraStatusRef, StageKind, WorkflowMapping } from '../domain/flow/types';

/** Jira status category key → the stage the engine derives for it (the same stages as the engine's own derivation). */
const CATEGORY_STAGES: readonly {
  readonly category: string;
  readonly name: string;
  readonly kind: StageKind;
}[] = [
  { category: 'new', name: 'To Do', kind: 'backlog' },
  { category: 'indeterminate', name: 'In Progress', kind: 'active' },
  { category: 'done', name: 'Done', kind: 'done' },
];

/**
 * Builds the category-derived workflow mapping (To Do → backlog, In Progress → active and the commitment point,
 * Done → done) from a list of statuses with known categories.
 *
 * Why not leave it to the engine: the engine only learns categories from the issues' current statuses, so for a
 * single issue every status it has left would be unmapped. The project's status list gives every category.
 * A status name listed twice (one status in several workflows) keeps its first category; statuses without a
 * category are left out and so reported as unmapped.
 *
 * @example
 * mappingFromStatusCategories([{ name: 'Open', statusCategory: { key: 'new' } }]).stages[0]
 * // → { name: 'To Do', kind: 'backlog', statuses: ['Open'] }
 */
export function mappingFromStatusCategories(statuses: readonly JiraStatusRef[]): WorkflowMapping {
  const byStage = new Map<string, string[]>(CATEGORY_STAGES.map((s) => [s.category, []]));
  const seen = new Set<string>();
  for (const status of statuses) {
    const name = status.name?.trim();
    const category = status.statusCategory?.key;
    if (name === undefined || name === '' || category === undefined) continue;
    const names = byStage.get(category);
    if (names === undefined || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return {
    stages: CATEGORY_STAGES.map((s) => ({
      name: s.name,
      kind: s.kind,
      statuses: byStage.get(s.category) ?? [],
    })),
    startStage: 'In Progress',
    doneStage: 'Done',
  };
}
