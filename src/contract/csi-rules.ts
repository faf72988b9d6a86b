/**
 * The CSI rules the UI applies exactly as the backend does: text limits, the score, the workflow and its
 * transition checks, the capability requirements and the register's audit CSV. They are pure domain code; the UI
 * reaches the backend only through `src/contract/` (a lint rule refuses `static/src` → `src/domain`), so this
 * module is the one door through which the panel, the register and the setup page share them. Re-exports only:
 * the rules stay defined once, in `src/domain/csi/`.
 */
export { CSI_CAPABILITY_REQUIREMENTS } from '../domain/csi/capability';
export { CSI_CRITERIA, CSI_SOURCES, CSI_TEXT_LIMITS } from '../domain/csi/record-types';
export type {
  CsiCriterion,
  CsiDecisionOutcome,
  CsiKpiValue,
  CsiRecord,
  CsiSource,
  CsiWeights,
} from '../domain/csi/record-types';
export { CSI_CSV_COLUMNS, buildCsiRegisterCsv } from '../domain/csi/register-csv';
export type { CsiCsvColumn, CsiCsvTexts } from '../domain/csi/register-csv';
export { csiScore } from '../domain/csi/scoring';
export { checkCsiTransition } from '../domain/csi/transition-rules';
export type { CsiMissingItem } from '../domain/csi/transition-rules';
export { CSI_ISSUE_TYPE_NAMES, CSI_STATUS_KEYS, CSI_STATUSES, CSI_TRANSITIONS } from '../domain/csi/workflow';
export type { CsiStatusKey, CsiTransitionDefinition, CsiTransitionRule } from '../domain/csi/workflow';
