import { readdir, readFile } from 'node:fs/promises';

/**
 * Splits a load's CPU time between the servers, from /proc: the PostgreSQL backends
 * connected to the benchmark's warehouse database (sampled while they live, since a
 * backend's counters vanish when it exits), PostgreSQL's shared helpers (WAL writer,
 * checkpointer, autovacuum), and the whole mariadbd process (one process for every
 * client; other users of the server add noise, which the load average in the results
 * lets a reader judge).
 */

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64

export interface ServerCpu {
  /** CPU seconds of the PostgreSQL backends serving the warehouse database. */
  pgBackendS: number;
  /** CPU seconds of PostgreSQL's background processes over the same span. */
  pgAuxS: number;
  /** CPU seconds of mariadbd over the same span (the whole server). */
  mariadbS: number;
}

async function cpuTicks(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return null;
  }
}

async function cmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0+$/, '').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

async function allPids(): Promise<number[]> {
  return (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
}

async function findServers(): Promise<{ postmasters: number[]; mariadb: number[] }> {
  const postmasters: number[] = [];
  const mariadb: number[] = [];
  for (const pid of await allPids()) {
    const cmd = await cmdline(pid);
    const argv0 = cmd.split(' ')[0] ?? '';
    if (/(^|\/)postgres$/.test(argv0)) postmasters.push(pid);
    else if (/(^|\/)(mariadbd|mysqld)$/.test(argv0)) mariadb.push(pid);
  }
  return { postmasters, mariadb };
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.trim() ? text.trim().split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

// "postgres: 15/main: etl etl_bench_wh 127.0.0.1(5432) COPY" (the cluster name part is optional)
const BACKEND = /^postgres: (?:\S+: )?(\S+) (\S+) (?:\S+\(\d+\)|\[local\])/;

export class ServerCpuSampler {
  private timer: NodeJS.Timeout | null = null;
  private readonly backendPeak = new Map<number, number>();
  private readonly backendStart = new Map<number, number>();
  private readonly auxStart = new Map<number, number>();
  private readonly auxPeak = new Map<number, number>();
  private readonly kind = new Map<number, 'ours' | 'aux' | 'other'>();
  private mariadbStart = 0;
  private servers: { postmasters: number[]; mariadb: number[] } = { postmasters: [], mariadb: [] };
  private busy = false;

  constructor(private readonly warehouseDb: string, private readonly intervalMs = 100) {}

  async start(): Promise<void> {
    this.servers = await findServers();
    this.mariadbStart = await this.mariadbTicks();
    // Backends already connected before the load (none, normally) count from now.
    await this.sample(true);
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.sample(false);
    } finally {
      this.busy = false;
    }
  }

  private async mariadbTicks(): Promise<number> {
    let sum = 0;
    for (const pid of this.servers.mariadb) sum += (await cpuTicks(pid)) ?? 0;
    return sum;
  }

  private async classify(pid: number): Promise<'ours' | 'aux' | 'other'> {
    const known = this.kind.get(pid);
    if (known) return known;
    const cmd = await cmdline(pid);
    // A backend just forked still shows the postmaster's command line: look again next time.
    if (!cmd.startsWith('postgres:')) return 'other';
    const m = BACKEND.exec(cmd);
    const k = m ? (m[2] === this.warehouseDb ? 'ours' : 'other') : 'aux';
    this.kind.set(pid, k);
    return k;
  }

  private async sample(initial: boolean): Promise<void> {
    for (const pm of this.servers.postmasters) {
      for (const pid of await childrenOf(pm)) {
        const k = await this.classify(pid);
        if (k === 'other') continue;
        const ticks = await cpuTicks(pid);
        if (ticks === null) continue;
        const [start, peak] = k === 'ours' ? [this.backendStart, this.backendPeak] : [this.auxStart, this.auxPeak];
        // A process seen for the first time after start() was born during the load: all its CPU counts.
        if (!start.has(pid)) start.set(pid, initial ? ticks : 0);
        peak.set(pid, Math.max(peak.get(pid) ?? 0, ticks));
      }
    }
  }

  async stop(): Promise<ServerCpu> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
    await this.sample(false);
    const mariadbEnd = await this.mariadbTicks();
    const delta = (start: Map<number, number>, peak: Map<number, number>) => {
      let sum = 0;
      for (const [pid, p] of peak) sum += p - (start.get(pid) ?? 0);
      return sum / TICKS_PER_SECOND;
    };
    return {
      pgBackendS: delta(this.backendStart, this.backendPeak),
      pgAuxS: delta(this.auxStart, this.auxPeak),
      mariadbS: (mariadbEnd - this.mariadbStart) / TICKS_PER_SECOND,
    };
  }
}

/** Runs fn while sampling the servers' CPU. */
export async function withServerCpu<T>(warehouseDb: string, fn: () => Promise<T>): Promise<{ value: T; cpu: ServerCpu }> {
  const sampler = new ServerCpuSampler(warehouseDb);
  await sampler.start();
  try {
    const value = await fn();
    return { value, cpu: await sampler.stop() };
  } catch (e) {
    await sampler.stop().catch(() => undefined);
    throw e;
  }
}
