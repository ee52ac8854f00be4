/**
 * The real engine for the app's tests: the engine package owns how its image is built and run
 * (docker/test/support/engineImage.ts); the app's tests use it from here.
 */
export * from '../../docker/test/support/engineImage.ts';
