/**
 * A modules directory in which every Custom UI module of `manifest.yml` has an (empty) built page: enough for
 * `startPreview` to start without `npm run build:preview`, for tests of the preview's backend and data.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../dev/preview/build-modules';
import { readManifestModules } from '../../../dev/preview/manifest-modules';

function messages(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'locales', `${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

/** Creates the directory; answers it relative to the repository root (as `startPreview` takes it) and its removal. */
export function createStubModulesDir(): { readonly modulesDir: string; remove(): void } {
  const absolute = mkdtempSync(path.join(tmpdir(), 'preview-stub-modules-'));
  const manifest = readFileSync(path.join(repoRoot, 'manifest.yml'), 'utf8');
  for (const module of readManifestModules(manifest, { de: messages('de-DE'), en: messages('en-US') })) {
    mkdirSync(path.join(absolute, module.resourceDir), { recursive: true });
    writeFileSync(path.join(absolute, module.resourceDir, 'index.html'), '<!doctype html>');
  }
  return {
    modulesDir: path.relative(repoRoot, absolute),
    remove: () => {
      rmSync(absolute, { recursive: true, force: true });
    },
  };
}
