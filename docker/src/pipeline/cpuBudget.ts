/**
 * How many threads the engine should use: the cores it may run on, capped by the CPU quota of its
 * cgroup. Node's availableParallelism() counts the cores of the node, not a container's `--cpus` or a
 * pod's CPU limit, so an engine limited to one CPU ran two ONNX threads and was throttled by the quota.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** CPUs the cgroup quota allows (rounded up), or null when there is none (or no cgroup to read). */
export function cgroupCpuLimit(cgroupRoot = '/sys/fs/cgroup'): number | null {
  // cgroup v2: "max 100000" (no quota) or "150000 100000" (1.5 CPUs).
  const v2 = readText(path.join(cgroupRoot, 'cpu.max'));
  if (v2 !== null) {
    const [quota, period] = v2.split(/\s+/);
    return cpusOf(quota === 'max' ? -1 : Number(quota), Number(period));
  }
  // cgroup v1: cpu.cfs_quota_us is -1 without a quota.
  for (const dir of ['cpu', 'cpu,cpuacct']) {
    const quota = readText(path.join(cgroupRoot, dir, 'cpu.cfs_quota_us'));
    const period = readText(path.join(cgroupRoot, dir, 'cpu.cfs_period_us'));
    if (quota !== null && period !== null) return cpusOf(Number(quota), Number(period));
  }
  return null;
}

/** Threads for inference and image work: at least one, never more than the cores or the quota allow. */
export function cpuBudget(cgroupRoot?: string, cores = availableParallelism()): number {
  const limit = cgroupCpuLimit(cgroupRoot);
  return Math.max(1, limit === null ? cores : Math.min(cores, limit));
}

function cpusOf(quota: number, period: number): number | null {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null;
  return Math.ceil(quota / period);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}
