import { YAMLError } from 'yaml';
import { RowError } from '../client/index.ts';
import { FlussError } from '../rpc/errors.ts';
import { DataDirLockedError } from '../common/data-dir-lock.ts';
import { CorruptFileError } from '../common/checked-json-file.ts';
import { ServerIdentityError } from '../tablet/server-identity.ts';

/** A failure of the user's input or environment, reported as one line without a stack. */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * Errors the user can act on from their message alone: server answers, bad rows and arguments,
 * unreadable files. Anything else is a bug, so its stack is worth printing.
 */
export function isUserFacing(error: unknown): error is Error {
  if (error instanceof FlussError || error instanceof RowError || error instanceof CliError) return true;
  // A server that refuses to start on a data dir says why and what to do.
  if (error instanceof DataDirLockedError || error instanceof CorruptFileError || error instanceof ServerIdentityError) return true;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof YAMLError) return true;
  // Node's system errors (ENOENT, EACCES, ...) carry a string code and a complete message.
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

/** The text printed for a failed command. */
export function formatError(error: unknown): string {
  if (isUserFacing(error)) return `Error: ${error.message}`;
  if (error instanceof Error) return `Error: ${error.stack ?? error.message}`;
  return `Error: ${String(error)}`;
}
