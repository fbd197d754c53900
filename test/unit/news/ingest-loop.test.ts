/** The ingest loop: one pass at a time, and a stopper that waits for the pass in flight. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/core/logger.js';
import type { IngestSummary } from '../../../src/news/ingest.js';

// node-cron replaced by a fake whose ticks the test fires by hand (no clock involved).
const cronFake = vi.hoisted(() => ({ ticks: [] as Array<() => unknown>, stopped: 0, destroyed: 0 }));
vi.mock('node-cron', () => ({
  default: {
    validate: () => true,
    schedule: (_expr: string, fn: () => unknown) => {
      cronFake.ticks.push(fn);
      return {
        stop: () => {
          cronFake.stopped++;
        },
        destroy: () => {
          cronFake.destroyed++;
        },
      };
    },
  },
}));

const { startIngestLoop } = await import('../../../src/news/news-runtime.js');

const summary = { totals: { ok: 1, failed: 0, new: 0 } } as IngestSummary;

/** An ingestor whose passes finish only when the test says so; counts passes running at once. */
function fakeIngestor() {
  const pending: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  let calls = 0;
  return {
    run: (): Promise<IngestSummary> => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      return new Promise<IngestSummary>((resolve) => {
        pending.push(() => {
          running--;
          resolve(summary);
        });
      });
    },
    finish: () => pending.shift()?.(),
    get calls() {
      return calls;
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

const logger = (): Logger & { warned: string[] } => {
  const warned: string[] = [];
  return { warned, debug() {}, info() {}, warn: (_o, msg) => void warned.push(msg ?? ''), error: (_o, msg) => void warned.push(msg ?? '') };
};

/** Lets every pending promise callback and I/O callback run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

beforeEach(() => {
  cronFake.ticks.length = 0;
  cronFake.stopped = 0;
  cronFake.destroyed = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startIngestLoop', () => {
  it('runs one pass at start-up and never a second one beside it (start-up pass + cron tick)', async () => {
    const ing = fakeIngestor();
    const stop = startIngestLoop(ing, '*/15 * * * *', logger());
    expect(ing.calls).toBe(1); // the immediate pass
    void cronFake.ticks[0]!(); // a cron tick while the start-up pass still runs
    await settle();
    expect(ing.maxRunning).toBe(1);
    expect(ing.calls).toBe(1);
    ing.finish();
    await settle();
    void cronFake.ticks[0]!(); // the next tick after it finished runs normally
    expect(ing.calls).toBe(2);
    ing.finish();
    await stop();
  });

  it('stop waits for the pass in flight before resolving, and starts no pass afterwards', async () => {
    const ing = fakeIngestor();
    const stop = startIngestLoop(ing, '*/15 * * * *', logger());
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(cronFake.stopped).toBe(1);
    expect(stopped).toBe(false); // the start-up pass is still writing
    ing.finish();
    await stopping;
    expect(stopped).toBe(true);
    await cronFake.ticks[0]!(); // a late tick after stop
    expect(ing.calls).toBe(1);
  });

  it('stop gives up waiting after 10 s, logs it and resolves', async () => {
    vi.useFakeTimers();
    const ing = fakeIngestor();
    const log = logger();
    const stop = startIngestLoop(ing, '*/15 * * * *', log);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(stopped).toBe(true);
    expect(log.warned.join('\n')).toMatch(/ingest pass still running/);
  });
});
