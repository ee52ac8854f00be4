import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupCpuLimit, cpuBudget } from '../../../src/pipeline/cpuBudget.ts';

const roots: string[] = [];
/** A cgroup filesystem as the kernel shows it inside a container, written to a temporary folder. */
function cgroupRoot(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fc-cgroup-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), `${text}\n`);
  }
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the engine’s thread budget', () => {
  it('follows a pod’s CPU limit under cgroup v2 (1.5 CPUs on an 8-core node: 2 threads)', () => {
    const root = cgroupRoot({ 'cpu.max': '150000 100000' });
    expect(cgroupCpuLimit(root)).toBe(2);
    expect(cpuBudget(root, 8)).toBe(2);
  });

  it('uses every core when cgroup v2 sets no quota', () => {
    const root = cgroupRoot({ 'cpu.max': 'max 100000' });
    expect(cgroupCpuLimit(root)).toBeNull();
    expect(cpuBudget(root, 8)).toBe(8);
  });

  it('follows `docker run --cpus=1` under cgroup v1 (Debian 12 with Docker 20.10)', () => {
    const root = cgroupRoot({ 'cpu/cpu.cfs_quota_us': '100000', 'cpu/cpu.cfs_period_us': '100000' });
    expect(cpuBudget(root, 16)).toBe(1);
  });

  it('reads the combined cpu,cpuacct folder, and -1 means no quota', () => {
    const root = cgroupRoot({
      'cpu,cpuacct/cpu.cfs_quota_us': '-1',
      'cpu,cpuacct/cpu.cfs_period_us': '100000',
    });
    expect(cgroupCpuLimit(root)).toBeNull();
    expect(cpuBudget(root, 4)).toBe(4);
  });

  it('never asks for more threads than there are cores, nor fewer than one', () => {
    expect(cpuBudget(cgroupRoot({ 'cpu.max': '800000 100000' }), 2)).toBe(2);
    expect(cpuBudget(cgroupRoot({}), 0)).toBe(1);
  });
});
