/**
 * Keeps the bot from outliving whoever started it: it notices when `npm start` (or the tsx/sh
 * wrappers between npm and the bot) has died, and bounds shutdown so a hung stopper (a store
 * that no longer answers) cannot keep the process alive.
 */
import { readFileSync } from 'node:fs';

/** How long shutdown waits for all stoppers together before exiting anyway. */
export const SHUTDOWN_TIMEOUT_MS = 8_000;
/** How often the parent chain is checked. */
export const PARENT_POLL_MS = 1_000;

/** The parent of `pid` read from /proc (Linux); undefined elsewhere or when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4, after the command name in parentheses (which may itself contain spaces and ')').
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * The processes whose death should stop the bot: the parent and, when npm started us (npm sets
 * npm_lifecycle_event), every ancestor up to and including the npm process.
 */
export function watchedAncestors(env: NodeJS.ProcessEnv = process.env, self: number = process.pid): number[] {
  const parent = self === process.pid ? process.ppid : parentOf(self);
  if (!parent || parent === 1) return [];
  const chain = [parent];
  if (!env.npm_lifecycle_event) return chain;
  let pid: number | undefined = parent;
  for (let depth = 0; depth < 6 && pid !== undefined; depth++) {
    if (/(^|[\s/])npm(-cli\.js)?(\s|$)/.test(commandLine(pid))) return chain;
    pid = parentOf(pid);
    if (pid === undefined || pid === 1) break;
    chain.push(pid);
  }
  // No npm found above us (e.g. /proc unavailable): watch only the parent.
  return [parent];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when the parent changes (we were re-parented) or any watched ancestor has
 * exited. Returns a stopper. The timer is unref'd: it never keeps the process alive by itself.
 */
export function watchParent(onGone: (reason: string) => void, opts: { intervalMs?: number; ancestors?: number[] } = {}): () => void {
  const startParent = process.ppid;
  const ancestors = opts.ancestors ?? watchedAncestors();
  if (ancestors.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const dead = process.ppid !== startParent ? startParent : ancestors.find((pid) => !alive(pid));
    if (dead === undefined) return;
    clearInterval(timer);
    onGone(`parent process ${dead} exited`);
  }, opts.intervalMs ?? PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Something started that must be stopped on shutdown. */
export type Stopper = () => Promise<void>;

/**
 * Runs stoppers in reverse start order, each failure reported to `onError`, all of them within
 * `timeoutMs` together. Resolves `true` when everything stopped in time, `false` otherwise.
 */
export async function stopAll(stoppers: readonly Stopper[], onError: (err: unknown) => void, timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const all = (async () => {
    for (const stop of [...stoppers].reverse()) await stop().catch(onError);
    return true;
  })();
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const done = await Promise.race([all, deadline]);
  clearTimeout(timer);
  return done;
}
