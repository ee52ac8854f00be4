import type { ImageSource } from '../../../contract/domain.ts';
import { ENGINE_CHOICE_DESCRIPTIONS } from '../../../contract/engineChoices.ts';
import { RadioChoice } from './RadioChoice.tsx';

/** How to get our engine, or the original Facecraft image instead (settings: pull of djok/facecraft). */
export type ImageChoice = ImageSource | 'original';

interface Props {
  value: ImageChoice;
  reference: string | null;
  /** The original image's reference for the chosen device; null hides that choice (not known yet). */
  originalReference: string | null;
  onChange(choice: ImageChoice): void;
}

export function ImageSourceChoice({ value, reference, originalReference, onChange }: Props) {
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
        note={`${reference && value !== 'original' ? `${reference} · ` : ''}needs the internet once`}
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
      {originalReference && (
        <RadioChoice
          name="image-source"
          value="original"
          current={value}
          title="The original Facecraft image"
          note={`${ENGINE_CHOICE_DESCRIPTIONS.published} · ${originalReference}`}
          noteTestId="original-image-note"
          onSelect={onChange}
        />
      )}
    </fieldset>
  );
}
