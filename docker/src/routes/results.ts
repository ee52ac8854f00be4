/** Downloading and deleting results: GET /api/v1/download/... and DELETE /api/v1/jobs/{job_id}. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceContext } from '../service/context.ts';
import { HttpError } from '../service/httpError.ts';
import { type ResultFormat, SINGLE_RESULT_NAME } from '../service/jobStore.ts';
import { errorSchema } from './errorSchema.ts';

const CONTENT_TYPES: Record<ResultFormat, string> = { png: 'image/png', jpg: 'image/jpeg' };

function format(value: string): ResultFormat {
  if (value === 'png' || value === 'jpg') return value;
  throw new HttpError(400, 'invalid_format', `Unknown download format '${value}'; use png or jpg.`);
}

const binaryResponse = {
  description: 'The image.',
  content: {
    'image/png': { schema: { type: 'string', format: 'binary' } },
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
  },
} as const;

export function resultRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  async function send(
    reply: FastifyReply,
    jobId: string,
    name: string,
    fmt: ResultFormat,
  ): Promise<FastifyReply> {
    const bytes = await ctx.store.read(jobId, name, fmt);
    if (!bytes) {
      throw new HttpError(
        404,
        'not_found',
        `No ${fmt} result for job '${jobId}' (unknown, deleted or expired).`,
      );
    }
    const filename = name === SINGLE_RESULT_NAME ? `facecraft_${jobId}.${fmt}` : `${name}.${fmt}`;
    return reply
      .type(CONTENT_TYPES[fmt])
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .send(bytes);
  }

  app.get<{ Params: { job_id: string; format: string } }>(
    '/api/v1/download/:job_id/:format',
    {
      schema: {
        summary: 'Download the result of a /process job',
        tags: ['results'],
        params: {
          type: 'object',
          properties: { job_id: { type: 'string' }, format: { type: 'string', enum: ['png', 'jpg'] } },
          required: ['job_id', 'format'],
        },
        response: { 200: binaryResponse, '4xx': errorSchema },
      },
    },
    async (request, reply) =>
      send(reply, request.params.job_id, SINGLE_RESULT_NAME, format(request.params.format)),
  );

  app.get<{ Params: { job_id: string; name: string; format: string } }>(
    '/api/v1/download/:job_id/:name/:format',
    {
      schema: {
        summary: 'Download one item of a /process/batch job (the URL its results list)',
        tags: ['results'],
        params: {
          type: 'object',
          properties: {
            job_id: { type: 'string' },
            name: { type: 'string' },
            format: { type: 'string', enum: ['png', 'jpg'] },
          },
          required: ['job_id', 'name', 'format'],
        },
        response: { 200: binaryResponse, '4xx': errorSchema },
      },
    },
    async (request, reply) =>
      send(reply, request.params.job_id, request.params.name, format(request.params.format)),
  );

  app.delete<{ Params: { job_id: string } }>(
    '/api/v1/jobs/:job_id',
    {
      schema: {
        summary: "Delete a job's files",
        tags: ['results'],
        params: { type: 'object', properties: { job_id: { type: 'string' } }, required: ['job_id'] },
        response: {
          200: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
          '4xx': errorSchema,
        },
      },
    },
    async (request) => {
      const jobId = request.params.job_id;
      if (!(await ctx.store.delete(jobId))) {
        throw new HttpError(404, 'not_found', `Job '${jobId}' was not found (unknown, deleted or expired).`);
      }
      request.log.info({ jobId }, 'job deleted');
      return { message: `Job ${jobId} deleted.` };
    },
  );
}
