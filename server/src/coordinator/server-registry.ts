import type { Clock } from '../common/timers.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import { FlussError } from '../rpc/errors.ts';

function addressOf(node: ServerNode__Output): string {
  return `${node.host}:${node.port}`;
}

/**
 * Tablet servers known to this coordinator and whether they are alive: a server is live while
 * its last heartbeat is younger than `sessionTimeoutMs`. Registrations are not persisted: after a
 * coordinator restart servers re-register on their next heartbeat. Neither is which servers are
 * shutting down: a server still stopping asks again (tablet/controlled-shutdown.ts).
 */
export class ServerRegistry {
  readonly #clock: Clock;
  readonly #sessionTimeoutMs: number;
  readonly #servers = new Map<number, { node: ServerNode__Output; lastSeenMs: number }>();
  /** Servers in a controlled shutdown (controlled-shutdown.ts), until their next process registers. */
  readonly #shuttingDown = new Set<number>();

  constructor(clock: Clock, sessionTimeoutMs: number) {
    this.#clock = clock;
    this.#sessionTimeoutMs = sessionTimeoutMs;
  }

  /**
   * Registers a server, refusing (ALREADY_EXISTS) a registration for a server id whose session is
   * alive at another address: a second server with the same id, or someone else, would otherwise
   * take over its buckets and redirect its clients. The same address may re-register (a restart).
   */
  register(node: ServerNode__Output): void {
    this.checkRegistration(node);
    this.#servers.set(node.id, { node, lastSeenMs: this.#clock.now() });
  }

  /** Throws what `register` would refuse, changing nothing. */
  checkRegistration(node: ServerNode__Output): void {
    const current = this.#servers.get(node.id);
    if (current && this.#isLive(current.lastSeenMs) && addressOf(current.node) !== addressOf(node)) {
      throw new FlussError(
        'ALREADY_EXISTS',
        `Tablet server id ${node.id} is registered from ${addressOf(current.node)} and alive; refusing a registration ` +
          `from ${addressOf(node)}. Server ids must be unique; a restarted server on a new address may register ` +
          `once the old session expires`,
      );
    }
  }

  /** Records a heartbeat; false when the server is unknown and must register again. */
  heartbeat(serverId: number): boolean {
    const entry = this.#servers.get(serverId);
    if (!entry) return false;
    entry.lastSeenMs = this.#clock.now();
    return true;
  }

  #isLive(lastSeenMs: number): boolean {
    return this.#clock.now() - lastSeenMs <= this.#sessionTimeoutMs;
  }

  liveNodes(): ServerNode__Output[] {
    return [...this.#servers.values()]
      .filter((entry) => this.#isLive(entry.lastSeenMs))
      .map((entry) => entry.node)
      .sort((a, b) => a.id - b.id);
  }

  /** Every server registered since this coordinator started, live or not, by id. */
  knownNodes(): Array<{ node: ServerNode__Output; live: boolean }> {
    return [...this.#servers.values()].map((entry) => ({ node: entry.node, live: this.#isLive(entry.lastSeenMs) })).sort((a, b) => a.node.id - b.node.id);
  }

  liveIds(): number[] {
    return this.liveNodes().map((node) => node.id);
  }

  /** The server asked for a controlled shutdown: it stays live until it stops, but leads nothing new. */
  markShuttingDown(serverId: number): void {
    this.#shuttingDown.add(serverId);
  }

  /** A new process of the server registered: it may lead again. */
  clearShuttingDown(serverId: number): void {
    this.#shuttingDown.delete(serverId);
  }

  shuttingDownIds(): ReadonlySet<number> {
    return new Set(this.#shuttingDown);
  }
}
