/**
 * Initial JavaScript per Custom UI module, gzipped: `npm run bench:ui`. Builds the UI as `forge deploy` ships it
 * (`npm run build:ui`, the real `@forge/bridge`), then for each `static/build/<module>/index.html` adds up the
 * scripts the page loads before it can run: the entry script and its `modulepreload` links. Chunks loaded later
 * (locale fallbacks, iframe-resizer) are listed apart. Target: ≤ 150 KB gzipped per module.
 *
 * A module whose entry only dispatches on its subpage route (`project-page`: Flow or CSI register;
 * `status-mapping`: status mapping or CSI setup) loads one page chunk right after the entry; such a module gets a
 * row per page: entry + that page's chunk and the chunks Vite preloads with it (`__vite__mapDeps`).
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

/**
 * The pages an entry script imports by route: for each `import(\`./chunk.js\`)` with its `__vite__mapDeps([…])`,
 * the route compared just before it (`` `csi-register`?await … ``) or `default`, and the JS files it preloads
 * (the chunk included). The iframe-resizer import is not a page.
 */
export function pageImports(entryCode: string): { route: string; files: string[] }[] {
  const depsList = /__vite__mapDeps=\([^)]*m\.f=\[([^\]]*)\]/.exec(entryCode)?.[1] ?? '';
  const deps = [...depsList.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  const pages: { route: string; files: string[] }[] = [];
  for (const match of entryCode.matchAll(/import\(`\.\/([^`]+)`\),__vite__mapDeps\(\[([\d,]+)\]\)/g)) {
    const chunk = match[1] ?? '';
    if (chunk.startsWith('iframe-resizer')) continue;
    const before = entryCode.slice(Math.max(0, match.index - 80), match.index);
    const route = /`([a-z0-9-]+)`\?await\s+\w+\(\(\)=>$/.exec(before)?.[1] ?? 'default';
    const files = (match[2] ?? '')
      .split(',')
      .map((index) => deps[Number(index)] ?? '')
      .filter((file) => file.endsWith('.js'))
      .map((file) => file.replace(/^\.\//, ''));
    pages.push({ route, files: [...new Set([chunk, ...files])] });
  }
  return pages;
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
    `${'module (page)'.padEnd(30)}${'initial JS'.padStart(12)}${'raw'.padStart(12)}${'later chunks'.padStart(15)}  verdict`,
  );
  for (const name of modules.sort()) {
    const dir = path.join(BUILD_DIR, name);
    const initial = initialScripts(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).map((src) =>
      path.join(dir, src),
    );
    const assets = path.join(dir, 'assets');
    const entry = initial[0] ?? '';
    const pages = entry === '' ? [] : pageImports(fs.readFileSync(entry, 'utf8'));
    const rows =
      pages.length === 0
        ? [{ label: name, files: initial }]
        : pages.map((page) => ({
            label: `${name} (${page.route})`,
            files: [...new Set([...initial, ...page.files.map((file) => path.join(assets, file))])],
          }));
    for (const row of rows) {
      const rowSet = new Set(row.files);
      const gz = row.files.reduce((sum, file) => sum + gzippedBytes(file), 0);
      const raw = row.files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
      const later = fs
        .readdirSync(assets)
        .map((file) => path.join(assets, file))
        .filter((file) => file.endsWith('.js') && !rowSet.has(file))
        .reduce((sum, file) => sum + gzippedBytes(file), 0);
      console.log(
        `${row.label.padEnd(30)}${kb(gz).padStart(12)}${kb(raw).padStart(12)}${kb(later).padStart(15)}  ${gz <= TARGET_BYTES ? 'PASS' : 'MISS'}`,
      );
    }
  }
}

if (require.main === module) main();
