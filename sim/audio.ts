/** Audio containers the speech service recognises from header bytes (GG `SpeechService`). */
export type AudioFormat = 'webm' | 'ogg' | 'mp3' | 'wav' | 'aac' | 'flac' | 'm4a' | 'pcm';

/** Sniffs the container from the first bytes; anything unrecognised is treated as raw PCM. */
export function sniffAudio(b: Buffer): AudioFormat {
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'webm';
  if (b.length >= 4 && b.toString('latin1', 0, 4) === 'OggS') return 'ogg';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (b.length >= 4 && b.toString('latin1', 0, 4) === 'fLaC') return 'flac';
  if (b.length >= 8 && b.toString('latin1', 4, 8) === 'ftyp') return 'm4a';
  if (b.length >= 3 && b.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return 'aac';
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return 'mp3';
  return 'pcm';
}

/** Bytes per second of the TTS output (MP3, 32 kbps mono). */
export const TTS_BYTES_PER_S = 4000;

/** Base64 of a fake MP3 stream (an ID3 tag then silent frames), sliced per sentence. */
const FAKE_MP3_BASE64 = (() => {
  const size = 3 * 40_000;
  const buf = Buffer.alloc(size, 0x55);
  buf.write('ID3', 0, 'latin1');
  buf[3] = 4;
  for (let i = 10; i + 1 < size; i += 144) {
    buf[i] = 0xff;
    buf[i + 1] = 0xf3;
  }
  return buf.toString('base64');
})();

/** Base64 MP3 of `bytes` bytes (rounded down to a multiple of 3, at most 120 kB). */
export function fakeMp3Base64(bytes: number): { base64: string; size: number } {
  const size = Math.max(3, Math.min(120_000, Math.floor(bytes / 3) * 3));
  return { base64: FAKE_MP3_BASE64.slice(0, (size / 3) * 4), size };
}
