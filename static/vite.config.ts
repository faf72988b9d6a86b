/**
 * One Vite app for every Custom UI module. Each module is an HTML entry (`static/<module>/index.html`) built into
 * its own self-contained directory `static/build/<module>/` (the `resources[].path` in manifest.yml): Forge serves
 * every resource directory on its own, so a shared `build/assets/` folder would not be reachable from a module.
 * Each module is therefore a separate Vite environment of one app build (`builder`), writing its JS and CSS to
 * `<module>/assets/` with relative URLs (`base: './'`); nothing is shared between module directories.
 *
 * JSX: React 19's automatic runtime, compiled by Vite's built-in Oxc transform (no @vitejs/plugin-react).
 *
 * Environment variables (for the local preview and the browser tests, which build with a `@forge/bridge` shim):
 * - `UI_BUILD_OUT_DIR`: output directory instead of `static/build` (emptied before the build).
 * - `UI_BRIDGE_MODULE`: file that replaces `@forge/bridge` (e.g. `dev/bridge-shim/index.ts`).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type EnvironmentOptions, type UserConfig } from 'vite';

/**
 * The Custom UI modules: directory name under `static/` (with an `index.html`). The CSI register and the CSI setup
 * are subpages of `project-page` and `status-mapping` (Jira allows one project page and one project settings page
 * per app), built into those modules as chunks of their own.
 */
const uiModules = [
  'issue-panel',
  'project-page',
  'flow-gadget',
  'status-mapping',
  'csi-record',
  'okr-gadget',
  'okr-page',
  // The configuration form of the Automation actions (`action` modules' `config.resource`).
  'automation-action',
] as const;

// This file is an ES module (static/package.json: "type": "module", as Vite's native config loader expects), but the
// root tsconfig type-checks every file as CommonJS, where `import.meta` is not allowed.
// @ts-expect-error TS1343: import.meta in a file tsc treats as CommonJS; it runs as ESM.
const staticDir: string = import.meta.dirname;
const repoRoot = path.resolve(staticDir, '..');

/** Vite environment names must be identifiers: `issue-panel` → `issue_panel`. */
function environmentName(moduleName: string): string {
  return moduleName.replace(/[^A-Za-z0-9_$]/g, '_');
}

function moduleEnvironment(moduleName: string, outDir: string): EnvironmentOptions {
  // The HTML keeps its path relative to the root (`<outDir>/<module>/index.html`); its JS and CSS go next to it.
  const assets = `${moduleName}/assets`;
  return {
    consumer: 'client',
    build: {
      outDir,
      emptyOutDir: false, // several environments write into one outDir; buildApp empties it once
      rolldownOptions: {
        input: { [moduleName]: path.join(staticDir, moduleName, 'index.html') },
        output: {
          entryFileNames: `${assets}/[name]-[hash].js`,
          chunkFileNames: `${assets}/[name]-[hash].js`,
          assetFileNames: `${assets}/[name]-[hash][extname]`,
        },
      },
    },
  };
}

function createUiBuildConfig(outDir: string, bridgeModule: string | undefined): UserConfig {
  const environments: Record<string, EnvironmentOptions> = {};
  for (const moduleName of uiModules)
    environments[environmentName(moduleName)] = moduleEnvironment(moduleName, outDir);
  return {
    root: staticDir,
    base: './',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    resolve:
      bridgeModule === undefined ? {} : { alias: { '@forge/bridge': path.resolve(repoRoot, bridgeModule) } },
    // Locale files live at the repository root (shared with the manifest and the backend).
    server: { fs: { allow: [repoRoot] } },
    build: { target: 'es2022', sourcemap: false },
    experimental: {
      // Vite writes HTML asset URLs relative to the root (`../issue-panel/assets/…` from `issue-panel/index.html`);
      // inside Forge that `../` would leave the resource directory. Every file of a module lives under
      // `<module>/`, so from the module's `index.html` it is `./<rest of the path>`.
      renderBuiltUrl: (filename, { hostType }) =>
        hostType === 'html' ? filename.replace(/^[^/]+\//, './') : { relative: true },
    },
    environments,
    builder: {
      buildApp: async (builder) => {
        // The output directory is emptied first: make sure a mistyped UI_BUILD_OUT_DIR cannot empty the sources.
        if (outDir === repoRoot || outDir === staticDir || !outDir.startsWith(repoRoot + path.sep)) {
          throw new Error(
            `UI build output directory ${outDir} must be a subdirectory of ${repoRoot} (not static/ itself)`,
          );
        }
        await rm(outDir, { recursive: true, force: true });
        // One module after the other: the builds are independent and the machines are small.
        for (const moduleName of uiModules) {
          const environment = builder.environments[environmentName(moduleName)];
          if (environment !== undefined) await builder.build(environment);
        }
      },
    },
  };
}

export default defineConfig(() => {
  const outDir = process.env['UI_BUILD_OUT_DIR'];
  const bridgeModule = process.env['UI_BRIDGE_MODULE'];
  return createUiBuildConfig(
    outDir === undefined || outDir === '' ? path.join(staticDir, 'build') : path.resolve(repoRoot, outDir),
    bridgeModule === undefined || bridgeModule === '' ? undefined : bridgeModule,
  );
});
