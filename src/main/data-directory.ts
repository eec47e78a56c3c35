/**
 * The per-user data folder of the web host (the run history), where `--data DIR` does not say
 * otherwise. Electron has its own (app.getPath('userData')).
 */
import os from 'node:os';
import path from 'node:path';

/**
 * - Linux and other Unix: $XDG_DATA_HOME/archsim, else ~/.local/share/archsim;
 * - macOS: ~/Library/Application Support/archsim;
 * - Windows: %LOCALAPPDATA%\archsim, else %APPDATA%\archsim, else ~\AppData\Local\archsim.
 */
export function defaultDataDirectory(
  environment: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const absolute = (value: string | undefined) =>
    value !== undefined && value !== '' && paths.isAbsolute(value) ? value : undefined;
  if (platform === 'win32') {
    const base =
      absolute(environment['LOCALAPPDATA']) ??
      absolute(environment['APPDATA']) ??
      path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(base, 'archsim');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'archsim');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  return path.posix.join(
    absolute(environment['XDG_DATA_HOME']) ?? path.posix.join(home, '.local', 'share'),
    'archsim',
  );
}
