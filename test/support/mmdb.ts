import { mkdtempSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes small MaxMind DB (.mmdb) files for tests, following the format's
 * specification (maxmind.github.io/MaxMind-DB): a binary search tree of 32-bit
 * records, a data section of maps, strings, unsigned integers, doubles,
 * booleans and arrays, and the metadata. npm has no maintained writer (MaxMind
 * publishes one in Go); this one is checked by reading its files back with
 * the maxmind reader (test/shared/geo.unit.test.ts).
 */

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbOptions {
  /** What the metadata calls the database, e.g. `GeoLite2-City`. */
  databaseType: string;
  /** 6 (default) holds IPv4 networks in its first /96, as MaxMind's do; 4 holds IPv4 only. */
  ipVersion?: 4 | 6;
  buildEpoch?: Date;
  /** Records by network (`203.0.113.0/24`, `2001:db8::/32`); networks must not overlap. */
  networks: Record<string, MmdbValue>;
}

export function writeMmdb(options: MmdbOptions): Buffer {
  const ipVersion = options.ipVersion ?? 6;
  const root: TrieNode = { kind: 'node' };
  const records: Buffer[] = [];
  for (const [network, record] of Object.entries(options.networks)) {
    const { bits, prefix } = networkBits(network, ipVersion);
    records.push(encode(record));
    insert(root, bits, prefix, records.length - 1, network);
  }
  // Nodes numbered breadth first: the root is node 0.
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) for (const child of [nodes[i].left, nodes[i].right]) if (child?.kind === 'node') nodes.push(child);
  const ids = new Map(nodes.map((node, i) => [node, i]));
  const nodeCount = nodes.length;
  const offsets: number[] = [];
  let size = 0;
  for (const record of records) {
    offsets.push(size);
    size += record.length;
  }
  // A record points at a node, at nothing (node_count), or at data: node_count + 16 + its offset in the data section.
  const value = (child: Child | undefined) =>
    child === undefined ? nodeCount : child.kind === 'node' ? ids.get(child)! : nodeCount + 16 + offsets[child.record];
  const tree = Buffer.alloc(nodeCount * 8);
  nodes.forEach((node, i) => {
    tree.writeUInt32BE(value(node.left), i * 8);
    tree.writeUInt32BE(value(node.right), i * 8 + 4);
  });
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: Math.floor((options.buildEpoch ?? new Date()).getTime() / 1000),
    database_type: options.databaseType,
    description: { en: `${options.databaseType} (test)` },
    ip_version: ipVersion,
    languages: ['en'],
    node_count: nodeCount,
    record_size: 32,
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...records, METADATA_MARKER, metadata]);
}

/** Writes the database into a new temporary directory and returns its path. */
export function writeMmdbFile(options: MmdbOptions, name = 'test.mmdb'): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shortline-mmdb-')), name);
  writeFileSync(file, writeMmdb(options));
  return file;
}

interface TrieNode {
  kind: 'node';
  left?: Child;
  right?: Child;
}
type Child = TrieNode | { kind: 'record'; record: number };

function insert(root: TrieNode, bits: number[], prefix: number, record: number, network: string): void {
  let node = root;
  for (let depth = 0; depth < prefix; depth++) {
    const side = bits[depth] === 0 ? 'left' : 'right';
    if (depth === prefix - 1) {
      if (node[side] !== undefined) throw new Error(`${network} overlaps another network`);
      node[side] = { kind: 'record', record };
      return;
    }
    const next: Child = node[side] ?? { kind: 'node' };
    if (next.kind !== 'node') throw new Error(`${network} overlaps another network`);
    node[side] = next;
    node = next;
  }
}

/** The network's address as bits (IPv4 inside an IPv6 tree: after 96 zero bits) and its prefix length in the tree. */
function networkBits(network: string, ipVersion: 4 | 6): { bits: number[]; prefix: number } {
  const [address, length] = network.split('/');
  const family = isIP(address);
  if (family === 0 || length === undefined) throw new Error(`not a network: ${network}`);
  if (family === 6 && ipVersion === 4) throw new Error(`an IPv4 database cannot hold ${network}`);
  const bytes = family === 4 ? address.split('.').map(Number) : ipv6Bytes(address);
  const bits = bytes.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
  const padding = family === 4 && ipVersion === 6 ? 96 : 0;
  return { bits: [...new Array<number>(padding).fill(0), ...bits], prefix: padding + Number(length) };
}

function ipv6Bytes(address: string): number[] {
  const [head, tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');

/** One value in the data section's encoding: a control byte (type and size), then the payload. */
function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
      const bytes: number[] = [];
      for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
      return Buffer.concat([control(6, bytes.length), Buffer.from(bytes)]);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([key, v]) => [encode(key), encode(v)])]);
}

function control(type: number, size: number): Buffer {
  const extended = type > 7 ? [type - 7] : [];
  const first = (type > 7 ? 0 : type) << 5;
  if (size < 29) return Buffer.from([first | size, ...extended]);
  if (size < 285) return Buffer.from([first | 29, ...extended, size - 29]);
  if (size < 65_821) return Buffer.from([first | 30, ...extended, (size - 285) >> 8, (size - 285) & 255]);
  const rest = size - 65_821;
  return Buffer.from([first | 31, ...extended, (rest >> 16) & 255, (rest >> 8) & 255, rest & 255]);
}
