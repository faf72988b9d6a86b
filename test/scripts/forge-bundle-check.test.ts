/**
 * `npm run build:backend` (scripts/forge-bundle-check.ts) on a tiny app: it bundles the manifest's handlers with
 * Forge's bundler and prints the size, and it fails — as `forge deploy` would — on an import that does not
 * resolve. Two bundler runs of about 5 s each; the real app's bundle is checked by `.ci/run`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'forge-bundle-check.ts');
let app = '';

const MANIFEST = `app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  runtime:
    name: nodejs22.x
modules:
  function:
    - key: main
      handler: index.run
`;

beforeAll(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bundle-check-'));
  fs.mkdirSync(path.join(app, 'src'));
  fs.writeFileSync(path.join(app, 'manifest.yml'), MANIFEST);
  fs.writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'CommonJS', strict: true },
      include: ['src'],
    }),
  );
  fs.writeFileSync(
    path.join(app, 'src', 'greeting.ts'),
    'export const greeting = (name: string): string => `Hallo ${name}`;\n',
  );
  // The app's packages resolve from this repository's node_modules.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
});

afterAll(() => {
  fs.rmSync(app, { recursive: true, force: true });
});

function check(indexSource: string): { status: number | null; output: string } {
  fs.writeFileSync(path.join(app, 'src', 'index.ts'), indexSource);
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--app', app], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

test('bundles the handlers of the manifest and prints the bundle size', () => {
  const result = check(
    "import { greeting } from './greeting';\nexport const run = (): string => greeting('Forge');\n",
  );
  expect(result.output).toMatch(/bundle: index\.cjs [\d.,]+ KiB/);
  expect(result.output).toMatch(/forge bundle check passed/);
  expect(result.status).toBe(0);
}, 120_000);

test('fails on an import that does not resolve, naming it', () => {
  const result = check(
    "import { greeting } from './no-such-module';\nexport const run = (): string => greeting('x');\n",
  );
  expect(result.status).toBe(1);
  expect(result.output).toMatch(/FAILED/);
  expect(result.output).toMatch(/no-such-module/);
}, 120_000);
