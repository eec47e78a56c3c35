/**
 * Main-process events from several services as one source, which the shells forward (Electron
 * to its window, the web host over its WebSocket).
 */
import type { StudioEvent, StudioEventSource } from '@shared/ipc/contract.ts';

/** A source the main process emits into itself (the desktop's `commands.invoke`). */
export interface EventHub<E extends StudioEvent = StudioEvent> extends StudioEventSource<E> {
  emit(event: E): void;
}

export function createEventHub<E extends StudioEvent = StudioEvent>(): EventHub<E> {
  const listeners = new Set<(event: E) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error(`archsim: a ${event.channel} listener failed`, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The events of every source, as one. */
export function mergeEventSources(...sources: readonly StudioEventSource<StudioEvent>[]): StudioEventSource {
  return {
    subscribe(listener) {
      const stops = sources.map((source) => source.subscribe(listener));
      return () => stops.forEach((stop) => stop());
    },
  };
}
