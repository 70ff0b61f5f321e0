/**
 * Streaming UTF-8 decoding that reports, instead of silently replacing, invalid bytes.
 *
 * Each chunk is cut after its last line break (the partial line is carried into the next chunk),
 * so pieces hold whole lines and multi-byte characters are never split; a line longer than 1 MiB
 * is cut at the last complete UTF-8 sequence instead, bounding memory. A piece is decoded with a
 * fatal `TextDecoder`; when that fails the piece is validated line by line to name every line
 * holding invalid bytes, then decoded with U+FFFD replacement so parsing can go on and collect
 * further problems. A UTF-8 byte-order mark is dropped; UTF-16 is refused.
 */
import { ProblemList } from './problems';

/** Longest partial line carried between chunks before cutting inside the line. */
const MAX_CARRY = 1 << 20;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Index of the first byte of an invalid UTF-8 sequence in `b[start, end)`, or −1 (RFC 3629 table 3-7). */
export function firstInvalidUtf8(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // ≤ U+10FFFF
    } else return i;
    if (i + need >= end) return i; // truncated sequence
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k]!;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete UTF-8 sequence at the end of `b` (0–3 bytes) to carry into the next chunk. */
function incompleteTailLength(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = b[n - back]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > back ? back : 0;
    }
  }
  return 0;
}

function countNewlines(b: Uint8Array): number {
  let count = 0;
  for (let at = b.indexOf(10); at !== -1; at = b.indexOf(10, at + 1)) count++;
  return count;
}

function toBytes(chunk: Uint8Array | string): Uint8Array | string {
  return typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Decode a byte stream to text chunks. Invalid UTF-8 adds one error per affected line (1-based
 * physical line). Chunks that are already strings are passed through.
 */
export async function* decodeUtf8(input: AsyncIterable<Uint8Array | string>, problems: ProblemList): AsyncGenerator<string> {
  let carry: Uint8Array = new Uint8Array(0);
  let linesBefore = 0; // newlines in bytes already decoded
  let lastReported = 0; // a line cut in two (over MAX_CARRY) is reported once
  let started = false;

  const decodePiece = (piece: Uint8Array): string => {
    try {
      return fatalDecoder.decode(piece);
    } catch {
      let lineStart = 0;
      let line = linesBefore + 1;
      for (let i = 0; i <= piece.length; i++) {
        if (i === piece.length || piece[i] === 10) {
          const bad = firstInvalidUtf8(piece, lineStart, i);
          if (bad !== -1 && line !== lastReported) {
            lastReported = line;
            const hex = piece[bad]!.toString(16).toUpperCase().padStart(2, '0');
            problems.error(
              `invalid UTF-8 (byte 0x${hex} at byte ${bad - lineStart + 1} of the line); save the file as UTF-8 (it may be Latin-1 / Windows-1252)`,
              { line, value: lenientDecoder.decode(piece.subarray(lineStart, i)).replace(/\r$/, '') },
            );
          }
          lineStart = i + 1;
          line++;
        }
      }
      return lenientDecoder.decode(piece);
    }
  };

  for await (const raw of input) {
    const chunk = toBytes(raw);
    if (typeof chunk === 'string') {
      if (chunk.length === 0) continue;
      const text = !started && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      started = true;
      if (text.length > 0) yield text;
      continue;
    }
    let bytes = concat(carry, chunk);
    if (!started) {
      if (bytes.length < 3) {
        carry = bytes;
        continue;
      }
      started = true;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        problems.error('the file is UTF-16 encoded; save it as UTF-8', { line: 1 });
        return;
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let cut = bytes.lastIndexOf(10) + 1;
    if (cut === 0 && bytes.length > MAX_CARRY) cut = bytes.length - incompleteTailLength(bytes);
    const piece = bytes.subarray(0, cut);
    carry = bytes.slice(cut);
    if (piece.length === 0) continue;
    const text = decodePiece(piece);
    linesBefore += countNewlines(piece);
    yield text;
  }
  if (carry.length > 0) {
    let bytes = carry;
    if (!started && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (bytes.length > 0) yield decodePiece(bytes);
  }
}
