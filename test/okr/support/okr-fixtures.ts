/**
 * Fixtures the OKR store tests share: the talk's two key results (the help desk's lead time, the e-mail service's
 * failed sign-ins) written into a store, and a store whose every call waits a few milliseconds as a KVS round
 * trip does, for the tests that prove a use case runs its store calls side by side.
 */
import type { MemoryStore } from '../../../src/adapters/store/memory-store';
import type { OkrStore } from '../../../src/application/okr-store';
import type { StorePort } from '../../../src/application/ports/store-port';

const BERLIN_Q4 = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' } as const;

/** The ids of an objective with one key result, and the objective's version (to archive it). */
export interface CreatedKeyResult {
  readonly objectiveId: string;
  readonly objectiveVersion: number;
  readonly keyResultId: string;
}

/**
 * "Kundenzufriedenheit erhöhen" (help desk `HD`, 2026-Q4) with "Durchlaufzeit um 15 % senken": a manual metric
 * from 10 to 8.5 days, owned by `acc-a`.
 */
export async function createLeadTimeKeyResult(okr: OkrStore): Promise<CreatedKeyResult> {
  const objective = await okr.createObjective({
    title: 'Kundenzufriedenheit erhöhen',
    description: '',
    period: BERLIN_Q4,
    ownerAccountId: 'acc-a',
    scope: { type: 'project', projectKey: 'HD' },
  });
  const kr = await okr.createKeyResult({
    objectiveId: objective.value.id,
    title: 'Durchlaufzeit um 15 % senken',
    ownerAccountId: 'acc-a',
    weight: 1,
    unit: 'Tage',
    direction: 'decrease',
    source: 'manual',
    kind: { type: 'metric', start: 10, target: 8.5 },
  });
  return { objectiveId: objective.value.id, objectiveVersion: objective.version, keyResultId: kr.value.id };
}

/**
 * "Anmeldegeschwindigkeit erhöhen" (e-mail service `MAIL`, 2026-Q4) with "Fehlgeschlagene Anmeldeversuche um
 * 15 % verringern": an external metric from 400 to 340 sign-ins a day, owned by `acc-mail-lead`.
 */
export async function createSignInKeyResult(okr: OkrStore, description = ''): Promise<CreatedKeyResult> {
  const objective = await okr.createObjective({
    title: 'Anmeldegeschwindigkeit erhöhen',
    description,
    period: BERLIN_Q4,
    ownerAccountId: 'acc-mail-lead',
    scope: { type: 'project', projectKey: 'MAIL' },
  });
  const kr = await okr.createKeyResult({
    objectiveId: objective.value.id,
    title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
    ownerAccountId: 'acc-mail-lead',
    weight: 1,
    unit: 'sign-ins/day',
    direction: 'decrease',
    source: 'external',
    kind: { type: 'metric', start: 400, target: 340 },
  });
  return { objectiveId: objective.value.id, objectiveVersion: objective.version, keyResultId: kr.value.id };
}

/**
 * `memory` with `latencyMs` before every get, put, set and delete, counting the calls and the most that were in
 * flight at once (calls started side by side overlap in their pauses; one after another never do). Tests assert
 * on that count, not on the wall clock, so a busy machine cannot fail them.
 */
export function slowStore(
  memory: MemoryStore,
  latencyMs: number,
): { store: StorePort; calls: () => number; mostInFlight: () => number } {
  let calls = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const around = async <T>(work: () => Promise<T>): Promise<T> => {
    calls += 1;
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  const store: StorePort = Object.assign(Object.create(memory) as StorePort, {
    get: (key: string) => around(() => memory.get(key)),
    put: (key: string, value: unknown, version: number | null, options?: { ttlSeconds?: number }) =>
      around(() => memory.put(key, value, version, options)),
    set: (key: string, value: unknown) => around(() => memory.set(key, value)),
    delete: (key: string) => around(() => memory.delete(key)),
  });
  return { store, calls: () => calls, mostInFlight: () => mostInFlight };
}
