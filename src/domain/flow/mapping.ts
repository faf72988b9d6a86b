/**
 * Workflow mapping: which stage each status belongs to (FLOW-METRICS.md §2).
 *
 * Statuses are interned once per data set in a {@link StatusRegistry} so the per-change work is an integer
 * lookup; the mapping is then resolved to one stage index per status.
 */
import type { StageKind, WorkflowMapping, WorkflowStage } from './types';

/** A status seen in the data: its display name (first spelling seen), its id and Jira category when known. */
export interface KnownStatus {
  readonly name: string;
  id: string | null;
  categoryKey: string | null;
}

/** Interns status names case-insensitively, so `In Progress` and `in progress` are one status. */
export class StatusRegistry {
  readonly statuses: KnownStatus[] = [];
  private readonly byLowerName = new Map<string, number>();

  /** Index of the status with this name (case-insensitive), registering it when new. */
  intern(name: string, id?: string | null, categoryKey?: string | null): number {
    const lower = name.toLowerCase();
    let index = this.byLowerName.get(lower);
    if (index === undefined) {
      index = this.statuses.length;
      this.statuses.push({ name, id: id ?? null, categoryKey: categoryKey ?? null });
      this.byLowerName.set(lower, index);
    } else {
      const known = this.statuses[index];
      if (known !== undefined) {
        if (known.id === null && id) known.id = id;
        if (known.categoryKey === null && categoryKey) known.categoryKey = categoryKey;
      }
    }
    return index;
  }
}

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

/** A mapping resolved against the statuses of one data set. */
export interface ResolvedMapping {
  readonly stages: readonly {
    readonly name: string;
    readonly kind: StageKind;
    readonly statuses: readonly string[];
  }[];
  readonly startStageIndex: number;
  readonly doneStageIndex: number;
  /** Stage index per interned status; -1 = unmapped. */
  readonly stageOfStatus: Int32Array;
  /** Kind per interned status; null = unmapped. */
  readonly kindOfStatus: readonly (StageKind | null)[];
}

const KINDS: readonly StageKind[] = ['backlog', 'active', 'waiting', 'done'];

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Checks a workflow mapping's structure and throws {@link MappingError} naming the problem: stages present
 * with unique names and known kinds, `startStage` and `doneStage` among them and in that order, no status in
 * two stages.
 */
export function validateMapping(mapping: WorkflowMapping): void {
  // Mappings come from files and storage: check the shape at run time, whatever the static type says.
  const stagesValue: unknown = mapping.stages;
  if (!Array.isArray(stagesValue) || stagesValue.length === 0) {
    throw new MappingError(
      'The workflow mapping has no stages: give "stages": [{ "name", "statuses", "kind" }, ...].',
    );
  }
  const names = new Set<string>();
  const statusOwner = new Map<string, string>();
  for (const stage of mapping.stages as readonly Partial<WorkflowStage>[]) {
    if (typeof stage.name !== 'string' || stage.name.trim() === '') {
      throw new MappingError('Every stage of the workflow mapping needs a "name".');
    }
    if (names.has(stage.name))
      throw new MappingError(`Stage "${stage.name}" appears twice in the workflow mapping.`);
    names.add(stage.name);
    if (stage.kind === undefined || !KINDS.includes(stage.kind)) {
      throw new MappingError(
        `Stage "${stage.name}" has kind "${String(stage.kind)}"; use one of ${KINDS.join(', ')}.`,
      );
    }
    if (!isStringList(stage.statuses)) {
      throw new MappingError(`Stage "${stage.name}" needs "statuses": a list of status names or ids.`);
    }
    for (const status of stage.statuses) {
      const lower = status.toLowerCase();
      const owner = statusOwner.get(lower);
      if (owner !== undefined) {
        throw new MappingError(
          `Status "${status}" is mapped to both "${owner}" and "${stage.name}"; map it to one stage.`,
        );
      }
      statusOwner.set(lower, stage.name);
    }
  }
  const startIndex = mapping.stages.findIndex((s) => s.name === mapping.startStage);
  const doneIndex = mapping.stages.findIndex((s) => s.name === mapping.doneStage);
  if (startIndex < 0)
    throw new MappingError(`startStage "${mapping.startStage}" is not one of the mapping's stages.`);
  if (doneIndex < 0)
    throw new MappingError(`doneStage "${mapping.doneStage}" is not one of the mapping's stages.`);
  if (doneIndex <= startIndex) {
    throw new MappingError(
      `doneStage "${mapping.doneStage}" must come after startStage "${mapping.startStage}".`,
    );
  }
}

/** Resolves every interned status to its stage (by name, case-insensitively, or by status id). */
export function resolveMapping(mapping: WorkflowMapping, registry: StatusRegistry): ResolvedMapping {
  validateMapping(mapping);
  const stageByKey = new Map<string, number>();
  mapping.stages.forEach((stage, index) => {
    for (const status of stage.statuses) stageByKey.set(status.toLowerCase(), index);
  });
  const stageOfStatus = new Int32Array(registry.statuses.length).fill(-1);
  const kindOfStatus: (StageKind | null)[] = [];
  registry.statuses.forEach((status, i) => {
    const byName = stageByKey.get(status.name.toLowerCase());
    const stageIndex =
      byName ?? (status.id === null ? undefined : stageByKey.get(status.id.toLowerCase())) ?? -1;
    stageOfStatus[i] = stageIndex;
    kindOfStatus.push(stageIndex >= 0 ? (mapping.stages[stageIndex]?.kind ?? null) : null);
  });
  return {
    stages: mapping.stages.map((s) => ({ name: s.name, kind: s.kind, statuses: [...s.statuses] })),
    startStageIndex: mapping.stages.findIndex((s) => s.name === mapping.startStage),
    doneStageIndex: mapping.stages.findIndex((s) => s.name === mapping.doneStage),
    stageOfStatus,
    kindOfStatus,
  };
}
