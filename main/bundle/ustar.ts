/**
 * ustar headers for the air-gapped bundle, whose entries are files on disk of any size up to
 * ustar's 8 GiB (11 octal digits). The format is POSIX.1's "pax — ustar Interchange Format":
 * 512-byte headers, octal fields, the checksum summed with its own field as spaces, data padded to
 * 512 bytes, two zero blocks at the end — what GNU tar and bsdtar read. The `tar` npm package is
 * in node_modules only as a transitive dependency without types (main/support/tarball.ts, the
 * in-memory writer of the support bundle, says the same), so the few fields are written here.
 */
export const BLOCK = 512;
/** The largest size 11 octal digits hold. */
export const MAX_ENTRY_BYTES = 8 ** 11 - 1;

function writeString(h: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  bytes.copy(h, offset);
}

function writeOctal(h: Buffer, offset: number, length: number, value: number): void {
  writeString(h, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
  return sum;
}

function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}

/** The header of a regular file `path` of `size` bytes. */
export function fileHeader(path: string, size: number, mtime: Date): Buffer {
  if (size > MAX_ENTRY_BYTES) throw new Error(`${path} is larger than a ustar entry can hold`);
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(path);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  writeString(h, 156, 1, '0');
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  writeString(h, 148, 8, `${checksum(h).toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** Zero bytes after `size` bytes of data, up to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

export interface ParsedHeader {
  path: string;
  size: number;
  /** `0` (or NUL) for a regular file. */
  type: string;
}

function readString(h: Buffer, offset: number, length: number): string {
  const field = h.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function readOctal(h: Buffer, offset: number, length: number): number {
  const text = readString(h, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new Error(`not an octal number in a tar header: "${text}"`);
  return parseInt(text, 8);
}

/** A header block parsed; undefined for the all-zero end block; throws on a damaged header. */
export function parseHeader(h: Buffer): ParsedHeader | undefined {
  if (h.every((b) => b === 0)) return undefined;
  const stored = readOctal(h, 148, 8);
  if (stored !== checksum(h)) throw new Error('a tar header’s checksum does not match');
  const name = readString(h, 0, 100);
  const prefix = readString(h, 345, 155);
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size: readOctal(h, 124, 12),
    type: readString(h, 156, 1) || '0',
  };
}
