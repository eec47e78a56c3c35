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
import type { ArchDocument } from '../document/schema.ts';
import { instanceViewSchema, type InstanceView } from '../instances.ts';
import {
  commandInvocationSchema,
  studioStateSchema,
  type CommandInvocation,
  type StudioState,
} from '../commands.ts';
import {
  autosaveInfoSchema,
  autosaveOfferSchema,
  autosaveSlotSchema,
  documentNameSchema,
  documentHandleSchema,
  documentTextSchema,
  openedDocumentSchema,
  recentFilesSchema,
  recentIdSchema,
  savedDocumentSchema,
  type AutosaveInfo,
  type AutosaveOffer,
  type AutosaveSlot,
  type DocumentHandle,
  type OpenedDocument,
  type RecentFiles,
  type SavedDocument,
} from '../documents.ts';
import {
  runDocumentSchema,
  runDetailsSchema,
  runStartArgumentsSchema,
  runFinishedSchema,
  runFacetsSchema,
  runIdSchema,
  runLabelSchema,
  runListQuerySchema,
  runListSchema,
  runProgressSchema,
  runStorageInfoSchema,
  type RunDetails,
  type RunFacets,
  type RunFinished,
  type RunList,
  type RunListQuery,
  type RunProgress,
  type RunStartOptions,
  type RunStorageInfo,
} from '../runs.ts';
import { SHELLS, type Shell } from '../shell.ts';

/**
 * The files the studio exports: diagrams and charts (SVG, PNG), traces (Zipkin JSON), tables
 * (CSV), latency distributions (HdrHistogram's .hgrm text).
 */
export const EXPORT_FORMATS = ['svg', 'png', 'json', 'csv', 'hgrm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An exported file crossing the boundary: text, or base64 for PNG; at most 24 MiB. */
const exportDataSchema = z
  .string()
  .min(1)
  .max(24 * 1024 * 1024, 'the export is too large');

// The shell is defined on its own (the command registry needs it too) and offered here as well.
export { SHELLS, type Shell };

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
  /**
   * Queues a run of `document` (validated and migrated on arrival; a document with errors is
   * refused) and stores it in the history. Runs start in order, one at a time; `runs.progress`
   * and `runs.finished` follow.
   */
  'runs.start': { args: [document: ArchDocument, options: RunStartOptions]; result: { runId: number } };
  /**
   * Cancels a queued or running run; resolves once it has stopped (within 200 ms), with whether
   * it ended cancelled (false: it had already finished). Fails for an unknown run.
   */
  'runs.cancel': { args: [runId: number]; result: { cancelled: boolean } };
  /** A page of the history, newest first, with the number of matching runs. */
  'runs.list': { args: [query: RunListQuery]; result: RunList };
  /** One run with its document and (when done) its complete result; null if there is none. */
  'runs.get': { args: [runId: number]; result: RunDetails | null };
  /** Deletes a finished run; false if there was none. Fails for a queued or running run. */
  'runs.delete': { args: [runId: number]; result: { deleted: boolean } };
  /**
   * A valid document's instances by service, region and zone (spigo's expansion), for the
   * canvas's instance view. Fails for documents that expand past MAX_INSTANCE_VIEW.
   */
  'topology.instances': { args: [document: ArchDocument]; result: InstanceView };
  /** Where the history is stored, and whether a corrupt file had to be moved aside at start. */
  'runs.storage': { args: []; result: RunStorageInfo };
  /** Names a run in the history (null: no label); false if there is no such run. */
  'runs.rename': { args: [runId: number, label: string | null]; result: { renamed: boolean } };
  /** The architectures and scenarios the history has runs of (its filters). */
  'runs.facets': { args: []; result: RunFacets };
  /**
   * File > Open…: the desktop's open dialog (.json); null when the user cancels. The web host
   * has no dialogs (the browser uploads the file instead) and fails.
   */
  'documents.open': { args: []; result: OpenedDocument | null };
  /**
   * File > Import spigo Architecture…: an open dialog; the file must be a spigo architecture
   * (it opens unchanged) and comes in as a new, unsaved document (Save does not overwrite it).
   */
  'documents.import': { args: []; result: OpenedDocument | null };
  /** Open Recent: the list, after taking off files that no longer exist (named in `removed`). */
  'documents.recent': { args: []; result: RecentFiles };
  /** Opens a file of Open Recent by its id; fails, and takes it off, when it no longer exists. */
  'documents.openRecent': { args: [recentId: string]; result: OpenedDocument };
  /** Empties Open Recent. */
  'documents.clearRecent': { args: []; result: RecentFiles };
  /**
   * The file the OS or the command line asked to open (argv, a second instance, macOS
   * open-file, `npm run web -- FILE`), once; null when there is none. See `documents.openRequested`.
   */
  'documents.takePending': { args: []; result: OpenedDocument | null };
  /**
   * Save: writes the document (exactly as given, once it parses: `formatDocumentText`) to the
   * file of `handle`, atomically. Text that is not JSON is refused.
   */
  'documents.save': { args: [handle: DocumentHandle, text: string]; result: SavedDocument };
  /** Save As…: the save dialog, then as Save; null when the user cancels. Desktop only. */
  'documents.saveAs': { args: [text: string, name: string]; result: SavedDocument | null };
  /**
   * Export as JSON…: a copy of the document written where the save dialog says; the document
   * keeps its own file. Null when cancelled. Desktop only (the browser downloads instead).
   */
  'documents.export': { args: [text: string, name: string]; result: { name: string; path: string } | null };
  /**
   * Export a file (desktop): a save dialog proposing `fileName`, then the data written there —
   * text, or PNG bytes in base64. null when the user cancels. The web host downloads instead.
   */
  'documents.exportFile': {
    args: [format: ExportFormat, data: string, fileName: string];
    result: { name: string; path: string } | null;
  };
  /** Keeps the unsaved document in the user-data folder (autosave/), in case the session ends. */
  'documents.autosave': { args: [text: string, info: AutosaveInfo]; result: { savedAt: number } };
  /** Unsaved changes a previous session left (a crash), to offer to restore; null if none. */
  'documents.restoreOffer': { args: []; result: AutosaveOffer | null };
  /**
   * Deletes one slot of the autosave (its document was saved, or its changes discarded); without
   * a slot, both (the restore offer was discarded).
   */
  'documents.discardAutosave': { args: [slot?: AutosaveSlot]; result: { discarded: boolean } };
  /**
   * The renderer's state as commands see it (document name and unsaved changes, panels, theme,
   * runs): the desktop enables and checks its menu items by it and asks before closing a window
   * with unsaved changes.
   */
  'studio.state': { args: [state: StudioState]; result: null };
}

