// The naive baseline as a separate process (so its peak RSS is its own): read the first
// N source rows with mysql2, then one parameterised INSERT per row with pg in autocommit.
// Argument: JSON {mysql:{host,port,user,password,database}, pg:{...}, table, limit}.
// Answer on stdout: JSON {rows, readMs, insertMs}.
import mysql from 'mysql2/promise';
import pg from 'pg';

const job = JSON.parse(process.argv[2]);
const started = performance.now();
const my = await mysql.createConnection({ ...job.mysql, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
const [rows] = await my.query({
  sql: 'SELECT rowid, product_id, customer_id, price, quantity, `timestamp` FROM sales_data ORDER BY rowid LIMIT ?',
  values: [job.limit],
  rowsAsArray: true,
});
await my.end();
const read = performance.now();
const client = new pg.Client(job.pg);
await client.connect();
const sql = `INSERT INTO ${job.table} (rowid, product_id, customer_id, price, quantity, "timestamp") VALUES ($1, $2, $3, $4, $5, $6)`;
for (const row of rows) await client.query(sql, row);
await client.end();
const done = performance.now();
process.stdout.write(JSON.stringify({ rows: rows.length, readMs: read - started, insertMs: done - read }) + '\n');
