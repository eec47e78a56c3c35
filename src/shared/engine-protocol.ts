/**
 * The engine protocol (DESIGN.md §1): the messages between the run service in the main process
 * and the engine in its own process (an Electron utility process, or a Node worker thread in the
 * web host and the CLI). Two discriminated unions, handled on each side by exhaustive switches:
 *
 *   in  (main → engine):  run, cancel
 *   out (engine → main):  progress (at least once a second), then one of done, failed, cancelled
 *
 * One engine process runs one run at a time. Every message is checked with the schemas below
 * when it arrives, on both sides.
 */
import { z } from 'zod';
import type { ArchDocument } from './document/schema.ts';
import type { RunResult } from './results.ts';
import {
  runDocumentSchema,
  runIdSchema,
  runOptionsSchema,
  runProgressSchema,
  runResultSchema,
  type RunOptions,
  type RunProgress,
} from './runs.ts';

/** Simulate `document` with `options`; the engine answers with progress, then done or failed. */
export interface EngineRunMessage {
  readonly type: 'run';
  readonly runId: number;
  readonly document: ArchDocument;
  readonly options: RunOptions;
}

/** Stop run `runId` at the next slice boundary; the engine answers `cancelled` (or had finished). */
export interface EngineCancelMessage {
  readonly type: 'cancel';
  readonly runId: number;
}

export type EngineInput = EngineRunMessage | EngineCancelMessage;

/** How far the run is; sent when it starts, then at least once a second of wall time, and at its end. */
export interface EngineProgressMessage extends RunProgress {
  readonly type: 'progress';
}

/** The run finished: its complete result. */
export interface EngineDoneMessage {
  readonly type: 'done';
  readonly runId: number;
  readonly result: RunResult;
}

/** The run could not be simulated (unknown scenario, an engine error): the message says why. */
export interface EngineFailedMessage {
  readonly type: 'failed';
  readonly runId: number;
  readonly message: string;
}

/** The run stopped because it was cancelled; the engine is free for the next run. */
export interface EngineCancelledMessage {
  readonly type: 'cancelled';
  readonly runId: number;
}

export type EngineOutput =
  EngineProgressMessage | EngineDoneMessage | EngineFailedMessage | EngineCancelledMessage;

/** Longest failure message passed on (an engine error's message, not a stack dump). */
export const MAX_ENGINE_MESSAGE_LENGTH = 2000;

export const engineInputSchema: z.ZodType<EngineInput> = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('run'),
    runId: runIdSchema,
    document: runDocumentSchema,
    options: runOptionsSchema,
  }),
  z.strictObject({ type: z.literal('cancel'), runId: runIdSchema }),
]);

export const engineOutputSchema: z.ZodType<EngineOutput> = z.discriminatedUnion('type', [
  runProgressSchema.extend({ type: z.literal('progress') }),
  z.strictObject({ type: z.literal('done'), runId: runIdSchema, result: runResultSchema }),
  z.strictObject({
    type: z.literal('failed'),
    runId: runIdSchema,
    message: z.string().max(MAX_ENGINE_MESSAGE_LENGTH),
  }),
  z.strictObject({ type: z.literal('cancelled'), runId: runIdSchema }),
]);

/** The `runId` of a message that failed validation, when it has a usable one. */
export function runIdOf(message: unknown): number | null {
  if (typeof message !== 'object' || message === null) return null;
  const parsed = runIdSchema.safeParse((message as { runId?: unknown }).runId);
  return parsed.success ? parsed.data : null;
}

/** A short description of why a message failed validation (first few issues). */
export function describeProtocolError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length > 0 ? `[${issue.path.map(String).join('.')}] ${issue.message}` : issue.message,
    )
    .join('; ');
}

/** For exhaustive switches: a case the compiler proves cannot happen. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
