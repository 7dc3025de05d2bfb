import { type CommandLineConfig, type CommandLineIo, parseCommandLine, usageError } from './cli';

const USAGE = 'Usage: npm run thing -- --year <yyyy> [--dry-run]';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs parseCommandLine on `args` with captured output; an exit is thrown as Exit. */
function run(args: string[], config: CommandLineConfig = { options: { year: { type: 'string' }, 'dry-run': { type: 'boolean' } } }, usageExitCode?: number) {
  const io: CommandLineIo & { stdout: string; stderr: string } = {
    args,
    stdout: '',
    stderr: '',
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    exit: (code) => {
      throw new Exit(code);
    },
  };
  try {
    return { result: parseCommandLine(USAGE, config, { ...io, usageExitCode }), io, code: undefined };
  } catch (error) {
    if (error instanceof Exit) return { result: undefined, io, code: error.code };
    throw error;
  }
}

describe('parseCommandLine', () => {
  it('returns the options it understands', () => {
    const { result, code } = run(['--year', '2018', '--dry-run']);
    expect(code).toBeUndefined();
    expect(result?.values).toEqual({ year: '2018', 'dry-run': true });
  });

  it.each([[['--help']], [['-h']], [['--year', '2018', '--help']], [['--help', '--bogus']]])('answers %j with the usage on stdout and exit 0', (args) => {
    const { io, code } = run(args);
    expect(code).toBe(0);
    expect(io.stdout).toBe(`${USAGE}\n`);
    expect(io.stderr).toBe('');
  });

  it.each([
    [['--bogus'], 'Unknown option --bogus.'],
    [['-x'], 'Unknown option -x.'],
    [['--year'], "Option '--year <value>' argument missing"],
    [['extra'], 'Unexpected argument extra: this command takes none.'],
    [['--dry-run=yes'], "Option '--dry-run' does not take an argument"],
  ])('refuses %j with what is wrong, the usage on stderr and exit 2', (args, message) => {
    const { io, code } = run(args);
    expect(code).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toBe(`${message}\n\n${USAGE}\n`);
  });

  it('exits with the command’s own usage status when it has one', () => {
    expect(run(['--bogus'], undefined, 1).code).toBe(1);
  });

  it('leaves --help after -- to the command, as a positional', () => {
    const { result, code } = run(['--', '--help'], { allowPositionals: true });
    expect(code).toBeUndefined();
    expect(result?.positionals).toEqual(['--help']);
  });
});

describe('usageError', () => {
  it('prints the message and the usage on stderr and exits 2', () => {
    let stderr = '';
    expect(() =>
      usageError(USAGE, '--year is required', {
        args: [],
        out: () => undefined,
        err: (text) => void (stderr += text),
        exit: (code) => {
          throw new Exit(code);
        },
      }),
    ).toThrow(new Exit(2));
    expect(stderr).toBe(`--year is required\n\n${USAGE}\n`);
  });
});
