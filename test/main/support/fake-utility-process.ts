/**
 * A stand-in for Electron's `utilityProcess` (its binary cannot be downloaded here). A child can
 * run the real engine host in this process, so a run goes through the adapter's message path
 * exactly as it would through a utility process; or stay silent, for the crash and hang paths.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { createEngineHost, type EngineHost } from '@engine/host/engine-host.ts';
import type { UtilityProcessChild, UtilityProcessModule } from '@engine/host/utility-process.ts';

export class FakeUtilityChild extends EventEmitter implements UtilityProcessChild {
  readonly stderr = new PassThrough();
  /** Every message posted to the child, in order. */
  readonly received: unknown[] = [];
  killed = false;
  exited = false;
  private readonly host: EngineHost | null;

  constructor(
    readonly modulePath: string,
    readonly options: unknown,
    runsEngine: boolean,
  ) {
    super();
    this.host = runsEngine
      ? createEngineHost((message) => this.emit('message', structuredClone(message)))
      : null;
    setImmediate(() => this.emit('spawn'));
  }

  postMessage(message: unknown): void {
    if (this.exited) throw new Error('postMessage after the process exited');
    const copy = structuredClone(message);
    this.received.push(copy);
    if (this.host) setImmediate(() => this.host?.receive(copy));
  }

  kill(): boolean {
    if (this.exited) return false;
    this.killed = true;
    setImmediate(() => this.exit(0));
    return true;
  }

  /** The process ends (a crash when the test calls it), after writing `stderr` if given. */
  exit(code: number, stderr?: string): void {
    if (this.exited) return;
    // A dead process says nothing more and simulates nothing more.
    this.removeAllListeners('message');
    const runId = this.host?.activeRunId;
    if (runId !== null && runId !== undefined) this.host?.receive({ type: 'cancel', runId });
    if (stderr !== undefined) this.stderr.write(stderr);
    // Let the stderr chunk arrive first, as it would from a real pipe.
    setImmediate(() => {
      this.exited = true;
      this.emit('exit', code);
    });
  }
}

/** A `utilityProcess` whose children run the engine (default) or stay silent. */
export function fakeUtilityProcess(options: { runsEngine?: boolean } = {}): {
  readonly module: UtilityProcessModule;
  readonly children: FakeUtilityChild[];
} {
  const children: FakeUtilityChild[] = [];
  return {
    children,
    module: {
      fork: (modulePath, _args, forkOptions) => {
        const child = new FakeUtilityChild(modulePath, forkOptions, options.runsEngine ?? true);
        children.push(child);
        return child;
      },
    },
  };
}
