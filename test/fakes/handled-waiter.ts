/**
 * Lets a harness wait until an adapter reports (through its onHandled hook) that it has finished
 * with one event — an interaction or an update — whether that happens before or after the wait.
 */

/** Tracks handled event ids and the tests waiting for them. */
export class HandledWaiter<K> {
  private readonly done = new Set<K>();
  private readonly waiting = new Map<K, () => void>();

  /** The adapter's onHandled hook. */
  readonly handled = (id: K): void => {
    this.done.add(id);
    this.waiting.get(id)?.();
    this.waiting.delete(id);
  };

  /** Resolves once `id` was handled; rejects with `what` after `ms`. */
  wait(id: K, what: string, ms = 20_000): Promise<void> {
    if (this.done.has(id)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} was not handled`)), ms);
      this.waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
