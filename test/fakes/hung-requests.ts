/**
 * Requests a fake server deliberately never answers (an injected hang): each is held until the
 * client gives up (its connection closes) or the fake shuts down, so the client's own timeout is
 * what the test exercises.
 */
import type { ServerResponse } from 'node:http';

/** The hung requests of one fake server. */
export class HungRequests {
  private readonly held = new Set<() => void>();

  /** Resolves when the client closes the connection or `releaseAll` runs; never answers. */
  hold(res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = (): void => {
        this.held.delete(release);
        resolve();
      };
      this.held.add(release);
      res.once('close', release);
    });
  }

  /** Lets every held request go (on shutdown). */
  releaseAll(): void {
    for (const release of [...this.held]) release();
  }
}
