/**
 * Test support (not published): a throwaway Postgres cluster in a temp directory on a free
 * port, for tests that stop the database on purpose (never the shared server). Runs initdb
 * and pg_ctl as the `postgres` OS user when the tests run as root.
 */
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Why a throwaway cluster cannot be started here, or null when it can. */
export function clusterUnsupportedReason(): string | null {
  if (!existsSync(join(PG_BIN, "pg_ctl"))) return `no pg_ctl in ${PG_BIN} (set PG_BIN)`;
  if (process.getuid?.() === 0) return null;
  return userInfo().username === "postgres" ? null : "needs root (to run as postgres) or the postgres user";
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export class ThrowawayCluster {
  readonly dir: string;
  readonly port: number;

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.port = port;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** initdb + start; resolves once the server accepts connections. */
  static async create(): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(join(tmpdir(), "lair-pg-"));
    if (process.getuid?.() === 0) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: gid } = await run("id", ["-g", "postgres"]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const cluster = new ThrowawayCluster(dir, await freePort());
    await cluster.#pg(`${PG_BIN}/initdb -D ${dir}/data -U postgres --auth=trust --no-sync`);
    await cluster.start();
    return cluster;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.#pg(`${PG_BIN}/pg_ctl -D ${this.dir}/data -l ${this.dir}/log -o '${options}' -w start`);
  }

  /** Fast shutdown: open sessions are terminated (57P01), then connections are refused. */
  async stop(): Promise<void> {
    await this.#pg(`${PG_BIN}/pg_ctl -D ${this.dir}/data -m fast -w stop`);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #pg(command: string): Promise<void> {
    const asRoot = process.getuid?.() === 0;
    await run(asRoot ? "su" : "sh", asRoot ? ["postgres", "-c", command] : ["-c", command], {
      timeout: 60_000,
    });
  }
}
