/**
 * Which shell runs the studio. Its own module because both the IPC contract (app info) and the
 * command registry (which shell offers a command) need it, and neither should import the other.
 */

/** The Electron desktop app, or the Node web host in a browser. */
export const SHELLS = ['electron', 'web'] as const;
export type Shell = (typeof SHELLS)[number];
