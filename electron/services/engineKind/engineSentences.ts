/**
 * What a person reads when an engine failed a photo. The published image answers with raw exception
 * texts (OpenCV/Python messages, container paths) in error_message and a bare "Internal Server Error"
 * on a crash: those never reach the screen. The sentence goes to the user, the raw text into the
 * error's cause (and the log), so nothing is lost.
 */
import { FacecraftError } from '../../../contract/errors.ts';
import type { EngineProfile } from './engineKind.ts';

export const ENGINE_FAILED_PHOTO =
  'The engine could not make a portrait of this photo. Try another photo, or another size; the engine log has the details.';

/** A sentence for a failed photo from an engine whose texts are not meant for people. */
export function photoFailureSentence(raw: string): string {
  if (/resize|dsize|width|height/i.test(raw))
    return 'The engine could not make a portrait of that size. Choose another width and height.';
  if (/imdecode|empty\(\)|cannot identify image|decode|truncated/i.test(raw))
    return 'The engine could not read this photo; the file may be damaged.';
  return ENGINE_FAILED_PHOTO;
}

/** The failure as the user should see it; the engine's own text stays attached as the cause. */
export function engineFailure(profile: EngineProfile, raw: string, fallback: string): FacecraftError {
  if (profile.errorTextsForPeople) return new FacecraftError('engine-rejected', raw || fallback);
  return new FacecraftError('engine-rejected', photoFailureSentence(raw), {
    cause: new Error(`${profile.title} said: ${raw}`),
  });
}

/** `requirement error: unsatisfied condition: cuda>=12.1` from the NVIDIA container runtime. */
export function isDriverTooOld(text: string): boolean {
  return /unsatisfied condition: cuda\s*>=|requirement error.*cuda|please update your driver/i.test(text);
}

export function driverTooOldError(text: string, cause?: unknown): FacecraftError {
  const needed = /cuda\s*>=\s*([\d.]+)/i.exec(text)?.[1] ?? '12.1';
  return new FacecraftError(
    'gpu-unavailable',
    `The NVIDIA driver on this computer is too old for the GPU engine, which needs CUDA ${needed} or newer. Update the NVIDIA driver, or use the CPU engine meanwhile.`,
    { cause },
  );
}
