/**
 * Command line of Three Ways for Jira: `npm run --silent cli -- metrics ...` (FLOW-METRICS.md §5).
 * Exit codes: 0 success, 2 unusable input or options (one clear message on stderr), 1 unexpected failure.
 */
import { CliError } from './cli-error';
import { cliText } from './cli-text';
import { parseMetricsArgs, runMetrics } from './metrics-command';

/**
 * Runs the command line and resolves to the exit code; output goes through the given writers. `env` holds the
 * locale variables and, for `--site`, `JIRA_EMAIL` and `JIRA_API_TOKEN`.
 */
export async function runCli(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv; nowMs: number },
): Promise<number> {
  const text = cliText(io.env);
  const [command, ...rest] = argv;
  try {
    if (command !== 'metrics') {
      io.err(`${command === undefined ? text.noCommand : text.unknownCommand(command)}\n${text.usage}\n`);
      return 2;
    }
    const args = parseMetricsArgs(rest, io.nowMs, text);
    if (args === 'help') {
      io.out(text.usage + '\n');
      return 0;
    }
    io.out(
      await runMetrics(
        args,
        text,
        (message) => {
          io.err(message + '\n');
        },
        io.env,
      ),
    );
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message + '\n');
      return 2;
    }
    io.err(text.unexpectedFailure(error instanceof Error ? error.message : String(error)) + '\n');
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    nowMs: Date.now(),
  }).then((code) => {
    process.exitCode = code;
  });
}
