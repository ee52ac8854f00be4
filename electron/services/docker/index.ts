/**
 * The Docker-side services of the launcher (no electron import), as the rest of the app uses them.
 * Only what code outside this folder needs is exported here; everything else stays inside.
 *
 *   const services = createDockerServices({ contextDir, settings: () => settingsStore.get() });
 *   services.docker.onState(send('dockerState')); services.docker.watch();
 *   services.images.onProgress(send('imageProgress'));
 *   services.engine.onState(send('engineState')); services.engine.onLog(send('engineLog'));
 *   await services.engine.start('cpu');            // ensures the image, waits for /ready; wanted until stop()
 *   const conn = services.engine.connection();     // { url, apiKey, device, containerId } for the engine client
 *   await services.engine.restart();               // after the engine died (job queue)
 *   await services.dispose({ keepRunning });       // on quit
 *
 * Every failure is a FacecraftError (contract/errors.ts) with a sentence for the user.
 */

export { buildImage, parseStep } from './buildImage.ts';
export { demuxLogBuffer } from './containerLogs.ts';
export { compareApiVersions, DockerDaemon, type EngineContainerEvent } from './dockerDaemon.ts';
export { resolveDockerEndpoint } from './dockerEndpoint.ts';
export { classifyConnectionError } from './dockerErrors.ts';
export { createDockerServices, type DockerServices } from './dockerServices.ts';
export {
  ENGINE_HARDENING,
  EngineStartError,
  hostPortOf,
  listEngineContainers,
  startEngineContainer,
  stopEngineContainer,
} from './engineContainer.ts';
export { engineImageChoices, ownEngineReference, ownEngineReferences } from './engineImages.ts';
export { type EngineConnection, EngineManager } from './engineManager.ts';
export { explainGpuFailure, gpuHintsFromInfo } from './gpuCapability.ts';
export { ImageService, imageExists, imageReference, inspectImage } from './imageStatus.ts';
export { DEFAULT_INSTANCE } from './labels.ts';
export { pullImage } from './pullImage.ts';
export { type PullEvent, PullProgressTracker } from './pullProgress.ts';
