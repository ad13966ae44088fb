import { audioStreams, type MediaInfo, videoStreams } from './media-info.ts';

/**
 * What a job keeps of its source's probe, for the job's detail: the container, duration, size and bit rate, and each
 * picture and sound stream's essentials. Small enough to store with every job (the full probe is not kept).
 */
export interface MediaSummary {
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  durationSeconds: number | null;
  sizeBytes: number | null;
  bitRate: number | null;
  video: Array<{
    codec: string;
    profile: string | null;
    width: number;
    height: number;
    frameRate: number | null;
    /** The exact rate, e.g. "30000/1001". */
    frameRateRational: string | null;
    variableFrameRate: boolean;
    pixelFormat: string | null;
    fieldOrder: string | null;
  }>;
  audio: Array<{
    codec: string;
    sampleRate: number | null;
    channels: number | null;
    channelLayout: string | null;
  }>;
}

export function summarizeMedia(info: MediaInfo): MediaSummary {
  return {
    container: info.formatName,
    durationSeconds: info.durationSeconds,
    sizeBytes: info.sizeBytes,
    bitRate: info.bitRate,
    video: videoStreams(info).map((s) => ({
      codec: s.codec,
      profile: s.profile,
      width: s.width,
      height: s.height,
      frameRate: s.frameRate,
      frameRateRational: s.frameRateRational,
      variableFrameRate: s.variableFrameRate,
      pixelFormat: s.pixelFormat,
      fieldOrder: s.fieldOrder,
    })),
    audio: audioStreams(info).map((s) => ({
      codec: s.codec,
      sampleRate: s.sampleRate,
      channels: s.channels,
      channelLayout: s.channelLayout,
    })),
  };
}
