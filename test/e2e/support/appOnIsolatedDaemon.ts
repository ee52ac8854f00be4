/**
 * The app in Chromium on a Docker daemon of its own (isolatedDaemon.ts) that holds the engine image a
 * test file names: the file may kill and restart that daemon without touching the others, and the app
 * starts its engine there without a pull.
 */
import type { QueueItem } from '../../../contract/domain.ts';
import { ENGINE_CONTEXT_DIR } from '../../support/engineImage.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../support/isolatedDaemon.ts';
import { launchApp, type RunningApp } from './launchApp.ts';

export interface AppOnDaemon {
  daemon: IsolatedDaemon;
  app: RunningApp;
}

export async function launchAppOnIsolatedDaemon(options: {
  /** The engine image to copy onto the daemon. */
  image: string;
  /** What the harness's file picker answers. */
  photos: string[];
  /** Run once the image is on the daemon, before the app starts (e.g. tagging a double). */
  prepare?: (daemon: IsolatedDaemon) => Promise<unknown>;
}): Promise<AppOnDaemon> {
  const daemon = await startIsolatedDaemon();
  await daemon.loadImage(options.image);
  await options.prepare?.(daemon);
  const app = await launchApp({
    engineContextDir: ENGINE_CONTEXT_DIR,
    env: { ...process.env, DOCKER_HOST: daemon.dockerHost },
    photos: options.photos,
  });
  app.page.setDefaultTimeout(60_000);
  return { daemon, app };
}

/** The queue's items as main has them. */
export async function queueItems(app: RunningApp): Promise<QueueItem[]> {
  return (await app.handlers.queue.snapshot()).items;
}
