/** Pure: the part of a node's text that best shows why it matched. */

export interface Snippet {
  field: 'name' | 'aliases' | 'description';
  text: string;
}

const WINDOW = 160;

export function snippet(fields: { name: string; aliasText?: string; body?: string }, words: string[]): Snippet {
  const has = (text: string | undefined) => !!text && words.some((w) => text.toLowerCase().includes(w));
  if (has(fields.name)) return { field: 'name', text: fields.name };
  if (has(fields.aliasText)) return { field: 'aliases', text: fields.aliasText! };
  const body = fields.body ?? '';
  const lower = body.toLowerCase();
  const at = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0));
  if (Number.isFinite(at)) {
    const start = Math.max(0, at - WINDOW / 3);
    const text = body.slice(start, start + WINDOW).trim();
    return { field: 'description', text: `${start > 0 ? '…' : ''}${text}${start + WINDOW < body.length ? '…' : ''}` };
  }
  const first = body.split(/(?<=[.!?])\s/)[0] ?? body;
  return { field: 'description', text: first.length > WINDOW ? `${first.slice(0, WINDOW)}…` : first };
}
