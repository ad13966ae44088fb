import type { FfmpegRun, RunFfmpegOptions } from './ffmpeg-run.ts';

/** Which job and attempt an encode belongs to, and the temp file it writes (what a remote worker needs to know). */
export interface EncodeJob {
  id: string;
  attempt: number;
  tempPath: string;
}

export interface EncodeRequest extends RunFfmpegOptions {
  job: EncodeJob;
}

/**
 * How one encode runs: local ffmpeg (`runFfmpeg`, the default) or a worker elsewhere (src/cluster/remote-encoder.ts).
 * Either way the caller gets the same run handle: progress, suspend/resume, cancel and `done`.
 */
export type Encoder = (request: EncodeRequest) => FfmpegRun;
