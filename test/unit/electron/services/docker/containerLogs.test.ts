import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { demuxLogBuffer } from '../../../../../electron/services/docker/index.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('containerLogs', () => {
  it("turns a container's multiplexed log frames into the text a user reads", () => {
    const frame = (kind: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = kind;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    expect(demuxLogBuffer(Buffer.concat([frame(1, 'out line\n'), frame(2, 'err line\n')]))).toBe(
      'out line\nerr line\n',
    );
  });
});
