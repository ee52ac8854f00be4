{
  "targets": [
    {
      "target_name": "facecraft_dlib",
      "sources": [
        "src/addon.cc",
        "src/faceDetection.cc",
        "src/shapePredictor.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions"],
      "libraries": ["-ldlib", "-l:libblas.so.3", "-l:liblapack.so.3"]
    }
  ]
}
