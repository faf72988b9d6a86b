/**
 * Initial JavaScript per Custom UI module, gzipped: `npm run bench:ui`. Builds the UI as `forge deploy` ships it
 * (`npm run build:ui`, the real `@forge/bridge`), then for each `static/build/<module>/index.html` adds up the
 * scripts the page loads before it can run: the entry script and its `modulepreload` links. Chunks loaded later
 * (locale fallbacks, iframe-resizer) are listed apart. Target: ≤ 150 KB gzipped per module.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = path.join(__dirname, '..');
const BUILD_DIR = path.join(REPO_ROOT, 'static', 'build');
const TARGET_BYTES = 150 * 1024;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function gzippedBytes(file: string): number {
  return gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** Scripts an `index.html` loads at start: `<script src>` and `<link rel="modulepreload" href>`, relative paths. */
export function initialScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? '');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set([...scripts, ...preloads])].filter((src) => src !== '' && !/^https?:/.test(src));
}

function main(): void {
  const build = spawnSync('npm', ['run', '--silent', 'build:ui'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`npm run build:ui failed (exit ${String(build.status)})`);
  const modules = fs
    .readdirSync(BUILD_DIR)
    .filter((name) => fs.existsSync(path.join(BUILD_DIR, name, 'index.html')));
  console.log('Initial JavaScript per Custom UI module (gzip -9), target ≤ 150 KB');
  console.log(
    `${'module'.padEnd(18)}${'initial JS'.padStart(12)}${'raw'.padStart(12)}${'later chunks'.padStart(15)}  verdict`,
  );
  for (const name of modules.sort()) {
    const dir = path.join(BUILD_DIR, name);
    const initial = initialScripts(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).map((src) =>
      path.join(dir, src),
    );
    const initialSet = new Set(initial);
    const gz = initial.reduce((sum, file) => sum + gzippedBytes(file), 0);
    const raw = initial.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    const assets = path.join(dir, 'assets');
    const later = fs
      .readdirSync(assets)
      .map((file) => path.join(assets, file))
      .filter((file) => file.endsWith('.js') && !initialSet.has(file))
      .reduce((sum, file) => sum + gzippedBytes(file), 0);
    console.log(
      `${name.padEnd(18)}${kb(gz).padStart(12)}${kb(raw).padStart(12)}${kb(later).padStart(15)}  ${gz <= TARGET_BYTES ? 'PASS' : 'MISS'}`,
    );
  }
}

if (require.main === module) main();
