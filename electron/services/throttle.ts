/** The one throttle (queue snapshots, pull/build progress): calls fn at most once per interval, always including a trailing call so the last state is never lost. */
export interface Throttled {
  (): void;
  /** Runs a pending call now. */
  flush(): void;
  cancel(): void;
}

export function throttle(fn: () => void, intervalMs: number, options: { unref?: boolean } = {}): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  const run = (): void => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = (): void => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else {
      timer = setTimeout(run, wait);
      // A trailing progress value must not keep a finished process alive.
      if (options.unref) timer.unref?.();
    }
  };
  throttled.flush = (): void => {
    if (timer) {
      clearTimeout(timer);
      run();
    }
  };
  throttled.cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
