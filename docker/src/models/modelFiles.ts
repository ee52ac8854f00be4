/** The fixed file names and checksums of the models every engine needs besides segmentation. */

export const predictorFileName = 'shape_predictor_68_face_landmarks.dat';
export const predictorSha256 = 'fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f';
/** Debian's libdlib-data installs byte-identical copy here. */
export const debianPredictorPath = '/usr/share/dlib/shape_predictor_68_face_landmarks.dat';
