/** A `host:port` endpoint, as given on command lines and in FLUSS_BOOTSTRAP. */
export interface Endpoint {
  host: string;
  port: number;
}

export function parseEndpoint(text: string): Endpoint {
  const match = /^(.+):(\d+)$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`Invalid address, expected host:port: "${text}"`);
  }
  return { host: match[1], port };
}

export function formatEndpoint(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
