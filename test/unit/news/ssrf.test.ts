import { describe, expect, it } from 'vitest';
import { isForbiddenAddress } from '../../../src/news/ssrf.js';

describe('isForbiddenAddress: IPv4', () => {
  it.each([
    ['"this" network 0.0.0.0/8', '0.1.2.3'],
    ['unspecified', '0.0.0.0'],
    ['private 10/8', '10.20.30.40'],
    ['CGNAT 100.64/10 (low end)', '100.64.0.1'],
    ['CGNAT 100.64/10 (high end)', '100.127.255.254'],
    ['loopback', '127.255.0.1'],
    ['link-local / metadata', '169.254.169.254'],
    ['private 172.16/12', '172.31.255.1'],
    ['IETF 192.0.0/24', '192.0.0.170'],
    ['6to4 relay anycast 192.88.99/24', '192.88.99.1'],
    ['private 192.168/16', '192.168.0.1'],
    ['benchmarking 198.18/15', '198.19.1.1'],
    ['multicast 224/4', '239.255.255.250'],
    ['reserved 240/4', '240.0.0.1'],
    ['broadcast', '255.255.255.255'],
  ])('refuses %s (%s)', (_what, ip) => expect(isForbiddenAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.1', '198.20.0.1', '223.255.255.254'])('allows public %s', (ip) => expect(isForbiddenAddress(ip)).toBe(false));

  it.each(['127.1', '0x7f.0.0.1', '2130706433', 'localhost', ''])('refuses a non-canonical or non-IP %j', (ip) => expect(isForbiddenAddress(ip)).toBe(true));
});

describe('isForbiddenAddress: IPv6', () => {
  it.each([
    ['unspecified', '::'],
    ['loopback', '::1'],
    ['loopback, long form', '0:0:0:0:0:0:0:1'],
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['IPv4-compatible (deprecated), even public', '::8.8.8.8'],
    ['IPv4-mapped loopback, dotted', '::ffff:127.0.0.1'],
    ['IPv4-mapped loopback, hex', '::ffff:7f00:1'],
    ['IPv4-mapped metadata, long form', '0:0:0:0:0:ffff:a9fe:a9fe'],
    ['IPv4-translated loopback ::ffff:0:0:0/96, hex', '::ffff:0:7f00:1'],
    ['IPv4-translated loopback, dotted', '::ffff:0:127.0.0.1'],
    ['IPv4-translated private', '::ffff:0:a00:1'],
    ['well-known NAT64 embedding loopback', '64:ff9b::127.0.0.1'],
    ['well-known NAT64 embedding metadata, hex', '64:ff9b::a9fe:a9fe'],
    ['well-known NAT64 embedding private, long form', '64:ff9b:0:0:0:0:c0a8:101'],
    ['local-use NAT64 64:ff9b:1::/48', '64:ff9b:1::a9fe:a9fe'],
    ['local-use NAT64, even a public embed', '64:ff9b:1::808:808'],
    ['6to4 embedding loopback', '2002:7f00:1::1'],
    ['6to4 embedding metadata', '2002:a9fe:a9fe::'],
    ['6to4 (refused outright, deprecated relays)', '2002:808:808::1'],
    ['Teredo 2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['Teredo embedding loopback', '2001::7f00:1'],
    ['IETF protocol assignments 2001::/23 (benchmarking)', '2001:2::1'],
    ['ORCHIDv2', '2001:20::1'],
    ['documentation 2001:db8::/32', '2001:db8::1'],
    ['documentation 3fff::/20', '3fff::1'],
    ['unique-local fc00::/7', 'fc00::1'],
    ['unique-local fd00::/8 (EC2 metadata)', 'fd00:ec2::254'],
    ['link-local fe80::/10', 'fe80::1'],
    ['link-local, upper end', 'febf:ffff::1'],
    ['link-local with a zone', 'fe80::1%eth0'],
    ['site-local fec0::/10', 'fec0::1'],
    ['multicast ff00::/8', 'ff02::1'],
    ['multicast, global scope', 'ff0e::101'],
    ['discard 100::/64', '100::1'],
    ['outside global unicast 2000::/3', '4000::1'],
    ['outside global unicast (1000::/4)', '1234::1'],
    ['NAT64 /32 outside the well-known /96', '64:ff9b:2::808:808'],
  ])('refuses %s (%s)', (_what, ip) => expect(isForbiddenAddress(ip)).toBe(true));

  it.each([
    '2606:4700:4700::1111', // Cloudflare
    '2001:4860:4860::8888', // Google (2001:4860::/32 is outside 2001::/23)
    '2a00:1450:4001:81c::200e',
    '3ffe::1', // old 6bone, inside 2000::/3 and not special any more
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '::ffff:0:808:808', // IPv4-translated public
    '64:ff9b::8.8.8.8', // well-known NAT64 to a public IPv4
    '64:ff9b::808:808',
    '2001:200::1', // first regular allocation after 2001::/23
  ])('allows public %s', (ip) => expect(isForbiddenAddress(ip)).toBe(false));
});
