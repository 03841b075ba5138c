import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldKind } from '../copy/copy-encoder.js';
import { openMysqlSource } from '../source/mysql-source.js';
import { openPgWarehouse } from '../warehouse/pg-warehouse.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from '../testing/dbs.js';

/**
 * Reading MySQL and writing PostgreSQL overlap only if the warehouse is ready before the
 * rows come: one thread serves both sockets, and a result set arrives in bursts that keep
 * PostgreSQL's answers (BEGIN, the COPY's acceptance) unread meanwhile. So the source's
 * query goes out when the warehouse asks for the first rows, and the warehouse asks only
 * once PostgreSQL has accepted the COPY. These tests pin both halves of that hand-over.
 */
let my: MysqlConn;
let wh: PgConn;

beforeAll(async () => {
  [my, wh] = await Promise.all([createMysqlDb(), createPgDb()]);
  const admin = await mysqlAdmin(my);
  await admin.query('CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO t VALUES (1, "a"), (2, "b"), (3, "c")');
  // 16 KiB rows: about 256 of them fill the extract's 4 MiB read-ahead.
  await admin.query('CREATE TABLE wide (id INT PRIMARY KEY, v TEXT)');
  await admin.query("INSERT INTO wide SELECT seq, REPEAT('x', 16000) FROM seq_1_to_320");
  await admin.end();
  const pgc = await pgAdmin(wh);
  await pgc.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
  await pgc.end();
}, 60_000);

afterAll(async () => {
  await Promise.all([my && dropMysqlDb(my), wh && dropPgDb(wh)]);
});

describe('the hand-over between source and warehouse', () => {
  it('asks for the first rows only once PostgreSQL has accepted the COPY', async () => {
    const warehouse = await openPgWarehouse(wh);
    const locker = await pgAdmin(wh);
    try {
      // COPY takes its table lock before it answers, so holding the lock holds the answer back.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
      let askedAt = 0;
      let releasedAt = 0;
      async function* rows(): AsyncGenerator<Buffer> {
        askedAt = performance.now();
        yield Buffer.from('1\tone\n2\ttwo\n');
      }
      const copied = warehouse.transaction((tx) => tx.copyIn('t', ['id', 'v'], rows(), 'text'));
      await new Promise((r) => setTimeout(r, 300));
      releasedAt = performance.now();
      await locker.query('COMMIT');
      expect(await copied).toBe(2);
      expect(askedAt).toBeGreaterThanOrEqual(releasedAt);
    } finally {
      await locker.end();
      await warehouse.close();
    }
  });

  it('sends the MySQL query only when the warehouse asks for the first rows', async () => {
    const source = await openMysqlSource(my);
    const watcher = await mysqlAdmin(my);
    const locker = await mysqlAdmin(my);
    const running = async () => {
      const [rows] = await watcher.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT `id`, `v` FROM %'");
      return Number((rows as { n: number }[])[0]!.n);
    };
    try {
      await source.beginSnapshot();
      // A query sent now would wait for this lock, in plain sight in the process list.
      await locker.query('LOCK TABLES t WRITE');
      const extract = source.extract(
        { select: ['`id`', '`v`'], from: '`t`', key: '`id`', keyIndex: 0, kinds: [FieldKind.plain, FieldKind.text], lower: null, upper: 3n, batchRows: 1000, maxBatchBytes: Number.POSITIVE_INFINITY },
        () => undefined,
      );
      const batches = extract.batches();
      const first = await Promise.race([batches.next(), new Promise<'late'>((r) => setTimeout(() => r('late'), 2000))]);
      if (first === 'late') throw new Error('The first batch was not handed over before its rows were read');
      expect(first.done).toBe(false);
      expect(await running()).toBe(0);
      await locker.query('UNLOCK TABLES');
      const parts: Buffer[] = [];
      for await (const chunk of first.value!.chunks) parts.push(chunk);
      expect(Buffer.concat(parts).toString()).toBe('1\ta\n2\tb\n3\tc\n');
      expect(first.value!.summary()).toMatchObject({ rows: 3, lastKey: 3n });
      expect((await batches.next()).done).toBe(true);
    } finally {
      await locker.query('UNLOCK TABLES').catch(() => undefined);
      await Promise.all([watcher.end(), locker.end()]);
      await source.close();
    }
  });

  it('frees the source for the checks as soon as it has sent its rows, while the warehouse still takes them', async () => {
    const source = await openMysqlSource(my);
    try {
      await source.beginSnapshot();
      const extract = source.extract(
        { select: ['`id`', '`v`'], from: '`t`', key: '`id`', keyIndex: 0, kinds: [FieldKind.plain, FieldKind.text], lower: null, upper: 3n, batchRows: 1000, maxBatchBytes: Number.POSITIVE_INFINITY },
        () => undefined,
      );
      const batches = extract.batches();
      const first = await batches.next();
      const chunks = first.value!.chunks;
      // The warehouse has asked for its first rows (the query went out) and taken no more.
      const firstChunk = await chunks.next();
      expect(firstChunk.done).toBe(false);
      const freed = await Promise.race([extract.readOff!.then(() => 'freed'), new Promise<'late'>((r) => setTimeout(() => r('late'), 5000))]);
      expect(freed).toBe('freed');
      // The checks' count runs now, in the same snapshot, with the batch still unfinished.
      expect(await source.queryText('SELECT CAST(COUNT(*) AS CHAR) FROM `t`')).toEqual([['3']]);
      const rest: Buffer[] = [firstChunk.value as Buffer];
      for await (const chunk of chunks) rest.push(chunk);
      expect(Buffer.concat(rest).toString()).toBe('1\ta\n2\tb\n3\tc\n');
      expect((await batches.next()).done).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('keeps the source usable for the checks when its last rows fill the read-ahead', async () => {
    // Whether the last chunks pause the connection depends on how the rows fall into chunks,
    // so every range around the read-ahead's size is tried; the writer takes no rows meanwhile.
    const source = await openMysqlSource(my);
    const timeout = <T,>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'late'>((r) => setTimeout(() => r('late'), ms))]);
    try {
      await source.beginSnapshot();
      let endedFull = 0;
      for (let upper = 244; upper <= 292; upper++) {
        const extract = source.extract(
          { select: ['`id`', '`v`'], from: '`wide`', key: '`id`', keyIndex: 0, kinds: [FieldKind.plain, FieldKind.text], lower: null, upper: BigInt(upper), batchRows: 1_000_000, maxBatchBytes: Number.POSITIVE_INFINITY },
          () => undefined,
        );
        const batches = extract.batches();
        const batch = (await batches.next()).value!;
        const chunks = batch.chunks;
        const firstChunk = await chunks.next();
        expect(firstChunk.done).toBe(false);
        if ((await timeout(extract.readOff!, 300)) !== 'late') {
          // Everything was sent while the writer held back: the checks' count must still be answered.
          expect(await timeout(source.queryText('SELECT CAST(COUNT(*) AS CHAR) FROM `wide`'), 3000), `rows up to ${upper}`).toEqual([['320']]);
          if (upper >= 256) endedFull++;
        }
        // The writer takes the rest: every row of the range came through.
        for await (const chunk of chunks) expect(chunk.length).toBeGreaterThan(0);
        expect(batch.summary().rows).toBe(upper);
        expect((await batches.next()).done).toBe(true);
      }
      // The ranges that fill the read-ahead only with their last rows were among those tried.
      expect(endedFull).toBeGreaterThan(0);
    } finally {
      await source.close();
    }
  });
});
