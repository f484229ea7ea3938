import { describe, expect, it } from 'vitest';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';
import {
  DEFAULT_DISPATCH_PARAMS,
  atcIndex,
  buildWorklist,
  checkDeadlineFeasibility,
  dispatchScore,
  dueAt,
  noticeScore,
  type DispatchItem,
  type DispatchParams,
} from './dispatch.js';

let seq = 0;
function item(
  over: Partial<DispatchItem> & { priorityClass: PriorityClass; topic: TopicSlug },
): DispatchItem {
  seq += 1;
  return {
    id: over.id ?? `i${seq}`,
    receivedAt: 0,
    effortHours: DEFAULT_DISPATCH_PARAMS.effortHours[over.topic],
    deadlineAt: null,
    deadlineKind: null,
    interimNoticeSent: false,
    medicallyUrgent: over.priorityClass === 'P1',
    ...over,
  };
}

describe('dispatchScore', () => {
  it('puts a fresh P1 ahead of old, overdue items of every other class', () => {
    const now = 2000;
    const p1 = item({ priorityClass: 'P1', topic: 'entlassmanagement', receivedAt: now });
    const others = [
      item({ priorityClass: 'P2', topic: 'krankengeld', receivedAt: 0 }),
      item({
        priorityClass: 'P3',
        topic: 'leistungsantrag',
        receivedAt: 0,
        deadlineAt: 504,
        deadlineKind: 'sgb5_13_3a',
      }),
      item({ priorityClass: 'P4', topic: 'kein_anliegen', receivedAt: 0 }),
    ];
    const p1Score = dispatchScore(p1, { now });
    for (const o of others) expect(p1Score).toBeGreaterThan(dispatchScore(o, { now }));
  });

  it('treats a medically urgent flag like P1 even if the class field lags behind', () => {
    const now = 100;
    const flagged = item({
      priorityClass: 'P3',
      topic: 'hilfsmittel',
      medicallyUrgent: true,
      receivedAt: now,
    });
    const p2 = item({ priorityClass: 'P2', topic: 'krankengeld', receivedAt: 0 });
    expect(dispatchScore(flagged, { now })).toBeGreaterThan(dispatchScore(p2, { now }));
  });

  it('orders P1 items by due date', () => {
    const early = item({ priorityClass: 'P1', topic: 'palliativ_sapv', receivedAt: 0 });
    const late = item({ priorityClass: 'P1', topic: 'palliativ_sapv', receivedAt: 10 });
    expect(dispatchScore(early, { now: 12 })).toBeGreaterThan(dispatchScore(late, { now: 12 }));
  });

  it('lets an old P4 item eventually overtake a fresh P3 item (aging)', () => {
    const fresh = (now: number) =>
      item({
        priorityClass: 'P3',
        topic: 'leistungsantrag',
        receivedAt: now,
        deadlineAt: now + 504,
        deadlineKind: 'sgb5_13_3a',
      });
    const oldP4 = item({ priorityClass: 'P4', topic: 'beitraege', receivedAt: 0 });
    // Right after receipt the P3 item wins.
    expect(dispatchScore(fresh(1), { now: 1, pBarHours: 24 })).toBeGreaterThan(
      dispatchScore(oldP4, { now: 1, pBarHours: 24 }),
    );
    let overtakeAt: number | null = null;
    for (let now = 1; now <= 60 * 24; now += 6) {
      if (dispatchScore(oldP4, { now, pBarHours: 24 }) > dispatchScore(fresh(now), { now, pBarHours: 24 })) {
        overtakeAt = now;
        break;
      }
    }
    expect(overtakeAt).not.toBeNull();
    // Without aging the P4 item would never overtake; check the guard is what does it.
    const noAging: DispatchParams = { ...DEFAULT_DISPATCH_PARAMS, agingHours: Number.POSITIVE_INFINITY };
    const now = overtakeAt!;
    expect(dispatchScore(oldP4, { now, pBarHours: 24 }, noAging)).toBeLessThan(
      dispatchScore(fresh(now), { now, pBarHours: 24 }, noAging),
    );
  });

  it('is monotonic in the class weight', () => {
    const it3 = item({ priorityClass: 'P3', topic: 'widerspruch', receivedAt: 0 });
    let prev = -Infinity;
    for (const w of [0.5, 1, 2, 4, 8, 16]) {
      const params: DispatchParams = {
        ...DEFAULT_DISPATCH_PARAMS,
        classWeight: { ...DEFAULT_DISPATCH_PARAMS.classWeight, P3: w },
      };
      const s = dispatchScore(it3, { now: 48, pBarHours: 10 }, params);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
  });

  it('uses a class service target as pseudo due date when there is no legal deadline', () => {
    const p4 = item({ priorityClass: 'P4', topic: 'diga', receivedAt: 5 });
    expect(dueAt(p4)).toBe(5 + DEFAULT_DISPATCH_PARAMS.serviceTargetHours.P4);
    const p3 = item({
      priorityClass: 'P3',
      topic: 'hilfsmittel',
      receivedAt: 5,
      deadlineAt: 900,
      deadlineKind: 'sgb5_13_3a',
    });
    expect(dueAt(p3)).toBe(900);
  });

  it('accepts epoch milliseconds', () => {
    const H = 3_600_000;
    const ms: DispatchParams = { ...DEFAULT_DISPATCH_PARAMS, timeUnit: 'ms' };
    const t0 = Date.UTC(2023, 3, 25);
    const a = item({ priorityClass: 'P2', topic: 'krankengeld', receivedAt: t0 });
    const b = item({ priorityClass: 'P2', topic: 'krankengeld', receivedAt: 0 });
    const inMs = dispatchScore(a, { now: t0 + 30 * H, pBarHours: 12 }, ms);
    const inHours = dispatchScore(b, { now: 30, pBarHours: 12 });
    expect(inMs).toBeCloseTo(inHours, 6);
  });
});

describe('atcIndex', () => {
  it('rises as the due date approaches and saturates once slack is gone', () => {
    const far = atcIndex(4, 1, 500, 0, 48, 0, 72);
    const near = atcIndex(4, 1, 30, 0, 48, 0, 72);
    const past = atcIndex(4, 1, -10, 0, 48, 0, 72);
    expect(near).toBeGreaterThan(far);
    expect(past).toBeCloseTo(4, 10);
  });
});

describe('checkDeadlineFeasibility', () => {
  it('issues a notice, due before the deadline, for items that cannot be decided in time', () => {
    // 10 worker-hours per day; 30 items of 1 h, all due in 48 h: only ~16 fit (at the 0.8 share).
    const items = Array.from({ length: 30 }, (_, i) =>
      item({
        id: `a${i}`,
        priorityClass: 'P3',
        topic: 'leistungsantrag',
        effortHours: 1,
        receivedAt: -400,
        deadlineAt: 48 + i * 0.01,
        deadlineKind: 'sgb5_13_3a',
      }),
    );
    const res = checkDeadlineFeasibility(items, 0, 10);
    expect(res.lateIds.length).toBe(30 - 16);
    const infeasible = res.notices.filter((n) => n.reason === 'infeasible');
    expect(infeasible.map((n) => n.itemId).sort()).toEqual([...res.lateIds].sort());
    for (const n of res.notices) {
      const src = items.find((x) => x.id === n.itemId)!;
      expect(n.dueAt).toBeLessThan(src.deadlineAt!);
      expect(n.dueAt).toBe(src.deadlineAt! - DEFAULT_DISPATCH_PARAMS.noticeLeadHours);
      expect(n.effortHours).toBeLessThanOrEqual(0.25);
    }
  });

  it('sends notices on schedule for undecided items close to their notice date, even if they fit', () => {
    const soon = item({
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      effortHours: 1,
      deadlineAt: 150,
      deadlineKind: 'sgb5_13_3a',
    });
    const later = item({
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      effortHours: 1,
      deadlineAt: 400,
      deadlineKind: 'sgb5_13_3a',
    });
    const res = checkDeadlineFeasibility([soon, later], 0, 100);
    expect(res.lateIds).toHaveLength(0);
    expect(res.notices.map((n) => [n.itemId, n.reason])).toEqual([[soon.id, 'schedule']]);
    const off: DispatchParams = { ...DEFAULT_DISPATCH_PARAMS, noticeSafetyHours: 0 };
    expect(checkDeadlineFeasibility([soon, later], 0, 100, off).notices).toHaveLength(0);
  });

  it('issues nothing when the team can decide everything in time', () => {
    const items = Array.from({ length: 5 }, (_, i) =>
      item({
        priorityClass: 'P3',
        topic: 'hilfsmittel',
        effortHours: 1,
        deadlineAt: 200 + i,
        deadlineKind: 'sgb5_13_3a',
      }),
    );
    const res = checkDeadlineFeasibility(items, 0, 100);
    expect(res.notices).toHaveLength(0);
    expect(res.lateIds).toHaveLength(0);
  });

  it('drops the longest job first, so the number of late items is minimal', () => {
    // One 8 h job and four 1 h jobs, all due at 24 h, capacity 10/day·0.8 = 8 h: dropping the 8 h job
    // leaves four on time; plain EDD would make several late.
    const long = item({
      id: 'long',
      priorityClass: 'P3',
      topic: 'widerspruch',
      effortHours: 8,
      deadlineAt: 23.9,
      deadlineKind: 'sgb5_13_3a',
    });
    const short = Array.from({ length: 4 }, (_, i) =>
      item({
        id: `s${i}`,
        priorityClass: 'P3',
        topic: 'hilfsmittel',
        effortHours: 1,
        deadlineAt: 24,
        deadlineKind: 'sgb5_13_3a',
      }),
    );
    const res = checkDeadlineFeasibility([long, ...short], 0, 10);
    expect(res.lateIds).toEqual(['long']);
  });

  it('books P1 and P2 work ahead of the deadline items', () => {
    const dl = item({
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      effortHours: 1,
      deadlineAt: 24,
      deadlineKind: 'sgb5_13_3a',
    });
    expect(checkDeadlineFeasibility([dl], 0, 10).lateIds).toHaveLength(0);
    const p2 = Array.from({ length: 8 }, () =>
      item({ priorityClass: 'P2', topic: 'krankengeld', effortHours: 1 }),
    );
    const res = checkDeadlineFeasibility([dl, ...p2], 0, 10);
    expect(res.precedingEffortHours).toBe(8);
    expect(res.lateIds).toEqual([dl.id]);
  });

  it('issues no notice for §18c (only a decision stops the 70 EUR) nor for items that already had one', () => {
    const pg = item({
      priorityClass: 'P3',
      topic: 'pflegegrad_antrag',
      effortHours: 5,
      deadlineAt: 10,
      deadlineKind: 'sgb11_18c',
    });
    const done = item({
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      effortHours: 5,
      deadlineAt: 11,
      deadlineKind: 'sgb5_13_3a',
      interimNoticeSent: true,
    });
    const dsgvo = item({
      priorityClass: 'P3',
      topic: 'datenschutz_auskunft',
      effortHours: 5,
      deadlineAt: 12,
      deadlineKind: 'dsgvo_15',
    });
    const res = checkDeadlineFeasibility([pg, done, dsgvo], 0, 1);
    expect(res.lateIds.sort()).toEqual([pg.id, done.id, dsgvo.id].sort());
    expect(res.notices.map((n) => n.itemId)).toEqual([dsgvo.id]);
  });
});

describe('buildWorklist', () => {
  it('serves P1, then notices, then the rest', () => {
    const p1 = item({ priorityClass: 'P1', topic: 'haeusliche_krankenpflege', receivedAt: 90 });
    const tight = item({
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      effortHours: 30,
      receivedAt: 0,
      deadlineAt: 110,
      deadlineKind: 'sgb5_13_3a',
    });
    const p2 = item({ priorityClass: 'P2', topic: 'krankengeld', receivedAt: 0 });
    const { entries } = buildWorklist([p2, tight, p1], 100, 24);
    expect(entries.map((e) => (e.type === 'item' ? e.item.id : `n:${e.task.itemId}`))).toEqual([
      p1.id,
      `n:${tight.id}`,
      ...[p2.id, tight.id].sort((a, b) => {
        const sa = entries.find((e) => e.type === 'item' && e.item.id === a)!.score;
        const sb = entries.find((e) => e.type === 'item' && e.item.id === b)!.score;
        return sb - sa;
      }),
    ]);
    const notice = entries.find((e) => e.type === 'notice');
    expect(notice && notice.type === 'notice' ? noticeScore(notice.task.dueAt, 100) : 0).toBeGreaterThan(
      dispatchScore(p2, { now: 100 }),
    );
  });
});
