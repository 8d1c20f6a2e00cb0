/** Lets async code wait for "something changed" (room freed, a fetch finished) without polling. */
export class Signal {
  #waiters: Array<() => void> = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  notifyAll(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
