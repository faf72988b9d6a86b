/**
 * The flow rules the UI applies exactly as the backend does: the checks of a status mapping and working calendar
 * (the settings page shows its own German/English text from the same problems the resolver refuses) and the stage
 * kinds. Pure domain code; the UI reaches the backend only through `src/contract/` (a lint rule refuses
 * `static/src` → `src/domain`), so it is re-exported here and stays defined once, in `src/domain/flow/`.
 */
export { describeSettingsProblem, findSettingsProblems } from '../domain/flow/mapping-defaults';
export type { SettingsProblem } from '../domain/flow/mapping-defaults';
export type { StageKind } from '../domain/flow/types';
