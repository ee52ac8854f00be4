import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainLog, type MainLog } from '../../../../electron/main/mainLog.ts';
import { createQuitSequence, type QuitHost } from '../../../../electron/main/quitSequence.ts';

/** A double for Electron's app (Electron cannot run here): records what the sequence asks of it. */
function appDouble(): QuitHost & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    releaseSingleInstanceLock: () => calls.push('release lock'),
    quit: () => calls.push('quit'),
  };
}

function quitEvent() {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

let dir: string;
let log: MainLog;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fc-quit-'));
  log = createMainLog(path.join(dir, 'logs'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('quitting (app double)', () => {
  it('releases the single-instance lock at once, so a relaunch during the engine stop opens a window', async () => {
    const app = appDouble();
    let stopEngine: () => void = () => undefined;
    const engineStopped = new Promise<void>((resolve) => {
      stopEngine = resolve;
    });
    const sequence = createQuitSequence(app, () => engineStopped, log, 15_000);
    const first = quitEvent();
    sequence.beforeQuit(first);
    expect(first.prevented).toBe(true);
    expect(app.calls).toEqual(['release lock']);
    // A second quit request while the engine stops waits for the same stop.
    const second = quitEvent();
    sequence.beforeQuit(second);
    expect(second.prevented).toBe(true);
    stopEngine();
    await sequence.finished;
    expect(app.calls).toEqual(['release lock', 'quit']);
    const last = quitEvent();
    sequence.beforeQuit(last);
    expect(last.prevented).toBe(false);
  });

  it('quits even when stopping the engine fails, and writes why to main.log (no unhandled rejection)', async () => {
    const app = appDouble();
    const sequence = createQuitSequence(
      app,
      () => Promise.reject(new Error('connect ENOENT /var/run/docker.sock')),
      log,
      15_000,
    );
    sequence.beforeQuit(quitEvent());
    await sequence.finished;
    expect(app.calls).toEqual(['release lock', 'quit']);
    const written = readFileSync(log.file, 'utf8');
    expect(written).toMatch(/ERROR Stopping the engine failed while quitting/);
    expect(written).toMatch(/connect ENOENT \/var\/run\/docker\.sock/);
  });

  it('gives up on an engine stop that hangs and quits anyway', async () => {
    const app = appDouble();
    const sequence = createQuitSequence(app, () => new Promise<void>(() => undefined), log, 50);
    sequence.beforeQuit(quitEvent());
    await sequence.finished;
    expect(app.calls).toEqual(['release lock', 'quit']);
    expect(readFileSync(log.file, 'utf8')).toMatch(/quitting anyway/);
  });

  it('also survives a dispose that throws synchronously', async () => {
    const app = appDouble();
    const sequence = createQuitSequence(
      app,
      () => {
        throw new Error('bridge already gone');
      },
      log,
      15_000,
    );
    sequence.beforeQuit(quitEvent());
    await sequence.finished;
    expect(app.calls).toEqual(['release lock', 'quit']);
  });
});
