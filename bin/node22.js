// Running on the project's own Node 22 (DESIGN.md §6: the run store's SQLite binding segfaults on
// older Node, which is what many systems have). A launcher started by an older Node runs its script
// again on node_modules/node's Node 22 as a child, and the two live and die together:
//
// - the launcher forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to the child, and exits as the child
//   did (the same code, or the same signal);
// - the child watches its parent: if the launcher is gone (killed with SIGKILL, which cannot be
//   forwarded), the child ends itself within a second, so nothing outlives the command the user
//   started. The watch runs in a worker thread because the child's own thread may be busy for
//   minutes in a simulation.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Node 22 that `npm install` puts in node_modules (the `node` devDependency). */
export const BUNDLED_NODE = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));

/** Set in the child's environment: the launcher's pid, which the child watches. */
const PARENT_VARIABLE = 'ARCHSIM_LAUNCHER_PID';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Whether this process must re-run on Node 22: it is older. `ARCHSIM_REEXEC=1` forces it (the
 * tests use it to check the launcher where the system's Node is already new enough).
 */
export function needsNode22() {
  return Number(process.versions.node.split('.')[0]) < 22 || process.env['ARCHSIM_REEXEC'] === '1';
}

/**
 * Runs `script` with `args` on the bundled Node 22 and mirrors its end. Returns only if the child
 * cannot be started (after saying why, with exit status 2).
 */
export function runOnNode22(script, args, what) {
  if (!existsSync(BUNDLED_NODE)) {
    console.error(`${what} needs Node.js 22 or newer (this is ${process.version}); run "npm install" first`);
    process.exit(2);
  }
  const environment = { ...process.env, [PARENT_VARIABLE]: String(process.pid) };
  delete environment['ARCHSIM_REEXEC'];
  const child = spawn(BUNDLED_NODE, [script, ...args], { stdio: 'inherit', env: environment });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    console.error(`${what}: cannot start ${BUNDLED_NODE}: ${error.message}`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // End the same way the child did, so that a shell sees the same status (128 + signal).
    for (const name of FORWARDED_SIGNALS) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(1), 1000).unref();
  });
}

/**
 * In a child started by runOnNode22: ends this process when its launcher is gone. Does nothing in
 * a process started otherwise.
 */
export async function watchLauncher() {
  const launcher = Number(process.env[PARENT_VARIABLE]);
  delete process.env[PARENT_VARIABLE];
  if (!Number.isInteger(launcher) || launcher <= 0) return;
  const { Worker } = await import('node:worker_threads');
  const source = `
    const launcher = ${launcher};
    const timer = setInterval(() => {
      if (process.ppid === launcher) return;
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 2000);
    }, 250);
  `;
  // unref: the watch never keeps the process alive by itself.
  new Worker(source, { eval: true }).unref();
}
