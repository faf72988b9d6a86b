/**
 * FitSM ids an audit, finding or schedule item names (FitSM-1, CC BY 4.0, ITEMO e.V.): a general requirement
 * (`GR1`..`GR9`, or one of its requirements `GR2.1`) or a process (`PR1`..`PR14`, or one of its requirements
 * `PR5.2`). The shape is checked here; whether the id exists in the catalogue is the caller's lookup
 * ({@link FitsmSubjectLookup}), so the audit plan does not depend on one catalogue version.
 */

/** A FitSM general or process requirement id, or a process id. */
export const FITSM_SUBJECT_ID_PATTERN = /^(GR[1-9]|PR(?:[1-9]|1[0-4]))(?:\.(?:[1-9][0-9]?))?$/;

/** The process an id belongs to: `PR5.2` → `PR5`; every general requirement → `GR` (the management system basics). */
export type FitsmProcessGroup = 'GR' | `PR${number}`;

/** What the plan needs of the FitSM catalogue (12-1's catalogue answers it; tests pass a small one). */
export interface FitsmSubjectLookup {
  /** Whether the id names a process or requirement of the catalogue. */
  readonly isKnown: (id: string) => boolean;
  /** The process's or requirement's short name without its id (`Capacity Management`); null when none. */
  readonly nameOf: (id: string) => string | null;
}

/** A lookup that knows every well-formed id and no names (used until a catalogue is passed). */
export const SHAPE_ONLY_LOOKUP: FitsmSubjectLookup = {
  isKnown: (id) => FITSM_SUBJECT_ID_PATTERN.test(id),
  nameOf: () => null,
};

/** Whether `id` has the shape of a FitSM id ({@link FITSM_SUBJECT_ID_PATTERN}). */
export function isFitsmSubjectId(id: string): boolean {
  return FITSM_SUBJECT_ID_PATTERN.test(id);
}

/**
 * The process group of a well-formed id: `PR12.3` → `PR12`, `PR1` → `PR1`, `GR4.1` → `GR`.
 *
 * @throws RangeError for an id that is not well-formed.
 */
export function processGroupOf(id: string): FitsmProcessGroup {
  const match = FITSM_SUBJECT_ID_PATTERN.exec(id);
  if (match === null) throw new RangeError(`Not a FitSM id: ${id}`);
  const head = match[1] ?? '';
  return head.startsWith('GR') ? 'GR' : (head as FitsmProcessGroup);
}

/** The service text of an improvement for a subject: the process id and its name (`PR5 Capacity Management`). */
export function serviceTextOf(id: string, lookup: FitsmSubjectLookup): string {
  const group = processGroupOf(id);
  const processName = lookup.nameOf(group === 'GR' ? (id.split('.')[0] ?? id) : group);
  const head = group === 'GR' ? (id.split('.')[0] ?? id) : group;
  return processName === null || processName.trim() === '' ? head : `${head} ${processName}`.slice(0, 200);
}
