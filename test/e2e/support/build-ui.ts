/** Builds the Custom UI for the browser tests: `@forge/bridge` replaced by `dev/bridge-shim/index.ts`. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

/** Runs `vite build` into `outDir` (relative to the repository root) and returns its absolute path. */
export function buildUiWithShim(outDir: string): string {
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
    },
  );
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  }
  return path.join(repoRoot, outDir);
}
