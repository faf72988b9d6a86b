#!/usr/bin/env node
/**
 * Command line of Three Ways for Jira: `three-ways-metrics metrics ...` or `npm run --silent cli -- metrics ...`
 * (FLOW-METRICS.md §5), and `… effect ...`, the effect of a change (§6). Runs as compiled JavaScript (`npm run build:cli` → `dist/cli/main.js`, the package's
 * `bin`). Exit codes: 0 success, 2 unusable input or options (one clear message on stderr), 1 unexpected failure.
 */
import { CliError } from './cli-error';
import { cliText } from './cli-text';
import { parseEffectArgs, runEffect } from './effect-command';
import { effectText } from './effect-text';
import { parseMetricsArgs, runMetrics } from './metrics-command';
import { OutputClosedError, writePieces, type PieceWriter } from './output-stream';

/**
 * Runs the command line and resolves to the exit code. Output goes through `out` piece by piece: a promise it
 * returns makes the next piece wait (backpressure), so a report is never held as one string. `env` holds the
 * locale variables and, for `--site`, `JIRA_EMAIL` and `JIRA_API_TOKEN`.
 */
export async function runCli(
  argv: readonly string[],
  io: { out: PieceWriter; err: (s: string) => void; env: NodeJS.ProcessEnv; nowMs: number },
): Promise<number> {
  const text = cliText(io.env);
  const [command, ...rest] = argv;
  const notice = (message: string): void => {
    io.err(message + '\n');
  };
  try {
    if (command === 'effect') {
      const args = parseEffectArgs(rest, io.nowMs, text);
      const output =
        args === 'help' ? effectText(text).cli.usage + '\n' : await runEffect(args, text, notice, io.env);
      await writePieces([output], io.out);
      return 0;
    }
    if (command !== 'metrics') {
      io.err(`${command === undefined ? text.noCommand : text.unknownCommand(command)}\n${text.usage}\n`);
      return 2;
    }
    const args = parseMetricsArgs(rest, io.nowMs, text);
    if (args === 'help') {
      await writePieces([text.usage + '\n'], io.out);
      return 0;
    }
    const pieces = await runMetrics(args, text, notice, io.env);
    await writePieces(pieces, io.out);
    return 0;
  } catch (error) {
    if (error instanceof OutputClosedError) return 0;
    if (error instanceof CliError) {
      io.err(error.message + '\n');
      return 2;
    }
    io.err(text.unexpectedFailure(error instanceof Error ? error.message : String(error)) + '\n');
    return 1;
  }
}

/**
 * A writer to a stream that honours its backpressure: when `write` reports a full buffer, the returned promise
 * waits for `drain`. A stream error rejects the waiting write and every later one, so the run stops instead of
 * rendering into a dead stream; a closed pipe (EPIPE) as {@link OutputClosedError}.
 */
export function streamWriter(stream: NodeJS.WritableStream): PieceWriter {
  let failure: Error | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'EPIPE' ? new OutputClosedError() : error;
  });
  return (piece) => {
    if (failure !== null) return Promise.reject(failure);
    if (stream.write(piece)) return undefined;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        stream.off('drain', onDrain);
        stream.off('error', done);
        if (error === undefined) resolve();
        else reject(failure ?? error);
      };
      const onDrain = (): void => {
        done();
      };
      stream.on('drain', onDrain);
      stream.on('error', done);
    });
  };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: streamWriter(process.stdout),
    err: (s) => process.stderr.write(s),
    env: process.env,
    nowMs: Date.now(),
  }).then((code) => {
    process.exitCode = code;
  });
}
