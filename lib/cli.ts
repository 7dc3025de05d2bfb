import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line of every command of the hub (scripts/* and bin/*), read one way:
 *
 * - `--help` or `-h` prints the command's usage on stdout and exits 0, before anything starts;
 * - an unknown option, an option without its value, or an argument the command does not take
 *   prints what is wrong and the usage on stderr and exits 2, without a stack trace;
 * - `usageError()` gives the same answer for a command's own checks (a missing --year…).
 *
 * Exit status 2 for a command line the command does not understand follows getopt-style tools; 1
 * stays for a command that understood and then failed. A command whose exit statuses already give 2
 * another meaning says which status it uses instead (`usageExitCode`).
 */
export const USAGE_EXIT_CODE = 2;

/** The options and positionals a command takes, as node:util parseArgs reads them (always strict). */
export type CommandLineConfig = Omit<ParseArgsConfig, 'args' | 'strict' | 'tokens'>;

/** Where a command line is read from and answered to: the process, or a test's stand-ins. */
export interface CommandLineIo {
  args: readonly string[];
  out(text: string): void;
  err(text: string): void;
  exit(code: number): never;
}

/** How a command answers: where it reads and writes (the process by default), and its usage error status. */
export type CommandLineOptions = Partial<CommandLineIo> & { usageExitCode?: number };

const withDefaults = (options: CommandLineOptions): CommandLineIo & { usageExitCode: number } => ({
  args: options.args ?? process.argv.slice(2),
  out: options.out ?? ((text) => process.stdout.write(text)),
  err: options.err ?? ((text) => process.stderr.write(text)),
  exit: options.exit ?? ((code) => process.exit(code)),
  usageExitCode: options.usageExitCode ?? USAGE_EXIT_CODE,
});

const asksForHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

/** node's parseArgs messages, made for a reader of `npm run x -- …` (its hint about `--` would mislead there). */
function describeParseError(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `Unknown option ${unknown[1]}.`;
  const unexpected = /^Unexpected argument '([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && unexpected) return `Unexpected argument ${unexpected[1]}: this command takes none.`;
  return error.message;
}

/** Prints `message` and the usage on stderr and exits 2 (or `usageExitCode`): the command line was not understood. */
export function usageError(usage: string, message: string, options: CommandLineOptions = {}): never {
  const io = withDefaults(options);
  io.err(`${message}\n\n${usage.trimEnd()}\n`);
  return io.exit(io.usageExitCode);
}

/**
 * Reads the command line against `config` (parseArgs, strict), answering `--help` and refusing
 * what it does not understand, as described above; returns parseArgs' result otherwise.
 */
export function parseCommandLine<T extends CommandLineConfig>(
  usage: string,
  config: T,
  options: CommandLineOptions = {},
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  const io = withDefaults(options);
  if (asksForHelp(io.args)) {
    io.out(`${usage.trimEnd()}\n`);
    return io.exit(0);
  }
  try {
    return parseArgs({ ...config, args: [...io.args], strict: true } as T & { strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return usageError(usage, describeParseError(error as Error & { code: string }), io);
    throw error;
  }
}
