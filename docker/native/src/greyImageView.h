// A zero-copy view of an 8-bit grey buffer owned by JavaScript, in the shape dlib's generic
// image interface expects (dlib reads it through const_image_view, so no array2d copy is made).
#pragma once

#include <dlib/image_processing/generic_image.h>

namespace facecraft {

struct GreyImageView {
  const unsigned char* data;
  long rows;
  long columns;
};

inline long num_rows(const GreyImageView& image) { return image.rows; }
inline long num_columns(const GreyImageView& image) { return image.columns; }
inline const void* image_data(const GreyImageView& image) { return image.data; }
inline long width_step(const GreyImageView& image) { return image.columns; }

}  // namespace facecraft

namespace dlib {
template <>
struct image_traits<facecraft::GreyImageView> {
  typedef unsigned char pixel_type;
};
}  // namespace dlib
