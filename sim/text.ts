const WORDS = (
  'breathe slowly and let your attention rest on the quiet rhythm of each breath notice the ' +
  'weight of your body and the calm space around your thoughts every moment offers a gentle ' +
  'chance to begin again with kindness toward yourself the mind settles like water when we stop ' +
  'stirring it and clarity rises on its own patience grows from small daily practice and ' +
  'presence turns ordinary hours into something bright and whole'
).split(' ');

/** Meditation-themed text of about `chars` characters, in sentences. */
export function generateText(chars: number, rand: () => number): string {
  let out = '';
  let sentence = 0;
  let target = 6 + Math.floor(rand() * 9);
  while (out.length < chars) {
    let w = WORDS[Math.floor(rand() * WORDS.length)]!;
    if (sentence === 0) w = w[0]!.toUpperCase() + w.slice(1);
    sentence++;
    const end = sentence >= target || out.length + w.length + 1 >= chars;
    out += (out ? ' ' : '') + w + (end ? '.' : '');
    if (end) {
      sentence = 0;
      target = 6 + Math.floor(rand() * 9);
    }
  }
  return out;
}

/**
 * Splits text into SSE deltas of about `size` characters, never across a sentence end; `end`
 * marks a delta that completes a sentence.
 */
export function chunkText(text: string, size: number): { text: string; end: boolean }[] {
  const out: { text: string; end: boolean }[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    cur += (cur ? ' ' : '') + word;
    const end = /[.!?]$/.test(word);
    if (end || cur.length >= size) {
      out.push({ text: out.length ? ` ${cur}` : cur, end });
      cur = '';
    }
  }
  if (cur) out.push({ text: out.length ? ` ${cur}` : cur, end: false });
  return out;
}

/** First four words of a message, the session title the server derives. */
export function titleFrom(content: string): string {
  return content.trim().split(/\s+/).slice(0, 4).join(' ');
}

export const SUGGESTIONS = [
  'How can I keep a daily meditation habit?',
  'What is a good breathing exercise for stress?',
  'Can you guide me through a short body scan?',
];

export const TRANSCRIPTS = [
  'How can I calm my mind before sleep?',
  'Tell me something kind to start my day.',
  'What should I focus on when I meditate?',
  'Help me let go of a stressful thought.',
];
