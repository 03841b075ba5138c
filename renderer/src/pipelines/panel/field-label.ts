/**
 * Schema descriptions read "Input (empty: the file of the upstream task; …)": the words
 * before the parenthesis make the label, the rest the hint under the field.
 */
export function splitDescription(text: string): { label: string; hint: string | null } {
  const open = text.indexOf(' (');
  if (open <= 0 || !text.endsWith(')')) return { label: text, hint: null };
  return { label: text.slice(0, open), hint: text.slice(open + 2, -1) };
}

export function setIn(obj: Readonly<Record<string, unknown>>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { ...obj };
  const out: Record<string, unknown> | unknown[] = Array.isArray(obj) ? [...obj] : { ...obj };
  const current = (out as Record<string | number, unknown>)[head];
  const next = rest.length === 0
    ? value
    : setIn((current !== null && typeof current === 'object' ? current : typeof rest[0] === 'number' ? [] : {}) as Record<string, unknown>, rest, value);
  if (next === undefined && !Array.isArray(out)) delete (out as Record<string, unknown>)[head as string];
  else (out as Record<string | number, unknown>)[head] = next;
  return out as Record<string, unknown>;
}
