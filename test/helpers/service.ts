import { createService, type Service } from '../../src/service/service.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import type { TempDir } from './clips.ts';

/**
 * Services on temp stores for one test file: `start(name)` opens `<dir>/<name>.db` writing to `<dir>/out-<name>`;
 * `stopAll()` (in afterEach) stops them without grace.
 */
export function serviceFactory(dir: () => TempDir) {
  const services: Service[] = [];
  return {
    start(name: string, extra: Partial<Parameters<typeof createService>[0]> = {}): Service {
      const service = createService({
        storePath: dir().join(`${name}.db`),
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
        outputDir: dir().join(`out-${name}`),
        synchronous: 'normal',
        ...extra,
      });
      services.push(service);
      return service;
    },
    async stopAll(): Promise<void> {
      for (const s of services.splice(0)) await s.stop({ graceSeconds: 0 }).catch(() => {});
    },
  };
}

/** The first event matching `predicate`, or a rejection after `ms`. */
export function waitForEvent(
  service: Service,
  predicate: (e: ServiceEvent) => boolean,
  ms = 30_000,
): Promise<ServiceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for event')), ms);
    const off = service.subscribe((e) => {
      if (predicate(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}
