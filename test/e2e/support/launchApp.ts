/**
 * The app in real Chromium, backed by the real main-process services: the production renderer build,
 * served over http://127.0.0.1, with `window.facecraft` wired through Playwright to createBridge's
 * handlers (the same contract the Electron preload exposes over IPC).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { BridgeHandlers } from '../../../contract/bridge.ts';
import { eventChannelName } from '../../../contract/bridge.ts';
import { FacecraftError, toBridgeError } from '../../../contract/errors.ts';
import { type Bridge, createBridge } from '../../../electron/bridge/createBridge.ts';
import { buildRenderer } from './buildRenderer.ts';
import { createHarnessShell, type HarnessShell } from './harnessShell.ts';
import { pageBridgeScript } from './pageBridgeScript.ts';
import { serveStatic } from './staticServer.ts';

export const CHROMIUM = '/usr/bin/chromium';
// The flags that work on this machine (see ../shared/environment.md).
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  engineContextDir: string;
  env: NodeJS.ProcessEnv;
  /** What the harness's file picker answers. */
  photos: string[];
  /** How the built renderer is served (default: a plain static server). */
  serve?: (dir: string) => Promise<{ url: string; close(): Promise<void> }>;
}

export interface RunningApp {
  page: Page;
  bridge: Bridge;
  shell: HarnessShell;
  /** The folder the harness's folder chooser answers. */
  outputDir: string;
  dataDir: string;
  /** Calls a handler directly, as the main process would (for checks a user would make on disk). */
  handlers: BridgeHandlers;
  /** Errors the page logged (an app that throws is a failing app). */
  pageErrors: string[];
  close(): Promise<void>;
}

function reply(error: unknown) {
  return { ok: false as const, error: toBridgeError(error) };
}

export async function launchApp(options: LaunchOptions): Promise<RunningApp> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'facecraft-e2e-'));
  const dataDir = path.join(work, 'data');
  const outputDir = path.join(work, 'Portraits');
  const home = path.join(work, 'home');
  const shell = createHarnessShell({ outputDir, photos: options.photos });

  const [rendererDir, script] = await Promise.all([buildRenderer(), pageBridgeScript()]);
  const server = await (options.serve ?? serveStatic)(rendererDir);
  const bridge = await createBridge({
    dataDir,
    shell,
    engineContextDir: options.engineContextDir,
    appVersion: '0.1.0-e2e',
    electron: false,
    env: options.env,
    homeDir: home,
  });

  let context: BrowserContext | null = null;
  try {
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    context = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
      viewport: { width: 1280, height: 820 },
      colorScheme: 'light',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));

    await page.exposeBinding('__facecraftInvoke', async (_source, channel: string, args: unknown[]) => {
      const [namespace, method] = channel.replace(/^facecraft:/, '').split('.');
      const group = bridge.handlers[namespace as keyof BridgeHandlers] as
        | Record<string, (...a: unknown[]) => unknown>
        | undefined;
      const handler = group?.[method ?? ''];
      if (!handler) return reply(new FacecraftError('internal', `No handler for ${channel}`));
      try {
        return { ok: true, value: (await handler(...args)) ?? null };
      } catch (error) {
        return reply(error);
      }
    });
    await page.addInitScript({ content: script });

    const unsubscribe = bridge.subscribe((event, payload) => {
      page
        .evaluate(([channel, data]) => window.__facecraftEmit?.(channel, data), [
          eventChannelName(event),
          payload,
        ] as const)
        .catch(() => undefined);
    });

    await page.goto(server.url);

    return {
      page,
      bridge,
      shell,
      outputDir,
      dataDir,
      handlers: bridge.handlers,
      pageErrors,
      async close() {
        unsubscribe();
        await context?.close().catch(() => undefined);
        await server.close();
        await bridge.dispose();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server.close();
    await bridge.dispose();
    throw error;
  }
}

declare global {
  interface Window {
    __facecraftEmit?: (channel: string, payload: unknown) => void;
    /** The page's own emit, while a test holds back some events (app.test.ts, the 500 results). */
    __facecraftHeldEmit?: (channel: string, payload: unknown) => void;
    __facecraftPaths?: Record<string, string>;
  }
}
