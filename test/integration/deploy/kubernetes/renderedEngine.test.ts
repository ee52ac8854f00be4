/**
 * The engine container exactly as deploy/kubernetes/base renders it, run on the real daemon with what a
 * kubelet would apply (read-only root, the pod's user, no capabilities, emptyDirs, the memory and CPU
 * limits, the key from the Secret): its startup, readiness and liveness probes pass, photos come back
 * as portraits within the memory limit, and it stops cleanly within the grace period.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_IMAGE_TAG, ensureEngineImage } from '../../../support/engineImage.ts';
import { fixturePath, REPO_ROOT } from '../../../support/fixtures.ts';
import {
  engineContainer,
  findObject,
  memoryBytes,
  type RenderedDeployment,
  renderKustomization,
} from '../../../support/kustomize.ts';
import { type PodContainer, runPodContainer } from '../../../support/podContainerOnDocker.ts';

const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'deploy', 'kubernetes');
const API_KEY = randomBytes(16).toString('hex');
// The large camera photo gives the memory peak; the others are ordinary portraits.
const PHOTOS = [
  'large-3458px-two-women-small-background-face.jpg',
  'dark-skin-man-frontal-beard.jpg',
  'webp-smiling-woman-curly-hair.webp',
];

let podSpec: IPodSpec;
let pod: PodContainer | undefined;
let memoryLimit: number;

/** The kubelet's loop: a probe every periodSeconds until it passes or failureThreshold failures in a row. */
async function probeUntilPassed(probe: IProbe): Promise<number> {
  const failureThreshold = probe.failureThreshold ?? 3;
  for (let attempt = 1; attempt <= failureThreshold; attempt += 1) {
    if (await pod?.probe(probe)) return attempt;
    await new Promise((resolve) => setTimeout(resolve, (probe.periodSeconds ?? 10) * 1000));
  }
  throw new Error(`The probe failed ${failureThreshold} times:\n${(await pod?.logs())?.slice(-3000)}`);
}

beforeAll(async () => {
  const deployment = findObject<RenderedDeployment>(await renderKustomization('base'), 'Deployment');
  podSpec = deployment.spec.template.spec;
  const container = engineContainer(deployment);
  // The manifest names the tag our Dockerfile.cpu builds; the test runs that build.
  expect(container.image).toBe(ENGINE_IMAGE_TAG.cpu);
  memoryLimit = memoryBytes(container.resources?.limits?.memory);
  const image = await ensureEngineImage();
  pod = await runPodContainer({
    podSpec,
    container,
    image,
    secrets: { 'facecraft-engine-api-key/FACECRAFT_API_KEY': API_KEY },
    labels: { 'facecraft.test': 'kubernetes-manifest' },
  });
});

afterAll(async () => {
  await pod?.remove();
});

describe('the engine container of deploy/kubernetes/base on a real daemon', () => {
  it('passes its startup probe (the model load), then readiness and liveness as the kubelet runs them', async () => {
    const container = engineContainer(
      findObject<RenderedDeployment>(await renderKustomization('base'), 'Deployment'),
    );
    if (!container.startupProbe || !container.readinessProbe || !container.livenessProbe) {
      throw new Error('The engine container lacks a startup, readiness or liveness probe.');
    }
    const attempts = await probeUntilPassed(container.startupProbe);
    console.log(
      `[kubernetes] startup probe passed at attempt ${attempts} of ${container.startupProbe.failureThreshold}`,
    );
    expect(await pod?.probe(container.readinessProbe)).toBe(true);
    expect(await pod?.probe(container.livenessProbe)).toBe(true);
    // Why readiness is not an httpGet on /ready: without the key the kubelet would get 401 forever.
    expect((await fetch(`${pod?.urls.http}/ready`)).status).toBe(401);
    const ready = await fetch(`${pod?.urls.http}/ready`, { headers: { 'X-API-Key': API_KEY } });
    expect(await ready.json()).toEqual({ ready: true, models_loaded: true });
  });

  it('turns photos into portraits one at a time within its memory limit, and only with the Secret key', async () => {
    const url = `${pod?.urls.http}/api/v1/process/quick`;
    const photo = (name: string): FormData => {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(fixturePath(name))]), name);
      return form;
    };
    expect((await fetch(url, { method: 'POST', body: photo(PHOTOS[1] ?? '') })).status).toBe(401);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    for (const name of PHOTOS) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'X-API-Key': API_KEY },
        body: photo(name),
      });
      expect(response.status, `${name}: ${response.status}`).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await response.arrayBuffer());
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      writeFileSync(path.join(OUTPUT_DIR, `${path.parse(name).name}.png`), png);
    }
    const stats = (await pod?.container.stats({ stream: false })) as {
      memory_stats?: { max_usage?: number };
    };
    const state = (await pod?.container.inspect())?.State;
    const peak = stats.memory_stats?.max_usage ?? 0;
    console.log(
      `[kubernetes] peak container memory ${(peak / 2 ** 30).toFixed(2)} GiB of the ${(memoryLimit / 2 ** 30).toFixed(2)} GiB limit`,
    );
    expect(state?.OOMKilled).toBe(false);
    expect(state?.Running).toBe(true);
    expect(peak).toBeLessThan(memoryLimit);
  });

  it('stops cleanly within terminationGracePeriodSeconds', async () => {
    expect(await pod?.stop()).toBe(0);
  });
});
