/**
 * SSRF guard: decides whether an IP address may be contacted by the feed fetcher, and a DNS
 * `lookup` for node:http that refuses hosts resolving to loopback, private, link-local or
 * metadata addresses — checked for every resolved address, on every request of a redirect chain.
 */
import dns from 'node:dns';
import net from 'node:net';

/** IPv4 ranges that are refused (IPv6 is decided by an allow-list in isForbiddenIpv6). */
const blocked = new net.BlockList();
// IPv4: "this" network, private, carrier-grade NAT (incl. 100.100.100.200 metadata), loopback,
// link-local (incl. 169.254.169.254 metadata), IETF/TEST-NETs, 6to4 relay anycast, benchmarking,
// multicast, reserved (incl. the broadcast address 255.255.255.255).
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net4, prefix, 'ipv4');
}
/**
 * The eight 16-bit groups of an IPv6 address already validated by net.isIP (a trailing dotted
 * IPv4 part becomes the last two groups), or undefined when it cannot be read.
 */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const b = dotted.slice(1, 5).map(Number);
    if (b.some((x) => x > 255)) return undefined;
    text = `${text.slice(0, dotted.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string | undefined): string[] => (h ? h.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

/** The IPv4 address held in the last 32 bits of an IPv6 address. */
const lastIpv4 = (g: readonly number[]): string => `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;

/** The IPv4 address carried by an IPv4-mapped, IPv4-translated or well-known NAT64 address. */
function embeddedIpv4(g: readonly number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5] = g as [number, number, number, number, number, number];
  // ::ffff:0:0/96 (IPv4-mapped) and ::ffff:0:0:0/96 (IPv4-translated, RFC 2765).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && ((g4 === 0 && g5 === 0xffff) || (g4 === 0xffff && g5 === 0))) return lastIpv4(g);
  // Well-known NAT64 prefix 64:ff9b::/96 (RFC 6052).
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return lastIpv4(g);
  return undefined;
}

/**
 * IPv6 by allow-list: only global unicast (2000::/3) minus its special-purpose ranges, plus the
 * forms that carry an IPv4 address (IPv4-mapped, IPv4-translated, well-known NAT64), which are
 * judged by that IPv4 address.
 */
function isForbiddenIpv6(g: readonly number[]): boolean {
  const [g0, g1, g2, g3] = g as [number, number, number, number];
  const v4 = embeddedIpv4(g);
  if (v4) return blocked.check(v4, 'ipv4');
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) return true; // ::, ::1, IPv4-compatible (deprecated) and the rest of ::/64
  // Everything outside global unicast: local-use NAT64 64:ff9b:1::/48, discard 100::/64,
  // unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, unassigned.
  if ((g0 & 0xe000) !== 0x2000) return true;
  if (g0 === 0x2001 && g1 < 0x0200) return true; // 2001::/23 IETF protocol assignments, incl. Teredo 2001::/32
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x2002) return true; // 6to4 (RFC 7526 deprecated): embeds an IPv4 address, relays reach anything
  if (g0 === 0x3fff && g1 < 0x1000) return true; // documentation 3fff::/20
  return false;
}

/** True when the address is loopback, private, link-local, metadata or otherwise not public. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    if (ip.includes('%')) return true; // a zone index: only meaningful for link-local/multicast scopes
    const groups = ipv6Groups(ip);
    return groups === undefined || isForbiddenIpv6(groups);
  }
  return true; // not an IP at all: refuse
}

/** Refused even with FEEDS_ALLOW_PRIVATE_NETWORKS: IPv4 link-local and cloud metadata endpoints. */
const neverAllowed = new net.BlockList();
neverAllowed.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. 169.254.169.254 (AWS, GCP, Azure, OpenStack)
neverAllowed.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
neverAllowed.addAddress('168.63.129.16', 'ipv4'); // Azure wire server
const FD00_EC2_254 = [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254]; // AWS IPv6 metadata

/**
 * True for link-local and cloud-metadata addresses, which no feed may reach even when private
 * networks are allowed (a feed there could read instance credentials). Unreadable input is refused.
 */
export function isLinkLocalOrMetadata(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return neverAllowed.check(ip, 'ipv4');
  if (family !== 6) return true;
  if (ip.includes('%')) return true; // a zone index: link-local or multicast scope
  const g = ipv6Groups(ip);
  if (!g) return true;
  const v4 = embeddedIpv4(g);
  if (v4) return neverAllowed.check(v4, 'ipv4');
  return (g[0]! & 0xffc0) === 0xfe80 || g.every((x, i) => x === FD00_EC2_254[i]);
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
 * resolved address is forbidden; with private networks allowed, link-local and metadata
 * addresses are still refused.
 */
export function guardedLookup(opts: { allowPrivate: boolean; resolve?: LookupAll; isForbidden?: AddressPolicy }) {
  const resolve = opts.resolve ?? systemLookupAll;
  const forbidden = opts.isForbidden ?? isForbiddenAddress;
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addrs) => {
        if (addrs.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        const bad = addrs.find((a) => isLinkLocalOrMetadata(a.address) || (!opts.allowPrivate && forbidden(a.address, hostname)));
        if (bad) return callback(new SsrfBlockedError(`${hostname} resolves to a non-public address (${bad.address})`), '');
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
