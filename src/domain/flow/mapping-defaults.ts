/**
 * ITSM-aware default status mapping for a project (FLOW-METRICS.md §2), derived from the statuses of its
 * workflows and their Jira status categories. Pure: no I/O.
 */
import type { JiraStatusRef, StageKind, WorkflowMapping, WorkflowStage } from './types';

/**
 * Status names that say the work waits on someone else (service-desk "waiting for customer", "pending", "on
 * hold", German "Wartet auf …", "Warten auf …", "Zurückgestellt", "Angehalten"). Such statuses sit in Jira's "In
 * Progress" category but are queue time, not work time, so flow efficiency must count them as waiting.
 */
const WAITING_NAME =
  /^(wartet|warten|waiting|awaiting|pending|on[ -]?hold|blocked|paused|deferred|zurückgestellt|angehalten|pausiert|blockiert)\b|\b(wartet|warten|waiting|pending|on[ -]hold)\b/iu;

/** Status names of reopened work ("Wieder geöffnet", "Reopened"): the same work again, not a stage of its own. */
const REOPENED_NAME = /^(wieder[ -]?(geöffnet|eröffnet)|re-?opened)$/iu;

/**
 * Whether a status name says the work was reopened; such statuses join the first active stage by default.
 *
 * @example
 * isReopenedStatusName('Wieder geöffnet'); // → true
 */
export function isReopenedStatusName(name: string): boolean {
  return REOPENED_NAME.test(name.trim());
}

/**
 * Whether a status name says the work is waiting (kind `waiting`) rather than being worked on.
 *
 * @example
 * isWaitingStatusName('Wartet auf Kunde'); // → true
 * isWaitingStatusName('In Bearbeitung');   // → false
 */
export function isWaitingStatusName(name: string): boolean {
  return WAITING_NAME.test(name.trim());
}

/** A status of the project with its Jira category key (`new`, `indeterminate`, `done`, or null when unknown). */
export interface ProjectStatus {
  readonly id: string | null;
  readonly name: string;
  readonly categoryKey: string | null;
  /** Jira's (localised) category name, e.g. `In Arbeit`. */
  readonly categoryName: string | null;
}

/**
 * The distinct statuses of a project's workflows (by name, case-insensitively, first spelling and category kept),
 * in the order Jira lists them.
 *
 * @example
 * distinctProjectStatuses([{ name: 'Open', statusCategory: { key: 'new' } }, { name: 'open' }]);
 * // → [{ id: null, name: 'Open', categoryKey: 'new', categoryName: null }]
 */
