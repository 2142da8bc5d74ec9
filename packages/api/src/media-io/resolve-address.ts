import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "./address-policy";
import { DownloadError } from "./download-error";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable so tests can point names at loopback). */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The address a download will connect to. Unless private addresses are allowed, every address the
 * name resolves to must be public (a name that also points inside is refused, not skipped).
 */
export async function resolveAddress(host: string, lookup: LookupAll, allowPrivateAddresses: boolean): Promise<ResolvedAddress> {
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookupOrFail(host, lookup);
  if (!allowPrivateAddresses) {
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside) throw new DownloadError("private_address", `${host} resolves to a non-public address (${inside.address})`);
  }
  const [first] = addresses;
  if (!first) throw new DownloadError("network", `${host} did not resolve to any address`);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

async function lookupOrFail(host: string, lookup: LookupAll): Promise<ReadonlyArray<{ address: string; family: number }>> {
  try {
    return await lookup(host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DownloadError("network", `could not resolve ${host}: ${reason}`, { cause: error });
  }
}
