// The 68-point landmark model: loaded once on a worker thread (~0.9 s, ~100 MB), then queried
// synchronously (2-4 ms per face, reading the JavaScript buffer in place). shape_predictor's
// operator() is const, so one model can serve every caller.
#include "shapePredictor.h"

#include <dlib/serialize.h>

#include <string>

#include "greyBuffer.h"

namespace facecraft {

Napi::FunctionReference* ShapePredictor::constructor_ = nullptr;

namespace {

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, std::string path, Napi::FunctionReference* constructor)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), path_(std::move(path)),
        constructor_(constructor) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      auto model = std::make_shared<dlib::shape_predictor>();
      dlib::deserialize(path_) >> *model;
      if (model->num_parts() != 68) {
        SetError("the shape predictor at " + path_ + " has " + std::to_string(model->num_parts()) +
                 " parts, expected 68");
        return;
      }
      model_ = model;
    } catch (const std::exception& error) {
      SetError("cannot load the shape predictor at " + path_ + ": " + error.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    auto* holder = new std::shared_ptr<const dlib::shape_predictor>(model_);
    auto external = Napi::External<std::shared_ptr<const dlib::shape_predictor>>::New(
        env, holder, [](Napi::Env, std::shared_ptr<const dlib::shape_predictor>* data) { delete data; });
    deferred_.Resolve(constructor_->New({external}));
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string path_;
  Napi::FunctionReference* constructor_;
  std::shared_ptr<const dlib::shape_predictor> model_;
};

}  // namespace

void ShapePredictor::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function func =
      DefineClass(env, "ShapePredictor", {InstanceMethod<&ShapePredictor::Landmarks>("landmarks")});
  constructor_ = new Napi::FunctionReference(Napi::Persistent(func));
  exports.Set("ShapePredictor", func);
  exports.Set("loadShapePredictor", Napi::Function::New(env, &ShapePredictor::Load));
}

Napi::Value ShapePredictor::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "loadShapePredictor(path)");
  auto* worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value(), constructor_);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

ShapePredictor::ShapePredictor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ShapePredictor>(info) {
  if (info.Length() < 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "use loadShapePredictor(path) to create a ShapePredictor");
  }
  model_ = *info[0].As<Napi::External<std::shared_ptr<const dlib::shape_predictor>>>().Data();
}

Napi::Value ShapePredictor::Landmarks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 7) throw Napi::TypeError::New(env, "landmarks(pixels, width, height, left, top, right, bottom)");
  const GreyImageView image = ReadGreyImage(env, info[0], info[1], info[2]);
  const auto coordinate = [&](size_t index) { return info[index].As<Napi::Number>().DoubleValue(); };
  const dlib::rectangle box(static_cast<long>(coordinate(3)), static_cast<long>(coordinate(4)),
                            static_cast<long>(coordinate(5)) - 1, static_cast<long>(coordinate(6)) - 1);
  const dlib::full_object_detection shape = (*model_)(image, box);
  Napi::Float64Array points = Napi::Float64Array::New(env, shape.num_parts() * 2);
  for (unsigned long i = 0; i < shape.num_parts(); ++i) {
    points[i * 2] = shape.part(i).x();
    points[i * 2 + 1] = shape.part(i).y();
  }
  return points;
}

}  // namespace facecraft
