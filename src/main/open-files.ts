/**
 * Files the OS asks the desktop app to open: on its command line (the first instance's argv and
 * a second instance's, forwarded by requestSingleInstanceLock) and, on macOS, the `open-file`
 * event. Only `.json` files are taken; the studio shows one document, so the last one wins.
 */
import path from 'node:path';

/**
 * The document files named on a command line, as absolute paths: arguments after the
 * executable (and after the app's folder when Electron runs it unpackaged, `electron .`) that
 * are not switches (Chromium adds some) and end in `.json`.
 */
export function documentFilesFromArgv(
  argv: readonly string[],
  workingDirectory: string,
  defaultApp: boolean,
): string[] {
  const rest = argv.slice(defaultApp ? 2 : 1);
  return rest
    .filter((argument) => !argument.startsWith('-') && /\.json$/i.test(argument))
    .map((argument) => path.resolve(workingDirectory, argument));
}
