/**
 * The OKR rules the UI applies exactly as the backend does: how a grade reads (its band).
 * Pure domain code; the UI reaches the backend only through `src/contract/` (a lint rule refuses `static/src` →
 * `src/domain`), so this module is the door through which the OKR page shares them. Re-exports only: the rules
 * stay defined once, in `src/domain/okr/`. (Not the valibot rules: they would carry valibot into the page's JS;
 * the resolvers validate and the page shows their `invalid-okr` details at the fields.)
 */
export { gradeBand } from '../domain/okr/progress';
