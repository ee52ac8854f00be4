/**
 * Quitting: stop the engine (bridge.dispose, which waits up to its own timeout) before the process exits,
 * without blocking a relaunch and without an unhandled rejection.
 * - The single-instance lock is released as soon as quitting starts: a user who reopens the app during the
 *   engine's stop gets a new window instead of a silent nothing (the dying instance no longer answers).
 * - A dispose that rejects is logged; one that hangs is cut off after `timeoutMs`. Either way the app quits.
 */
import type { MainLog } from './mainLog.ts';

export interface QuitHost {
  releaseSingleInstanceLock(): void;
  quit(): void;
}

export interface QuitSequence {
  /** For app.on('before-quit'). */
  beforeQuit(event: { preventDefault(): void }): void;
  /** Settles when the engine has stopped (or gave up) and quit was called again. */
  readonly finished: Promise<void>;
}

export function createQuitSequence(
  host: QuitHost,
  dispose: () => Promise<void>,
  log: MainLog,
  timeoutMs: number,
): QuitSequence {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  async function stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const disposed = Promise.resolve()
      .then(dispose)
      .then(
        () => 'done' as const,
        (error: unknown) => {
          log.write('error', 'Stopping the engine failed while quitting', error);
          return 'failed' as const;
        },
      );
    const outcome = await Promise.race([disposed, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      log.write('error', `Stopping the engine took over ${timeoutMs / 1000} s; quitting anyway`);
  }

  return {
    finished,
    beforeQuit(event) {
      if (state === 'stopped') return;
      event.preventDefault();
      if (state === 'stopping') return;
      state = 'stopping';
      host.releaseSingleInstanceLock();
      void stop().finally(() => {
        state = 'stopped';
        host.quit();
        finish();
      });
    },
  };
}
