/**
 * Facts of the /process routes that both sides spell: the photo suffixes they take and the error code of
 * a photo without a face (../shared/facecraft-api.md). Pure data, like processFields.ts.
 */

/** File suffixes the engine accepts, lower case, with the dot. */
export const ACCEPTED_SUFFIXES = ['.jpg', '.jpeg', '.png', '.bmp', '.webp'] as const;

/** `error` of a /process answer (and `code` of a /quick 400) when no face was found. */
export const NO_FACE_ERROR = 'no_face_detected';
