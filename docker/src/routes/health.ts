/** Liveness (/health), readiness (/ready) and the engine's own account of itself (/status). */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../service/context.ts';

const modelSchema = {
  type: 'object',
  properties: { loaded: { type: 'boolean' }, type: { type: 'string' } },
  required: ['loaded', 'type'],
} as const;

export function healthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: answers as soon as the process serves HTTP',
        tags: ['health'],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['healthy'] } },
            required: ['status'],
          },
        },
      },
    },
    async () => ({ status: 'healthy' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: true only after every model loaded and one warm-up inference passed',
        description:
          'Always 200 (clients of the published image poll the body); `ready` turns false again on shutdown.',
        tags: ['health'],
        response: {
          200: {
            type: 'object',
            properties: { ready: { type: 'boolean' }, models_loaded: { type: 'boolean' } },
            required: ['ready', 'models_loaded'],
          },
        },
      },
    },
    async () => ({ ready: ctx.lifecycle.ready, models_loaded: ctx.lifecycle.modelsLoaded }),
  );

  app.get(
    '/status',
    {
      schema: {
        summary: 'Version, uptime, the device inference really runs on, models and statistics',
        tags: ['health'],
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              version: { type: 'string' },
              uptime_seconds: { type: 'integer' },
              device: {
                type: 'object',
                properties: {
                  type: { type: 'string', enum: ['cpu', 'cuda'] },
                  name: { type: ['string', 'null'] },
                  cuda_version: { type: ['string', 'null'] },
                },
                required: ['type', 'name', 'cuda_version'],
              },
              models: { type: 'object', additionalProperties: modelSchema },
              statistics: {
                type: 'object',
                properties: {
                  total_processed: { type: 'integer' },
                  success_rate: { type: 'number' },
                  avg_processing_ms: { type: 'number' },
                },
                required: ['total_processed', 'success_rate', 'avg_processing_ms'],
              },
            },
            required: ['status', 'version', 'uptime_seconds', 'device', 'models', 'statistics'],
          },
        },
      },
    },
    async () => ({
      status: 'operational',
      version: ctx.version,
      uptime_seconds: Math.floor((performance.now() - ctx.startedAt) / 1000),
      device: ctx.lifecycle.device(ctx.config.device),
      models: ctx.lifecycle.models(),
      statistics: ctx.statistics.snapshot(),
    }),
  );
}
