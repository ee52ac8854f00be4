export * from './bridge.ts';
export * from './domain.ts';
export * from './engineApi.ts';
export * from './engineChoices.ts';
export * from './errors.ts';
export * from './formatBytes.ts';
export * from './processOptions.ts';
