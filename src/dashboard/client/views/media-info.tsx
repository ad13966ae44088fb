import { Fragment } from 'preact';
import { formatBytes, formatDuration, formatNumber } from '../format.ts';
import type { JobDetailView } from '../types.ts';

type Media = NonNullable<JobDetailView['sourceMedia']>;

function bitRate(bps: number | null): string {
  return bps === null ? '—' : `${formatNumber(bps / 1_000_000, 1)} Mb/s`;
}

function videoLine(v: Media['video'][number]): string {
  const rate =
    v.frameRate === null ? 'unknown rate' : `${formatNumber(v.frameRate, 3).replace(/\.?0+$/, '')} fps`;
  const parts = [
    v.profile ? `${v.codec} (${v.profile})` : v.codec,
    `${v.width}×${v.height}`,
    v.frameRateRational && v.frameRate !== null ? `${rate} (${v.frameRateRational})` : rate,
  ];
  if (v.variableFrameRate) parts.push('variable frame rate');
  if (v.pixelFormat) parts.push(v.pixelFormat);
  if (v.fieldOrder && v.fieldOrder !== 'progressive' && v.fieldOrder !== 'unknown') parts.push(v.fieldOrder);
  return parts.join(' · ');
}

function audioLine(a: Media['audio'][number]): string {
  const parts = [a.codec];
  if (a.sampleRate !== null) parts.push(`${formatNumber(a.sampleRate / 1000, 1)} kHz`);
  if (a.channels !== null) parts.push(`${a.channels} ch${a.channelLayout ? ` (${a.channelLayout})` : ''}`);
  return parts.join(' · ');
}

/** The source as probed before the encode: container, duration, size, and each picture and sound stream. */
export function MediaInfo(props: { media: JobDetailView['sourceMedia'] }) {
  const m = props.media;
  return (
    <div class="panel" data-testid="media-info">
      <h3>Source media</h3>
      {m ? (
        <dl class="fields">
          <dt>container</dt>
          <dd data-testid="media-container">{m.container}</dd>
          <dt>duration</dt>
          <dd data-testid="media-duration">{formatDuration(m.durationSeconds)}</dd>
          <dt>size</dt>
          <dd data-testid="media-size">{formatBytes(m.sizeBytes)}</dd>
          <dt>bit rate</dt>
          <dd>{bitRate(m.bitRate)}</dd>
          {m.video.map((v, i) => (
            <Fragment key={`v${i}`}>
              <dt>{m.video.length > 1 ? `video ${i + 1}` : 'video'}</dt>
              <dd data-testid="media-video">{videoLine(v)}</dd>
            </Fragment>
          ))}
          {m.video.length === 0 && (
            <>
              <dt>video</dt>
              <dd data-testid="media-video">none</dd>
            </>
          )}
          {m.audio.map((a, i) => (
            <Fragment key={`a${i}`}>
              <dt>{m.audio.length > 1 ? `audio ${i + 1}` : 'audio'}</dt>
              <dd data-testid="media-audio">{audioLine(a)}</dd>
            </Fragment>
          ))}
          {m.audio.length === 0 && (
            <>
              <dt>audio</dt>
              <dd data-testid="media-audio">none</dd>
            </>
          )}
        </dl>
      ) : (
        <p class="muted" data-testid="media-none">
          Not recorded: the source has not been probed yet, or the job ran before media info was kept.
        </p>
      )}
    </div>
  );
}
