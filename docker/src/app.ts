/**
 * Builds the Fastify application: plugins, the FastAPI-style error format, and every route family.
 * No listening and no model loading here, so tests and server.ts compose it as they need.
 */
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { EngineConfig } from './config.ts';
import { healthRoutes } from './routes/health.ts';
import { processRoute } from './routes/process.ts';
import { processBatchRoute } from './routes/processBatch.ts';
import { processQuickRoute } from './routes/processQuick.ts';
import { resultRoutes } from './routes/results.ts';
import { registerApiKey } from './service/apiKey.ts';
import { ConcurrencyLimiter } from './service/concurrencyLimiter.ts';
import type { ServiceContext } from './service/context.ts';
import { type ErrorBody, HttpError } from './service/httpError.ts';
import { JobStore } from './service/jobStore.ts';
import { loggerOptions } from './service/logger.ts';
import { PipelineLifecycle } from './service/pipelineLifecycle.ts';
import { Processor } from './service/processor.ts';
import { Statistics } from './service/statistics.ts';
import { ENGINE_VERSION } from './version.ts';

const PROBE_PATHS = new Set(['/health', '/ready']);

export interface EngineApp {
  app: FastifyInstance;
  ctx: ServiceContext;
}

function errorBody(error: FastifyError | HttpError): { status: number; body: ErrorBody } {
  if (error instanceof HttpError)
    return { status: error.statusCode, body: { detail: error.message, code: error.code } };
  if (error.validation) {
    return { status: 400, body: { detail: `Invalid request: ${error.message}.`, code: 'invalid_request' } };
  }
  const status = error.statusCode ?? 500;
  if (status >= 500)
    return {
      status,
      body: { detail: 'The engine failed while handling this request.', code: 'internal_error' },
    };
  return { status, body: { detail: error.message, code: (error.code ?? 'bad_request').toLowerCase() } };
}

export async function buildApp(config: EngineConfig): Promise<EngineApp> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    // Uploads are streamed through @fastify/multipart with their own limit; this covers other bodies.
    bodyLimit: 1024 * 1024,
    // New requests during shutdown get a 503 (Fastify's return503OnClosing) while in-flight ones finish.
    forceCloseConnections: 'idle',
    // Every request is logged, except the probes polled every few seconds (they would drown the rest).
    logController: new LogController({
      disableRequestLogging: (request) => PROBE_PATHS.has(request.url.split('?', 1)[0] ?? ''),
    }),
  });

  const lifecycle = new PipelineLifecycle();
  const statistics = new Statistics();
  const store = new JobStore(config.outputDir);
  await store.init();
  const limiter = new ConcurrencyLimiter(config.maxConcurrentJobs, config.maxQueuedJobs);
  const ctx: ServiceContext = {
    config,
    lifecycle,
    statistics,
    store,
    processor: new Processor(lifecycle, limiter, statistics),
    startedAt: performance.now(),
    version: ENGINE_VERSION,
  };

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const { status, body } = errorBody(error);
    if (status >= 500 && !(error instanceof HttpError)) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: body.code, detail: body.detail }, 'request refused');
    if (error instanceof HttpError) reply.headers(error.headers);
    // A refused upload may still be streaming in; closing the connection spares reading the rest.
    if (status === 413) reply.header('Connection', 'close');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ detail: 'Not Found', code: 'not_found' } satisfies ErrorBody),
  );

  registerApiKey(app, config.apiKey);
  await app.register(cors, {
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key'],
  });
  await app.register(multipart);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Facecraft engine',
        version: ENGINE_VERSION,
        description:
          'Aligned, background-free portraits from photos. Compatible with the Facecraft v1 API. ' +
          'Bundled models and their licences: /app/MODELS.md in the image.',
      },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      security: config.apiKey ? [{ apiKey: [] }] : [],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, ctx);
  processRoute(app, ctx);
  processQuickRoute(app, ctx);
  processBatchRoute(app, ctx);
  resultRoutes(app, ctx);

  return { app, ctx };
}
