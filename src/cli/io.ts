/** What a command needs from its surroundings, so tests can run commands in memory. */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** Opens a file for streamed writing; returns a writer and a close function. */
  readonly createFile: (path: string) => { write: (chunk: string) => void; close: () => void };
  /** Whether stderr is a terminal (progress bars) rather than a pipe or file (plain lines). */
  readonly isTerminal?: boolean;
}

export const processIo: CliIo = {
  isTerminal: process.stderr.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  createFile: (path) => {
    const descriptor = openSync(path, 'w');
    return { write: (chunk) => void writeSync(descriptor, chunk), close: () => closeSync(descriptor) };
  },
};

/** Exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** The input is readable but has problems (validation errors). */
  problems: 1,
  /** Unreadable files, malformed JSON, bad command-line arguments. */
  usage: 2,
} as const;

export class UsageError extends Error {}
