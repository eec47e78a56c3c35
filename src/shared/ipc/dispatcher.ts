/**
 * Both ends of the contract, independent of the transport:
 * - `handleRequest` is the receiving end. Electron's ipcMain handlers and the web host's HTTP
 *   API both call it, so the web host is a second shell over the same services, not a second
 *   implementation.
 * - `createApi` is the calling end: it turns a transport's `send` (and, for events, its
 *   `connectEvents`) into the typed `ArchsimApi` (the preload over ipcRenderer, the renderer over
 *   HTTP and a WebSocket, tests in memory).
 */
import type { z } from 'zod';
import {
  REQUEST_CHANNELS,
  RequestError,
  eventSchemas,
  isEventChannel,
  isRequestChannel,
  requestResponseSchema,
  requestSchemas,
  type ArchsimApi,
  type EventChannel,
  type EventPayload,
  type RequestChannel,
  type RequestResponse,
  type Services,
  type StudioEvent,
  type StudioEventSource,
} from './contract.ts';

export interface HandleRequestOptions {
  /** Told about errors that are not `RequestError`s (their details stay on this side). */
  readonly onUnexpectedError?: (channel: RequestChannel, error: unknown) => void;
}

/**
 * Validates a request that arrived from outside (`channel` and `args` are untrusted), calls the
 * service and returns the response as data. Never throws.
 */
export async function handleRequest(
  services: Services,
  channel: unknown,
  args: unknown,
  options: HandleRequestOptions = {},
): Promise<RequestResponse> {
  if (!isRequestChannel(channel)) {
    return failure(`unknown channel ${describeChannel(channel)}`);
  }
  try {
    const parsed = requestSchemas[channel].args.safeParse(args);
    if (!parsed.success) {
      return failure(`invalid arguments for ${channel}: ${describeIssues(parsed.error)}`);
    }
    const service = services[channel] as (...serviceArgs: unknown[]) => unknown;
    const result = await service(...(parsed.data as unknown[]));
    return { ok: true, result: result as never };
  } catch (error) {
    if (error instanceof RequestError) return failure(error.message);
    options.onUnexpectedError?.(channel, error);
    return failure(`${channel} failed unexpectedly`);
  }
}

/** Sends one request over a transport and resolves to the raw response that came back. */
export type SendRequest = (channel: RequestChannel, args: readonly unknown[]) => Promise<unknown>;

/**
 * Connects a transport's events: calls `deliver` with each event that arrives (channel and payload
 * still unchecked) and returns the function that disconnects.
 */
export type ConnectEvents = (deliver: (channel: unknown, payload: unknown) => void) => () => void;

/** Told about events that failed validation (they are dropped). */
export type OnMalformedEvent = (message: string) => void;

/**
 * Checks an event that arrived from outside against the contract: the typed event, or a message
 * saying why not.
 */
export function parseEvent(channel: unknown, payload: unknown): StudioEvent | { readonly error: string } {
  if (!isEventChannel(channel)) return { error: `unknown event channel ${describeChannel(channel)}` };
  const parsed = eventSchemas[channel].safeParse(payload);
  if (!parsed.success) return { error: `malformed ${channel} event: ${describeIssues(parsed.error)}` };
  return { channel, payload: parsed.data } as StudioEvent;
}

/**
 * Builds the typed API from the contract's channel list. Responses are validated on arrival:
 * a malformed response or result rejects, as does an `ok: false` response (with its message).
 * Events too: `on` listeners only ever see payloads that match the contract. The transport's
 * events are connected when the first listener subscribes.
 */
export function createApi(
  send: SendRequest,
  connectEvents?: ConnectEvents,
  onMalformedEvent: OnMalformedEvent = (message) => console.error(`archsim: ${message}`),
): ArchsimApi {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  let connected = false;
  const deliver = (channel: unknown, payload: unknown) => {
    const event = parseEvent(channel, payload);
    if ('error' in event) {
      onMalformedEvent(event.error);
      return;
    }
    for (const listener of [...(listeners.get(event.channel) ?? [])]) {
      try {
        (listener as (value: unknown) => void)(event.payload);
      } catch (error) {
        console.error(`archsim: a ${event.channel} listener failed`, error);
      }
    }
  };
  const on = <C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void) => {
    if (!isEventChannel(channel)) throw new Error(`unknown event channel ${describeChannel(channel)}`);
    if (typeof listener !== 'function') throw new Error('an event listener must be a function');
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener as (payload: never) => void);
    if (!connected && connectEvents) {
      connected = true;
      connectEvents(deliver);
    }
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  };
  const entries = REQUEST_CHANNELS.map((channel) => {
    const call = async (...args: unknown[]): Promise<unknown> => {
      const response = requestResponseSchema.safeParse(await send(channel, args));
      if (!response.success) throw new Error(`${channel}: malformed response`);
      if (!response.data.ok) throw new Error(response.data.error.message);
      const result = requestSchemas[channel].result.safeParse(response.data.result);
      if (!result.success) throw new Error(`${channel}: malformed result: ${describeIssues(result.error)}`);
      return result.data;
    };
    return [channel, call] as const;
  });
  return Object.freeze({ ...Object.fromEntries(entries), on }) as unknown as ArchsimApi;
}

/**
 * An in-memory channel pair: the API of `createApi` wired straight to `handleRequest` (and, when
 * given, to an event source), with everything passed through `structuredClone` as a real
 * boundary would.
 */
export function createInMemoryApi(
  services: Services,
  options: HandleRequestOptions = {},
  events?: StudioEventSource,
): ArchsimApi {
  return createApi(
    async (channel, args) =>
      structuredClone(await handleRequest(services, channel, structuredClone(args), options)),
    events &&
      ((deliver) => events.subscribe((event) => deliver(event.channel, structuredClone(event.payload)))),
  );
}

function failure(message: string): RequestResponse {
  return { ok: false, error: { message } };
}

function describeChannel(channel: unknown): string {
  return typeof channel === 'string' ? JSON.stringify(channel.slice(0, 100)) : `of type ${typeof channel}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length > 0 ? `[${issue.path.map(String).join('.')}] ${issue.message}` : issue.message,
    )
    .join('; ');
}
