import type { ImageSource } from '../../../contract/domain.ts';
import { RadioChoice } from './RadioChoice.tsx';

interface Props {
  value: ImageSource;
  reference: string | null;
  onChange(source: ImageSource): void;
}

export function ImageSourceChoice({ value, reference, onChange }: Props) {
  return (
    <fieldset className="choice-group">
      <legend>Engine image</legend>
      <RadioChoice
        name="image-source"
        value="auto"
        current={value}
        title="Get the Facecraft Desktop engine automatically"
        note="Downloads it; when it cannot be downloaded, builds it on this computer instead"
        onSelect={onChange}
      />
      <RadioChoice
        name="image-source"
        value="pull"
        current={value}
        title="Download only"
        note={`${reference ? `${reference} · ` : ''}needs the internet once`}
        onSelect={onChange}
      />
      <RadioChoice
        name="image-source"
        value="build"
        current={value}
        title="Build it on this computer"
        note="From the recipe bundled with the app · takes a few minutes"
        onSelect={onChange}
      />
    </fieldset>
  );
}
