import type { ImageSource } from '../../../contract/domain.ts';

interface Props {
  value: ImageSource;
  reference: string | null;
  onChange(source: ImageSource): void;
}

export function ImageSourceChoice({ value, reference, onChange }: Props) {
  return (
    <fieldset className="choice-group">
      <legend>Engine image</legend>
      <label className={`choice ${value === 'auto' ? 'choice-selected' : ''}`}>
        <input
          type="radio"
          name="image-source"
          value="auto"
          checked={value === 'auto'}
          onChange={() => onChange('auto')}
        />
        <span className="choice-text">
          <span className="choice-title">Get the Facecraft Desktop engine automatically</span>
          <span className="choice-note">
            Downloads it; when it cannot be downloaded, builds it on this computer instead
          </span>
        </span>
      </label>
      <label className={`choice ${value === 'pull' ? 'choice-selected' : ''}`}>
        <input
          type="radio"
          name="image-source"
          value="pull"
          checked={value === 'pull'}
          onChange={() => onChange('pull')}
        />
        <span className="choice-text">
          <span className="choice-title">Download only</span>
          <span className="choice-note">{reference ? `${reference} · ` : ''}needs the internet once</span>
        </span>
      </label>
      <label className={`choice ${value === 'build' ? 'choice-selected' : ''}`}>
        <input
          type="radio"
          name="image-source"
          value="build"
          checked={value === 'build'}
          onChange={() => onChange('build')}
        />
        <span className="choice-text">
          <span className="choice-title">Build it on this computer</span>
          <span className="choice-note">From the recipe bundled with the app · takes a few minutes</span>
        </span>
      </label>
    </fieldset>
  );
}
