/**
 * A Jira client over the HTTP transport to a running emulator, acting as a seed user, with a fake clock so
 * retry waits cost no time and can be asserted.
 */
import { createHttpTransport } from '../../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../../src/adapters/jira/jira-client';
import type { JiraClient, JiraClientOptions } from '../../../src/adapters/jira/jira-client';
import type { SeedUser } from '../../../dev/emulator/seed';
import type { RunningEmulator } from '../../../dev/emulator';
import { fakeClock } from '../../adapters/scripted-transport';
import type { FakeClock } from '../../adapters/scripted-transport';

export function emulatorClient(
  emulator: RunningEmulator,
  user: Pick<SeedUser, 'emailAddress' | 'apiToken'>,
  options: JiraClientOptions = {},
): { client: JiraClient; clock: FakeClock } {
  const clock = fakeClock();
  const transport = createHttpTransport({
    baseUrl: emulator.url,
    email: user.emailAddress,
    apiToken: user.apiToken,
  });
  const client = createJiraClient(transport, {
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...options,
  });
  return { client, clock };
}
