/** Lower-case, without IPv6 brackets or a trailing dot: the form allow-list entries are compared in. */
export function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

/**
 * Whether `host` is on the allow-list. Entries are exact host names (or IP literals), or
 * `*.example.com`, which matches any subdomain of example.com but not example.com itself.
 */
export function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const candidate = normaliseHost(host);
  return allowedHosts.some((entry) => {
    const rule = normaliseHost(entry);
    if (rule.startsWith("*.")) return candidate.endsWith(rule.slice(1)) && candidate.length > rule.length - 1;
    return candidate === rule;
  });
}
