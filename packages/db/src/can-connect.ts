import postgres from "postgres";

/** True when a server answers at `url` (used to reuse a running embedded server instead of starting a second one). */
export async function canConnect(url: string, timeoutSeconds = 2): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: timeoutSeconds, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
