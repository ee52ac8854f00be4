/**
 * The engine's entry point (`node src/server.ts`): configuration, HTTP first (so /health answers at
 * once), then the models in the background (/ready flips when they loaded and a warm-up inference
 * passed), old-file cleanup, and a graceful SIGTERM: refuse new work, finish in-flight requests, exit 0.
 */
import { mkdir } from 'node:fs/promises';
import { buildApp } from './app.ts';
import { ConfigError, type EngineConfig, loadConfig } from './config.ts';
import { createPipeline } from './pipeline/createPipeline.ts';
import { CleanupTimer } from './service/cleanup.ts';

function configOrExit(): EngineConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', code: error.code, msg: error.message })}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const config = configOrExit();
await mkdir(config.uploadDir, { recursive: true });
const { app, ctx } = await buildApp(config);
const log = app.log;

if (config.workers > 1) {
  log.warn(
    { workers: config.workers },
    'FACECRAFT_WORKERS is ignored: one process serves, FACECRAFT_MAX_CONCURRENT_JOBS bounds the work',
  );
}

const cleanup = new CleanupTimer(
  [config.outputDir, config.uploadDir],
  config.cleanupAgeHours,
  config.cleanupIntervalSeconds,
  log,
);

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, 'shutting down: refusing new work, finishing in-flight requests');
  ctx.lifecycle.drain();
  cleanup.stop();
  const deadline = setTimeout(() => {
    log.error(
      { timeoutSeconds: config.shutdownTimeoutSeconds },
      'in-flight requests did not finish in time; exiting',
    );
    process.exit(1);
  }, config.shutdownTimeoutSeconds * 1000);
  deadline.unref();
  try {
    await app.close();
    await ctx.lifecycle.close();
    log.info('shut down cleanly');
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ host: config.host, port: config.port });
log.info(
  {
    version: ctx.version,
    device: config.device,
    apiKey: config.apiKey ? 'required' : 'off',
    maxConcurrentJobs: config.maxConcurrentJobs,
  },
  'engine listening; loading models',
);
cleanup.start();

await ctx.lifecycle.start(
  () =>
    createPipeline({
      modelsDir: config.modelsDir,
      predictorPath: config.predictorPath,
      segmentationModel: config.segmentationModel,
      device: config.device,
      maxPixels: config.maxPixels,
      // Model loading and any GPU → CPU fallback appear in the engine's own structured log.
      logger: { info: (message: string) => log.info(message), warn: (message: string) => log.warn(message) },
    }),
  log,
);
if (ctx.lifecycle.failure && !shuttingDown) {
  // Without models the engine can never become ready: exit so the failure is visible (docker ps, the app).
  await app.close();
  process.exit(1);
}
