/** The engine's version, reported by /status and the OCI label. */
export const ENGINE_VERSION = '0.1.0';
