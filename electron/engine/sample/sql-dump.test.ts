import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSoftcartFixturesDir } from './fixtures-dir.js';
import { countInsertRows, splitSqlStatements } from './sql-dump.js';

describe('splitSqlStatements', () => {
  it('splits the coursework dump into its statements, keeping version comments', async () => {
    const dump = await readFile(path.join(defaultSoftcartFixturesDir(), 'sales.sql'), 'utf8');
    const statements = splitSqlStatements(dump);
    const kinds = statements.map((s) => s.sql.split(/\s+/)[0].toUpperCase());
    expect(kinds.filter((k) => k === 'INSERT')).toHaveLength(15);
    expect(kinds.filter((k) => k === 'CREATE')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ALTER')).toHaveLength(2);
    expect(statements.filter((s) => s.sql.startsWith('/*!40101'))).toHaveLength(7);
    expect(statements[0]).toEqual({ sql: 'SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO"', line: 10 });
    expect(statements.find((s) => s.sql.startsWith('CREATE'))?.line).toBe(30);
    expect(statements.reduce((n, s) => n + countInsertRows(s.sql), 0)).toBe(13836);
    expect(statements.every((s) => !s.sql.includes('phpMyAdmin') && !s.sql.endsWith(';'))).toBe(true);
  });

  it("does not split on ';' inside strings, quoted names or comments", () => {
    const sql = [
      "-- a comment; with a semicolon",
      "INSERT INTO `we;ird` VALUES ('a;b', \"c;d\", 'it''s; fine', 'back\\'; slash;');",
      '/* block; comment */ SELECT 1;',
      '# hash comment;',
      "/*!40101 SET NAMES utf8mb4 */;",
      'SELECT 2; SELECT 3',
    ].join('\n');
    expect(splitSqlStatements(sql)).toEqual([
      { sql: "INSERT INTO `we;ird` VALUES ('a;b', \"c;d\", 'it''s; fine', 'back\\'; slash;')", line: 2 },
      { sql: 'SELECT 1', line: 3 },
      { sql: '/*!40101 SET NAMES utf8mb4 */', line: 5 },
      { sql: 'SELECT 2', line: 6 },
      { sql: 'SELECT 3', line: 6 },
    ]);
  });

  it('follows DELIMITER lines of dumps with triggers', () => {
    const sql = 'DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END ;;\nDELIMITER ;\nSELECT 1;\n';
    expect(splitSqlStatements(sql).map((s) => s.sql)).toEqual([
      'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END',
      'SELECT 1',
    ]);
  });

  it('counts the rows of a multi-row INSERT, ignoring parentheses in strings', () => {
    expect(countInsertRows("INSERT INTO t (a, b) VALUES (1, '(x)'), (2, 'y)'),(3,'z')")).toBe(3);
    expect(countInsertRows('SELECT 1')).toBe(0);
  });
});

describe('defaultSoftcartFixturesDir', () => {
  it('finds the shipped sample from the sources and from the compiled dist/ folder alike', () => {
    const fromSources = defaultSoftcartFixturesDir();
    const root = path.resolve(fromSources, '../../..');
    expect(path.basename(fromSources)).toBe('softcart');
    expect(defaultSoftcartFixturesDir(path.join(root, 'dist', 'electron', 'engine', 'sample'))).toBe(fromSources);
  });
});
