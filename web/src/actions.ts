/**
 * Which work steps a concern offers to the person looking at it. Mirrors the server's state machine so
 * the screen only shows buttons that can succeed; the server still decides and answers 409 otherwise.
 */
import type { ConcernDetail, Me } from './api.js';

export type ActionKey =
  | 'claim'
  | 'renew'
  | 'release'
  | 'wait'
  | 'resume'
  | 'complete'
  | 'forward'
  | 'reclassify'
  | 'correctReceivedAt';

export interface Holding {
  /** The concern is held by the person logged in. */
  mine: boolean;
  /** Held by somebody else with a lease that has not run out. */
  heldByOther: boolean;
  /** The holder's lease ran out: anyone may take it over. */
  leaseExpired: boolean;
}

export function holding(
  c: Pick<ConcernDetail, 'status' | 'claimedBy' | 'claimedByMe' | 'leaseExpiresAt'>,
  now = new Date(),
): Holding {
  const held = c.status === 'in_bearbeitung' || c.status === 'wartet';
  const mine = held && c.claimedByMe;
  const leaseExpired =
    c.status === 'in_bearbeitung' &&
    c.leaseExpiresAt !== null &&
    new Date(c.leaseExpiresAt).getTime() <= now.getTime();
  const heldByOther = held && !mine && c.claimedBy !== null && !leaseExpired;
  return { mine, heldByOther, leaseExpired };
}

export function availableActions(c: ConcernDetail, me: Me, now = new Date()): Set<ActionKey> {
  const out = new Set<ActionKey>();
  const may = (ability: string) => me.abilities[ability] === true || c.abilities[ability] === true;
  const h = holding(c, now);
  // Team leads may act on items a colleague holds (the server allows it for them).
  const actsForOthers = may('worklist.viewAll');
  const canHoldActions = h.mine || (h.heldByOther && actsForOthers);

  if (may('concern.work')) {
    switch (c.status) {
      case 'neu':
        out.add('claim');
        out.add('forward');
        break;
      case 'in_bearbeitung':
        if (h.mine) out.add('renew');
        if (!h.mine && !h.heldByOther) out.add('claim');
        if (canHoldActions) {
          out.add('release');
          out.add('wait');
          out.add('complete');
        }
        if (canHoldActions || !h.heldByOther) out.add('forward');
        break;
      case 'wartet':
        out.add('resume');
        if (canHoldActions) out.add('release');
        out.add('forward');
        break;
      case 'erledigt':
      case 'weitergeleitet':
        break;
    }
  }
  const open = c.status !== 'erledigt' && c.status !== 'weitergeleitet';
  if (open && may('concern.reclassify')) out.add('reclassify');
  if (open && may('concern.backdate')) out.add('correctReceivedAt');
  return out;
}
