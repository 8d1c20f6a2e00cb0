import { readSettings, TABLET_SETTINGS, type SettingValues } from '../common/server-settings.ts';

/** Tablet-server settings (common/server-settings.ts names their keys, defaults and meaning). */
export type TabletConfig = SettingValues<typeof TABLET_SETTINGS>;

/** Reads a tablet server's settings; any key no server role knows fails. */
export function tabletConfig(config: Record<string, string>): TabletConfig {
  return readSettings(TABLET_SETTINGS, config);
}
