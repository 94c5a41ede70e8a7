import { crc32 } from 'node:zlib'

/**
 * The checksum stored beside every row, so a torn or corrupted row is recognised and skipped
 * on load instead of poisoning the document. CRC-32 finds bit rot and truncation; it is not
 * meant to resist tampering (whoever can write the file can rewrite the checksum too).
 */
export function checksum(data: Uint8Array): number {
  return crc32(data)
}
