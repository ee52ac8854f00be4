/**
 * A machine where our engine image is in no registry, for the first run through the automatic build:
 * an isolated dockerd whose registry traffic goes through a proxy port that refuses every connection
 * (so the pull of our default reference is refused for real, on any machine), holding none of our images
 * and no facecraft:cpu build, and a bundled recipe to build it from.
 *
 * The recipe is a stand-in for docker/Dockerfile.cpu: an isolated daemon gives its builds no network
 * (iptables off, see isolatedDaemon.ts), so the real recipe's apt-get and npm cannot run on it. It
 * builds FROM the real engine (built on the shared daemon, copied over under another name) in a few
 * steps, so what runs afterwards is our engine: the launcher's path is what is tested here; the real
 * recipe's build is tested in test/integration/electron/services/docker/buildImage.test.ts.
 *
 *   const machine = await startFirstRunDaemon();
 *   // DOCKER_HOST=machine.daemon.dockerHost, engine context (FACECRAFT_ENGINE_CONTEXT) = machine.contextDir
 *   await machine.stop();
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerCli, freePort } from './dockerCommand.ts';
import { ensureEngineImage } from './engineImage.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from './isolatedDaemon.ts';

/** The real engine under a name the launcher never looks for. */
const RECIPE_BASE = 'facecraft-recipe-base:cpu';

export interface FirstRunDaemon {
  daemon: IsolatedDaemon;
  /** The bundled recipe's stand-in (holds Dockerfile.cpu). */
  contextDir: string;
  stop(): Promise<void>;
}

export async function startFirstRunDaemon(): Promise<FirstRunDaemon> {
  const engine = await ensureEngineImage();
  // Nothing listens on a port just freed: every registry connection is refused.
  const refused = `http://127.0.0.1:${await freePort()}`;
  const daemon = await startIsolatedDaemon({
    env: {
      HTTPS_PROXY: refused,
      https_proxy: refused,
      HTTP_PROXY: refused,
      http_proxy: refused,
      NO_PROXY: '',
      no_proxy: '',
    },
  });
  const contextDir = mkdtempSync(path.join(tmpdir(), 'fc-first-run-recipe-'));
  try {
    await daemon.loadImage(engine);
    await dockerCli(['tag', engine, RECIPE_BASE], daemon.dockerHost);
    // The launcher's build target must not exist before the first run.
    await dockerCli(['rmi', engine], daemon.dockerHost);
    writeFileSync(
      path.join(contextDir, 'Dockerfile.cpu'),
      [
        '# Stand-in for docker/Dockerfile.cpu (see test/support/firstRunDaemon.ts).',
        `FROM ${RECIPE_BASE}`,
        // A few seconds of work, so the build's progress stays on screen long enough to be seen.
        `RUN ["node", "-e", "setTimeout(() => console.log('the bundled recipe'), 8000)"]`,
        'LABEL facecraft.test="first-run-recipe"',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await daemon.stop();
    rmSync(contextDir, { recursive: true, force: true });
    throw error;
  }
  return {
    daemon,
    contextDir,
    async stop() {
      await daemon.stop();
      rmSync(contextDir, { recursive: true, force: true });
    },
  };
}
