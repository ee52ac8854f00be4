import { useId, useState } from 'react';
import { documentSummary, findDocument, searchDocuments } from '../../../contract/documentGeometry.ts';
import { documentOptions } from '../../../contract/documentProcessFields.ts';
import { UNMEASURED_REASON } from '../../../contract/documentVerdict.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/processOptions.ts';
import { useChosenDocument } from '../stores/useChosenDocument.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';

const NONE = '';

/** Choose a passport, visa or ID document: its size, resolution and framing targets become the options. */
export function DocumentPicker() {
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const chosen = useChosenDocument();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const options = settings?.options ?? DEFAULT_PROCESS_OPTIONS;
  const found = searchDocuments(query);
  const shown = chosen && !found.includes(chosen) ? [chosen, ...found] : found;
  // The published image measures nothing, so it can neither frame by a rule nor judge one.
  // Decided from the engine itself (engineKind), never from the image source: 'pull' now gets ours.
  const published = useEngineStore((s) => s.engine?.engine?.kind === 'published');

  return (
    <div className="field document-picker">
      <label className="field-label" htmlFor={searchId}>
        Document
      </label>
      <input
        id={searchId}
        type="search"
        placeholder="Search by country or name"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        aria-label="Document"
        value={chosen?.id ?? NONE}
        onChange={(e) => {
          const doc = e.target.value ? findDocument(e.target.value) : null;
          // One change: the document and the options it sets are saved together.
          if (doc) void update({ documentId: doc.id, options: documentOptions(doc, options) });
          else
            void update({
              documentId: null,
              options: { ...options, targetHeadRatio: 0, targetEyeLine: 0, dpi: 0 },
            });
        }}
      >
        <option value={NONE}>None (free framing)</option>
        {shown.map((doc) => (
          <option key={doc.id} value={doc.id}>
            {doc.country} — {doc.name}
          </option>
        ))}
      </select>
      {chosen && (
        <p className="muted small" data-testid="document-rules">
          {documentSummary(chosen, options)}
        </p>
      )}
      {chosen && published && (
        <p className="small warn-text" data-testid="document-unavailable">
          Document framing is unavailable: {UNMEASURED_REASON} (Engine setup → build it on this computer.)
        </p>
      )}
    </div>
  );
}
