import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api/api-error.js';
import { resolveDataDir } from '../host/data-dir.js';
import type { Command, OptionSpec } from './command.js';
import { commands, findCommand } from './commands/index.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { processIo, writeLine, type CliIo } from './io.js';
import { scrubSecrets as redactSecrets } from '../engine/secrets/scrub.js';
import { appVersion } from './version.js';

const BIN = 'etl-studio';

/** Flags every command understands. */
const commonOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'data-dir': { type: 'string' },
};

export const commonHelp = `Common options:
  --json             print one machine-readable JSON object on stdout
  --data-dir DIR     data folder (default: $ETL_STUDIO_DATA_DIR, else ~/.config/etl-studio)
  --verbose          show stack traces on errors
  -h, --help         show this help`;

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `ETL Studio ${appVersion()} — incremental MySQL -> PostgreSQL star-schema sync, from the command line.

Usage: ${BIN} <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "${BIN} <command> --help" for the options of one command.
Exit codes: 0 success, 1 failure (or a failed check), 2 wrong usage.`;
}

function commandHelp(command: Command): string {
  return `${command.help.trimEnd()}\n\n${commonHelp}`;
}

/** Node's parseArgs messages, said the way a user types the flags. */
function parseErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '.').replace(/^Option '(-\w, )?(--[\w-]+)[^']*'/, "Option '$2'");
}

function reportError(io: CliIo, err: unknown, verbose: boolean, command?: Command): number {
  const prefix = command ? `${BIN} ${command.name}` : BIN;
  if (err instanceof UsageError) {
    writeLine(io.stderr, `${prefix}: ${redactSecrets(err.message)}`);
    writeLine(io.stderr, `Run "${command ? `${BIN} ${command.name}` : BIN} --help" for usage.`);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  writeLine(io.stderr, `${prefix}: ${redactSecrets(message)}`);
  if (err instanceof ApiError && err.issues?.length) {
    for (const issue of err.issues) writeLine(io.stderr, `  ${issue.path || '(input)'}: ${redactSecrets(issue.message)}`);
  }
  if (verbose && err instanceof Error && err.stack) writeLine(io.stderr, redactSecrets(err.stack));
  if (err instanceof CliFailure) return err.exitCode;
  return EXIT_FAILURE;
}

/** Runs the CLI and returns the exit code (the bin exits with it). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const verbose = argv.includes('--verbose');
  if (first === undefined) {
    writeLine(io.stderr, topHelp());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    writeLine(io.stdout, topHelp());
    return EXIT_OK;
  }
  if (first === 'help') {
    const target = rest[0] ? findCommand(rest[0]) : undefined;
    if (rest[0] && !target) return reportError(io, new UsageError(`Unknown command "${rest[0]}".`), verbose);
    writeLine(io.stdout, target ? commandHelp(target) : topHelp());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    writeLine(io.stdout, appVersion());
    return EXIT_OK;
  }
  const command = findCommand(first);
  if (!command) {
    return reportError(io, new UsageError(first.startsWith('-') ? `Put the command first, then its options (got "${first}").` : `Unknown command "${first}".`), verbose);
  }

  let parsed: ReturnType<typeof parseArgs<{ options: Record<string, OptionSpec>; allowPositionals: boolean; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...commonOptions, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (err) {
    return reportError(io, new UsageError(parseErrorMessage(err)), verbose, command);
  }
  const values = parsed.values as Record<string, string | boolean | Array<string | boolean> | undefined>;
  if (values.help) {
    writeLine(io.stdout, commandHelp(command));
    return EXIT_OK;
  }
  try {
    const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined, io.env);
    return await command.run({
      io,
      values,
      positionals: parsed.positionals,
      json: values.json === true,
      verbose: values.verbose === true,
      dataDir,
    });
  } catch (err) {
    return reportError(io, err, verbose, command);
  }
}
