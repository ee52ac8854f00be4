#pragma once

#include <napi.h>

namespace facecraft {

// detectFaces(pixels: Uint8Array, width, height, upsample): Promise<FaceRect[]>
Napi::Value DetectFaces(const Napi::CallbackInfo& info);

}  // namespace facecraft
