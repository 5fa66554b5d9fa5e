/**
 * The JWT secret: from configuration, or generated once and kept in the data folder so that
 * tokens survive a restart (a secret regenerated at every start would log everyone out).
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const SECRET_FILE = "jwt-secret";

export async function loadOrCreateJwtSecret(
  dataDir: string,
  configured?: string,
): Promise<{ secret: string; source: "config" | "file" | "generated" }> {
  if (configured) return { secret: configured, source: "config" };
  const file = join(dataDir, SECRET_FILE);
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return { secret: existing, source: "file" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  // wx: never overwrite a secret another process wrote in the meantime.
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateJwtSecret(dataDir);
    throw error;
  }
  return { secret, source: "generated" };
}
