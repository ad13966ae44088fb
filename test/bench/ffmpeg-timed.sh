#!/usr/bin/env bash
# Stand-in for ffmpeg in the inter-job gap benchmark: logs when each run starts and ends, so the gap between one
# ffmpeg's exit and the next one's start is seen from outside the service. $EPOCHREALTIME is a bash builtin, so the
# stamps cost no fork. It runs ffmpeg as a child (no exec) to log the exit, which means pausing this job would
# stop only the wrapper: fine for a benchmark that never pauses.
log="${BVP_BENCH_FFMPEG_LOG:?set BVP_BENCH_FFMPEG_LOG}"
# Only encodes are logged: the loudness meter's pass over a finished output (ebur128) is not part of the gap.
case " $* " in *ebur128*) exec "${BVP_BENCH_FFMPEG_REAL:-ffmpeg}" "$@" ;; esac
echo "start $EPOCHREALTIME $$" >>"$log"
"${BVP_BENCH_FFMPEG_REAL:-ffmpeg}" "$@"
code=$?
echo "exit $EPOCHREALTIME $$" >>"$log"
exit "$code"
