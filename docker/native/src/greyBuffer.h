// Reads a (Uint8Array, width, height) triple from JavaScript arguments and checks it is a whole grey image.
#pragma once

#include <napi.h>

#include "greyImageView.h"

namespace facecraft {

inline GreyImageView ReadGreyImage(const Napi::Env& env, const Napi::Value& pixels, const Napi::Value& width,
                                   const Napi::Value& height) {
  if (!pixels.IsTypedArray() || pixels.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "pixels must be a Uint8Array (or Buffer) of 8-bit grey values");
  }
  if (!width.IsNumber() || !height.IsNumber()) {
    throw Napi::TypeError::New(env, "width and height must be numbers");
  }
  const auto array = pixels.As<Napi::Uint8Array>();
  const long columns = width.As<Napi::Number>().Int64Value();
  const long rows = height.As<Napi::Number>().Int64Value();
  if (columns <= 0 || rows <= 0) throw Napi::RangeError::New(env, "width and height must be positive");
  if (static_cast<size_t>(columns) * static_cast<size_t>(rows) > array.ElementLength()) {
    throw Napi::RangeError::New(env, "the pixel buffer is smaller than width x height");
  }
  return GreyImageView{array.Data(), rows, columns};
}

}  // namespace facecraft
