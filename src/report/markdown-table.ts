import { redact } from './redact.ts';

/** Makes text safe inside a markdown table cell. */
export function mdCell(text: string): string {
  return redact(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/<(?=[A-Za-z/!?])/g, '&lt;').trim();
}

/** A markdown table, every cell made safe; `right[i]` aligns column i to the right. */
export function mdTable(headers: readonly string[], rows: readonly string[][], right: readonly boolean[] = []): string[] {
  return [
    `| ${headers.map(mdCell).join(' | ')} |`,
    `|${headers.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}
