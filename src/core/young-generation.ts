/**
 * Sustained allocation (thousands of streamed objects, a download's socket reads) makes V8 double
 * its young generation again and again, and every socket read buffer that dies there is freed only
 * when it is collected: peak memory would grow with the cluster or the download. Kept at its start
 * size, the young generation is collected often and memory stays flat (bench/scale.mjs,
 * bench/probe.mjs). The growth factor is read when V8 grows, but V8 does not shrink it back: the
 * entry sets it before loading any command (loading the bundle alone grows it).
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
