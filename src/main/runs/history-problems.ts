/**
 * What the run history's SQLite errors mean for the user. Opening a damaged file is handled where
 * it is opened (./history.ts: moved aside, a new one started); these are the errors of a file
 * damaged, made read-only or left without disk space while archsim runs.
 */

/**
 * What an error of the run history's SQLite file means for the user, or null for any other
 * error: a file damaged, made read-only or on a full disk while archsim runs says so and what
 * to do, where it would otherwise be "runs.get failed unexpectedly".
 */
export function historyProblem(error: unknown, location: string | (() => string)): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const reason = error instanceof Error ? error.message : code;
  const file = typeof location === 'string' ? location : location();
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `The run history ${file} is damaged (${reason}). Restart archsim: on opening it checks the file, moves a damaged one aside (never deleting it) and starts a new history.`;
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return `The run history ${file} cannot be written (${reason}): check that the file is still there and may be written, then try again.`;
  }
  if (code === 'SQLITE_FULL')
    return `The disk holding the run history ${file} is full (${reason}): free some space, then try again.`;
  if (code.startsWith('SQLITE_IOERR'))
    return `The run history ${file} could not be read or written (${reason}).`;
  return null;
}
