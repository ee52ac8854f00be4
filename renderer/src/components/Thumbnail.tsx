import { useEffect, useRef, useState } from 'react';
import type { FullPictureKind } from '../../../contract/domain.ts';
import { useThumbnail } from '../thumbnails/useThumbnail.ts';

interface Props {
  id: string;
  kind: FullPictureKind;
  version: string | number;
  alt: string;
  className?: string;
}

/** A small picture that loads when it scrolls into view, decoded by the thumbnail worker. */
export function Thumbnail({ id, kind, version, alt, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (visible || !ref.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [visible]);
  const { url, failed } = useThumbnail(id, kind, version, visible);
  return (
    <div ref={ref} className={`thumb ${kind === 'result' ? 'thumb-checker' : ''} ${className ?? ''}`}>
      {url ? (
        <img src={url} alt={alt} draggable={false} />
      ) : (
        <span className={failed ? 'thumb-failed' : 'thumb-loading'} aria-hidden="true" />
      )}
    </div>
  );
}
