// Preloaded (--import) by bench/alloc.mjs: V8's sampling heap profiler over every allocation,
// kept or collected (scavenges and full GCs included), so the profile says where a request's
// bytes are allocated rather than what is still alive. The first SIGUSR2 starts sampling,
// the second writes the profile to $BENCH_ALLOC_FILE. (The event-loop preload also hears
// SIGUSR2 and only appends a histogram line.)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_ALLOC_FILE;
const interval = Number(process.env.BENCH_ALLOC_INTERVAL ?? 4096);
if (file) {
  const session = new Session();
  session.connect();
  let sampling = false;
  process.on('SIGUSR2', () => {
    if (!sampling) {
      sampling = true;
      session.post('HeapProfiler.startSampling', { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      return;
    }
    sampling = false;
    session.post('HeapProfiler.stopSampling', (error, result) => {
      writeFileSync(file, error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile));
    });
  });
}
