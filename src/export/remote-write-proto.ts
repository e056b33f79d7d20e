import protobuf from 'protobufjs';
import snappy from 'snappyjs';

/** One series of the Prometheus remote-write protocol (v1): its labels (`__name__` included) and samples. */
export interface RwSeries {
  labels: Record<string, string>;
  samples: { value: number; timestampMs: number }[];
}

/** prometheus/prompb remote.proto and types.proto, the fields remote write v1 sends. */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** A remote-write body: the protobuf `WriteRequest`, snappy-compressed (block format), labels sorted by name. */
export function encodeWriteRequest(series: readonly RwSeries[]): Uint8Array {
  const message = WriteRequest.fromObject({
    timeseries: series.map((s) => ({
      labels: Object.keys(s.labels).sort().map((name) => ({ name, value: s.labels[name] })),
      samples: s.samples.map((x) => ({ value: x.value, timestamp: Math.round(x.timestampMs) })),
    })),
  });
  return snappy.compress(WriteRequest.encode(message).finish());
}

/** Decodes a remote-write body (tests, and checking what was sent). */
export function decodeWriteRequest(body: Uint8Array): RwSeries[] {
  const msg = WriteRequest.toObject(WriteRequest.decode(snappy.uncompress(body)), { longs: Number }) as {
    timeseries?: { labels?: { name: string; value: string }[]; samples?: { value: number; timestamp: number }[] }[];
  };
  return (msg.timeseries ?? []).map((t) => ({
    labels: Object.fromEntries((t.labels ?? []).map((l) => [l.name, l.value])),
    samples: (t.samples ?? []).map((x) => ({ value: x.value, timestampMs: x.timestamp })),
  }));
}
