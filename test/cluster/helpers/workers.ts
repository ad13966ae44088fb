import { execa, type ResultPromise } from 'execa';
import { BVP_BIN, REPO_ROOT } from '../../helpers/bvp.ts';

export interface WorkerProcess {
  name: string;
  proc: ResultPromise;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A real `bvp worker` process (the built CLI, as an operator runs it on another machine). */
export function startWorkerProcess(redisUrl: string, name: string, extra: string[] = []): WorkerProcess {
  const proc = execa(
    'node',
    [BVP_BIN, 'worker', '--redis', redisUrl, '--name', name, '--lock-seconds', '3', ...extra],
    {
      cwd: REPO_ROOT,
      reject: false,
      all: true,
      env: { FORCE_COLOR: '0' },
    },
  );
  let output = '';
  proc.all?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    name,
    proc,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      proc.kill(signal);
      await proc;
    },
  };
}
