/**
 * Splits a MySQL dump (mysqldump, phpMyAdmin) into statements the way the mysql client
 * does: ';' ends a statement unless it sits in a string, a quoted identifier or a
 * comment. Plain comments are dropped; version comments such as /*!40101 SET NAMES
 * utf8mb4 *\/ are kept, because MySQL and MariaDB execute their contents. DELIMITER
 * lines (dumps with triggers or procedures) switch the terminator.
 */

export interface DumpStatement {
  sql: string;
  /** 1-based line where the statement starts in the file, for error messages. */
  line: number;
}

export function splitSqlStatements(text: string): DumpStatement[] {
  const statements: DumpStatement[] = [];
  const src = text.replace(/^\uFEFF/, '');
  let delimiter = ';';
  let current = '';
  let startLine = 1;
  let line = 1;
  let i = 0;
  let inVersionComment = false;
  // Whether the statement has anything but whitespace yet (cheaper than trimming on every character).
  let started = false;

  const push = () => {
    const sql = current.trim();
    if (sql) statements.push({ sql, line: startLine });
    current = '';
    started = false;
  };

  while (i < src.length) {
    const ch = src[i];
    const next = src[i + 1];

    if (!started) {
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
        if (ch === '\n') line++;
        i++;
        continue;
      }
      startLine = line;
      // DELIMITER is a client command, valid only at the start of a statement, ending at the line's end.
      const m = /^DELIMITER[ \t]+(\S+)[^\n]*(\n|$)/i.exec(src.slice(i, i + 200));
      if (m) {
        delimiter = m[1];
        i += m[0].length;
        if (m[2] === '\n') line++;
        continue;
      }
    }

    // Line comments: "-- " (a dash pair then whitespace) and '#'.
    if ((ch === '-' && next === '-' && (src[i + 2] === undefined || /\s/.test(src[i + 2]))) || ch === '#') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
      continue;
    }

    if (ch === '/' && next === '*') {
      const version = src[i + 2] === '!' || (src[i + 2] === 'M' && src[i + 3] === '!');
      if (version) {
        started = true;
        inVersionComment = true;
        current += '/*';
        i += 2;
        continue;
      }
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      current += ' ';
      i = stop;
      continue;
    }

    if (inVersionComment && ch === '*' && next === '/') {
      inVersionComment = false;
      current += '*/';
      i += 2;
      continue;
    }

    if (ch === "'" || ch === '"' || ch === '`') {
      // Strings may hold backslash escapes (not in backtick names) and doubled quotes.
      let k = i + 1;
      while (k < src.length) {
        const c = src[k];
        if (c === '\\' && ch !== '`') {
          k += 2;
          continue;
        }
        if (c === ch) {
          if (src[k + 1] === ch) {
            k += 2;
            continue;
          }
          break;
        }
        k++;
      }
      started = true;
      const piece = src.slice(i, k + 1);
      for (const c of piece) if (c === '\n') line++;
      current += piece;
      i = k + 1;
      continue;
    }

    if (!inVersionComment && src.startsWith(delimiter, i)) {
      push();
      i += delimiter.length;
      continue;
    }

    if (ch === '\n') line++;
    current += ch;
    started = true;
    i++;
  }
  push();
  return statements;
}

/** Rows in an INSERT ... VALUES (...), (...) statement: top-level parenthesised groups after VALUES. */
export function countInsertRows(sql: string): number {
  const values = /\bVALUES\b/i.exec(sql);
  if (!values) return 0;
  let depth = 0;
  let rows = 0;
  for (let i = values.index + values[0].length; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let k = i + 1;
      while (k < sql.length && sql[k] !== ch) k += sql[k] === '\\' ? 2 : 1;
      i = k;
      continue;
    }
    if (ch === '(') {
      if (depth === 0) rows++;
      depth++;
    } else if (ch === ')') depth--;
  }
  return rows;
}
