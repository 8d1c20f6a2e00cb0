/**
 * Time as a seam for the client: the writer's linger timer, retry backoff and the scanner's poll
 * deadline all go through here, so tests drive them without real waiting.
 */
export interface Timers {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
  sleep(ms: number): Promise<void>;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
