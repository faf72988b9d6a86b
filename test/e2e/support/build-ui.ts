/** Builds the Custom UI for the browser tests: the preview's build, `@forge/bridge` replaced by the shim. */
import { buildPreviewModules } from '../../../dev/preview/build-modules';

export { repoRoot } from '../../../dev/preview/build-modules';

/** Runs `vite build` into `outDir` (relative to the repository root) and returns its absolute path. */
export function buildUiWithShim(outDir: string): string {
  return buildPreviewModules(outDir);
}
