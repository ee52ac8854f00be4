/**
 * The two kinds of engine the launcher runs and everything that differs between them, in one place:
 * ours (docker/, labelled io.facecraft.*) and the published djok/facecraft image (Python/FastAPI;
 * ../shared/upstream-image.md). An image we cannot identify is treated like the published one: its
 * profile assumes the least (silent while loading and busy, one photo at a time, raw error texts).
 */
import os from 'node:os';
import type { EngineKind } from '../../../contract/domain.ts';
import type { UrlEngineKind } from '../../../contract/engines.ts';

export type { EngineKind };

/** Security settings for the container (what each kind survives). */
export interface ContainerHardening {
  readOnlyRootfs: boolean;
  /** Writable tmpfs mounts (path → mount options), needed where the engine writes when the root is read-only. */
  tmpfs: Record<string, string>;
  noNewPrivileges: boolean;
  dropAllCapabilities: boolean;
}

/** How the launcher learns that a freshly started engine can take photos. */
export type ReadinessProbe =
  /** Serves HTTP at once and answers /ready false until its models ran: poll /ready. */
  | { kind: 'poll-ready' }
  /**
   * Binds its port only after loading (refused connections mean "loading"): poll /health until it answers,
   * then ask /ready once, patiently; a 500 there means the models failed to load (every further call
   * would load them again).
   */
  | { kind: 'health-then-ready'; readyTimeoutMs: number };

export interface EngineProfile {
  kind: EngineKind;
  /** For sentences: "the Facecraft Desktop engine", "the published Facecraft image". */
  title: string;
  hardening: ContainerHardening;
  /** Environment the launcher adds at start (on top of FACECRAFT_API_KEY). */
  environment(): Record<string, string>;
  readiness: ReadinessProbe;
  /**
   * How long a running engine may stay silent before it counts as hung: the published image answers
   * nothing while it works on a photo, so "no answer within 3 s" says nothing there.
   */
  patientCheckMs: number;
  /** Photos sent at once; the published image blocks on each one, so more only queue in the kernel. */
  photosInFlight: number;
  /** Upper bound for one request: a blocked engine answers only after the photos before it. */
  requestTimeoutMs: number;
  /** The published route fills OpenCV's BGR arrays with (r, g, b): send blue as red to get red. */
  swapsRedAndBlue: boolean;
  /** Ours always writes a transparent PNG; the published image writes one only with the oval on. */
  pngWithoutOval: boolean;
  /** Ours counts the faces it found; the published image always answers face_count 1. */
  countsFaces: boolean;
  /** Its error_message texts are meant for people (ours) or raw exception texts with container paths (published). */
  errorTextsForPeople: boolean;
  /** Serves our additions to the form (rows of docker/api/processFields.ts with contract: false). */
  servesOwnFields: boolean;
  /**
   * Keep the image's own HEALTHCHECK, or switch it off: the published one probes /ready every 30 s, and
   * after a failed load each probe loads the models again. The launcher checks the engine itself.
   */
  imageHealthcheck: 'keep' | 'off';
}

/** The engine image's user: a tmpfs over a folder the image already has must belong to it. */
const ENGINE_UID = 1000;
const engineOwned = `uid=${ENGINE_UID},gid=${ENGINE_UID},mode=0750`;

/**
 * Uploads and results on tmpfs (both kinds write /app/uploads and /app/processed) and a writable /tmp.
 * Docker 20.10 ignores `mode` for a tmpfs mounted over a folder that exists in the image (it comes up
 * root's, 755, and every upload fails with EACCES), so uploads and results get an explicit owner.
 */
const WRITABLE_PLACES: Record<string, string> = {
  '/tmp': 'rw,nosuid,nodev,mode=1777,size=512m',
  '/app/uploads': `rw,nosuid,nodev,${engineOwned},size=1g`,
  '/app/processed': `rw,nosuid,nodev,${engineOwned},size=2g`,
};

/** Ours: uid 1000, read-only root, writable /tmp, /app/uploads, /app/processed. */
export const OWN_ENGINE_HARDENING: ContainerHardening = {
  readOnlyRootfs: true,
  tmpfs: WRITABLE_PLACES,
  noNewPrivileges: true,
  dropAllCapabilities: true,
};

/**
 * The published image survives a read-only root once numba has a writable cache (NUMBA_CACHE_DIR on
 * /tmp, see environment()); its home stays as the image has it, because a tmpfs there hides the u2net
 * model and rembg would download 170 MB at every start.
 */
export const PUBLISHED_ENGINE_HARDENING: ContainerHardening = {
  readOnlyRootfs: true,
  tmpfs: WRITABLE_PLACES,
  noNewPrivileges: true,
  dropAllCapabilities: true,
};

/** An origin no browser can have (.invalid is reserved): the published image's CORS then admits no page. */
export const NO_WEB_ORIGIN = 'http://facecraft-desktop.invalid';

/** One thread pool per library (OpenBLAS, OpenMP/torch, numba) would each start one thread per CPU. */
export function threadBound(cpus: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(cpus, 8));
}

function threadEnvironment(): Record<string, string> {
  const n = String(threadBound());
  return { OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, NUMBA_NUM_THREADS: n };
}

export const OWN_ENGINE_PROFILE: EngineProfile = {
  kind: 'facecraft-desktop',
  title: 'the Facecraft Desktop engine',
  hardening: OWN_ENGINE_HARDENING,
  // Ours enforces the fresh API key, so a web page that finds the port gets nothing without it.
  environment: () => ({}),
  readiness: { kind: 'poll-ready' },
  patientCheckMs: 10_000,
  photosInFlight: 2,
  requestTimeoutMs: 10 * 60_000,
  swapsRedAndBlue: false,
  pngWithoutOval: true,
  countsFaces: true,
  errorTextsForPeople: true,
  servesOwnFields: true,
  imageHealthcheck: 'keep',
};

export const PUBLISHED_ENGINE_PROFILE: EngineProfile = {
  kind: 'published',
  title: 'the published Facecraft image',
  hardening: PUBLISHED_ENGINE_HARDENING,
  environment: () => ({
    // rembg → pymatting → numba(cache=True) exits at import without a writable cache directory.
    NUMBA_CACHE_DIR: '/tmp/numba',
    FACECRAFT_CORS_ORIGINS: NO_WEB_ORIGIN,
    ...threadEnvironment(),
  }),
  // Model loading takes 30–180 s before the port opens; /ready after that answers at once unless it reloads.
  readiness: { kind: 'health-then-ready', readyTimeoutMs: 60_000 },
  // One large photo (dlib upsamples) can block it for a minute on a slow CPU.
  patientCheckMs: 120_000,
  photosInFlight: 1,
  // A photo waits for the one before it: allow for both, on a slow machine.
  requestTimeoutMs: 15 * 60_000,
  swapsRedAndBlue: true,
  pngWithoutOval: false,
  countsFaces: false,
  errorTextsForPeople: false,
  servesOwnFields: false,
  imageHealthcheck: 'off',
};

export function engineProfile(kind: EngineKind): EngineProfile {
  return kind === 'facecraft-desktop' ? OWN_ENGINE_PROFILE : PUBLISHED_ENGINE_PROFILE;
}

/** A URL engine's kind as its probe tells it; the published image and engines we cannot identify get the cautious profile. */
export function urlEngineKind(kind: UrlEngineKind): EngineKind {
  return kind === 'facecraft' ? 'facecraft-desktop' : 'published';
}
