import { useEffect, useState } from 'react';
import { dataUrlToBlob } from '../lib/dataUrl.ts';

/** A picture decoded for drawing on a canvas, EXIF orientation applied (as the engine sees the photo). */
export interface DecodedPicture {
  bitmap: ImageBitmap;
  width: number;
  height: number;
}

/** null until decoded, and where the browser cannot decode into bitmaps (jsdom). */
export function useDecodedPicture(dataUrl: string | null): DecodedPicture | null {
  const [picture, setPicture] = useState<{ url: string; picture: DecodedPicture } | null>(null);
  useEffect(() => {
    if (!dataUrl || typeof createImageBitmap === 'undefined') return;
    let live = true;
    createImageBitmap(dataUrlToBlob(dataUrl), { imageOrientation: 'from-image' }).then(
      (bitmap) => {
        if (live)
          setPicture({ url: dataUrl, picture: { bitmap, width: bitmap.width, height: bitmap.height } });
        else bitmap.close();
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dataUrl]);
  return picture && picture.url === dataUrl ? picture.picture : null;
}
