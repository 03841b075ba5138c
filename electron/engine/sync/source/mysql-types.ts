import type { Family } from './source.js';

/** One row of information_schema.COLUMNS, as the MySQL source reads it. */
export interface MysqlColumnInfo {
  name: string;
  dataType: string;
  columnType: string;
  precision: number | null;
  scale: number | null;
  charLength: number | null;
  datetimePrecision: number | null;
}

export function mysqlFamily(c: MysqlColumnInfo): Family {
  switch (c.dataType.toLowerCase()) {
    case 'tinyint': case 'smallint': case 'mediumint': case 'int': case 'integer': case 'bigint': case 'year':
      return 'integer';
    case 'decimal': case 'numeric':
      return 'decimal';
    case 'float': case 'double': case 'real':
      return 'float';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'timestamp':
      return 'timestamptz';
    case 'time':
      return 'time';
    case 'binary': case 'varbinary': case 'tinyblob': case 'blob': case 'mediumblob': case 'longblob':
    case 'bit': case 'geometry': case 'point': case 'linestring': case 'polygon':
      return 'binary';
    case 'char': case 'varchar': case 'tinytext': case 'text': case 'mediumtext': case 'longtext':
    case 'enum': case 'set': case 'json':
      return 'text';
    default:
      return 'other';
  }
}

/** PostgreSQL type that holds every value of the MySQL column exactly. */
export function mysqlToPgType(c: MysqlColumnInfo): string {
  const t = c.dataType.toLowerCase();
  const unsigned = /unsigned/i.test(c.columnType);
  switch (t) {
    case 'tinyint':
      return 'smallint';
    case 'smallint':
      return unsigned ? 'integer' : 'smallint';
    case 'mediumint':
      return 'integer';
    case 'int': case 'integer':
      return unsigned ? 'bigint' : 'integer';
    case 'bigint':
      return unsigned ? 'numeric(20,0)' : 'bigint';
    case 'year':
      return 'smallint';
    case 'decimal': case 'numeric':
      return c.precision !== null ? `numeric(${c.precision},${c.scale ?? 0})` : 'numeric';
    case 'float':
      return 'real';
    case 'double': case 'real':
      return 'double precision';
    case 'date':
      return 'date';
    case 'datetime':
      return c.datetimePrecision ? `timestamp(${c.datetimePrecision})` : 'timestamp';
    case 'timestamp':
      return c.datetimePrecision ? `timestamptz(${c.datetimePrecision})` : 'timestamptz';
    // MySQL TIME spans -838:59:59..838:59:59, which only interval holds.
    case 'time':
      return 'interval';
    case 'char': case 'varchar':
      return c.charLength !== null ? `varchar(${c.charLength})` : 'text';
    case 'json':
      return 'jsonb';
    default:
      return mysqlFamily(c) === 'binary' ? 'bytea' : 'text';
  }
}
