/**
 * The window's Content-Security-Policy. The app:// handler (appScheme.ts) sends it as a response header,
 * and main sets it on http(s) responses (a dev server); index.html also carries it in a
 * <meta http-equiv="Content-Security-Policy"> tag so the page is never without one.
 * Images come as data: URLs from queue.image(); no remote origin is ever needed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React and the UI set element styles; no inline <script> is ever allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Directives that only work as a response header (a <meta> CSP ignores them). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
