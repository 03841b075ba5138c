/**
 * The PostgreSQL table every replicate-style load goes into: the shape ETL Studio's
 * replicate mode creates for the generator's sales_data (integer key as PRIMARY KEY,
 * the other columns as the source types, nullable), so the pipe, pgloader and the
 * row-by-row baseline write into exactly what ETL Studio writes into.
 */
export const SALES_COLUMNS = ['rowid', 'product_id', 'customer_id', 'price', 'quantity', 'timestamp'] as const;

export function salesTableDdl(qualifiedName: string): string {
  return `CREATE TABLE ${qualifiedName} (rowid integer PRIMARY KEY, product_id integer, customer_id integer, price numeric(10,2), quantity integer, "timestamp" timestamp)`;
}

/** The source query of the pipe: every column NOT NULL, so mysql -B never prints NULL. */
export const PIPE_SELECT = 'SELECT rowid, product_id, customer_id, price, quantity, `timestamp` FROM sales_data ORDER BY rowid';

/** The pipe's query for the rows above a key (a bigint, so it goes into the SQL as digits only). */
export function pipeSelectAbove(key: bigint): string {
  return PIPE_SELECT.replace(' ORDER BY', ` WHERE rowid > ${key.toString()} ORDER BY`);
}
