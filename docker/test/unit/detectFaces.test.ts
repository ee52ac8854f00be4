import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { fixture } from './support/engineFixtures.ts';

const limits = { maxPixels: 50_000_000 };

async function facesIn(name: string) {
  const image = await decodeImage(fixture(name), limits);
  return { image, ...(await detectFaces(image, dlibAddon())) };
}

describe('detectFaces', () => {
  it('finds the one face of the astronaut portrait, on her face', async () => {
    const { faces } = await facesIn('frontal-woman-astronaut-orange-suit.png');
    expect(faces).toHaveLength(1);
    const face = faces[0]!;
    // Eileen Collins' face is in the upper middle of the 512×512 photo.
    expect(face.x + face.width / 2).toBeGreaterThan(180);
    expect(face.x + face.width / 2).toBeLessThan(280);
    expect(face.y + face.height / 2).toBeLessThan(220);
    expect(face.width).toBeGreaterThan(60);
  });

  it('counts the ≈ 40 px faces of the group photo (≥ 2) and puts the largest first', async () => {
    const { faces } = await facesIn('group-three-people-apollo11-crew.jpg');
    expect(faces.length).toBeGreaterThanOrEqual(2);
    const areas = faces.map((face) => face.width * face.height);
    expect(areas[0]).toBe(Math.max(...areas));
  });

  it('maps faces found on the ≈ 800 px copy back to the 3458 px original', async () => {
    const { image, faces } = await facesIn('large-3458px-two-women-small-background-face.jpg');
    expect(image.width).toBe(3458);
    const face = faces[0]!;
    expect(face.width).toBeGreaterThan(300);
    expect(face.x + face.width).toBeLessThanOrEqual(image.width);
  });

  it('finds the face in a 115 px image', async () => {
    const { faces } = await facesIn('tiny-115px-glasses-goatee-man.png');
    expect(faces).toHaveLength(1);
  });

  it('finds no face in a landscape', async () => {
    const { faces } = await facesIn('no-face-landscape-palm-beach.jpg');
    expect(faces).toHaveLength(0);
  });

  it('runs detections concurrently without mixing up their results', async () => {
    const astronaut = await decodeImage(fixture('frontal-woman-astronaut-orange-suit.png'), limits);
    const beach = await decodeImage(fixture('no-face-landscape-palm-beach.jpg'), limits);
    const results = await Promise.all(
      [astronaut, beach, astronaut].map((image) => detectFaces(image, dlibAddon())),
    );
    expect(results.map((result) => result.faces.length)).toEqual([1, 0, 1]);
  });
});
