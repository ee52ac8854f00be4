import { useEffect } from 'react';
import { useUiStore } from '../stores/useUiStore.ts';

/** One short message at a time; errors stay until dismissed, information fades on its own. */
export function NoticeBar() {
  const notice = useUiStore((s) => s.notice);
  const dismiss = useUiStore((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const timer = setTimeout(dismiss, 8000);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="button-ghost" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
