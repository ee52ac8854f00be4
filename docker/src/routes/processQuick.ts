/** POST /api/v1/process/quick: the PNG bytes directly; 400 {"detail"} when no portrait can be made. */
import type { FastifyInstance } from 'fastify';
import { NO_FACE_ERROR } from '../../api/processContract.ts';
import { PROCESS_FIELDS } from '../../api/processFields.ts';
import type { ServiceContext } from '../service/context.ts';
import { specField } from '../service/formFields.ts';
import { HttpError } from '../service/httpError.ts';
import { defaultOptions } from '../service/processOptions.ts';
import { documentOnlyBody, errorSchema } from './errorSchema.ts';
import { fieldSchema } from './fieldSchema.ts';
import { NO_FACE_MESSAGE } from './process.ts';
import { readPhotoForm } from './readPhotoForm.ts';

export function processQuickRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/process/quick',
    {
      schema: {
        summary: 'Process one portrait and answer the PNG itself',
        tags: ['processing'],
        consumes: ['multipart/form-data'],
        produces: ['image/png'],
        body: {
          type: 'object',
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary', description: 'The photo.' },
            size: fieldSchema(PROCESS_FIELDS.width, 'Square output size in pixels.'),
          },
        },
        response: {
          200: {
            description: 'The portrait as PNG.',
            content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          '4xx': errorSchema,
          '5xx': errorSchema,
        },
      },
      validatorCompiler: documentOnlyBody,
    },
    async (request, reply) => {
      const { form, file } = await readPhotoForm(request, ctx);
      const size = specField(form, 'size', PROCESS_FIELDS.width, ctx.config.defaults.width);
      const { result, processingMs } = await ctx.processor.process(
        file.data,
        defaultOptions(ctx.config, size, size),
      );
      if (!result.faceDetected || !result.png) throw new HttpError(400, NO_FACE_ERROR, NO_FACE_MESSAGE);
      request.log.info({ processingMs, faceCount: result.faceCount }, 'processed (quick)');
      return reply
        .type('image/png')
        .header('X-Processing-Time-Ms', String(processingMs))
        .header('Content-Disposition', 'inline; filename="portrait.png"')
        .send(result.png);
    },
  );
}
