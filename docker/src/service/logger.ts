/**
 * Structured JSON logs (one object per line on stdout, as `docker logs` expects), at
 * FACECRAFT_LOG_LEVEL. The API key never reaches a log line.
 */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config.ts';

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    base: { service: 'facecraft-engine' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: ['req.headers["x-api-key"]', 'headers["x-api-key"]'], censor: '[redacted]' },
    formatters: {
      // Level names instead of pino's numbers: readable in `docker logs` and easy to filter.
      level: (label: string) => ({ level: label }),
    },
  };
}
