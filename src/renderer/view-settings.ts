/**
 * Panels and theme, kept in the browser's storage between sessions: the sidebar (palette and
 * examples), the JSON editor, the canvas's instance view and eureka, light or dark.
 */
import type { StudioState, Theme } from '@shared/commands.ts';

export interface ViewSettings {
  readonly panels: StudioState['panels'];
  readonly theme: Theme;
}

const VIEW_STORAGE_KEY = 'archsim.view';

export function loadViewSettings(): ViewSettings {
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const fallback: ViewSettings = {
    panels: { examples: true, editor: true, instances: false, eureka: false, valueChain: false },
    theme: prefersDark ? 'dark' : 'light',
  };
  try {
    const stored = JSON.parse(
      window.localStorage.getItem(VIEW_STORAGE_KEY) ?? 'null',
    ) as Partial<ViewSettings> | null;
    return {
      panels: {
        examples: stored?.panels?.examples !== false,
        editor: stored?.panels?.editor !== false,
        instances: stored?.panels?.instances === true,
        eureka: stored?.panels?.eureka === true,
        valueChain: stored?.panels?.valueChain === true,
      },
      theme: stored?.theme === 'dark' || stored?.theme === 'light' ? stored.theme : fallback.theme,
    };
  } catch {
    return fallback;
  }
}

export function saveViewSettings(settings: ViewSettings): void {
  try {
    window.localStorage.setItem(VIEW_STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage may be unavailable; the settings then last for this session.
  }
}
