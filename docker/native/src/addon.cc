// facecraft_dlib: dlib's HOG frontal face detector and 68-point shape predictor for the engine.
#include <napi.h>

#include "faceDetection.h"
#include "shapePredictor.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("detectFaces", Napi::Function::New(env, &facecraft::DetectFaces));
  facecraft::ShapePredictor::Init(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(facecraft_dlib, Init)
