/**
 * The Docker-side services of the launcher (no electron import). Typical use in the main process / CLI:
 *
 *   const services = createDockerServices({ contextDir, settings: () => settingsStore.get() });
 *   services.docker.onState(send('dockerState')); services.docker.watch();
 *   services.images.onProgress(send('imageProgress'));
 *   services.engine.onState(send('engineState')); services.engine.onLog(send('engineLog'));
 *   await services.engine.start('cpu');            // ensures the image, waits for /ready
 *   const conn = services.engine.connection();     // { url, apiKey, device, containerId } for the engine client
 *   await services.engine.restart();               // after the engine died (job queue)
 *   await services.dispose({ keepRunning });       // on quit
 *
 * Every failure is a FacecraftError (contract/errors.ts) with a sentence for the user.
 */

export { contextFilter, packBuildContext, readDockerignore } from './buildContext.ts';
export { type BuildOptions, buildImage, defaultBuildTag, parseStep } from './buildImage.ts';
export { demuxLogBuffer, readLogTail } from './containerLogs.ts';
export { dockerCliFound } from './dockerCli.ts';
export {
  compareApiVersions,
  type DaemonIdentity,
  type DaemonInfo,
  DockerDaemon,
  type DockerDaemonOptions,
  type EngineContainerEvent,
  MINIMUM_API_VERSION,
} from './dockerDaemon.ts';
export {
  type DockerEndpoint,
  defaultEndpointEnvironment,
  type EndpointEnvironment,
  resolveDockerEndpoint,
} from './dockerEndpoint.ts';
export { classifyConnectionError, dockerStateError } from './dockerErrors.ts';
export { createDockerServices, type DockerServices, type DockerServicesOptions } from './dockerServices.ts';
export {
  adoptOrRemoveOrphans,
  type ContainerHardening,
  createEngineContainer,
  DEFAULT_READY_TIMEOUT_MS,
  ENGINE_HARDENING,
  type EngineContainer,
  type EngineContainerOptions,
  EngineStartError,
  engineIsReady,
  hostPortOf,
  listEngineContainers,
  MINIMAL_HARDENING,
  startEngineContainer,
  stopEngineContainer,
  waitForEngineReady,
} from './engineContainer.ts';
export {
  defaultHardening,
  ENGINE_IMAGE_LABEL,
  type EngineConnection,
  type EngineLogLine,
  EngineManager,
  type EngineManagerOptions,
  type EngineSettings,
  READ_ONLY_ROOTFS_LABEL,
} from './engineManager.ts';
export {
  explainGpuFailure,
  GPU_DEVICE_REQUESTS,
  type GpuCapabilityOptions,
  GpuCapabilityService,
  gpuHintsFromInfo,
  probeGpu,
} from './gpuCapability.ts';
export {
  DEVICES,
  ImageService,
  type ImageServiceOptions,
  type ImageSettings,
  imageExists,
  imageReference,
  inspectImage,
} from './imageStatus.ts';
export {
  APP_LABEL,
  APP_LABEL_VALUE,
  DEFAULT_INSTANCE,
  INSTANCE_LABEL,
  ROLE_LABEL,
  SESSION_LABEL,
  VARIANT_LABEL,
} from './labels.ts';
export { normalizeReference, type PullOptions, pullImage } from './pullImage.ts';
export { type PullEvent, PullProgressTracker } from './pullProgress.ts';
