// HOG frontal face detection on a worker thread. dlib's frontal_face_detector keeps scratch state and
// must not be shared between threads, so each in-flight detection borrows one from a small pool
// (created on first need, ~0.5 s each, and kept for later calls).
#include "faceDetection.h"

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms/interpolation.h>

#include <memory>
#include <mutex>
#include <vector>

#include "greyBuffer.h"

namespace facecraft {
namespace {

class DetectorPool {
 public:
  std::unique_ptr<dlib::frontal_face_detector> Borrow() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        auto detector = std::move(idle_.back());
        idle_.pop_back();
        return detector;
      }
    }
    return std::make_unique<dlib::frontal_face_detector>(dlib::get_frontal_face_detector());
  }

  void Return(std::unique_ptr<dlib::frontal_face_detector> detector) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(detector));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<dlib::frontal_face_detector>> idle_;
};

DetectorPool& Pool() {
  static DetectorPool pool;
  return pool;
}

struct FoundFace {
  double left, top, right, bottom, score;
};

class DetectWorker : public Napi::AsyncWorker {
 public:
  DetectWorker(Napi::Env env, Napi::Object pixels, GreyImageView image, int upsample)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), image_(image), upsample_(upsample) {
    // Keeps the JavaScript buffer alive (and unmoved) while the worker reads it without copying.
    pixels_ = Napi::Persistent(pixels);
  }

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    auto detector = Pool().Borrow();
    try {
      std::vector<dlib::rect_detection> detections;
      double scale = 1.0;
      if (upsample_ == 0) {
        (*detector)(image_, detections);
      } else {
        dlib::array2d<unsigned char> larger;
        dlib::assign_image(larger, image_);
        for (int level = 0; level < upsample_; ++level) {
          dlib::pyramid_up(larger);
          scale *= 2.0;
        }
        (*detector)(larger, detections);
      }
      for (const auto& detection : detections) {
        const auto& rect = detection.rect;
        found_.push_back(FoundFace{rect.left() / scale, rect.top() / scale, (rect.right() + 1) / scale,
                                   (rect.bottom() + 1) / scale, detection.detection_confidence});
      }
    } catch (const std::exception& error) {
      SetError(error.what());
    }
    Pool().Return(std::move(detector));
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Array faces = Napi::Array::New(env, found_.size());
    for (size_t i = 0; i < found_.size(); ++i) {
      Napi::Object face = Napi::Object::New(env);
      face.Set("left", found_[i].left);
      face.Set("top", found_[i].top);
      face.Set("right", found_[i].right);
      face.Set("bottom", found_[i].bottom);
      face.Set("score", found_[i].score);
      faces.Set(static_cast<uint32_t>(i), face);
    }
    deferred_.Resolve(faces);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference pixels_;
  GreyImageView image_;
  int upsample_;
  std::vector<FoundFace> found_;
};

}  // namespace

Napi::Value DetectFaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "detectFaces(pixels, width, height, upsample)");
  const GreyImageView image = ReadGreyImage(env, info[0], info[1], info[2]);
  const int upsample = info[3].As<Napi::Number>().Int32Value();
  if (upsample < 0 || upsample > 3) throw Napi::RangeError::New(env, "upsample must be 0..3");
  auto* worker = new DetectWorker(env, info[0].As<Napi::Object>(), image, upsample);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace facecraft
