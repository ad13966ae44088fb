/**
 * What Bulletproof knows about a media file after ffprobe, normalised. The argument builder, verification and
 * `bvp analyze` all read this shape, never raw ffprobe JSON.
 */
export interface VideoStreamInfo {
  type: 'video';
  /** Absolute stream index in the file (what `-map 0:N` takes). */
  index: number;
  codec: string;
  /** codec_tag_string, e.g. apch for ProRes HQ, hvc1/hev1 for HEVC. */
  codecTag: string | null;
  /** Codec profile as ffprobe names it (e.g. "HQ", "High", "Main 10"). */
  profile: string | null;
  width: number;
  height: number;
  pixelFormat: string | null;
  /** Frames per second from avg_frame_rate (falls back to r_frame_rate); null when unknown. */
  frameRate: number | null;
  /** The exact rational, e.g. "30000/1001". */
  frameRateRational: string | null;
  /** r_frame_rate and avg_frame_rate disagree: the source has a variable frame rate. */
  variableFrameRate: boolean;
  fieldOrder: string | null;
  durationSeconds: number | null;
  /** Cover art and the like: not a real video stream. */
  attachedPicture: boolean;
  /** Codec level as people write it (H.264 "5.2", HEVC "5.1"); null or absent when the codec has none. */
  level?: number | null;
  /** The stream uses B-frames (ffprobe has_b_frames > 0: frames are decoded out of order); absent when unknown. */
  hasBFrames?: boolean | null;
  /** r_frame_rate as ffprobe gives it, e.g. "30000/1001": the finest timestamp grid of the stream. */
  realFrameRateRational?: string | null;
}

export interface AudioStreamInfo {
  type: 'audio';
  index: number;
  codec: string;
  sampleRate: number | null;
  channels: number | null;
  channelLayout: string | null;
  durationSeconds: number | null;
  /** PCM sample size (16, 24); null or absent for compressed audio or when unknown. */
  bitsPerSample?: number | null;
}

export interface OtherStreamInfo {
  type: 'subtitle' | 'data' | 'attachment' | 'unknown';
  index: number;
  codec: string | null;
}

export type StreamInfo = VideoStreamInfo | AudioStreamInfo | OtherStreamInfo;

/**
 * A folder of numbered frames read as one clip (src/media/sequence*.ts): `<prefix><number>.<ext>`, the number
 * `width` digits wide (0: not padded), from `first` to `first + count - 1` with no gap.
 */
export interface SequenceInfo {
  prefix: string;
  ext: string;
  width: number;
  first: number;
  count: number;
  /** Name of the first frame, e.g. `intro_00001.png` (what rules match against). */
  firstName: string;
}

export interface MediaInfo {
  path: string;
  /** ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "wav". */
  formatName: string;
  durationSeconds: number | null;
  bitRate: number | null;
  sizeBytes: number | null;
  streams: StreamInfo[];
  /** Set when `path` is an image-sequence folder; the streams are those of its frames read at a nominal rate. */
  sequence?: SequenceInfo;
}

export function videoStreams(info: MediaInfo): VideoStreamInfo[] {
  return info.streams.filter((s): s is VideoStreamInfo => s.type === 'video' && !s.attachedPicture);
}

export function audioStreams(info: MediaInfo): AudioStreamInfo[] {
  return info.streams.filter((s): s is AudioStreamInfo => s.type === 'audio');
}
