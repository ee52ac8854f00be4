/**
 * The production renderer in real Chromium, every byte served by the app:// handler (through the http
 * shim in appSchemeServer.ts), under the CSP that handler sends: the app renders, its thumbnail worker
 * starts and shrinks a real photo, and its images (the icon, a data: photo, the worker's blob:) load,
 * while anything the CSP forbids is refused. Docker is pointed at a socket that does not exist: this test
 * needs no daemon, and the app shows its "Docker not running" state.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../electron/main/contentSecurityPolicy.ts';
import { ENGINE_CONTEXT_DIR } from '../../../support/engineImage.ts';
import { fixturePath, REPO_ROOT } from '../../../support/fixtures.ts';
import { serveThroughAppScheme } from '../../support/appSchemeServer.ts';
import { RENDERER_OUT } from '../../support/buildRenderer.ts';
import { launchApp, type RunningApp } from '../../support/launchApp.ts';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');
const PHOTO = 'grayscale-smiling-young-man.jpg';

let app: RunningApp;
let page: Page;

/** CSP violations the page reports, collected from the first script on. */
const collectViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
`;
const violations = () =>
  page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  app = await launchApp({
    engineContextDir: ENGINE_CONTEXT_DIR,
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/facecraft-test/docker.sock' },
    photos: [],
    serve: serveThroughAppScheme,
  });
  page = app.page;
  await page.addInitScript({ content: collectViolations });
  await page.reload();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('the renderer served by the app:// handler, in Chromium', () => {
  it('renders the app with its scripts and styles, under the CSP the handler sends', async () => {
    await page.getByTestId('docker-message').waitFor({ timeout: 60_000 });
    expect(await page.title()).toBe('Facecraft Desktop');
    const response = await page.request.get(page.url());
    expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    // Styles applied: the stylesheet came through the handler too.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toBe('');
    expect(font).not.toMatch(/^"?Times/);
    expect(await violations()).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'app-scheme-docker-not-running.png') });
  });

  it("starts the thumbnail worker from the app's own origin and shrinks a real photo in it", async () => {
    const worker = readdirSync(path.join(RENDERER_OUT, 'assets')).find((name) =>
      name.startsWith('thumbnailWorker-'),
    );
    expect(worker).toBeDefined();
    const dataUrl = `data:image/jpeg;base64,${readFileSync(fixturePath(PHOTO)).toString('base64')}`;
    const thumbnail = await page.evaluate(
      async ({ workerUrl, dataUrl }) => {
        const w = new Worker(new URL(workerUrl, location.href), { type: 'module' });
        const reply = await new Promise<{ blob?: Blob; error?: string }>((resolve, reject) => {
          w.onmessage = (event) => resolve(event.data);
          w.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
          w.postMessage({ key: 'photo', dataUrl, size: 160 });
        });
        w.terminate();
        if (!reply.blob) throw new Error(reply.error ?? 'no blob');
        // Shown the way the app shows thumbnails: an <img> with a blob: URL.
        const img = document.createElement('img');
        img.id = 'scheme-test-thumbnail';
        img.src = URL.createObjectURL(reply.blob);
        document.body.prepend(img);
        await img.decode();
        return { type: reply.blob.type, width: img.naturalWidth, height: img.naturalHeight };
      },
      { workerUrl: `assets/${worker}`, dataUrl },
    );
    expect(thumbnail.type).toBe('image/webp');
    expect(Math.max(thumbnail.width, thumbnail.height)).toBe(160);
    await page
      .locator('#scheme-test-thumbnail')
      .screenshot({ path: path.join(SCREENSHOTS, 'app-scheme-thumbnail.png') });
    expect(await violations()).toEqual([]);
  });

  it("loads the app's icon and data: photos, and refuses what the CSP forbids", async () => {
    const dataUrl = `data:image/jpeg;base64,${readFileSync(fixturePath(PHOTO)).toString('base64')}`;
    const loads = await page.evaluate(async (photo) => {
      const load = (src: string) =>
        new Promise<number>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => resolve(-1);
          img.src = src;
        });
      return {
        icon: await load('favicon.svg'),
        photo: await load(photo),
        remote: await load('http://192.0.2.1/tracker.png'),
      };
    }, dataUrl);
    expect(loads.icon).toBeGreaterThan(0);
    expect(loads.photo).toBeGreaterThan(0);
    expect(loads.remote).toBe(-1);
    const inlineRan = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    const refused = await violations();
    expect(refused.some((v) => v.startsWith('img-src') && v.includes('192.0.2.1'))).toBe(true);
    expect(refused.some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
