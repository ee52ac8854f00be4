/**
 * The engine's integration tests build, run (hardened) and stop the image with the package's own helper.
 */
export {
  buildWithDockerCli,
  demuxDockerLogs,
  docker,
  ENGINE_CONTEXT_DIR,
  type EngineContainerOptions,
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../support/engineImage.ts';

/** Every container these tests create carries it, so cleanup never touches anyone else's. */
export const TEST_LABELS = { 'facecraft.test': 'engine-service' };
