import { gzipSync } from 'node:zlib';

/**
 * A gzip-compressed ustar archive of in-memory files, for the support bundle. The `tar` package
 * in node_modules is only a build tool's transitive dependency (no types, not ours to pin), and
 * a bundle needs only regular files, so the format is written here: the ustar interchange format
 * of POSIX.1 (IEEE Std 1003.1, "pax — ustar Interchange Format": 512-byte header blocks, octal
 * numeric fields, checksum with the field taken as spaces, two zero blocks at the end), which GNU
 * tar, bsdtar and every archive tool read.
 */
export interface TarEntry {
  /** A relative path with `/` separators: at most 100 bytes, or a prefix/name split at a `/`. */
  name: string;
  data: Buffer;
}

const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

/** An octal number, zero-padded to `length - 1` digits and NUL-terminated. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** ustar keeps a long path as prefix (155) + `/` + name (100). */
function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}

function header(entry: TarEntry, mtime: number): Buffer {
  if (entry.name.startsWith('/') || entry.name.split('/').includes('..')) {
    throw new Error(`not a relative path inside the archive: ${entry.name}`);
  }
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(entry.name);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o600); // mode: the bundle may be read by its owner only
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, entry.data.length);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum computed with its own field as eight spaces
  writeString(h, 156, 1, '0'); // typeflag: regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, 'kubelab');
  writeString(h, 297, 32, 'kubelab');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The archive's bytes, gzip-compressed; entries in the order given. */
export function tarGz(entries: readonly TarEntry[], now: Date = new Date()): Buffer {
  const mtime = Math.floor(now.getTime() / 1000);
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry, mtime), entry.data);
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}