/** Events the main process pushes to the renderer: the channel and its payload. */
export interface EventChannels {
  /** A running run's progress: when it starts, at least once a second, and at its end. */
  'runs.progress': RunProgress;
  /** A run reached a final status: done, cancelled or failed (with the reason). */
  'runs.finished': RunFinished;
  /** A menu item (desktop) asks the renderer to run one of its commands. */
  'commands.invoke': CommandInvocation;
  /** The OS or the command line asks to open a file: take it with `documents.takePending`. */
  'documents.openRequested': { readonly name: string };
  /** Something the user should read (a recent file that no longer exists…). */
  'studio.notice': StudioNotice;
}

/** A message for the user from the main process. */
export interface StudioNotice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

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
  'runs.start': {
    args: runStartArgumentsSchema,
    result: z.strictObject({ runId: runIdSchema }),
  },
  'runs.cancel': { args: z.tuple([runIdSchema]), result: z.strictObject({ cancelled: z.boolean() }) },
  'runs.list': { args: z.tuple([runListQuerySchema]), result: runListSchema },
  'runs.get': { args: z.tuple([runIdSchema]), result: runDetailsSchema.nullable() },
  'runs.delete': { args: z.tuple([runIdSchema]), result: z.strictObject({ deleted: z.boolean() }) },
  'runs.storage': { args: z.tuple([]), result: runStorageInfoSchema },
  'runs.rename': {
    args: z.tuple([runIdSchema, runLabelSchema]),
    result: z.strictObject({ renamed: z.boolean() }),
  },
  'runs.facets': { args: z.tuple([]), result: runFacetsSchema },
  'topology.instances': { args: z.tuple([runDocumentSchema]), result: instanceViewSchema },
  'documents.open': { args: z.tuple([]), result: openedDocumentSchema.nullable() },
  'documents.import': { args: z.tuple([]), result: openedDocumentSchema.nullable() },
  'documents.recent': { args: z.tuple([]), result: recentFilesSchema },
  'documents.openRecent': { args: z.tuple([recentIdSchema]), result: openedDocumentSchema },
  'documents.clearRecent': { args: z.tuple([]), result: recentFilesSchema },
  'documents.takePending': { args: z.tuple([]), result: openedDocumentSchema.nullable() },
  'documents.save': {
    args: z.tuple([documentHandleSchema, documentTextSchema]),
    result: savedDocumentSchema,
  },
  'documents.saveAs': {
    args: z.tuple([documentTextSchema, documentNameSchema]),
    result: savedDocumentSchema.nullable(),
  },
  'documents.export': {
    args: z.tuple([documentTextSchema, documentNameSchema]),
    result: z.strictObject({ name: z.string(), path: z.string() }).nullable(),
  },
  'documents.exportFile': {
    args: z.tuple([z.enum(EXPORT_FORMATS), exportDataSchema, documentNameSchema]),
    result: z.strictObject({ name: z.string(), path: z.string() }).nullable(),
  },
  'documents.autosave': {
    args: z.tuple([documentTextSchema, autosaveInfoSchema]),
    result: z.strictObject({ savedAt: z.number() }),
  },
  'documents.restoreOffer': { args: z.tuple([]), result: autosaveOfferSchema.nullable() },
  'documents.discardAutosave': {
    args: z.tuple([autosaveSlotSchema.optional()]),
    result: z.strictObject({ discarded: z.boolean() }),
  },
  'studio.state': { args: z.tuple([studioStateSchema]), result: z.null() },
} as const satisfies ChannelSchemas;

