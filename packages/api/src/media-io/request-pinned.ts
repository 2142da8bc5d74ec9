import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./resolve-address";

/** A `lookup` for node:net that always answers with the address we already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * One GET to `url`, connecting only to `pinned` (TLS still checks the certificate against the host
 * name). No redirect following, no decompression, no connection reuse. Resolves with the response head.
 */
export function requestPinned(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        agent: false,
        lookup: pinnedLookup(pinned),
        signal,
        headers: { accept: "image/*, video/*", "accept-encoding": "identity", "user-agent": "LensRoom-Library/1.0" },
      },
      resolve,
    );
    request.on("error", reject);
    request.end();
  });
}
