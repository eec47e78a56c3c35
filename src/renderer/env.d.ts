/// <reference types="vite/client" />

// Monaco's worker internals, used by ./editor/json.worker.ts (the package ships no types for them).
declare module 'monaco-editor/internal/common/initialize.js' {
  export function initialize(factory: (context: unknown, createData: unknown) => unknown): void;
}
declare module 'monaco-editor/languages/features/json/jsonWorker.js' {
  export class JSONWorker {
    constructor(context: unknown, createData: unknown);
    _getTextDocument(uri: string): { getText(): string } | null;
  }
}
