/** POST /api/v1/process: one photo in, an aligned portrait (PNG + JPG) out, 200 even when no face is found. */
import type { FastifyInstance } from 'fastify';
import { NO_FACE_ERROR } from '../../api/processContract.ts';
import type { ServiceContext } from '../service/context.ts';
import { newJobId, SINGLE_RESULT_NAME } from '../service/jobStore.ts';
import { processOptions } from '../service/processOptions.ts';
import { documentOnlyBody, errorSchema } from './errorSchema.ts';
import { processFieldSchemas } from './fieldSchema.ts';
import { readPhotoForm } from './readPhotoForm.ts';

export const NO_FACE_MESSAGE = 'No face was detected in the image.';

const nullableString = { type: ['string', 'null'] } as const;

const faceBoxSchema = {
  type: ['object', 'null'],
  properties: {
    x: { type: 'integer' },
    y: { type: 'integer' },
    width: { type: 'integer' },
    height: { type: 'integer' },
  },
} as const;

const pointSchema = {
  type: 'object',
  properties: { x: { type: 'number' }, y: { type: 'number' } },
} as const;

/** Our engine's addition (docker/api/portraitGeometry.ts): the exact source → output map. */
const transformSchema = {
  type: 'object',
  properties: {
    source_size: {
      type: 'object',
      properties: { width: { type: 'integer' }, height: { type: 'integer' } },
    },
    source_to_output: { type: 'array', items: { type: 'number' }, minItems: 6, maxItems: 6 },
    rotation_deg: { type: 'number' },
    rotation_center: pointSchema,
    scale: { type: 'number' },
    crop: {
      type: 'object',
      properties: {
        x: { type: 'number' },
        y: { type: 'number' },
        width: { type: 'number' },
        height: { type: 'number' },
      },
    },
    padding: {
      type: 'object',
      properties: {
        top: { type: 'number' },
        right: { type: 'number' },
        bottom: { type: 'number' },
        left: { type: 'number' },
      },
    },
  },
} as const;

/** Our engine's addition: what was measured on the head, in output pixels. */
const measurementsSchema = {
  type: 'object',
  properties: {
    crown_y: { type: 'number' },
    chin_y: { type: 'number' },
    eye_left: pointSchema,
    eye_right: pointSchema,
    eye_line_y: { type: 'number' },
    head_height_ratio: { type: 'number' },
    head_width_ratio: { type: 'number' },
    eye_line_from_bottom_ratio: { type: 'number' },
    center_offset_ratio: { type: 'number' },
    roll_before_deg: { type: 'number' },
    roll_after_deg: { type: 'number' },
    inter_eye_px: { type: 'number' },
    landmarks: { type: 'array', items: pointSchema },
  },
} as const;

export const processResponseSchema = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    job_id: { type: 'string' },
    processing_time_ms: { type: 'integer' },
    result: {
      type: ['object', 'null'],
      properties: {
        face_detected: { type: 'boolean' },
        face_count: { type: 'integer' },
        face_position: faceBoxSchema,
        output_size: {
          type: 'object',
          properties: { width: { type: 'integer' }, height: { type: 'integer' } },
        },
        file_size_bytes: { type: 'integer' },
        transform: transformSchema,
        measurements: measurementsSchema,
      },
    },
    download_url: nullableString,
    png_url: nullableString,
    jpg_url: nullableString,
    png_base64: nullableString,
    jpg_base64: nullableString,
    error: nullableString,
    error_message: nullableString,
  },
  required: [
    'success',
    'job_id',
    'processing_time_ms',
    'result',
    'download_url',
    'png_url',
    'jpg_url',
    'png_base64',
    'jpg_base64',
    'error',
    'error_message',
  ],
} as const;

const bodySchema = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'The photo (.jpg .jpeg .png .bmp .webp).' },
    ...processFieldSchemas(),
  },
} as const;

export function processRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/process',
    {
      schema: {
        summary: 'Process one portrait',
        tags: ['processing'],
        consumes: ['multipart/form-data'],
        body: bodySchema,
        response: { 200: processResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
      validatorCompiler: documentOnlyBody,
    },
    async (request) => {
      const { form, file } = await readPhotoForm(request, ctx);
      const options = processOptions(form, ctx.config);
      const returnBase64 = options.return_base64;

      const jobId = newJobId();
      const { result, processingMs } = await ctx.processor.process(file.data, options);
      const base = {
        job_id: jobId,
        processing_time_ms: processingMs,
        result: {
          face_detected: result.faceDetected,
          face_count: result.faceCount,
          face_position: result.facePosition,
          output_size: result.outputSize,
          file_size_bytes: result.png?.length ?? 0,
          ...(result.transform && { transform: result.transform }),
          ...(result.measurements && { measurements: result.measurements }),
        },
        download_url: null,
      };
      if (!result.faceDetected || !result.png) {
        request.log.info({ jobId, faceCount: result.faceCount }, 'no face detected');
        return {
          ...base,
          success: false,
          png_url: null,
          jpg_url: null,
          png_base64: null,
          jpg_base64: null,
          error: NO_FACE_ERROR,
          error_message: NO_FACE_MESSAGE,
        };
      }
      await ctx.store.save(jobId, SINGLE_RESULT_NAME, { png: result.png, jpg: result.jpg });
      request.log.info(
        { jobId, processingMs, faceCount: result.faceCount, timings: result.timings },
        'processed',
      );
      return {
        ...base,
        success: true,
        png_url: `/api/v1/download/${jobId}/png`,
        jpg_url: result.jpg ? `/api/v1/download/${jobId}/jpg` : null,
        png_base64: returnBase64 ? result.png.toString('base64') : null,
        jpg_base64: returnBase64 && result.jpg ? result.jpg.toString('base64') : null,
        error: null,
        error_message: null,
      };
    },
  );
}
