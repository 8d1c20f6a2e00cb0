import type { Timers } from '../../server/src/common/timers.ts';

/**
 * The one clock of a simulated cluster, as a discrete-event loop. Every timer a process sets (a
 * heartbeat, a fetch back-off, a long poll's deadline, a message in flight) is an event owned by
 * that process; `run` fires the due events one at a time in (time, order set) order, and after
 * each waits until the work it started has nothing left but waiting for a later event (file-system
 * calls included: see `settle`). So two events never interleave, and a seed replays exactly.
 *
 * A process is an owner name (`server-1#3`: server 1's third start). When it crashes (`kill`) its
 * pending events are dropped and whatever its leftover code schedules later never fires, so a dead
 * process cannot act again, not even through a timer it sets after its death.
 */

interface SimEvent {
  at: number;
  seq: number;
  owner: string;
  callback: () => void;
  cancelled: boolean;
}

export class SimClock {
  #now: number;
  #seq = 0;
  /** Pending events, ordered by (at, seq). */
  #events: SimEvent[] = [];
  readonly #dead = new Set<string>();
  /** True while `run` fires events (false while the schedule itself acts: starts, crashes). */
  running = false;
  /** Events fired so far (a measure of a run's work). */
  fired = 0;
  /** Called after each event has settled (the invariants that must hold at every instant). */
  afterEvent: () => void | Promise<void> = () => undefined;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** The Timers a process's components get: every timer they set is one of this process's events. */
  timersFor(owner: string): Timers {
    return {
      now: () => this.#now,
      schedule: (callback, ms) => this.schedule(owner, callback, ms),
      sleep: (ms) => new Promise((resolve) => this.schedule(owner, resolve, ms)),
    };
  }

  schedule(owner: string, callback: () => void, ms: number): () => void {
    if (this.#dead.has(owner)) return () => undefined;
    const event: SimEvent = { at: this.#now + Math.max(0, ms), seq: this.#seq++, owner, callback, cancelled: false };
    // Binary search for the insertion point keeps the queue ordered without re-sorting.
    let low = 0;
    let high = this.#events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.#events[mid]!;
      if (other.at < event.at || (other.at === event.at && other.seq < event.seq)) low = mid + 1;
      else high = mid;
    }
    this.#events.splice(low, 0, event);
    return () => {
      event.cancelled = true;
    };
  }

  /** A crash: the process's pending timers never fire, and none it sets from now on. */
  kill(owner: string): void {
    this.#dead.add(owner);
    this.#events = this.#events.filter((event) => event.owner !== owner);
  }

  isDead(owner: string): boolean {
    return this.#dead.has(owner);
  }

  /** Fires, one at a time, every event due within `ms` from now (also those they set), then moves the clock there. */
  async run(ms: number): Promise<void> {
    const target = this.#now + ms;
    this.running = true;
    try {
      await this.#fireUntil(target);
    } finally {
      this.running = false;
    }
    this.#now = target;
  }

  async #fireUntil(target: number): Promise<void> {
    for (;;) {
      const next = this.#events[0];
      if (next === undefined || next.at > target) break;
      this.#events.shift();
      if (next.cancelled || this.#dead.has(next.owner)) continue;
      this.#now = Math.max(this.#now, next.at);
      this.fired++;
      next.callback();
      await settle();
      await this.afterEvent();
    }
  }
}

/** libuv requests of the file system (promise and callback APIs, and file-handle closes). */
const FILE_SYSTEM_REQUEST = /^FSReq|^FileHandle|^CloseReq/;

/**
 * Waits until nothing started so far can move on by itself: no microtask queued and no
 * file-system call in flight, twice in a row (a call's continuation may start another). What is
 * left waits for a simulated event.
 */
export async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await new Promise((resolve) => setImmediate(resolve));
    const busy = process.getActiveResourcesInfo().some((name) => FILE_SYSTEM_REQUEST.test(name));
    quiet = busy ? 0 : quiet + 1;
  }
}
