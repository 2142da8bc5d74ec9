import { BlockList, isIP } from "node:net";

// Kept by hand over Node's own BlockList: SSRF packages check a URL's name once, while the downloader checks every
// address a name resolves to and pins the connection to the address it checked (DNS rebinding); this is the list.

const V4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved + broadcast
];

const V6_RANGES: ReadonlyArray<readonly [string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::", 96], // IPv4-compatible (deprecated)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID, ...)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an arbitrary IPv4 address)
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

const v4 = new BlockList();
for (const [network, prefix] of V4_RANGES) v4.addSubnet(network, prefix, "ipv4");
const v6 = new BlockList();
for (const [network, prefix] of V6_RANGES) v6.addSubnet(network, prefix, "ipv6");
// Kept apart from `v6`: a BlockList holding ::ffff:0:0/96 also matches every plain IPv4 address.
const ipv4Mapped = new BlockList();
ipv4Mapped.addSubnet("::ffff:0:0", 96, "ipv6");

/**
 * Whether an IP address may be fetched from when private addresses are not allowed: refuses loopback,
 * private, link-local, CGNAT, unique-local, multicast, documentation and other special ranges, and any
 * IPv4-mapped IPv6 address. Anything that is not an IP literal is refused too.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !v4.check(address, "ipv4");
  if (family !== 6) return false;
  const withoutZone = address.replace(/%.*$/, "");
  return !ipv4Mapped.check(withoutZone, "ipv6") && !v6.check(withoutZone, "ipv6");
}
