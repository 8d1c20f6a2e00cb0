import { readFile } from 'node:fs/promises';
import { CliError } from './errors.ts';

/**
 * Parses a server config file: one `key=value` per line (java-properties style), `#` or `!`
 * comments, blank lines ignored, `\n` and `\\` escapes in values (what the operator renders).
 */
export function parseConfigText(text: string, source: string): Record<string, string> {
  const config: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const entry = parseEntry(line);
    if (entry === undefined) throw new CliError(`${source}:${index + 1}: expected key=value: "${line}"`);
    config[entry[0]] = unescape(entry[1]);
  });
  return config;
}

/** Parses one `--config key=value`. */
export function parseConfigOption(text: string): [string, string] {
  const entry = parseEntry(text.trim());
  if (entry === undefined) throw new CliError(`Invalid --config, expected key=value: "${text}"`);
  return entry;
}

function parseEntry(line: string): [string, string] | undefined {
  const eq = line.indexOf('=');
  if (eq <= 0) return undefined;
  const key = line.slice(0, eq).trim();
  if (key === '') return undefined;
  return [key, line.slice(eq + 1).trim()];
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char));
}

/** The config of a server command: the file first, then each --config on top (later wins). */
export async function loadServerConfig(options: { config?: string[]; configFile?: string }): Promise<Record<string, string>> {
  const fromFile = options.configFile === undefined ? {} : parseConfigText(await readFile(options.configFile, 'utf8'), options.configFile);
  return { ...fromFile, ...Object.fromEntries((options.config ?? []).map(parseConfigOption)) };
}
