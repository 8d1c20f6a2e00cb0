import { COORDINATOR_SETTINGS, readSettings, type SettingValues } from '../common/server-settings.ts';

/** Coordinator settings (common/server-settings.ts names their keys, defaults and meaning). */
export type CoordinatorConfig = SettingValues<typeof COORDINATOR_SETTINGS>;

/** Reads the coordinator's settings; any key no server role knows fails. */
export function coordinatorConfig(config: Record<string, string>): CoordinatorConfig {
  return readSettings(COORDINATOR_SETTINGS, config);
}
