/**
 * Builds the Custom UI modules for the preview: the production UI code with `@forge/bridge` replaced by the shim
 * (`dev/bridge-shim/index.ts`), into `static/build-preview/<module>/` (not `static/build/`, which is what
 * `forge deploy` uploads and must keep the real bridge).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** Where `npm start` builds the modules (relative to the repository root); git ignores it. */
export const DEFAULT_MODULES_DIR = 'static/build-preview';

/** Runs `vite build` with the bridge shim into `outDir` (relative to the repository root); returns its absolute path. */
export function buildPreviewModules(outDir: string = DEFAULT_MODULES_DIR): string {
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'static/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, UI_BUILD_OUT_DIR: outDir, UI_BRIDGE_MODULE: 'dev/bridge-shim/index.ts' },
      encoding: 'utf8',
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0)
    throw new Error(`vite build of the preview modules failed (exit ${String(result.status)})`);
  return path.join(repoRoot, outDir);
}

if (require.main === module) {
  const started = Date.now();
  const dir = buildPreviewModules();
  console.log(
    `Preview modules built into ${path.relative(repoRoot, dir)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
