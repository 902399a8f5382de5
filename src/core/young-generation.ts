/**
 * Sustained allocation (thousands of streamed objects, a download's socket reads) makes V8 double
 * its young generation again and again, and every socket read buffer that dies there is freed only
 * when it is collected: peak memory would grow with the cluster or the download. Kept at its start
 * size, the young generation is collected often and memory stays flat (bench/scale.mjs,
 * bench/probe.mjs). The growth factor is read when V8 grows, but V8 does not shrink it back: the
 * entry sets it before loading any command (loading the bundle alone grows it).
 *
 * A download allocates almost nothing on the JS heap per chunk (src/probe/exchange.ts), so the
 * young generation alone rarely fills, while each socket read leaves a dead 64 KiB buffer
 * outside it: V8 then collects them only at its external-memory limit, with full collections
 * (1 GiB: 43 scavenges and 16 mark-compacts, peak 134 MiB). Capping the young generation's
 * capacity at 1 MiB makes V8 scavenge as those buffers pile up (268 scavenges, 1 mark-compact,
 * peak 108–111 MiB; a 10 MiB download peaks at about 103).
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--scavenger-max-new-space-capacity-mb=1');
}
