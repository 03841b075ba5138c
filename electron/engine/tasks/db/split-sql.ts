/**
 * Splits a script into statements at semicolons that are outside quotes ('...', "...",
 * `...`), comments (-- and /* *\/) and PostgreSQL dollar quotes ($tag$...$tag$), so
 * each statement runs and reports its own row count on every engine.
 */
export function splitSql(script: string, dialect: 'mysql' | 'postgres' = 'postgres'): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    const s = script.slice(start, end).trim();
    if (s && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(s)) out.push(s);
  };
  while (i < n) {
    const c = script[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // MySQL strings and PostgreSQL E'...' strings escape with a backslash; standard
      // PostgreSQL strings do not ('C:\' is complete).
      const backslash = c === "'" && (dialect === 'mysql' || script[i - 1] === 'E' || script[i - 1] === 'e');
      i++;
      while (i < n) {
        if (backslash && script[i] === '\\' && script[i + 1] !== undefined) {
          i += 2;
          continue;
        }
        if (script[i] === c) {
          if (script[i + 1] === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
    } else if (c === '-' && script[i + 1] === '-') {
      const nl = script.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (m) {
        const end = script.indexOf(m[0], i + m[0].length);
        i = end < 0 ? n : end + m[0].length;
      } else i++;
    } else if (c === ';') {
      push(i);
      i++;
      start = i;
    } else i++;
  }
  push(n);
  return out;
}
