/** An error the command line reports as one clear message on stderr with exit code 2 (never a stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
