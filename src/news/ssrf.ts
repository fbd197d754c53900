/**
 * SSRF guard: decides whether an IP address may be contacted by the feed fetcher, and a DNS
 * `lookup` for node:http that refuses hosts resolving to loopback, private, link-local or
 * metadata addresses — checked for every resolved address, on every request of a redirect chain.
 */
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
// IPv4: "this" network, private, carrier-grade NAT (incl. 100.100.100.200 metadata), loopback,
// link-local (incl. 169.254.169.254 metadata), IETF/TEST-NETs, benchmarking, multicast, reserved.
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net4, prefix, 'ipv4');
}
// IPv6: unspecified, loopback, unique-local (incl. fd00:ec2::254 metadata), link-local,
// site-local, multicast, documentation, discard.
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  blocked.addSubnet(net6, prefix, 'ipv6');
}

/** IPv4 address embedded in an IPv4-mapped/compatible or NAT64 IPv6 address, if any. */
function embeddedIpv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

/** True when the address is loopback, private, link-local, metadata or otherwise not public. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4 !== undefined) return net.isIP(v4) !== 4 || blocked.check(v4, 'ipv4');
    return blocked.check(ip, 'ipv6');
  }
  return true; // not an IP at all: refuse
}

/** Decides whether an address (reached through `host`) is refused; the default is isForbiddenAddress. */
export type AddressPolicy = (ip: string, host: string) => boolean;

/** Error raised when a destination is refused. */
export class SsrfBlockedError extends Error {
  override readonly name = 'SsrfBlockedError';
  readonly code = 'ESSRFBLOCKED';
}

/** Signature of dns.lookup with `all: true`. */
export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** The system resolver (dns.lookup with all addresses). */
export const systemLookupAll: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves with `resolve` and refuses the connection when any
 * resolved address is forbidden (unless private networks are allowed).
 */
export function guardedLookup(opts: { allowPrivate: boolean; resolve?: LookupAll; isForbidden?: AddressPolicy }) {
  const resolve = opts.resolve ?? systemLookupAll;
  const forbidden = opts.isForbidden ?? isForbiddenAddress;
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addrs) => {
        if (addrs.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (!opts.allowPrivate) {
          const bad = addrs.find((a) => forbidden(a.address, hostname));
          if (bad) return callback(new SsrfBlockedError(`${hostname} resolves to a non-public address (${bad.address})`), '');
        }
        const wanted = options.family === 4 || options.family === 6 ? addrs.filter((a) => a.family === options.family) : addrs;
        const list = wanted.length ? wanted : addrs;
        if (options.all) return callback(null, list);
        const first = list[0]!;
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
