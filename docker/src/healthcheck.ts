/**
 * The image's HEALTHCHECK: healthy only when /ready says ready (models loaded, warm-up passed).
 * Sends X-API-Key from the environment, since /ready is protected when FACECRAFT_API_KEY is set.
 * Plain Node (no curl in the image).
 */
const port = process.env.FACECRAFT_PORT ?? '8000';
const apiKey = process.env.FACECRAFT_API_KEY;
const headers: Record<string, string> = apiKey ? { 'X-API-Key': apiKey } : {};

try {
  const response = await fetch(`http://127.0.0.1:${port}/ready`, {
    headers,
    signal: AbortSignal.timeout(4000),
  });
  const body = (await response.json()) as { ready?: unknown };
  if (response.ok && body.ready === true) process.exit(0);
  console.log(`not ready: HTTP ${response.status} ${JSON.stringify(body)}`);
} catch (error) {
  console.log(`not ready: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(1);
