import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
};

export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** What every command receives after parsing; the common flags are already read. */
export interface CommandContext {
  io: CliIo;
  values: OptionValues;
  positionals: string[];
  json: boolean;
  verbose: boolean;
  /** Resolved data folder (flag, ETL_STUDIO_DATA_DIR, or the platform default). */
  dataDir: string;
}

/**
 * One CLI command. A new command is one module exporting this plus one line in
 * commands/index.ts; parsing, --help, --json, errors and exit codes are shared.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines and option descriptions shown by --help. */
  help: string;
  options: Record<string, OptionSpec>;
  /** Whether the command takes positional arguments (e.g. `generate softcart`). */
  positionals?: boolean;
  /** Returns the exit code. Throw UsageError for bad arguments, CliFailure for failures. */
  run(ctx: CommandContext): Promise<number>;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${name} needs a value.`);
  return value;
}

export function requiredString(values: OptionValues, name: string, command?: string): string {
  const value = optionalString(values, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required.`, command);
  return value;
}

export function optionalInt(values: OptionValues, name: string, range: { min: number; max: number }): number | undefined {
  const text = optionalString(values, name);
  if (text === undefined) return undefined;
  const cleaned = text.replace(/_/g, '');
  if (!/^-?\d+$/.test(cleaned)) throw new UsageError(`--${name} must be a whole number, got "${text}".`);
  const value = Number(cleaned);
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be between ${range.min} and ${range.max}, got ${text}.`);
  }
  return value;
}

export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}
