/**
 * CSI figures: `npm run bench:csi`. Against the local Jira emulator with the sample data (real Jira client over
 * HTTP, real setup resolvers), prints for the CSI setup of the e-mail project (shared workflow scheme: copy and
 * switch) the resolver calls, Jira requests by route and the time, then the same for a second run (nothing to
 * do), and the CSI register of the sample CSI project: requests and time. Prints figures; asserts nothing.
 * Task polling waits are skipped (`sleep` resolves at once): the time is the app's and the emulator's work.
 */
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../dev/emulator';
import { adoptSampleCsiRecords } from '../dev/sample-data/csi-record-store';
import { generateSampleSeed } from '../dev/sample-data/generate';
import { createHttpTransport } from '../src/adapters/jira/http-transport';
import { createJiraClient } from '../src/adapters/jira/jira-client';
import { MemoryStore } from '../src/adapters/store/memory-store';
import { getCsiRegister } from '../src/application/csi-register';
import { createCsiSetupHandlers } from '../src/entry/resolvers/csi-setup-handlers';

const NOW_MS = Date.parse('2026-03-10T11:00:00Z');
/** The app's validator as a site with the deployed app lists it (`/rest/api/3/workflows/capabilities`). */
const VALIDATOR_RULE = {
  id: 'ari:cloud:ecosystem::extension/00000000-0000-0000-0000-000000000000/bench/static/csi-transition-validator',
  name: 'CSI rules',
  ruleKey: 'forge:expression-validator',
  ruleType: 'Validator',
} as const;

function byRoute(log: readonly { routeKey: string }[]): string {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(entry.routeKey, (counts.get(entry.routeKey) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `    ${String(n).padStart(3)}  ${route}`)
    .join('\n');
}

async function main(): Promise<void> {
  // The sample records in the app's store with their properties as mirrors, as saved through the panel.
  const store = new MemoryStore();
  const seed = await adoptSampleCsiRecords(generateSampleSeed({ now: NOW_MS }), store);
  const admin = seed.users.find((user) => user.jiraAdmin);
  if (admin === undefined) throw new Error('the sample data has no Jira administrator');
  const emulator = await startEmulator({ seed, now: () => NOW_MS, forgeRules: [VALIDATOR_RULE] });
  try {
    const jira = createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: admin.emailAddress, apiToken: admin.apiToken }),
    );
    const handlers = createCsiSetupHandlers({
      jira: () => jira,
      store,
      clock: () => Date.now(),
      sleep: () => Promise.resolve(),
      logError: (message, error) => {
        console.error(message, error);
      },
    });
    const context = { accountId: admin.accountId, locale: admin.locale };

    for (const label of ['first run (sets CSI up)', 'second run (nothing to do)']) {
      emulator.requests.reset();
      const started = performance.now();
      const plan = await handlers.getCsiSetup({ projectKey: 'MAIL' }, context);
      if (!plan.ok) throw new Error(`getCsiSetup: ${plan.error.detail}`);
      let fingerprint = plan.value.planFingerprint;
      let calls = 1;
      let status = plan.value.status;
      while (status !== 'complete' && calls < 100) {
        const answer = await handlers.runCsiSetup(
          { projectKey: 'MAIL', planFingerprint: fingerprint },
          context,
        );
        calls++;
        if (!answer.ok) throw new Error(`runCsiSetup: ${answer.error.code} ${answer.error.detail}`);
        fingerprint = answer.value.planFingerprint;
        status = answer.value.status;
        if (status === 'failed') throw new Error('the setup failed');
      }
      const ms = performance.now() - started;
      const log = emulator.requests.log();
      console.log(
        `CSI setup of MAIL, ${label}: ${String(calls)} resolver calls, ${String(log.length)} Jira requests, ` +
          `${ms.toFixed(0)} ms`,
      );
      console.log(byRoute(log));
    }

    emulator.requests.reset();
    const started = performance.now();
    const register = await getCsiRegister(store, jira, 'CSI', {
      asOfMs: NOW_MS,
      userTimeZone: 'Europe/Berlin',
      language: 'de',
    });
    const ms = performance.now() - started;
    console.log(
      `CSI register of CSI (${String(register.items.length)} improvements, capability level ` +
        `${String(register.capability.level)}): ${String(emulator.requests.count())} Jira requests, ${ms.toFixed(0)} ms`,
    );
    console.log(byRoute(emulator.requests.log()));
  } finally {
    await emulator.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
