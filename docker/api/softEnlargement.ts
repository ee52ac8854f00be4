/**
 * How far a portrait may enlarge its photo (output pixels per source pixel) before it looks soft. One
 * fact for both sides: the app flags a result enlarged more ("Small face"), and framing by a
 * head-height rule stops there, so a face too small in its photo keeps a smaller head and the
 * document verdict says to take the photo closer instead of passing a blurred enlargement.
 */
export const SOFT_ENLARGEMENT = 3;
