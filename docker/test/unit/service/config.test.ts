/** FACECRAFT_* configuration: the contract's defaults, and a sentence naming the variable for bad values. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';

describe('loadConfig', () => {
  it('gives the contract defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8000,
      device: 'auto',
      logLevel: 'info',
      modelsDir: '/app/models',
      predictorPath: '/app/models/shape_predictor_68_face_landmarks.dat',
      uploadDir: '/app/uploads',
      outputDir: '/app/processed',
      maxUploadSizeMb: 20,
      cleanupAgeHours: 24,
      maxConcurrentJobs: 4,
      batchMaxFiles: 50,
      corsOrigins: '*',
      apiKey: null,
      defaults: {
        width: 648,
        height: 648,
        background_r: 240,
        background_g: 240,
        background_b: 240,
        face_margin: 0.3,
        use_oval_mask: true,
        enhance_face: true,
        enhance_fidelity: 0.7,
        return_base64: false,
      },
    });
  });

  it("takes the published image's spellings: Python log levels, JSON or comma lists of origins, cuda:N", () => {
    const config = loadConfig({
      FACECRAFT_LOG_LEVEL: 'WARNING',
      FACECRAFT_CORS_ORIGINS: '["http://localhost:5173", "app://facecraft"]',
      FACECRAFT_DEVICE: 'cuda:1',
      FACECRAFT_API_KEY: 'secret',
      FACECRAFT_DEFAULT_OVAL_MASK: 'false',
    });
    expect(config.logLevel).toBe('warn');
    expect(config.corsOrigins).toEqual(['http://localhost:5173', 'app://facecraft']);
    expect(config.device).toBe('cuda:1');
    expect(config.apiKey).toBe('secret');
    expect(config.defaults.use_oval_mask).toBe(false);
    expect(loadConfig({ FACECRAFT_CORS_ORIGINS: 'http://a, http://b' }).corsOrigins).toEqual([
      'http://a',
      'http://b',
    ]);
  });

  it.each([
    ['FACECRAFT_PORT', '80000', /FACECRAFT_PORT must be a whole number from 1 to 65535/],
    ['FACECRAFT_MAX_CONCURRENT_JOBS', 'four', /FACECRAFT_MAX_CONCURRENT_JOBS/],
    ['FACECRAFT_DEFAULT_FACE_MARGIN', '1.5', /FACECRAFT_DEFAULT_FACE_MARGIN must be a number from 0 to 1/],
    ['FACECRAFT_DEVICE', 'tpu', /FACECRAFT_DEVICE must be auto, cpu, cuda or cuda:N/],
    ['FACECRAFT_LOG_LEVEL', 'LOUD', /FACECRAFT_LOG_LEVEL must be one of/],
    ['FACECRAFT_DEBUG', 'perhaps', /FACECRAFT_DEBUG must be true or false/],
    ['FACECRAFT_OUTPUT_DIR', 'relative/dir', /FACECRAFT_OUTPUT_DIR must be an absolute path/],
  ])('refuses %s=%s with a sentence naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
