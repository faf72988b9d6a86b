/**
 * The layer rules of `eslint.config.mjs` refuse layer-breaking imports: each case lints a small text as if it were
 * a file of the layer (ESLint's `lintText` with that `filePath`, the repository's real config) and expects
 * `no-restricted-imports` to refuse the import, while the allowed directions stay quiet.
 *
 * ESLint runs in a child process: it loads its ESM config with a dynamic `import()`, which Jest's CommonJS
 * sandbox does not provide. The file paths name existing files so the type-aware parser finds them in the project.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..', '..');

interface LintCase {
  readonly name: string;
  readonly filePath: string;
  readonly code: string;
  /** Whether the layer rule must refuse the import. */
  readonly refused: boolean;
}

const DOMAIN_FILE = 'src/domain/csi/views.ts';
const APPLICATION_FILE = 'src/application/ports/queue-port.ts';
const CONTRACT_FILE = 'src/contract/csi-rules.ts';
const UI_FILE = 'static/src/csi-setup/setup-model.ts';

const CASES: readonly LintCase[] = [
  {
    name: 'domain → contract',
    filePath: DOMAIN_FILE,
    code: "import type { CsiSetupView } from '../../contract/csi';\nexport type View = CsiSetupView;\n",
    refused: true,
  },
  {
    name: 'domain → adapters',
    filePath: DOMAIN_FILE,
    code: "export { createJiraClient } from '../../adapters/jira/jira-client';\n",
    refused: true,
  },
  {
    name: 'domain → application',
    filePath: DOMAIN_FILE,
    code: "import '../../application/csi-setup';\n",
    refused: true,
  },
  {
    name: 'domain → entry',
    filePath: DOMAIN_FILE,
    code: "import '../../entry/resolvers/index';\n",
    refused: true,
  },
  {
    name: 'domain → cli',
    filePath: DOMAIN_FILE,
    code: "import '../../cli/main';\n",
    refused: true,
  },
  {
    name: 'domain → @forge/api',
    filePath: DOMAIN_FILE,
    code: "import api from '@forge/api';\nexport const forgeApi = api;\n",
    refused: true,
  },
  {
    name: 'application → adapters',
    filePath: APPLICATION_FILE,
    code: "export { createJiraClient } from '../../adapters/jira/jira-client';\n",
    refused: true,
  },
  {
    name: 'application → entry',
    filePath: APPLICATION_FILE,
    code: "import '../../entry/resolvers/index';\n",
    refused: true,
  },
  {
    name: 'application → @forge/kvs',
    filePath: APPLICATION_FILE,
    code: "import { kvs } from '@forge/kvs';\nexport const store = kvs;\n",
    refused: true,
  },
  {
    name: 'contract → application',
    filePath: CONTRACT_FILE,
    code: "import '../application/csi-setup';\n",
    refused: true,
  },
  {
    name: 'UI → domain',
    filePath: UI_FILE,
    code: "import { CSI_ISSUE_TYPE_NAMES } from '../../../src/domain/csi/workflow';\nexport const names = CSI_ISSUE_TYPE_NAMES;\n",
    refused: true,
  },
  {
    name: 'UI → application',
    filePath: UI_FILE,
    code: "import '../../../src/application/csi-setup';\n",
    refused: true,
  },
  {
    name: 'UI → @forge/api',
    filePath: UI_FILE,
    code: "import api from '@forge/api';\nexport const forgeApi = api;\n",
    refused: true,
  },
  // The directions the layers allow.
  {
    name: 'domain → domain',
    filePath: DOMAIN_FILE,
    code: "import { CSI_STATUSES } from './workflow';\nimport { localDate } from '../flow/calendar';\nexport const both = [CSI_STATUSES, localDate];\n",
    refused: false,
  },
  {
    name: 'application → domain, contract, ports',
    filePath: APPLICATION_FILE,
    code:
      "import { CSI_STATUSES } from '../../domain/csi/workflow';\nimport type { CsiSetupView } from '../../contract/csi';\n" +
      'export type View = CsiSetupView;\nexport const statuses = CSI_STATUSES;\n',
    refused: false,
  },
  {
    name: 'contract → domain',
    filePath: CONTRACT_FILE,
    code: "export { CSI_STATUSES } from '../domain/csi/workflow';\n",
    refused: false,
  },
  {
    name: 'UI → contract, @forge/bridge',
    filePath: UI_FILE,
    code:
      "import { invoke } from '@forge/bridge';\nimport { CSI_ISSUE_TYPE_NAMES } from '../../../src/contract/csi-rules';\n" +
      'export const both = [invoke, CSI_ISSUE_TYPE_NAMES];\n',
    refused: false,
  },
];

/** Lints every case in one ESLint instance (one type-aware program) and returns the layer rule's messages. */
function layerMessages(cases: readonly LintCase[]): string[][] {
  const script = `
    const path = require('node:path');
    const { ESLint } = require('eslint');
    (async () => {
      const root = process.env.REPO_ROOT;
      const cases = JSON.parse(process.env.LINT_CASES);
      const eslint = new ESLint({ cwd: root });
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: path.join(root, c.filePath) });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, REPO_ROOT, LINT_CASES: JSON.stringify(cases) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`ESLint failed (${String(run.status)}): ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

describe('layer lint rules', () => {
  let results: string[][] = [];

  beforeAll(() => {
    results = layerMessages(CASES);
  }, 180_000);

  it.each(CASES.map((c, index) => [c.name, c, index] as const))('%s', (_name, lintCase, index) => {
    const messages = results[index] ?? [];
    if (lintCase.refused) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /must not import|reaches the backend only through src\/contract|only @forge\/bridge/,
      );
    } else {
      expect(messages).toEqual([]);
    }
  });
});