/** Runtime schemas of every event channel: payloads are checked where they arrive. */
export const eventSchemas = {
  'runs.progress': runProgressSchema,
  'runs.finished': runFinishedSchema,
  'commands.invoke': commandInvocationSchema,
  'documents.openRequested': z.strictObject({ name: z.string().max(255) }),
  'studio.notice': z.strictObject({
    level: z.enum(['info', 'warning', 'error']),
    message: z.string().max(2000),
  }),
} as const satisfies {
  readonly [C in EventChannel]: z.ZodType<EventPayload<C>>;
};

/** Every request channel, in contract order: the preload and the web host expose exactly these. */
export const REQUEST_CHANNELS = Object.freeze(Object.keys(requestSchemas)) as readonly RequestChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

/** Every event channel, in contract order: the preload and the web host forward exactly these. */
export const EVENT_CHANNELS = Object.freeze(Object.keys(eventSchemas)) as readonly EventChannel[];

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

/** One event as the main side emits it: its channel and payload, paired so they cannot mismatch. */
export type StudioEvent = {
  readonly [C in EventChannel]: { readonly channel: C; readonly payload: EventPayload<C> };
}[EventChannel];

/** The events of some channels only (the run service emits `runs.*`). */
export type StudioEventOf<C extends EventChannel> = Extract<StudioEvent, { readonly channel: C }>;

/**
 * Where main-process events come from (the run service, the documents service, the menus); the
 * shells forward them.
 */
export interface StudioEventSource<E extends StudioEvent = StudioEvent> {
  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: (event: E) => void): () => void;
}

/** The answer to a request as it crosses a boundary: errors travel as data, never as throws. */
export type RequestResponse<C extends RequestChannel = RequestChannel> =
  | { readonly ok: true; readonly result: RequestResult<C> }
  | { readonly ok: false; readonly error: { readonly message: string } };

export const requestResponseSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: z.strictObject({ message: z.string() }) }),
]);

/** Subscribes to one event channel; returns the function that unsubscribes. */
export type SubscribeToEvent = <C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
) => () => void;

/**
 * The typed API the renderer talks to (`window.archsim` in Electron, the HTTP and WebSocket client
 * in the web host): one function per request channel, resolving to its result or rejecting with
 * its error, and `on` for the events.
 */
export type ArchsimApi = {
  readonly [C in RequestChannel]: (...args: RequestArgs<C>) => Promise<RequestResult<C>>;
} & { readonly on: SubscribeToEvent };

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
