# Both engine images with one command:   docker buildx bake            (VERSION=0.1.0 by default)
# The release workflow (.github/workflows/release.yml) runs it with VERSION from the tag and --push.
# Tags are <REPOSITORY>:<VERSION>-cpu / -gpu (what the app of that version pulls by default,
# electron/services/docker/engineImages.ts) plus the moving :cpu / :gpu. A test holds them equal.

variable "VERSION" {
  default = "0.1.0"
}

variable "REPOSITORY" {
  default = "ghcr.io/facecraft-desktop/facecraft-engine"
}

# Filled by the workflow (git commit and build time); empty locally.
variable "REVISION" {
  default = ""
}

variable "CREATED" {
  default = ""
}

group "default" {
  targets = ["cpu", "gpu"]
}

# Shared by both targets: context, stage, version argument and OCI labels.
target "_engine" {
  context   = "docker"
  target    = "production"
  platforms = ["linux/amd64"]
  args = {
    ENGINE_VERSION = VERSION
  }
  labels = {
    "org.opencontainers.image.version"  = VERSION
    "org.opencontainers.image.revision" = REVISION
    "org.opencontainers.image.created"  = CREATED
    "org.opencontainers.image.source"   = "https://github.com/facecraft-desktop/facecraft-desktop"
    "org.opencontainers.image.vendor"   = "Facecraft Desktop"
    "io.facecraft.engine"               = "facecraft-desktop"
    "io.facecraft.version"              = VERSION
  }
}

target "cpu" {
  inherits   = ["_engine"]
  dockerfile = "Dockerfile.cpu"
  tags       = ["${REPOSITORY}:${VERSION}-cpu", "${REPOSITORY}:cpu"]
}

target "gpu" {
  inherits   = ["_engine"]
  dockerfile = "Dockerfile.gpu"
  tags       = ["${REPOSITORY}:${VERSION}-gpu", "${REPOSITORY}:gpu"]
}
