/**
 * Size budget of the Custom UI modules that must stay small: `npm run size:ui`, after `npm run build:ui`. Reads each
 * budgeted module's built `index.html`, adds up the gzipped size (gzip -9, as `npm run bench:ui` counts) of the
 * JavaScript the page loads before it can run — its `<script src>` and `<link rel="modulepreload">` files —, prints
 * the figures and exits non-zero when a module is over its budget or not built. Chunks loaded later (the locale
 * fallbacks, Forge's iframe resizer) are not initial and not counted.
 *
 * Budgets: the OKR gadget ≤ 100 KB (issue 10: it sits on dashboards next to other gadgets). The build directory is
 * `static/build`, or `UI_BUILD_OUT_DIR` as for the build itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { initialScripts } from '../bench/ui-size-bench';

/** Initial JS budget per module directory, bytes gzipped. */
export const UI_BUDGETS_BYTES: Readonly<Record<string, number>> = {
  'okr-gadget': 100 * 1024,
};

export interface ModuleSize {
  readonly moduleName: string;
  /** Initial scripts, relative to the module directory, with their gzipped bytes. */
  readonly files: readonly { readonly file: string; readonly gzipBytes: number }[];
  readonly gzipBytes: number;
  readonly budgetBytes: number;
  readonly withinBudget: boolean;
}

/**
 * The initial JS of the module built into `<buildDir>/<moduleName>/` against `budgetBytes`.
 * @throws Error when the module is not built (no `index.html`) or a script it loads is missing.
 */
export function measureModule(buildDir: string, moduleName: string, budgetBytes: number): ModuleSize {
  const moduleDir = path.join(buildDir, moduleName);
  const htmlFile = path.join(moduleDir, 'index.html');
  if (!fs.existsSync(htmlFile))
    throw new Error(`${htmlFile} not found: build the UI first (npm run build:ui)`);
  const files = initialScripts(fs.readFileSync(htmlFile, 'utf8')).map((src) => {
    const file = path.join(moduleDir, src);
    if (!fs.existsSync(file))
      throw new Error(`${moduleName}/index.html loads ${src}, which is not in the build`);
    return { file: src, gzipBytes: gzipSync(fs.readFileSync(file), { level: 9 }).length };
  });
  if (files.length === 0) throw new Error(`${moduleName}/index.html loads no script: is it a built page?`);
  const gzipBytes = files.reduce((sum, entry) => sum + entry.gzipBytes, 0);
  return { moduleName, files, gzipBytes, budgetBytes, withinBudget: gzipBytes <= budgetBytes };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Measures every budgeted module, prints one line each; answers the process exit code. */
export function checkUiBudgets(
  buildDir: string,
  budgets: Readonly<Record<string, number>> = UI_BUDGETS_BYTES,
  log: (line: string) => void = console.log,
): number {
  let exitCode = 0;
  for (const [moduleName, budgetBytes] of Object.entries(budgets)) {
    try {
      const size = measureModule(buildDir, moduleName, budgetBytes);
      log(
        `${moduleName}: initial JS ${kb(size.gzipBytes)} gzipped (${size.files.map((f) => `${f.file} ${kb(f.gzipBytes)}`).join(', ')}), budget ${kb(budgetBytes)}: ${size.withinBudget ? 'OK' : 'OVER BUDGET'}`,
      );
      if (!size.withinBudget) exitCode = 1;
    } catch (error) {
      log(`${moduleName}: ${error instanceof Error ? error.message : String(error)}`);
      exitCode = 1;
    }
  }
  return exitCode;
}

if (require.main === module) {
  const repoRoot = path.join(__dirname, '..');
  const outDir = process.env['UI_BUILD_OUT_DIR'];
  const buildDir =
    outDir === undefined || outDir === ''
      ? path.join(repoRoot, 'static', 'build')
      : path.resolve(repoRoot, outDir);
  process.exitCode = checkUiBudgets(buildDir);
}
