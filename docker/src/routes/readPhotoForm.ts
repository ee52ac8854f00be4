/** The start of /process and /process/quick: accepting work, one photo in the form field `file`, checked. */
import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../service/context.ts';
import { checkUpload, singleFile } from '../service/formFields.ts';
import { type MultipartForm, readMultipartForm, type UploadedFile } from '../service/multipartForm.ts';
import { maxUploadBytes } from '../service/processOptions.ts';

export async function readPhotoForm(
  request: FastifyRequest,
  ctx: ServiceContext,
): Promise<{ form: MultipartForm; file: UploadedFile }> {
  ctx.processor.assertAccepting();
  const form = await readMultipartForm(request, { maxFileBytes: maxUploadBytes(ctx.config), maxFiles: 1 });
  const file = singleFile(form, 'file');
  checkUpload(file);
  return { form, file };
}
