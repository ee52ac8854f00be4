/**
 * Folds docker's per-layer pull events into one byte-accurate figure with a phase. Pure, so it is unit-tested
 * with recorded event sequences.
 *
 * Docker reports, per layer: "Pulling fs layer", "Waiting", "Downloading" {current,total},
 * "Verifying Checksum", "Download complete", "Extracting" {current,total}, "Pull complete", or
 * "Already exists". `totalBytes` is the compressed size of the layers to fetch (what the registry's
 * manifest says); `currentBytes` gives each layer's download and extraction half the weight each,
 * because both take real time and a bar that sits at 100 % while extracting looks hung. Per layer the
 * figures only grow (a retried download does not move the bar back).
 */
export interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

interface LayerProgress {
  downloadCurrent: number;
  extractCurrent: number;
  /** Compressed size; 0 until the first Downloading/Extracting event says it. */
  total: number;
  done: boolean;
}

export interface PullFigure {
  phase: 'resolving' | 'downloading' | 'extracting';
  currentBytes: number;
  totalBytes: number;
  message: string | null;
}

const LAYER_ID = /^[0-9a-f]{12}$/;

export class PullProgressTracker {
  readonly #layers = new Map<string, LayerProgress>();
  #lastStatus: string | null = null;
  #phase: PullFigure['phase'] = 'resolving';

  /** Feeds one event; answers the in-band error text when the event is a failure. */
  add(event: PullEvent): string | null {
    if (event.error || event.errorDetail?.message)
      return event.errorDetail?.message ?? event.error ?? 'unknown error';
    const status = event.status ?? '';
    const id = event.id ?? '';
    if (!LAYER_ID.test(id)) {
      // Whole-image lines: "Pulling from library/x", "Digest: …", "Status: Downloaded newer image …".
      if (status) this.#lastStatus = id && !status.includes(id) ? `${status} ${id}` : status;
      return null;
    }
    const layer = this.#layer(id);
    const detail = event.progressDetail ?? {};
    switch (status) {
      case 'Downloading':
        if (detail.total) layer.total = detail.total;
        layer.downloadCurrent = Math.max(
          layer.downloadCurrent,
          Math.min(detail.current ?? 0, layer.total || Infinity),
        );
        if (this.#phase === 'resolving') this.#phase = 'downloading';
        break;
      case 'Verifying Checksum':
      case 'Download complete':
        layer.downloadCurrent = layer.total;
        break;
      case 'Extracting':
        if (detail.total && !layer.total) layer.total = detail.total;
        layer.downloadCurrent = layer.total;
        layer.extractCurrent = Math.max(
          layer.extractCurrent,
          Math.min(detail.current ?? 0, layer.total || Infinity),
        );
        this.#phase = 'extracting';
        break;
      case 'Pull complete':
        layer.downloadCurrent = layer.total;
        layer.extractCurrent = layer.total;
        layer.done = true;
        break;
      case 'Already exists':
        // Nothing to fetch: the layer leaves the figure entirely.
        this.#layers.delete(id);
        return null;
      default:
        break;
    }
    this.#lastStatus = `${status} ${id}`.trim();
    return null;
  }

  figure(): PullFigure {
    let current = 0;
    let total = 0;
    for (const layer of this.#layers.values()) {
      total += layer.total;
      current += layer.downloadCurrent + layer.extractCurrent;
    }
    return {
      phase: this.#phase,
      currentBytes: Math.floor(current / 2),
      totalBytes: total,
      message: this.#lastStatus,
    };
  }

  /** Layers whose size is still unknown make the total grow; the ETA waits until every size is known. */
  allSizesKnown(): boolean {
    for (const layer of this.#layers.values()) if (!layer.total && !layer.done) return false;
    return this.#layers.size > 0;
  }

  #layer(id: string): LayerProgress {
    let layer = this.#layers.get(id);
    if (!layer) {
      layer = { downloadCurrent: 0, extractCurrent: 0, total: 0, done: false };
      this.#layers.set(id, layer);
    }
    return layer;
  }
}
