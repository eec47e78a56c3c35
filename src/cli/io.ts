/** What a command needs from its surroundings, so tests can run commands in memory. */
import { closeSync, constants, fstatSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import { MAX_DOCUMENT_BYTES } from '@shared/limits.ts';

export interface CliIo {
  readonly stdout: (text: string) => void;
  /**
   * Writes to stdout as it is: for a file's content on standard output (a document, an SVG),
   * which escaping would change. Defaults to `stdout`.
   */
  readonly rawStdout?: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Writes to stderr as it is, control characters and all: only for the progress bar, which
   * redraws its line with a carriage return and an erase-line sequence.
   */
  readonly terminal?: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** Opens a file for streamed writing; returns a writer and a close function. */
  readonly createFile: (path: string) => { write: (chunk: string | Uint8Array) => void; close: () => void };
  /** Whether stderr is a terminal (progress bars) rather than a pipe or file (plain lines). */
  readonly isTerminal?: boolean;
  /**
   * Calls `listener` when the user interrupts the command (Ctrl+C, SIGTERM) instead of ending the
   * process, so that a long command can stop its work and keep what is done; returns a function
   * that removes the listener. Absent: nothing interrupts (tests call the listener themselves).
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

/** An input file that is not a regular file, or larger than MAX_DOCUMENT_BYTES. */
export class InputFileError extends Error {
  constructor(
    readonly code: 'ENOTREG' | 'EFBIG',
    message: string,
  ) {
    super(message);
  }
}

/** What kind of thing a path that is not a regular file is, for messages. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a document: only a regular file, and at most MAX_DOCUMENT_BYTES. NOTE: opened without
 * blocking, because opening a FIFO for reading otherwise waits for a writer that may never come,
 * and checked on the open descriptor, because /dev/zero never ends.
 */
export function readDocumentFile(path: string): string {
  const descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stats.isFile()) {
      throw new InputFileError('ENOTREG', `not a regular file (${describeFileKind(stats)})`);
    }
    if (stats.size > MAX_DOCUMENT_BYTES) {
      throw new InputFileError(
        'EFBIG',
        `larger than the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB limit for documents (${(stats.size / 1024 / 1024).toFixed(0)} MiB)`,
      );
    }
    const buffer = Buffer.alloc(stats.size);
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(descriptor, buffer, offset, buffer.length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset).toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

/** The reader closed standard output (`archsim expand big.json | head`): a normal way to end. */
export class OutputClosedError extends Error {
  constructor() {
    super('standard output was closed');
  }
}

function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/**
 * Writes all of `text` to a file descriptor. NOTE: synchronous writes, so that a closed pipe is
 * known at once (EPIPE) and the command can stop instead of computing output nobody reads;
 * process.stdout would report it only after the command's synchronous work is over.
 */
function writeAll(descriptor: number, text: string | Uint8Array): void {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(descriptor, buffer, offset, buffer.length - offset);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN')
        pause(1); // a non-blocking pipe that is full: wait for the reader
      else if (code === 'EPIPE') throw new OutputClosedError();
      else throw cause;
    }
  }
}

export const processIo: CliIo = {
  isTerminal: process.stderr.isTTY === true,
  stdout: (text) => writeAll(1, text),
  stderr: (text) => {
    try {
      writeAll(2, text);
    } catch (cause) {
      if (!(cause instanceof OutputClosedError)) throw cause; // nobody is reading messages
    }
  },
  readFile: readDocumentFile,
  createFile: (path) => {
    const descriptor = openSync(path, 'w');
    return { write: (chunk) => writeAll(descriptor, chunk), close: () => closeSync(descriptor) };
  },
  onInterrupt: (listener) => {
    const handler = () => listener();
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

/**
 * Control characters (C0 but newline and tab, DEL, C1) and the bidirectional overrides, which a
 * name in a document could use to clear the screen, move the cursor or disguise text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text with every control character written as a `\uXXXX` escape, so that names from a document
 * are shown, never obeyed, by the terminal. The escapes are JSON's own, so JSON output stays
 * valid and means the same.
 */
export function escapeControls(text: string): string {
  return text.replace(
    CONTROL_CHARACTERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The io with its stdout and stderr escaped (see escapeControls); `terminal` stays raw. */
export function withEscapedOutput(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(escapeControls(text)),
    rawStdout: io.rawStdout ?? io.stdout,
    stderr: (text) => io.stderr(escapeControls(text)),
    terminal: io.terminal ?? io.stderr,
  };
}

/** Exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** The input is readable but has problems (validation errors). */
  problems: 1,
  /** Unreadable files, malformed JSON, bad command-line arguments. */
  usage: 2,
  /** Interrupted (Ctrl+C) before the work was done: 128 + SIGINT, as shells report it. */
  interrupted: 130,
} as const;

export class UsageError extends Error {}