export function distinctProjectStatuses(statuses: readonly JiraStatusRef[]): ProjectStatus[] {
  const seen = new Set<string>();
  const out: ProjectStatus[] = [];
  for (const status of statuses) {
    const name = status.name?.trim();
    if (name === undefined || name === '') continue;
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push({
      id: status.id ?? null,
      name,
      categoryKey: status.statusCategory?.key ?? null,
      categoryName: status.statusCategory?.name ?? null,
    });
  }
  return out;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted} (${String(n)})`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Derives the default mapping of a project from its statuses:
 * - one backlog stage holding every `new`-category status (named after Jira's category name, e.g. "To Do"),
 * - one stage per `indeterminate`-category status, in Jira's order, kind `waiting` when its name says waiting
 *   ({@link isWaitingStatusName}) and `active` otherwise; waiting stages listed before the first active one move
 *   behind it so the commitment point (the first active stage) comes before them; reopened statuses
 *   ({@link isReopenedStatusName}) join the first active stage (reopened work is the same work again),
 * - one done stage holding every `done`-category status.
 * Statuses without a category are left unmapped (the data-quality view lists them). An empty active or done
 * stage is added when the project has no such status, so the mapping is always valid.
 *
 * @example
 * deriveDefaultMapping([
 *   { name: 'Neu', statusCategory: { key: 'new', name: 'Aufgaben' } },
 *   { name: 'In Bearbeitung', statusCategory: { key: 'indeterminate' } },
 *   { name: 'Wartet auf Kunde', statusCategory: { key: 'indeterminate' } },
 *   { name: 'Gelöst', statusCategory: { key: 'done', name: 'Fertig' } },
 * ]).stages.map((s) => `${s.name}:${s.kind}`);
 * // → ['Aufgaben:backlog', 'In Bearbeitung:active', 'Wartet auf Kunde:waiting', 'Fertig:done']
 */
export function deriveDefaultMapping(statuses: readonly JiraStatusRef[]): WorkflowMapping {
  const distinct = distinctProjectStatuses(statuses);
  const taken = new Set<string>();
  const backlog = distinct.filter((s) => s.categoryKey === 'new');
  const progress = distinct.filter((s) => s.categoryKey === 'indeterminate');
  const done = distinct.filter((s) => s.categoryKey === 'done');

  // Reserve the names of the category stages first so a status named like them gets the plain name only once.
  const backlogName = backlog.length > 0 ? uniqueName(backlog[0]?.categoryName ?? 'To Do', taken) : null;
  const doneName = uniqueName(done[0]?.categoryName ?? 'Done', taken);

  const reopened = progress.filter((s) => isReopenedStatusName(s.name));
  let middle: { name: string; kind: StageKind; statuses: string[] }[] = progress
    .filter((s) => !isReopenedStatusName(s.name))
    .map((s) => ({
      name: uniqueName(s.name, taken),
      kind: isWaitingStatusName(s.name) ? 'waiting' : 'active',
      statuses: [s.name],
    }));
  const firstActive = middle.findIndex((s) => s.kind === 'active');
  if (firstActive < 0) {
    middle = [
      {
        name: uniqueName(reopened[0]?.name ?? 'In Progress', taken),
        kind: 'active',
        statuses: reopened.map((s) => s.name),
      },
      ...middle,
    ];
  } else {
    middle[firstActive]?.statuses.push(...reopened.map((s) => s.name));
  }
  if (firstActive > 0) {
    middle = [
      ...middle.slice(firstActive, firstActive + 1),
      ...middle.slice(0, firstActive),
      ...middle.slice(firstActive + 1),
    ];
  }
  const stages: WorkflowStage[] = [];
  if (backlogName !== null) {
    stages.push({ name: backlogName, kind: 'backlog', statuses: backlog.map((s) => s.name) });
  }
  stages.push(...middle);
  stages.push({ name: doneName, kind: 'done', statuses: done.map((s) => s.name) });
  return { stages, startStage: middle[0]?.name ?? 'In Progress', doneStage: doneName };
}

/**
 * The project's statuses that no stage of the mapping holds (matched by name case-insensitively, or by id), in
 * the project's order.
 *
 * @example
 * unmappedStatuses([{ id: '1', name: 'Open', categoryKey: 'new', categoryName: null }],
 *   { stages: [{ name: 'A', kind: 'active', statuses: [] }], startStage: 'A', doneStage: 'A' });
 * // → ['Open']
 */
export function unmappedStatuses(statuses: readonly ProjectStatus[], mapping: WorkflowMapping): string[] {
  const mapped = new Set<string>();
  for (const stage of mapping.stages) for (const s of stage.statuses) mapped.add(s.toLowerCase());
  return statuses
    .filter((s) => !mapped.has(s.name.toLowerCase()) && (s.id === null || !mapped.has(s.id.toLowerCase())))
    .map((s) => s.name);
}

/** One rule a mapping, calendar or percentile list breaks; `params` fill the message. */
export type SettingsProblem =
  | { readonly code: 'no-stages' }
  | { readonly code: 'stage-name-empty'; readonly position: number }
  | { readonly code: 'stage-name-twice'; readonly stage: string }
  | { readonly code: 'status-twice'; readonly status: string; readonly stage: string; readonly other: string }
  | { readonly code: 'start-missing'; readonly stage: string }
  | { readonly code: 'done-missing'; readonly stage: string }
  | { readonly code: 'done-before-start'; readonly start: string; readonly done: string }
  | { readonly code: 'start-not-active'; readonly stage: string }
  | { readonly code: 'done-not-done'; readonly stage: string }
  | { readonly code: 'time-zone-unknown'; readonly timeZone: string }
  | { readonly code: 'no-working-day' }
  | { readonly code: 'holiday-invalid'; readonly holiday: string }
  | { readonly code: 'percentile-invalid'; readonly percentile: number };

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Every rule the settings break, in the order a reader fixes them (empty: the settings can be saved). The rules
 * are those of `validateMapping` (stages present with unique names, no status in two stages, start before done)
 * plus what the settings page promises: the commitment point is an active stage, the done point a done stage,
 * the calendar has a known IANA time zone, at least one working weekday and valid `YYYY-MM-DD` holidays, and
 * percentiles lie in 1..99.
 *
 * @example
 * findSettingsProblems(
 *   { stages: [{ name: 'Done', kind: 'done', statuses: [] }], startStage: 'Done', doneStage: 'Done' },
 *   { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] }, [85],
 * ).map((p) => p.code);
 * // → ['done-before-start', 'start-not-active']
 */
export function findSettingsProblems(
  mapping: WorkflowMapping,
  calendar: {
    readonly timeZone: string;
    readonly workingWeekdays: readonly number[];
    readonly holidays: readonly string[];
  },
  percentiles: readonly number[],
): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (mapping.stages.length === 0) problems.push({ code: 'no-stages' });
  const names = new Set<string>();
  const owner = new Map<string, string>();
  mapping.stages.forEach((stage, index) => {
    if (stage.name.trim() === '') problems.push({ code: 'stage-name-empty', position: index + 1 });
    else if (names.has(stage.name)) problems.push({ code: 'stage-name-twice', stage: stage.name });
    names.add(stage.name);
    for (const status of stage.statuses) {
      const other = owner.get(status.toLowerCase());
      if (other !== undefined) problems.push({ code: 'status-twice', status, stage: stage.name, other });
      else owner.set(status.toLowerCase(), stage.name);
    }
  });
  const startIndex = mapping.stages.findIndex((s) => s.name === mapping.startStage);
  const doneIndex = mapping.stages.findIndex((s) => s.name === mapping.doneStage);
  if (mapping.stages.length > 0) {
    if (startIndex < 0) problems.push({ code: 'start-missing', stage: mapping.startStage });
    if (doneIndex < 0) problems.push({ code: 'done-missing', stage: mapping.doneStage });
    if (startIndex >= 0 && doneIndex >= 0 && doneIndex <= startIndex) {
      problems.push({ code: 'done-before-start', start: mapping.startStage, done: mapping.doneStage });
    }
    const start = mapping.stages[startIndex];
    if (start !== undefined && start.kind !== 'active' && start.kind !== 'waiting') {
      problems.push({ code: 'start-not-active', stage: start.name });
    }
    const done = mapping.stages[doneIndex];
    if (done !== undefined && done.kind !== 'done')
      problems.push({ code: 'done-not-done', stage: done.name });
  }
  if (!isKnownTimeZone(calendar.timeZone))
    problems.push({ code: 'time-zone-unknown', timeZone: calendar.timeZone });
  if (!calendar.workingWeekdays.some((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    problems.push({ code: 'no-working-day' });
  }
  for (const holiday of calendar.holidays) {
    if (!isIsoDate(holiday)) problems.push({ code: 'holiday-invalid', holiday });
  }
  for (const percentile of percentiles) {
    if (!Number.isFinite(percentile) || percentile < 1 || percentile > 99) {
      problems.push({ code: 'percentile-invalid', percentile });
    }
  }
  return problems;
}

type Language = 'de' | 'en';

/**
 * The problem as one sentence in German or English, naming what to change.
 *
 * @example
 * describeSettingsProblem({ code: 'no-working-day' }, 'de'); // → 'Wählen Sie mindestens einen Arbeitstag.'
 */
export function describeSettingsProblem(problem: SettingsProblem, language: Language): string {
  const de = language === 'de';
  switch (problem.code) {
    case 'no-stages':
      return de ? 'Legen Sie mindestens eine Stufe an.' : 'Add at least one stage.';
    case 'stage-name-empty':
      return de
        ? `Stufe ${String(problem.position)} braucht einen Namen.`
        : `Stage ${String(problem.position)} needs a name.`;
    case 'stage-name-twice':
      return de
        ? `Der Stufenname „${problem.stage}“ kommt zweimal vor; geben Sie jeder Stufe einen eigenen Namen.`
        : `The stage name "${problem.stage}" is used twice; give each stage its own name.`;
    case 'status-twice':
      return de
        ? `Der Status „${problem.status}“ steht in „${problem.other}“ und in „${problem.stage}“; ordnen Sie ihn einer Stufe zu.`
        : `Status "${problem.status}" is in both "${problem.other}" and "${problem.stage}"; put it in one stage.`;
    case 'start-missing':
      return de
        ? `Der Startpunkt „${problem.stage}“ ist keine Stufe; wählen Sie eine Stufe als Startpunkt.`
        : `The start point "${problem.stage}" is not a stage; choose a stage as the start point.`;
    case 'done-missing':
      return de
        ? `Der Endpunkt „${problem.stage}“ ist keine Stufe; wählen Sie eine Stufe als Endpunkt.`
        : `The done point "${problem.stage}" is not a stage; choose a stage as the done point.`;
    case 'done-before-start':
      return de
        ? `Der Endpunkt „${problem.done}“ muss nach dem Startpunkt „${problem.start}“ kommen.`
        : `The done point "${problem.done}" must come after the start point "${problem.start}".`;
    case 'start-not-active':
      return de
        ? `Der Startpunkt „${problem.stage}“ muss eine Stufe der Art „aktiv“ oder „wartend“ sein.`
        : `The start point "${problem.stage}" must be an active or waiting stage.`;
    case 'done-not-done':
      return de
        ? `Der Endpunkt „${problem.stage}“ muss eine Stufe der Art „erledigt“ sein.`
        : `The done point "${problem.stage}" must be a done stage.`;
    case 'time-zone-unknown':
      return de
        ? `Die Zeitzone „${problem.timeZone}“ ist unbekannt; verwenden Sie einen IANA-Namen wie Europe/Berlin.`
        : `The time zone "${problem.timeZone}" is unknown; use an IANA name such as Europe/Berlin.`;
    case 'no-working-day':
      return de ? 'Wählen Sie mindestens einen Arbeitstag.' : 'Choose at least one working day.';
    case 'holiday-invalid':
      return de
        ? `„${problem.holiday}“ ist kein Datum im Format JJJJ-MM-TT.`
        : `"${problem.holiday}" is not a date in the form YYYY-MM-DD.`;
    case 'percentile-invalid':
      return de
        ? `Das Perzentil ${String(problem.percentile)} liegt nicht zwischen 1 und 99.`
        : `The percentile ${String(problem.percentile)} is not between 1 and 99.`;
  }
}
