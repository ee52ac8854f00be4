/**
 * POST /api/v1/process/batch: several photos, one job. Each item that succeeds gets its own
 * download URL /api/v1/download/{job_id}/{name}/png, which this engine serves (the published image
 * hands out that form of URL without a route behind it).
 */
import type { FastifyInstance } from 'fastify';
import { NO_FACE_ERROR } from '../../api/processContract.ts';
import { PROCESS_FIELDS } from '../../api/processFields.ts';
import type { ServiceContext } from '../service/context.ts';
import { checkUpload, specField } from '../service/formFields.ts';
import { HttpError } from '../service/httpError.ts';
import { newJobId, resultNameFor } from '../service/jobStore.ts';
import { readMultipartForm } from '../service/multipartForm.ts';
import { defaultOptions, maxUploadBytes } from '../service/processOptions.ts';
import { documentOnlyBody, errorSchema } from './errorSchema.ts';
import { fieldSchema } from './fieldSchema.ts';
import { NO_FACE_MESSAGE } from './process.ts';

interface BatchItem {
  filename: string;
  success: boolean;
  download_url: string | null;
  error: string | null;
  error_message: string | null;
}

const nullableString = { type: ['string', 'null'] } as const;

const batchResponseSchema = {
  type: 'object',
  properties: {
    job_id: { type: 'string' },
    total: { type: 'integer' },
    successful: { type: 'integer' },
    failed: { type: 'integer' },
    processing_time_ms: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          filename: { type: 'string' },
          success: { type: 'boolean' },
          download_url: nullableString,
          error: nullableString,
          error_message: nullableString,
        },
        required: ['filename', 'success', 'download_url', 'error', 'error_message'],
      },
    },
  },
  required: ['job_id', 'total', 'successful', 'failed', 'processing_time_ms', 'results'],
} as const;

export function processBatchRoute(app: FastifyInstance, ctx: ServiceContext): void {
  const maxFiles = ctx.config.batchMaxFiles;
  app.post(
    '/api/v1/process/batch',
    {
      schema: {
        summary: `Process up to ${maxFiles} portraits in one job`,
        tags: ['processing'],
        consumes: ['multipart/form-data'],
        body: {
          type: 'object',
          required: ['files'],
          properties: {
            files: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: maxFiles },
            width: fieldSchema(PROCESS_FIELDS.width),
            height: fieldSchema(PROCESS_FIELDS.height),
            return_base64: {
              type: 'boolean',
              description: 'Accepted for compatibility [true]; items carry URLs.',
            },
          },
        },
        response: { 200: batchResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
      validatorCompiler: documentOnlyBody,
    },
    async (request) => {
      ctx.processor.assertAccepting();
      const started = performance.now();
      const form = await readMultipartForm(request, { maxFileBytes: maxUploadBytes(ctx.config), maxFiles });
      const files = form.files.filter((file) => file.field === 'files');
      if (files.length === 0) {
        throw new HttpError(
          400,
          'missing_file',
          "Send at least one image in the repeated form field 'files'.",
        );
      }
      const width = specField(form, 'width', PROCESS_FIELDS.width, ctx.config.defaults.width);
      const height = specField(form, 'height', PROCESS_FIELDS.height, ctx.config.defaults.height);
      // Accepted for compatibility (its default here is true): only checked, items carry URLs.
      specField(form, 'return_base64', PROCESS_FIELDS.return_base64, true);
      const options = defaultOptions(ctx.config, width, height);

      const jobId = newJobId();
      const names = new Set<string>();
      const results: BatchItem[] = [];
      // One item at a time: a batch holds one place in the queue and never starves single requests.
      for (const file of files) {
        const item: BatchItem = {
          filename: file.filename,
          success: false,
          download_url: null,
          error: null,
          error_message: null,
        };
        try {
          checkUpload(file);
          const { result } = await ctx.processor.process(file.data, options);
          if (result.faceDetected && result.png) {
            const name = resultNameFor(file.filename, names);
            await ctx.store.save(jobId, name, { png: result.png, jpg: result.jpg });
            item.success = true;
            item.download_url = `/api/v1/download/${jobId}/${encodeURIComponent(name)}/png`;
          } else {
            item.error = NO_FACE_ERROR;
            item.error_message = NO_FACE_MESSAGE;
          }
        } catch (error) {
          // Busy or shutting down concerns the whole batch; anything about this one file stays with it.
          if (error instanceof HttpError && error.statusCode >= 500) throw error;
          if (!(error instanceof HttpError))
            request.log.error({ err: error, filename: file.filename }, 'batch item failed');
          item.error = error instanceof HttpError ? error.code : 'processing_failed';
          item.error_message =
            error instanceof HttpError ? error.message : 'The engine could not process this image.';
        }
        results.push(item);
      }
      const successful = results.filter((item) => item.success).length;
      const processingMs = Math.round(performance.now() - started);
      request.log.info({ jobId, total: results.length, successful, processingMs }, 'batch processed');
      return {
        job_id: jobId,
        total: results.length,
        successful,
        failed: results.length - successful,
        processing_time_ms: processingMs,
        results,
      };
    },
  );
}
