import { useEffect, useState } from 'react';
import type { FullPictureKind } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';

/** The full-size picture (a data: URL) for the compare view. */
export function useImageData(id: string, kind: FullPictureKind, version: string | number): string | null {
  const [state, setState] = useState<{ key: string; url: string | null }>({ key: '', url: null });
  const key = `${id}:${kind}:${version}`;
  useEffect(() => {
    let live = true;
    getBridge()
      .queue.image(id, kind)
      .then(
        (url) => live && setState({ key, url }),
        () => live && setState({ key, url: null }),
      );
    return () => {
      live = false;
    };
  }, [id, kind, key]);
  return state.key === key ? state.url : null;
}
