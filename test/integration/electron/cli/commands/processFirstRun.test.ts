/**
 * A first run of `npm run cli -- process DIR --out OUT` on a machine where our engine image is in no
 * registry (test/support/firstRunDaemon.ts: the pull is refused for real) and nothing was chosen: the
 * CLI says in one sentence that it could not download the image, builds it from the bundled recipe
 * with the build's progress, and ends with portraits.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownEngineReference } from '../../../../../electron/services/docker/engineImages.ts';
import { dockerCli } from '../../../../support/dockerCommand.ts';
import { type FirstRunDaemon, startFirstRunDaemon } from '../../../../support/firstRunDaemon.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { runCliProcess } from '../../../support/cliProcess.ts';
import { pngSize } from '../../../support/pngSize.ts';

const PHOTOS = ['exif-orientation-6-smiling-woman.jpg', 'webp-smiling-woman-curly-hair.webp'];
let machine: FirstRunDaemon;
let work: string;

beforeAll(async () => {
  machine = await startFirstRunDaemon();
  work = await mkdtemp(path.join(tmpdir(), 'fc-cli-first-run-'));
  await mkdir(path.join(work, 'photos'));
  for (const name of PHOTOS) await copyFile(fixturePath(name), path.join(work, 'photos', name));
});

afterAll(async () => {
  await machine?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('facecraft process on a first run where our image is in no registry', () => {
  it('says the download failed, builds from the bundled recipe with its progress, and ends with portraits', async () => {
    const out = path.join(work, 'Portraits');
    const run = await runCliProcess(['process', path.join(work, 'photos'), '--out', out], {
      DOCKER_HOST: machine.daemon.dockerHost,
      FACECRAFT_DATA_DIR: path.join(work, 'data'),
      FACECRAFT_ENGINE_CONTEXT: machine.contextDir,
      FACECRAFT_ENGINE_INSTANCE: `test-cli-first-run-${randomUUID()}`,
    });
    console.log(run.stdout);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').map((line) => line.trim());
    const missing = lines.indexOf('The cpu engine image is missing; getting it (auto)…');
    const why = lines.findIndex((line) =>
      line.startsWith(
        `The engine image could not be downloaded (Could not reach the registry for ${ownEngineReference('cpu')} `,
      ),
    );
    // The progress is throttled (electron/services/throttle.ts): a step that ends within the interval, like
    // the stand-in recipe's FROM, is replaced by the next one before it is shown. Any step shown counts.
    const firstStep = lines.findIndex((line) => /step \d+\/\d+/.test(line));
    const ready = lines.findIndex((line) => line.startsWith('Engine ready in '));
    expect(missing).toBeGreaterThanOrEqual(0);
    expect(lines[why]).toMatch(
      /\), so it is being built on this computer from the bundled recipe; this takes a few minutes\.$/,
    );
    // In the order a user reads them: missing, why, the build's steps, ready.
    expect(why).toBeGreaterThan(missing);
    expect(firstStep).toBeGreaterThan(why);
    expect(ready).toBeGreaterThan(firstStep);
    expect(lines.filter((line) => line.startsWith('The engine image could not be downloaded'))).toHaveLength(
      1,
    );

    const written = (await readdir(out)).sort();
    expect(written).toEqual(PHOTOS.map((name) => `${path.parse(name).name}.png`).sort());
    for (const file of written)
      expect(pngSize(await readFile(path.join(out, file))), file).toEqual({ width: 648, height: 648 });
    // What runs now is the build, under the name the launcher builds to.
    expect(
      await dockerCli(
        ['image', 'inspect', '--format', '{{.Id}}', 'facecraft:cpu'],
        machine.daemon.dockerHost,
      ),
    ).toMatch(/^sha256:/);
  });
});
