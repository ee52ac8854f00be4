/**
 * The window enforces the CSP twice: the renderer's <meta> tag (file:// pages get no headers) and the
 * header main adds for http(s) pages. Both apply at once, so they must say the same, or the stricter
 * one silently breaks the UI.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
} from '../../../../electron/main/contentSecurityPolicy.ts';

const directives = (policy: string): string[] =>
  policy
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();

describe('content security policy', () => {
  it("matches the renderer's meta tag directive for directive", async () => {
    const html = await readFile(path.resolve(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY));
  });

  it('never allows inline or evaluated scripts, plugins or remote origins', () => {
    const script = directives(CONTENT_SECURITY_POLICY).find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
  });
});
