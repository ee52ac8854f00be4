/**
 * Reads a whole multipart/form-data body into memory: the uploads (each at most
 * FACECRAFT_MAX_UPLOAD_SIZE_MB) and every text field with all its values, so the caller can refuse
 * duplicates. @fastify/multipart's limit errors become sentences a user can act on.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './httpError.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
}

export interface MultipartForm {
  files: UploadedFile[];
  fields: Map<string, string[]>;
}

export interface FormLimits {
  maxFileBytes: number;
  maxFiles: number;
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function translate(error: unknown, limits: FormLimits): unknown {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new HttpError(
        413,
        'file_too_large',
        `The uploaded file is larger than the ${formatMb(limits.maxFileBytes)} upload limit.`,
      );
    case 'FST_FILES_LIMIT':
      return new HttpError(
        400,
        'too_many_files',
        `At most ${limits.maxFiles} file(s) can be sent in one request.`,
      );
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new HttpError(400, 'too_many_fields', 'The form has too many fields.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpError(
        400,
        'not_multipart',
        'The request body must be multipart/form-data with the image in a file field.',
      );
    case 'FST_PROTO_VIOLATION':
      return new HttpError(400, 'invalid_form', 'The form has a field name that is not allowed.');
    case 'FST_MP_PREMATURE_CLOSE':
      return new HttpError(400, 'incomplete_upload', 'The upload ended before the form was complete.');
    default:
      if (error instanceof Error && /Multipart|boundary|Unexpected end of form/i.test(error.message)) {
        return new HttpError(400, 'invalid_form', `The multipart form could not be read: ${error.message}.`);
      }
      return error;
  }
}

export async function readMultipartForm(request: FastifyRequest, limits: FormLimits): Promise<MultipartForm> {
  const form: MultipartForm = { files: [], fields: new Map() };
  try {
    // One more file than allowed is let through to the loop, so "too many" gets its own sentence.
    const parts = request.parts({
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles + 1,
        fields: 100,
        parts: limits.maxFiles + 101,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (form.files.length >= limits.maxFiles) {
          throw new HttpError(
            400,
            'too_many_files',
            `At most ${limits.maxFiles} file(s) can be sent in one request.`,
          );
        }
        form.files.push({ field: part.fieldname, filename: part.filename ?? '', data });
      } else {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        const values = form.fields.get(part.fieldname) ?? [];
        values.push(value);
        form.fields.set(part.fieldname, values);
      }
    }
  } catch (error) {
    throw translate(error, limits);
  }
  return form;
}
