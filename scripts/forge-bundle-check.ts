/**
 * `npm run build:backend`: bundles the backend with Forge's own bundler (`@forge/bundler`, what `forge deploy`
 * runs) without the Forge CLI, its login or the network, and fails where `forge deploy` would fail to bundle.
 *
 * What `forge deploy` does, and this script with the same package functions:
 * - reads `manifest.yml` from the app directory (`ConfigFile.getAppHandlers`): the handlers of the `function`
 *   modules, `<file>.<export>`;
 * - turns them into webpack entries `src/<file>` (`getEntryPoints`);
 * - bundles them with the Node runtime bundler (`getNodeBundler`): webpack, production mode, `ts-loader` over
 *   the app's root `tsconfig.json` (type errors in bundled files fail), babel for JavaScript.
 * The only difference: Forge's runtime loader and wrapper (Atlassian's code, not the app's) come from a CDN
 * during a deploy; here they are placeholders, so no network is needed.
 *
 * On top, for what would only fail after a deploy: every webpack warning fails the check (a module webpack
 * cannot resolve statically is a warning and a crash at run time), and the bundle is loaded in a child process to
 * check that it exports every handler the manifest names.
 *
 * Prints the bundle size. Exit code 1 on any error or warning, 0 when the backend bundles cleanly.
 * `--app DIR` checks another app directory (the test of this script uses a tiny fixture).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { getEntryPoints, getNodeBundler } from '@forge/bundler';
import type { BundlerOutput } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter } from '@forge/cli-shared';

/** Placeholders for Forge's runtime loader and wrapper, which `forge deploy` downloads (see above). */
const OFFLINE_RUNTIME_SCRIPT = {
  script: '// Forge runtime component: downloaded by forge deploy, not part of the app bundle.\n',
  source: 'offline-bundle-check',
  version: 'offline-bundle-check',
};
const offlineWrapperProvider = {
  getNodeRuntimeWrapper: () => Promise.resolve(OFFLINE_RUNTIME_SCRIPT),
  getNodeRuntimeLoader: () => Promise.resolve(OFFLINE_RUNTIME_SCRIPT),
};

/** Collects what the bundler reports; warnings count as failures (see the module comment). */
class CheckLogger {
  readonly traceEnabled = false;
  readonly debugEnabled = false;
  readonly warnings: string[] = [];
  trace(): void {}
  debug(): void {}
  info(message: string): void {
    console.log(message);
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(error: Error): void {
    this.warnings.push(error.message);
  }
}

function parseAppDir(argv: readonly string[]): string {
  const at = argv.indexOf('--app');
  if (at < 0) return path.resolve(__dirname, '..');
  const dir = argv[at + 1];
  if (dir === undefined) throw new Error('--app needs a directory');
  return path.resolve(dir);
}

/** Sizes of the bundle's files (bytes), largest first. */
function bundleFiles(outputDir: string): { file: string; bytes: number }[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((entry) =>
        entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
      );
  return walk(outputDir)
    .map((file) => ({ file: path.relative(outputDir, file), bytes: fs.statSync(file).size }))
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * Loads each bundled entry in a fresh Node process and returns the handlers it does not export as functions.
 * A child process, so that the bundle's top-level code cannot touch this one.
 */
function missingHandlers(
  outputDir: string,
  handlers: readonly { module: string; func: string }[],
): { missing: string[]; loadError: string | null } {
  const byModule = new Map<string, string[]>();
  for (const { module, func } of handlers) byModule.set(module, [...(byModule.get(module) ?? []), func]);
  const missing: string[] = [];
  for (const [module, funcs] of byModule) {
    const file = path.join(outputDir, `${module}.cjs`);
    const probe =
      'const m = require(process.argv[1]);' +
      'process.stdout.write(JSON.stringify(process.argv.slice(2).filter((f) => typeof m[f] !== "function")));';
    const child = spawnSync(process.execPath, ['-e', probe, file, ...funcs], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (child.status !== 0) {
      return { missing, loadError: `${module}.cjs: ${child.stderr.trim() || String(child.error)}` };
    }
    for (const func of JSON.parse(child.stdout) as string[]) missing.push(`${module}.${func}`);
  }
  return { missing, loadError: null };
}

const kib = (bytes: number): string =>
  `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;

async function main(): Promise<number> {
  const appDir = parseAppDir(process.argv.slice(2));
  // Like the Forge CLI, read manifest.yml (and the bundler tsconfig.json) from the app directory.
  process.chdir(appDir);
  const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const config = await configFile.readConfig();
  const runtime = config.app.runtime.name;
  if (!runtime.startsWith('nodejs')) {
    console.error(`forge bundle check: manifest.yml app.runtime.name is "${runtime}"; expected nodejs…`);
    return 1;
  }
  const handlers = await configFile.getAppHandlers();
  const entryPoints = getEntryPoints(handlers);
  console.log(
    `forge bundle check (offline, @forge/bundler, runtime ${runtime}): ` +
      `${handlers.map((h) => `${h.module}.${h.func}`).join(', ')} from ` +
      entryPoints.map((e) => path.relative(appDir, e.path)).join(', '),
  );
  const logger = new CheckLogger();
  const t0 = performance.now();
  let output: BundlerOutput;
  try {
    output = await getNodeBundler(logger, offlineWrapperProvider, configFile).bundle({
      appDirectory: appDir,
      entryPoints,
    });
  } catch (error) {
    console.error(`forge bundle check FAILED: the bundler stopped, as forge deploy would:`);
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  try {
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const files = bundleFiles(output.outputDir);
    const code = files.filter((f) => /\.c?js$/.test(f.file));
    const codeBytes = code.reduce((sum, f) => sum + f.bytes, 0);
    const allBytes = files.reduce((sum, f) => sum + f.bytes, 0);
    console.log(
      `  bundle: ${code.map((f) => `${f.file} ${kib(f.bytes)}`).join(', ')}; code ${kib(codeBytes)}, ` +
        `with source maps ${kib(allBytes)}; ${output.metadata?.tsFiles ?? 0} TypeScript files of the app; ` +
        `${seconds} s`,
    );
    console.log(`  packages in the bundle: ${(output.metadata?.modules ?? []).join(', ') || 'none'}`);
    if (logger.warnings.length > 0) {
      console.error(`forge bundle check FAILED: ${logger.warnings.length} bundler warning(s):`);
      for (const warning of logger.warnings) console.error(`  ${warning}`);
      return 1;
    }
    const { missing, loadError } = missingHandlers(output.outputDir, handlers);
    if (loadError !== null) {
      console.error(`forge bundle check FAILED: the bundle does not load in Node: ${loadError}`);
      return 1;
    }
    if (missing.length > 0) {
      console.error(
        `forge bundle check FAILED: manifest.yml names handlers the bundle does not export: ${missing.join(', ')}`,
      );
      return 1;
    }
    console.log(`forge bundle check passed: every handler of manifest.yml is exported by the bundle.`);
    return 0;
  } finally {
    fs.rmSync(output.outputDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`forge bundle check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
