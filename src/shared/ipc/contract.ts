/**
 * The IPC contract: every request the renderer may make of the main-process services, and every
 * event the main process may push to the renderer (DESIGN.md §1).
 *
 * One contract, three transports: Electron's ipcMain/ipcRenderer (src/main, src/preload), the web
 * host's HTTP API (src/main/web-host.ts) and an in-memory pair for tests (./dispatcher.ts). The
 * TypeScript interfaces below say what crosses; the zod schemas check it on arrival, because a
 * boundary is exactly where a wrong or hostile payload can come from.
 */
import { z } from 'zod';

/** Which shell runs the studio: the Electron desktop app or the Node web host in a browser. */
export const SHELLS = ['electron', 'web'] as const;
export type Shell = (typeof SHELLS)[number];

/** What the studio shows about itself. */
export interface AppInfo {
  /** Product name ("archsim"). */
  readonly name: string;
  /** The version in package.json. */
  readonly version: string;
  readonly shell: Shell;
}

/** One bundled example architecture (resources/examples/<id>.json). */
export interface ExampleSummary {
  /** The file's base name: a plain name, never a path. */
  readonly id: string;
  /** The document's `title` or `arch` field, else the id. */
  readonly title: string;
  /** The document's `description` field, or "". */
  readonly description: string;
}

/** The text of an example exactly as stored, so problems can point at lines and columns. */
export interface ExampleText {
  readonly id: string;
  readonly text: string;
}

/**
 * Request channels: `args` is the argument list the caller passes, `result` what it gets back.
 * Add a channel here, in `requestSchemas` and in the services; the compiler finds the rest.
 */
export interface RequestChannels {
  /** Name, version and shell of the running studio. */
  'app.info': { args: []; result: AppInfo };
  /** The bundled example architectures, sorted by id. */
  'examples.list': { args: []; result: ExampleSummary[] };
  /** The text of one example; fails for an id that is not a listed example. */
  'examples.read': { args: [id: string]; result: ExampleText };
}

/**
 * Events the main process pushes to the renderer (`'runs.progress'`, … once runs exist).
 * NOTE: empty for now; kept as a type so the preload and the web host are written against it.
 */
export type EventChannels = Record<never, never>;

export type RequestChannel = keyof RequestChannels;
export type RequestArgs<C extends RequestChannel> = RequestChannels[C]['args'];
export type RequestResult<C extends RequestChannel> = RequestChannels[C]['result'];
export type EventChannel = keyof EventChannels;
export type EventPayload<C extends EventChannel> = EventChannels[C];

/** A plain example name: letters, digits, `-` and `_`; no dots, slashes or other path syntax. */
export const EXAMPLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const exampleIdSchema = z
  .string()
  .regex(EXAMPLE_ID_PATTERN, 'must be a plain example name (letters, digits, "-" and "_")');

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  shell: z.enum(SHELLS),
});

export const exampleSummarySchema = z.strictObject({
  id: exampleIdSchema,
  title: z.string(),
  description: z.string(),
});

export const exampleTextSchema = z.strictObject({ id: exampleIdSchema, text: z.string() });

type ChannelSchemas = {
  readonly [C in RequestChannel]: {
    readonly args: z.ZodType<RequestArgs<C>>;
    readonly result: z.ZodType<RequestResult<C>>;
  };
};

/**
 * Runtime schemas of every request channel. The main side validates `args` before a service
 * sees them; the renderer validates `result` before the UI sees it.
 */
export const requestSchemas = {
  'app.info': { args: z.tuple([]), result: appInfoSchema },
  'examples.list': { args: z.tuple([]), result: z.array(exampleSummarySchema) },
  'examples.read': { args: z.tuple([exampleIdSchema]), result: exampleTextSchema },
} as const satisfies ChannelSchemas;

/** Runtime schemas of every event channel (none yet). */
export const eventSchemas = {} as const satisfies {
  readonly [C in EventChannel]: z.ZodType<EventPayload<C>>;
};

/** Every request channel, in contract order: the preload and the web host expose exactly these. */
export const REQUEST_CHANNELS = Object.freeze(Object.keys(requestSchemas)) as readonly RequestChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

/** The answer to a request as it crosses a boundary: errors travel as data, never as throws. */
export type RequestResponse<C extends RequestChannel = RequestChannel> =
  | { readonly ok: true; readonly result: RequestResult<C> }
  | { readonly ok: false; readonly error: { readonly message: string } };

export const requestResponseSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: z.strictObject({ message: z.string() }) }),
]);

/**
 * The typed API the renderer talks to (`window.archsim` in Electron, the HTTP client in the web
 * host): one function per request channel, resolving to its result or rejecting with its error.
 */
export type ArchsimApi = {
  readonly [C in RequestChannel]: (...args: RequestArgs<C>) => Promise<RequestResult<C>>;
};

/** The main-process implementation behind the contract: one function per request channel. */
export type Services = {
  readonly [C in RequestChannel]: (...args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

/**
 * A failure whose message is meant for the user (unknown example, invalid file…). Any other
 * error a service throws is reported as a generic failure of its channel, so file-system paths
 * and stack traces stay in the main process.
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';
}
