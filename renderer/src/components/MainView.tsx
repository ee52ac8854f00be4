import { useId } from 'react';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { type MainTab, useUiStore } from '../stores/useUiStore.ts';
import { DropZone } from './DropZone.tsx';
import { OptionsPanel } from './OptionsPanel.tsx';
import { QueueList } from './QueueList.tsx';
import { QueueProgress } from './QueueProgress.tsx';
import { ResultDetail } from './ResultDetail.tsx';
import { ResultsGrid } from './ResultsGrid.tsx';
import { SkippedList } from './SkippedList.tsx';
import { useWindowDrop } from './useWindowDrop.ts';

export function MainView() {
  const counts = useQueueStore((s) => s.snapshot.counts);
  const titleId = useId();
  const tab = useUiStore((s) => s.tab);
  const setTab = useUiStore((s) => s.setTab);
  const dragging = useWindowDrop();
  const tabs: { id: MainTab; label: string }[] = [
    { id: 'queue', label: `Queue (${counts.total})` },
    { id: 'results', label: `Results (${counts.done + counts.failed})` },
  ];
  return (
    <div className="main-layout">
      <OptionsPanel />
      <main className="workspace" aria-labelledby={titleId}>
        <h1 id={titleId} className="visually-hidden">
          Your photos
        </h1>
        {counts.total > 0 ? (
          // Once photos are in, adding more and the batch's progress share one slim bar.
          <div className="workbar">
            <DropZone compact />
            <QueueProgress />
          </div>
        ) : (
          <DropZone compact={false} />
        )}
        <SkippedList />
        <div className="tabs" role="tablist" aria-label="View">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`panel-${t.id}`}
              className={`tab ${tab === t.id ? 'tab-on' : ''}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="tabpanel">
          {tab === 'queue' ? <QueueList /> : <ResultsGrid />}
        </section>
      </main>
      <ResultDetail />
      {dragging && (
        <div className="window-drop" aria-hidden="true">
          <span>Drop to add the photos</span>
        </div>
      )}
    </div>
  );
}
