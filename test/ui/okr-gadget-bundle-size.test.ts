/**
 * The UI size budget (`npm run size:ui`, scripts/ui-bundle-size.ts): it adds up the gzipped size of exactly the
 * scripts a built page loads at start (script tags and modulepreload links, not the chunks loaded later), and fails
 * a module over its budget or not built.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkUiBudgets, measureModule } from '../../scripts/ui-bundle-size';

let buildDir = '';

/** Text that gzip cannot shrink much: random bytes in base64 (about 3/4 of its length remains). */
function incompressible(chars: number): string {
  return randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);
}

beforeAll(() => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-size-'));
  const assets = path.join(buildDir, 'okr-gadget', 'assets');
  fs.mkdirSync(assets, { recursive: true });
  fs.writeFileSync(path.join(assets, 'entry.js'), `export const a = "${incompressible(30_000)}";`);
  fs.writeFileSync(path.join(assets, 'vendor.js'), `export const b = "${incompressible(20_000)}";`);
  fs.writeFileSync(path.join(assets, 'de-DE.js'), `export const c = "${incompressible(40_000)}";`);
  fs.writeFileSync(
    path.join(buildDir, 'okr-gadget', 'index.html'),
    '<html><head><script type="module" crossorigin src="./assets/entry.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/vendor.js">' +
      '<link rel="stylesheet" href="./assets/style.css"></head><body></body></html>',
  );
});

afterAll(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
});

const gz = (file: string): number =>
  gzipSync(fs.readFileSync(path.join(buildDir, 'okr-gadget', 'assets', file)), { level: 9 }).length;

it('adds up the entry script and its modulepreload links, not the chunks loaded later', () => {
  const size = measureModule(buildDir, 'okr-gadget', 100 * 1024);
  expect(size.files.map((file) => file.file)).toEqual(['./assets/entry.js', './assets/vendor.js']);
  expect(size.gzipBytes).toBe(gz('entry.js') + gz('vendor.js'));
  expect(size.gzipBytes).toBeGreaterThan(30_000); // the fixture really is that big gzipped
  expect(size.withinBudget).toBe(true);
});

it('fails a module over its budget and says so', () => {
  const lines: string[] = [];
  const budget = gz('entry.js') + gz('vendor.js') - 1;
  expect(checkUiBudgets(buildDir, { 'okr-gadget': budget }, (line) => lines.push(line))).toBe(1);
  expect(lines[0]).toMatch(/^okr-gadget: initial JS .* OVER BUDGET$/);
  expect(checkUiBudgets(buildDir, { 'okr-gadget': budget + 1 }, () => undefined)).toBe(0);
});

it('fails a module that is not built, naming what to do', () => {
  const lines: string[] = [];
  expect(checkUiBudgets(buildDir, { 'okr-page': 1 }, (line) => lines.push(line))).toBe(1);
  expect(lines[0]).toMatch(/okr-page.*index\.html not found: build the UI first \(npm run build:ui\)/);
});
