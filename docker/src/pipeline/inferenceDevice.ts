/**
 * Which device inference should use (FACECRAFT_DEVICE: auto | cpu | cuda | cuda:N), and what the GPU is
 * called when one is used. CUDA is only ever claimed after ONNX Runtime really created a CUDA session.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeviceInfo } from './types.ts';

export interface DeviceRequest {
  kind: 'auto' | 'cpu' | 'cuda';
  /** CUDA device index (cuda:N), 0 otherwise. */
  index: number;
}

export function parseDevice(value: string): DeviceRequest {
  const text = value.trim().toLowerCase();
  if (text === 'auto' || text === '') return { kind: 'auto', index: 0 };
  if (text === 'cpu') return { kind: 'cpu', index: 0 };
  const match = /^cuda(?::(\d+))?$/.exec(text);
  if (match) return { kind: 'cuda', index: Number(match[1] ?? 0) };
  throw new Error(`Unknown device "${value}": use auto, cpu, cuda or cuda:N.`);
}

const procGpus = '/proc/driver/nvidia/gpus';

/** true when the NVIDIA driver shows a GPU to this process (so 'auto' is worth trying CUDA). */
export function nvidiaGpuVisible(): boolean {
  try {
    return existsSync(procGpus) && readdirSync(procGpus).length > 0;
  } catch {
    return false;
  }
}

/** The name of GPU `index`, from nvidia-smi or the driver's /proc entry; null when neither answers. */
export function nvidiaGpuName(index: number): string | null {
  try {
    const names = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (names[index]) return names[index];
  } catch {
    // no nvidia-smi in the image: read the driver's own description below
  }
  try {
    const entries = readdirSync(procGpus).sort();
    const entry = entries[index];
    if (!entry) return null;
    const information = readFileSync(path.join(procGpus, entry, 'information'), 'utf8');
    return /^Model:\s*(.+)$/m.exec(information)?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

export function cpuDevice(): DeviceInfo {
  return { type: 'cpu', name: null, cuda_version: null };
}

export function cudaDevice(index: number): DeviceInfo {
  return { type: 'cuda', name: nvidiaGpuName(index), cuda_version: process.env.CUDA_VERSION ?? null };
}
