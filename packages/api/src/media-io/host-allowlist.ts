import { isIP } from "node:net";

/**
 * The form hosts and allow-list entries are compared in: lower case, no IPv6 brackets, no trailing
 * dot, IPv6 literals in WHATWG URL canonical form (`::ffff:127.0.0.1` → `::ffff:7f00:1`).
 */
export function normaliseHost(host: string): string {
  const plain = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (isIP(plain) !== 6 || plain.includes("%")) return plain; // URLs cannot carry zone ids; leave those as written
  return new URL(`http://[${plain}]/`).hostname.slice(1, -1);
}

/**
 * Whether `host` is on the allow-list. Entries are exact host names (or IP literals), or
 * `*.example.com`, which matches any subdomain of example.com but not example.com itself.
 */
export function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const candidate = normaliseHost(host);
  return allowedHosts.some((entry) => {
    const rule = normaliseHost(entry);
    if (!rule.startsWith("*.")) return candidate === rule;
    const suffix = rule.slice(1); // ".example.com"
    return candidate.length > suffix.length && candidate.endsWith(suffix);
  });
}
