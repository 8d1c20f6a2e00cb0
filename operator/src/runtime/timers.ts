// Time as a seam: the runtime never calls Date.now or setTimeout directly, so tests drive it.

export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  now(): number;
  after(delayMs: number, callback: () => void): TimerHandle;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  after: (delayMs, callback) => {
    const timer = setTimeout(callback, delayMs);
    // Timers alone never keep the process alive: shutdown must not wait for a pending requeue.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export function sleep(timers: Timers, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const handle = timers.after(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    const onAbort = (): void => {
      handle.cancel();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
