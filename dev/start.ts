/**
 * `npm start`: the local preview (Jira emulator with the sample data, every backend module of the manifest routed as
 * Forge routes it, the preview page). Prints the page, the emulator, the web trigger URLs and the routed modules.
 * `npm start` builds the modules with the bridge shim first (`npm run build:preview`).
 *
 * Environment: `PORT` (default 5173; a taken port falls back to a free one; `0` = any free port);
 * `PREVIEW_MODULES_DIR` (default `static/build-preview`): where the modules built with the bridge shim are.
 * Stops cleanly on Ctrl-C (SIGINT) or SIGTERM and exits 0.
 */
import type { FeedbackIntakeSecretView } from '../src/contract/feedback';
import { DEFAULT_PREVIEW_PORT, startPreview, type PreviewCredentials } from './preview/index';

function portFromEnvironment(): number {
  const text = process.env['PORT'];
  if (text === undefined || text.trim() === '') return DEFAULT_PREVIEW_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number (0–65535), not "${text}"`);
  }
  return port;
}

/** The sample users as an aligned table: name, e-mail, API token, what they may see. */
function userTable(users: readonly PreviewCredentials[]): string[] {
  const rows = users.map((user) => [
    user.displayName,
    user.email,
    user.apiToken,
    (user.jiraAdmin ? 'Jira admin, ' : '') +
      (user.browseProjects === '*' ? 'all projects' : user.browseProjects.join(', ')),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}`,
  );
}

/**
 * The help desk's feedback web trigger as set up at start: what it does and its signed `curl` example (bash with
 * openssl; the secret is new at every start). None when the manifest has no such web trigger.
 */
function feedbackIntakeLines(secret: FeedbackIntakeSecretView | null): string[] {
  if (secret === null) return [];
  return [
    'Feedback from outside Jira: HD accepts signed feedback; a rating of 2 or below also registers an improvement',
    'in CSI (Project settings → Feedback of HD). Send one (bash, needs curl and openssl):',
    ...secret.curlExample.split('\n').map((line) => `  ${line}`),
    '',
  ];
}

async function main(): Promise<void> {
  const startedMs = Date.now();
  const modulesDir = process.env['PREVIEW_MODULES_DIR'];
  const preview = await startPreview({
    port: portFromEnvironment(),
    ...(modulesDir === undefined || modulesDir === '' ? {} : { modulesDir }),
  });
  const cliUser = preview.users.find((user) => user.jiraAdmin) ?? preview.users[0];
  const requestedPort = portFromEnvironment();
  const actualPort = Number(new URL(preview.url).port);
  const lines = [
    `Three Ways for Jira preview: ${preview.url}`,
    ...(requestedPort !== 0 && actualPort !== requestedPort
      ? [`  (port ${String(requestedPort)} is in use, so the preview took a free one)`]
      : []),
    `Local Jira emulator:         ${preview.emulatorUrl}`,
    ...preview.webTriggerUrls.map(({ key, url }) => `Web trigger ${key}: ${url}`),
    '',
    'Backend modules of manifest.yml, routed as on Forge (kind, module → function):',
    ...preview.routes.map(
      (route) => `  ${route.kind.padEnd(10)} ${route.moduleKey} → ${route.functionKey} (${route.handler})`,
    ),
    '',
    'Sample users (name, e-mail, API token, projects):',
    ...userTable(preview.users),
    '',
    'Try the CLI against the emulator:',
    cliUser === undefined
      ? ''
      : `  JIRA_EMAIL=${cliUser.email} JIRA_API_TOKEN=${cliUser.apiToken} npm run --silent cli -- metrics --site ${preview.emulatorUrl} --jql "project = HD"`,
    '',
    ...feedbackIntakeLines(preview.feedbackIntakeSecret),
    `Started in ${((Date.now() - startedMs) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`,
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the preview…`);
    preview.stop().then(
      () => {
        console.log('Preview stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('The preview did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('The preview could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
