/**
 * The fixed held-out split. A message is held out when the first four bytes of SHA-256("vorrang-split-v1:"
 * + id), read as an unsigned number, fall in the lowest 20 % of the range. Membership depends on the id
 * alone: adding messages never moves an existing message between train and held-out.
 */
import { createHash } from 'node:crypto';

export const HELD_OUT_FRACTION = 0.2;
const SALT = 'vorrang-split-v1:';

/** A number in [0, 1) derived from the id; stable across runs, machines and Node versions. */
export function splitPosition(id: string): number {
  return (
    createHash('sha256')
      .update(SALT + id)
      .digest()
      .readUInt32BE(0) /
    2 ** 32
  );
}

export function isHeldOut(id: string): boolean {
  return splitPosition(id) < HELD_OUT_FRACTION;
}

export function splitCorpus<T extends { id: string }>(messages: readonly T[]): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const m of messages) (isHeldOut(m.id) ? heldOut : train).push(m);
  return { train, heldOut };
}
