/**
 * Entry point of the web host (`npm run web`, or `npm start` where Electron's binary is
 * missing): starts the server over the built renderer, prints its URL and, on a desktop that
 * has a browser, opens it.
 *
 *   node out/main/web.js [--port N] [--examples DIR] [--data DIR] [--no-open] [FILE.json]
 *
 * The run history is DIR/runs.sqlite and the autosave DIR/autosave/ (default DIR: the per-user
 * data folder, ./data-directory.ts); the engine runs in a Node worker thread
 * (out/main/engine-worker.js). FILE.json opens in the studio, and Save writes it back; it is the
 * only file the web host reads or writes for the page (others are uploaded and downloaded).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeWorkerFactory, engineWorkerFile } from '@engine/host/node-worker.ts';
import { defaultDataDirectory } from './data-directory.ts';
import { createDocumentsService } from './documents/documents-service.ts';
import { mergeEventSources } from './events.ts';
import { openRunHistory } from './runs/history.ts';
import { createServices } from './services/index.ts';
import { startWebHost, type WebHost } from './web-host.ts';

// NOTE: computed here, in the entry module, so that it is right both for src/main/web.ts and
// for the bundled out/main/web.js (two folders below the project root either way).
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface WebCommandOptions {
  readonly port: number;
  readonly examplesDirectory: string;
  readonly rendererDirectory: string;
  /** Where the run history is kept (runs.sqlite). */
  readonly dataDirectory: string;
  readonly open: boolean;
  /** The architecture file to open (absolute), if one was given. */
  readonly file: string | null;
}

export const WEB_USAGE =
  'usage: archsim web host [--port N] [--examples DIR] [--data DIR] [--no-open] [FILE.json]';

/** Parses the command line; throws with a message for anything it does not understand. */
export function parseWebArguments(
  argv: readonly string[],
  root = projectRoot,
  defaultData: () => string = () => defaultDataDirectory(),
  // NOTE: npm runs scripts in the project folder; INIT_CWD is where `npm run web -- FILE` was typed.
  workingDirectory: string = process.env['INIT_CWD'] || process.cwd(),
): WebCommandOptions {
  let port = 0;
  let file: string | null = null;
  let examplesDirectory = path.join(root, 'resources', 'examples');
  let dataDirectory: string | undefined;
  let open = true;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value\n${WEB_USAGE}`);
      return next;
    };
    if (argument === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0–65535');
    } else if (argument === '--examples') {
      examplesDirectory = path.resolve(value());
    } else if (argument === '--data') {
      dataDirectory = path.resolve(value());
    } else if (argument === '--no-open') {
      open = false;
    } else if (argument === '--web') {
      // start.js's own switch
    } else if (argument !== undefined && !argument.startsWith('-')) {
      if (file !== null) throw new Error(`one file at a time (the studio shows one document)\n${WEB_USAGE}`);
      file = path.resolve(workingDirectory, argument);
    } else {
      throw new Error(`unknown argument ${JSON.stringify(argument)}\n${WEB_USAGE}`);
    }
  }
  return {
    port,
    examplesDirectory,
    rendererDirectory: path.join(root, 'out', 'renderer'),
    dataDirectory: dataDirectory ?? defaultData(),
    open,
    file,
  };
}

/** Starts the web host for a command line and prints where it is. */
export async function runWebHost(argv: readonly string[]): Promise<WebHost> {
  const options = parseWebArguments(argv);
  if (!existsSync(path.join(options.rendererDirectory, 'index.html'))) {
    throw new Error(`the renderer is not built (${options.rendererDirectory} is missing): run npm run build`);
  }
  if (options.file !== null && !existsSync(options.file)) {
    throw new Error(`${options.file} does not exist`);
  }
  prepareDataDirectory(options.dataDirectory);
  const history = openRunHistory({
    dataDirectory: options.dataDirectory,
    createWorker: createNodeWorkerFactory({ file: engineWorkerFile(import.meta.url) }),
  });
  // No dialogs and no Open Recent: the page reads only the file given here, or what it uploads.
  const documents = createDocumentsService({
    dataDirectory: options.dataDirectory,
    dialogs: null,
    recentFiles: false,
    ...(options.file === null ? {} : { commandLineFile: options.file }),
  });
  const services = createServices({
    shell: 'web',
    packageJsonPath: path.join(projectRoot, 'package.json'),
    examplesDirectory: options.examplesDirectory,
    runs: history.runs,
    documents,
  });
  let host: WebHost;
  try {
    host = await startWebHost({
      services,
      events: mergeEventSources(history.runs, documents),
      rendererDirectory: options.rendererDirectory,
      port: options.port,
    });
  } catch (error) {
    await history.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${options.port} is in use (another program, or another archsim, listens there); ` +
          'choose another with --port N, or leave --port out for any free port',
        { cause: error },
      );
    }
    throw error;
  }
  console.log(`archsim web host listening on ${host.origin} (127.0.0.1 only)`);
  const storage = history.runs.storageInfo();
  console.log(
    `Run history: ${storage.location}${storage.unavailable ? ' (cannot be opened: this session keeps its runs in memory)' : ''}`,
  );
  if (options.file !== null) console.log(`Opening: ${options.file}`);
  console.log(`Open the studio at: ${host.url}`);
  if (options.open && openBrowser(host.url)) {
    console.log('(opened in your browser)');
  }
  console.log('Press Ctrl+C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void host
        .close()
        .then(() => Promise.all([history.close(), documents.close()]))
        .finally(() => process.exit(0));
    });
  }
  return host;
}

/**
 * Makes sure the data folder (`--data DIR`) is a folder archsim can write its run history and
 * autosave into, creating it when missing; otherwise throws one line that says what is wrong.
 */
export function prepareDataDirectory(directory: string): void {
  const existing = statSync(directory, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isDirectory()) {
    throw new Error(
      `--data ${directory}: that is a file, not a folder; give a folder for the run history and ` +
        'autosave (it is created when missing)',
    );
  }
  const reason = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EROFS') return 'a read-only file system';
    if (code === 'ENOTDIR') return 'a folder on its path is a file';
    return (error as Error).message;
  };
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw new Error(`--data ${directory}: cannot create the data folder (${reason(error)})`, {
      cause: error,
    });
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw new Error(
      `--data ${directory}: the data folder cannot be written (${reason(error)}); the web host keeps ` +
        'its run history and autosave there: give another with --data DIR',
      { cause: error },
    );
  }
}

/**
 * Opens `url` in the desktop's browser where there is one and this is not CI; returns whether
 * it tried. Headless machines just get the printed URL.
 */
export function openBrowser(url: string, environment: NodeJS.ProcessEnv = process.env): boolean {
  if (environment['CI']) return false;
  let command: string | undefined;
  if (process.platform === 'darwin') {
    command = 'open';
  } else if (process.platform === 'linux' && (environment['DISPLAY'] || environment['WAYLAND_DISPLAY'])) {
    command = findExecutable('xdg-open', environment['PATH'] ?? '');
  }
  if (command === undefined) return false;
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

function findExecutable(name: string, searchPath: string): string | undefined {
  for (const directory of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runWebHost(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`archsim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
