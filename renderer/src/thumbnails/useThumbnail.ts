import { useEffect, useState } from 'react';
import type { FullPictureKind } from '../../../contract/domain.ts';
import { getThumbnail } from './thumbnailService.ts';

export function useThumbnail(
  id: string,
  kind: FullPictureKind,
  version: string | number,
  enabled = true,
): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ key: string; url: string | null; failed: boolean }>({
    key: '',
    url: null,
    failed: false,
  });
  const key = `${id}:${kind}:${version}`;
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    getThumbnail(id, kind, version).then(
      (url) => live && setState({ key, url, failed: false }),
      () => live && setState({ key, url: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [id, kind, version, enabled, key]);
  return state.key === key ? { url: state.url, failed: state.failed } : { url: null, failed: false };
}
