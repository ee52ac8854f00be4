/**
 * The engine's integration tests use the shared helper in the app's test tree (build the image, run it
 * hardened, stop it); docker/tsconfig.json references the test project so its real types apply here.
 */
export {
  buildImage,
  demuxDockerLogs,
  docker,
  ENGINE_CONTEXT_DIR,
  type EngineContainerOptions,
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../test/support/engineImage.ts';

/** Every container these tests create carries it, so cleanup never touches anyone else's. */
export const TEST_LABELS = { 'facecraft.test': 'engine-service' };
