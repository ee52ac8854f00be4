/// <reference lib="webworker" />
/**
 * Decodes and shrinks photos off the UI thread, so a 200-photo queue scrolls smoothly.
 */
import { dataUrlToBlob } from '../lib/dataUrl.ts';

export interface ThumbnailRequest {
  key: string;
  dataUrl: string;
  size: number;
}

export type ThumbnailReply = { key: string; blob: Blob } | { key: string; error: string };

async function makeThumbnail({ dataUrl, size }: ThumbnailRequest): Promise<Blob> {
  // from-image: thumbnails follow EXIF orientation exactly like <img> does.
  const bitmap = await createImageBitmap(dataUrlToBlob(dataUrl), { imageOrientation: 'from-image' });
  const scale = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ThumbnailRequest>) => {
  const request = event.data;
  makeThumbnail(request).then(
    (blob) => scope.postMessage({ key: request.key, blob } satisfies ThumbnailReply),
    (error: unknown) =>
      scope.postMessage({ key: request.key, error: String(error) } satisfies ThumbnailReply),
  );
};
