/**
 * Server tags (Fluss's): PERMANENT_OFFLINE marks a server to be drained (a rebalance moves every
 * replica away, before the server is removed); TEMPORARY_OFFLINE marks one going away for a while
 * (a rebalance moves its leaderships away only; its replicas stay and catch up when it is back).
 * A tagged server gets no new replica, from a rebalance or from placing a new table.
 */
export const SERVER_TAGS = ['PERMANENT_OFFLINE', 'TEMPORARY_OFFLINE'] as const;
export type ServerTag = (typeof SERVER_TAGS)[number];

/** A tag as users spell it (case-insensitive, '-' or '_'); TypeError naming the valid ones otherwise. */
export function parseServerTag(name: string): ServerTag {
  const normalized = name.trim().toUpperCase().replaceAll('-', '_');
  const tag = SERVER_TAGS.find((t) => t === normalized);
  if (tag === undefined) throw new TypeError(`Unknown server tag '${name}': use ${SERVER_TAGS.join(' or ')}`);
  return tag;
}
