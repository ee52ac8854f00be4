/** Runs the docker CLI (optionally against another daemon) for test set-up; throws with stderr on failure. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function dockerCli(args: string[], dockerHost?: string): Promise<string> {
  const env = { ...process.env };
  if (dockerHost) env.DOCKER_HOST = dockerHost;
  else delete env.DOCKER_HOST;
  try {
    const { stdout } = await run('docker', args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
  }
}

/** Free TCP port on 127.0.0.1 (closed again before answering; good enough for test servers). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
