/**
 * The site's registry of projects with flow facts (issue 13), in as many stored values as it needs, and the
 * record of projects Jira no longer knows.
 *
 * One value (`flow-facts:projects`) holds the projects while they fit {@link REGISTRY_VALUE_BYTES}; a site with
 * thousands of projects (≈ 5,400 pass Forge's 240 KiB per value) outgrew it, and a registry that cannot be written
 * fails every backfill's start. As the names dictionary does (`flow-facts-names.ts`), the first value then counts
 * extra values (`shards`) at `flow-facts:projects:<n>`: a registered project stays where it is (a key change
 * rewrites it there), a new one goes to the last value, and a full last value adds one. Readers concatenate all
 * values in order (a later entry of the same key wins: the project holding the key now).
 *
 * A project Jira answers 404 for (deleted, or the app may no longer browse it: Jira does not say which) is noted
 * at `flow-facts:gone:<projectId>` with the first such night; only a second 404 at least {@link GONE_CONFIRM_MS}
 * later, with no success between, drops the project and its facts (a permission lost for one night, a Jira hiccup
 * must not throw away a 50,000-issue backfill).
 */
import { REGISTRY_KEY, type FactsCas } from './flow-facts-cas';

/** A project in the registry. */
export interface FactsProject {
  readonly projectId: string;
  readonly projectKey: string;
}

/** Bytes a registry value is filled to before new projects go to a new value (room for key changes). */
export const REGISTRY_VALUE_BYTES = 180_000;

/** A second 404 this long after the first (another night) drops the project, ms. */
export const GONE_CONFIRM_MS = 20 * 3_600_000;

/** Most extra values read (a junk count in the first value reads no more than this). */
const MAX_REGISTRY_VALUES = 1_000;

interface RegistryValue {
  readonly projects: readonly FactsProject[];
  /** First value only: extra values at `flow-facts:projects:<n>`. */
  readonly shards?: number;
}

/** When Jira first answered 404 for the project (since its last success), epoch ms. */
interface GoneValue {
  readonly firstMs: number;
}

/** Key of registry value `n` (0: the first one). */
export const registryKey = (n: number): string => (n === 0 ? REGISTRY_KEY : `${REGISTRY_KEY}:${String(n)}`);

/** A project's 404 record. */
export const goneKey = (projectId: string): string => `flow-facts:gone:${projectId}`;

const EMPTY: RegistryValue = { projects: [] };

function projectsOf(value: unknown): readonly FactsProject[] {
  const projects =
    typeof value === 'object' && value !== null ? (value as RegistryValue).projects : undefined;
  return Array.isArray(projects)
    ? projects.filter(
        (p: unknown): p is FactsProject =>
          typeof p === 'object' &&
          p !== null &&
          typeof (p as FactsProject).projectId === 'string' &&
          typeof (p as FactsProject).projectKey === 'string',
      )
    : [];
}

function extraCount(head: unknown): number {
  const shards = typeof head === 'object' && head !== null ? (head as RegistryValue).shards : undefined;
  return typeof shards === 'number' && Number.isInteger(shards) && shards > 0
    ? Math.min(shards, MAX_REGISTRY_VALUES)
    : 0;
}

/** The registry over the facts store's compare-and-set plumbing. */
export class FactsRegistry {
  constructor(private readonly cas: FactsCas) {}

  private async readValues(): Promise<{ values: (readonly FactsProject[])[]; extra: number }> {
    const head = (await this.cas.read<unknown>(REGISTRY_KEY, EMPTY)).value;
    const extra = extraCount(head);
    const rest = await Promise.all(
      Array.from({ length: extra }, async (_, i) =>
        projectsOf((await this.cas.read<unknown>(registryKey(i + 1), EMPTY)).value),
      ),
    );
    return { values: [projectsOf(head), ...rest], extra };
  }

  /** Every registered project, in registry order (one read while the first value says there are no others). */
  async list(): Promise<readonly FactsProject[]> {
    return (await this.readValues()).values.flat();
  }

  /** Registers the project or its new key (no write when registered as it is). */
  async register(project: FactsProject): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { values, extra } = await this.readValues();
      const holders = values.flatMap((projects, n) =>
        projects.some((p) => p.projectId === project.projectId) ? [n] : [],
      );
      const held = holders.flatMap((n) => values[n] ?? []).filter((p) => p.projectId === project.projectId);
      if (held.length > 0 && held.every((p) => p.projectKey === project.projectKey)) return;
      const outcome = { full: false };
      for (const n of holders.length > 0 ? holders : [extra]) {
        await this.cas.modify<unknown>(registryKey(n), EMPTY, (prev) => {
          const projects = projectsOf(prev);
          const stored = projects.find((p) => p.projectId === project.projectId);
          if (stored?.projectKey === project.projectKey) return null;
          const next: RegistryValue = {
            projects: [...projects.filter((p) => p.projectId !== project.projectId), project],
            ...(n === 0 && extraCount(prev) > 0 ? { shards: extraCount(prev) } : {}),
          };
          // A new project into a full last value: it goes to a value of its own.
          outcome.full =
            stored === undefined &&
            projects.length > 0 &&
            this.cas.store.storedBytes(next) > REGISTRY_VALUE_BYTES;
          return outcome.full ? null : next;
        });
        if (outcome.full) break;
      }
      if (!outcome.full) return;
      // Adds a value unless another writer did since this read; then everything is read again.
      await this.cas.modify<unknown>(REGISTRY_KEY, EMPTY, (prev) =>
        extraCount(prev) !== extra ? null : { projects: projectsOf(prev), shards: extra + 1 },
      );
      if (attempt >= this.cas.maxAttempts)
        throw new Error(
          'The flow facts project registry could not be stored: the store kept changing. The next view or message tries again.',
        );
    }
  }

  /** Removes the project from every value holding it. */
  async unregister(projectId: string): Promise<void> {
    const { values } = await this.readValues();
    for (const [n, projects] of values.entries()) {
      if (!projects.some((p) => p.projectId === projectId)) continue;
      await this.cas.modify<unknown>(registryKey(n), EMPTY, (prev) => {
        const held = projectsOf(prev);
        if (!held.some((p) => p.projectId === projectId)) return null;
        const rest = held.filter((p) => p.projectId !== projectId);
        return n === 0 && extraCount(prev) > 0
          ? { projects: rest, shards: extraCount(prev) }
          : { projects: rest };
      });
    }
  }

  /**
   * Notes a 404 for the project at `nowMs`; true when it confirms an earlier one at least
   * {@link GONE_CONFIRM_MS} before (the caller drops the project).
   */
  async noteGone(projectId: string, nowMs: number): Promise<boolean> {
    const stored = await this.cas.modify<GoneValue | null>(goneKey(projectId), null, (prev) =>
      prev !== null && typeof prev.firstMs === 'number' ? null : { firstMs: nowMs },
    );
    return stored !== null && nowMs - stored.firstMs >= GONE_CONFIRM_MS;
  }

  /** Forgets the project's 404s (Jira answered for it again). */
  async clearGone(projectId: string): Promise<void> {
    if ((await this.cas.store.get<GoneValue>(goneKey(projectId))) !== null)
      await this.cas.store.delete(goneKey(projectId));
  }
}
