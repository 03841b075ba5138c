/**
 * Large deterministic tables made inside the database (MariaDB's SEQUENCE engine,
 * PostgreSQL's generate_series), for the crash test and throughput measurements:
 * a million rows are made in seconds without crossing the wire.
 */
import type mysql from 'mysql2/promise';

export const ITEMS_MYSQL_DDL = `CREATE TABLE items (
  id int NOT NULL PRIMARY KEY,
  name varchar(100) NOT NULL,
  qty int NOT NULL,
  amount decimal(12,2) NOT NULL,
  created datetime NOT NULL,
  note text NULL
) ENGINE=InnoDB`;

/** Rows first..first+count-1; some names hold a tab or a backslash, some notes are NULL. */
export async function fillItemsMysql(conn: mysql.Connection, first: number, count: number): Promise<void> {
  const step = 1_000_000;
  for (let lo = first; lo < first + count; lo += step) {
    const hi = Math.min(first + count - 1, lo + step - 1);
    await conn.query(`INSERT INTO items (id, name, qty, amount, created, note)
      SELECT seq, CONCAT('item-', seq, IF(seq % 97 = 0, '\\ttab', ''), IF(seq % 89 = 0, '\\\\slash', '')),
             seq % 10 + 1, (seq * 7919 % 1000000) / 100,
             TIMESTAMP('2019-01-01 00:00:00') + INTERVAL seq MINUTE,
             IF(seq % 5 = 0, NULL, CONCAT('note ', seq % 1000))
      FROM seq_${lo}_to_${hi}`);
  }
}

/** Star-mode source of any size: products, customers and sales_data made by SQL. */
export async function fillOpsMysql(conn: mysql.Connection, count: number): Promise<void> {
  await conn.query(`CREATE TABLE products (product_id int PRIMARY KEY, category varchar(50))`);
  await conn.query(`CREATE TABLE customers (customer_id int PRIMARY KEY, country varchar(80))`);
  await conn.query(`CREATE TABLE sales_data (rowid int PRIMARY KEY, product_id int NOT NULL, customer_id int NOT NULL,
    price decimal(10,2) NOT NULL, quantity int NOT NULL, \`timestamp\` datetime NOT NULL) ENGINE=InnoDB`);
  await conn.query(`INSERT INTO products SELECT seq, ELT(1 + seq % 5, 'Electronics', 'Books', 'Toys', 'Sports', 'Garden') FROM seq_1_to_1000`);
  await conn.query(`INSERT INTO customers SELECT seq, CONCAT('Country ', seq % 56) FROM seq_1_to_20000`);
  const step = 1_000_000;
  for (let lo = 1; lo <= count; lo += step) {
    const hi = Math.min(count, lo + step - 1);
    await conn.query(`INSERT INTO sales_data
      SELECT seq, 1 + (seq * 7919) % 1000, 1 + (seq * 104729) % 20000, ((seq * 31) % 500000) / 100 + 1, 1 + seq % 9,
             TIMESTAMP('2019-01-01 00:00:00') + INTERVAL (seq * 97 % 94608000) SECOND
      FROM seq_${lo}_to_${hi}`);
  }
}
