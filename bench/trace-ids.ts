// `node --import tsx bench/trace-ids.ts`: what W3C trace context costs the generator per request.
// Each request gets a fresh trace and span id (pooled crypto bytes) and its traceparent through
// OpenTelemetry's W3C propagator, appended to a copy of the prepared request's header list.
import { Bench } from 'tinybench';
import { TraceStamper } from '../src/index.ts';

async function main(): Promise<void> {
  const plain = new TraceStamper();
  const withState = new TraceStamper({ sampled: true, tracestate: 'perf=ci' });
  const opts = { origin: 'http://127.0.0.1:1', path: '/api/godgpt/chat', method: 'POST' as const, headers: ['content-type', 'application/json', 'authorization', 'Bearer x', 'accept', 'text/event-stream'] };
  const bench = new Bench({ time: 1000 });
  bench.add('stamp: fresh traceparent on a copy of the request options', () => void plain.stamp(opts));
  bench.add('stamp: sampled, with a tracestate', () => void withState.stamp(opts));
  bench.add('baseline: copy of the request options only', () => void { ...opts, headers: opts.headers.slice() });
  await bench.run();
  for (const task of bench.tasks) {
    const r = task.result;
    const mean = r && 'latency' in r ? r.latency.mean : NaN;
    process.stdout.write(`${task.name}: ${(mean * 1000).toFixed(2)} µs per request\n`);
  }
}

void main();
