/**
 * What each FitSM process needs before it (the implementation schedule's dependency rule). Our own reading of
 * FitSM-1's processes, kept deliberately simple — one list of prerequisite processes per process:
 *
 * - `GR` (the general requirements: commitment, documentation, scope, PDCA) comes first: every process builds on
 *   the management system's basics.
 * - PR1 Service Portfolio Management: the services must be known before levels, incidents or changes can name them.
 * - PR2 Service Level Management after PR1 (SLAs are agreed for services in the portfolio).
 * - PR3 Service Reporting, PR4 Availability & Continuity, PR5 Capacity after PR2 (they report on or plan against
 *   the agreed levels).
 * - PR6 Information Security after the basics (GR: scope and risk come with the management system).
 * - PR7 Customer and PR8 Supplier Relationship, PR9 Incident & Service Request, PR11 Configuration after PR1.
 * - PR10 Problem after PR9 (problems are found in incidents); PR12 Change after PR11 (changes touch configuration
 *   items); PR13 Release & Deployment after PR12 (releases are approved changes).
 * - PR14 Continual Service Improvement after PR3: improvement needs some measurements to start from.
 *
 * Prerequisites are transitive (PR2 also waits for GR items). A prerequisite only binds when the schedule holds
 * items of that process: a process without open items is taken as in place.
 */
import type { FitsmProcessGroup } from './audit-subjects';

export const FITSM_PROCESS_PREREQUISITES: Readonly<Record<string, readonly FitsmProcessGroup[]>> = {
  GR: [],
  PR1: ['GR'],
  PR2: ['PR1'],
  PR3: ['PR2'],
  PR4: ['PR2'],
  PR5: ['PR2'],
  PR6: ['GR'],
  PR7: ['PR1'],
  PR8: ['PR1'],
  PR9: ['PR1'],
  PR10: ['PR9'],
  PR11: ['PR1'],
  PR12: ['PR11'],
  PR13: ['PR12'],
  PR14: ['PR3'],
};

/** Every process `group` needs before it, directly or through another (transitive closure); itself excluded. */
export function prerequisitesOf(group: FitsmProcessGroup): ReadonlySet<FitsmProcessGroup> {
  const found = new Set<FitsmProcessGroup>();
  const stack = [...(FITSM_PROCESS_PREREQUISITES[group] ?? [])];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || found.has(next)) continue;
    found.add(next);
    stack.push(...(FITSM_PROCESS_PREREQUISITES[next] ?? []));
  }
  found.delete(group);
  return found;
}

/** Depth of a process in the rule: GR 0, PR1 1, PR2 2, PR3 3, PR14 4, … (longest prerequisite chain). */
export function dependencyTierOf(group: FitsmProcessGroup): number {
  const direct = FITSM_PROCESS_PREREQUISITES[group] ?? [];
  return direct.length === 0 ? 0 : 1 + Math.max(...direct.map(dependencyTierOf));
}
