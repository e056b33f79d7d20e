/**
 * Characters that change how printed text reads instead of being read: C0 controls (newline, CR,
 * ESC and the terminal sequences it starts), DEL, C1 controls (CSI U+009B among them), the Unicode
 * line and paragraph separators and the bidirectional overrides and isolates. A name holding one
 * can forge output (a fake "SLO PASSED" line, a line erased by ESC[2K), so user-supplied names
 * refuse them and printers show them escaped.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

const NAMES: Record<number, string> = { 0x09: 'a tab', 0x0a: 'a line feed', 0x0d: 'a carriage return', 0x1b: 'an escape', 0x7f: 'a delete' };

const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` cannot be printed as it is, or undefined when it can: `contains a control character
 * (U+000A, a line feed) at character 7`. Never quotes the text (it may hold a secret).
 */
export function controlCharProblem(text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const name = NAMES[m[0].codePointAt(0)!];
  const at = [...text.slice(0, m.index)].length + 1;
  return `contains a control character (${codePoint(m[0])}${name ? `, ${name}` : ''}) at character ${at}; names are printed and cannot hold one`;
}

/** `text` with every control character shown as a `\uXXXX` escape, safe to print on a terminal. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL_ALL, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
