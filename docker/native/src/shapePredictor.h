#pragma once

#include <napi.h>

#include <dlib/image_processing/shape_predictor.h>

#include <memory>

namespace facecraft {

// A loaded 68-point shape predictor. JavaScript gets one from loadShapePredictor(path): Promise<ShapePredictor>
// and calls landmarks(pixels, width, height, left, top, right, bottom): Float64Array of x0,y0,x1,y1,...
class ShapePredictor : public Napi::ObjectWrap<ShapePredictor> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value Load(const Napi::CallbackInfo& info);
  explicit ShapePredictor(const Napi::CallbackInfo& info);

 private:
  static Napi::FunctionReference* constructor_;
  Napi::Value Landmarks(const Napi::CallbackInfo& info);
  std::shared_ptr<const dlib::shape_predictor> model_;
};

}  // namespace facecraft
