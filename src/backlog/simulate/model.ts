/**
 * Builds the shared input of one simulation run: the arrival stream (identical for every policy) and the
 * hourly timeline of back-office capacity. Items are stored column-wise in typed arrays because the
 * standard scenario has well over a million of them.
 *
 * Every item keeps its true receipt time: the legal clock starts there even if the channel it came through
 * is down. It only becomes visible to the back office when the channel is restored.
 */
import { DEFAULT_EFFORT_HOURS, type DeadlineKind } from '../dispatch.js';
import {
  PRIORITY_CLASSES,
  TOPICS,
  classRank,
  type PriorityClass,
  type TopicSlug,
} from '../../shared/taxonomy.js';
import { SimCalendar } from './calendar.js';
import { Rng } from './rng.js';
import {
  CASH_TOPICS,
  CHANNELS,
  CHANNEL_RATE,
  CRISIS_CALL_HOURS,
  CRISIS_CALL_RATE,
  CRISIS_NOTE_SHARE,
  CRISIS_TOPIC_WEIGHT,
  EFFORT_SIGMA,
  MD_PREP_DAYS,
  OUTAGE_SURGE,
  PHONE_DOWN_ANSWER_SHARE,
  PREP_DAYS,
  RAISE_TO,
  TOPIC_CLOCK,
  TOPIC_WEIGHT,
  phasesFor,
  topicMultipliers,
  type Channel,
  type ClockLength,
  type Phases,
  type ScenarioParams,
} from './scenario.js';

/** Deadline kinds by code; code 0 means no clock. */
export const DEADLINE_KINDS: readonly (DeadlineKind | null)[] = [
  null,
  'sgb5_13_3a',
  'sgb11_18c',
  'sgb11_18a_assessment',
  'sgb9_14_decide',
  'dsgvo_15',
  'sgg_88_widerspruch',
];
export const KIND_13_3A = DEADLINE_KINDS.indexOf('sgb5_13_3a');
export const KIND_18C = DEADLINE_KINDS.indexOf('sgb11_18c');
export const KIND_18A = DEADLINE_KINDS.indexOf('sgb11_18a_assessment');

export const TOPIC_INDEX = new Map<TopicSlug, number>(TOPICS.map((t, i) => [t.slug, i]));
const CLASS_CODE = new Map<PriorityClass, number>(PRIORITY_CLASSES.map((c) => [c, classRank(c) - 1]));

export interface ArrivalStream {
  n: number;
  arrival: Float64Array;
  visibleAt: Float64Array;
  /** Earliest decision time: visible plus external preparation (documents, MD). */
  readyAt: Float64Array;
  /** Tick index at which the item enters the queues (-1: not within the horizon). */
  releaseTick: Int32Array;
  cls: Uint8Array;
  topic: Uint8Array;
  channel: Uint8Array;
  effort: Float32Array;
  estEffort: Float32Array;
  /** Deadline instant in hours, Infinity if none. */
  deadline: Float64Array;
  kind: Uint8Array;
  cash: Uint8Array;
  /** Items ordered by release tick; releaseStart[k]..releaseStart[k+1] are released at tick k. */
  releaseOrder: Int32Array;
  releaseStart: Int32Array;
  /** Items that are seen before they are ready, by the tick they become visible (for interim notices). */
  seenOrder: Int32Array;
  seenStart: Int32Array;
  /** Items received up to the end of each tick (cumulative). */
  arrivedByTick: Int32Array;
}

export interface Timeline {
  /** Hour of the first tick (negative: warm-up before the outage). */
  t0: number;
  ticks: number;
  /** Worker-hours available in each tick. */
  capacity: Float64Array;
  /** Bit c set: class c (0 = P1) may be worked in this tick. */
  eligible: Uint8Array;
  /** 1 where interim notices can be produced. */
  noticesAllowed: Uint8Array;
  /** Cumulative capacity at the end of each tick. */
  cumCapacity: Float64Array;
  /** Worker-hours per calendar hour assumed beyond the horizon (normal operation). */
  normalPerHour: number;
  crisisCallsAnswered: number;
}

export interface SimModel {
  params: ScenarioParams;
  phases: Phases;
  calendar: SimCalendar;
  stream: ArrivalStream;
  timeline: Timeline;
  /** Tick index of the outage start (hour 0). */
  zeroTick: number;
}

class Columns {
  n = 0;
  cap: number;
  arrival: Float64Array;
  visibleAt: Float64Array;
  readyAt: Float64Array;
  cls: Uint8Array;
  topic: Uint8Array;
  channel: Uint8Array;
  effort: Float32Array;
  deadline: Float64Array;
  kind: Uint8Array;

  constructor(cap: number) {
    this.cap = cap;
    this.arrival = new Float64Array(cap);
    this.visibleAt = new Float64Array(cap);
    this.readyAt = new Float64Array(cap);
    this.cls = new Uint8Array(cap);
    this.topic = new Uint8Array(cap);
    this.channel = new Uint8Array(cap);
    this.effort = new Float32Array(cap);
    this.deadline = new Float64Array(cap);
    this.kind = new Uint8Array(cap);
  }

  grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Float64Array | Float32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.arrival = g(this.arrival, (k) => new Float64Array(k));
    this.visibleAt = g(this.visibleAt, (k) => new Float64Array(k));
    this.readyAt = g(this.readyAt, (k) => new Float64Array(k));
    this.cls = g(this.cls, (k) => new Uint8Array(k));
    this.topic = g(this.topic, (k) => new Uint8Array(k));
    this.channel = g(this.channel, (k) => new Uint8Array(k));
    this.effort = g(this.effort, (k) => new Float32Array(k));
    this.deadline = g(this.deadline, (k) => new Float64Array(k));
    this.kind = g(this.kind, (k) => new Uint8Array(k));
    this.cap = cap;
  }
}

/** Cumulative distribution over topics for sampling. */
function cumulative(weights: Record<TopicSlug, number>): { cum: Float64Array; total: number } {
  const cum = new Float64Array(TOPICS.length);
  let acc = 0;
  TOPICS.forEach((t, i) => {
    acc += Math.max(0, weights[t.slug]);
    cum[i] = acc;
  });
  return { cum, total: acc };
}

function sampleIndex(cum: Float64Array, total: number, u: number): number {
  const x = u * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Channels whose items stay invisible until they are restored, with the restore hour. */
function hiddenUntil(params: ScenarioParams, phases: Phases): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const ch of params.channelsDown) {
    if (ch === 'email' || ch === 'portal') out[ch] = phases.p4End * 24;
    // Scanning of paper post and fax needs the document system back (start of phase 3).
    if (ch === 'post' || ch === 'fax') out[ch] = phases.p2End * 24;
  }
  return out;
}

/** Counting sort of item indices by tick; entries with a tick outside [0, ticks) are left out. */
function bucketByTick(tickOf: Int32Array, ticks: number): [Int32Array, Int32Array] {
  const start = new Int32Array(ticks + 1);
  for (let i = 0; i < tickOf.length; i++) {
    const r = tickOf[i]!;
    if (r >= 0 && r < ticks) start[r + 1] = start[r + 1]! + 1;
  }
  for (let k = 0; k < ticks; k++) start[k + 1] = start[k + 1]! + start[k]!;
  const fill = start.slice(0, ticks);
  const order = new Int32Array(start[ticks]!);
  for (let i = 0; i < tickOf.length; i++) {
    const r = tickOf[i]!;
    if (r >= 0 && r < ticks) order[fill[r]!++] = i;
  }
  return [order, start];
}

export function buildModel(params: ScenarioParams): SimModel {
  const phases = phasesFor(params.outageDays);
  const t0 = -params.warmupDays * 24;
  const ticks = (params.warmupDays + params.horizonDays) * 24;
  const zeroTick = -t0;
  const calendar = new SimCalendar(params.startDate, -params.warmupDays - 2, params.horizonDays + 400);
  const rng = new Rng(params.seed);
  const perMille = params.insured / 1000;

  const mult = topicMultipliers(params.mix);
  const normalW = {} as Record<TopicSlug, number>;
  const surgeW = {} as Record<TopicSlug, number>;
  const crisisW = {} as Record<TopicSlug, number>;
  let baseTotal = 0;
  for (const t of TOPICS) {
    baseTotal += TOPIC_WEIGHT[t.slug];
    normalW[t.slug] = TOPIC_WEIGHT[t.slug] * mult[t.slug];
    surgeW[t.slug] = normalW[t.slug] * (OUTAGE_SURGE[t.slug] ?? 1);
    crisisW[t.slug] = (CRISIS_TOPIC_WEIGHT[t.slug] ?? 0) * mult[t.slug];
  }
  const normalDist = cumulative(normalW);
  const surgeDist = cumulative(surgeW);
  const crisisDist = cumulative(crisisW);

  const hidden = hiddenUntil(params, phases);
  const phoneDown = params.channelsDown.includes('phone');
  const estByTopic = TOPICS.map((t) => DEFAULT_EFFORT_HOURS[t.slug]);
  const topicSlugs = TOPICS.map((t) => t.slug);
  const defaultClassCode = TOPICS.map((t) => CLASS_CODE.get(t.defaultClass)!);
  const raiseByTopic = TOPICS.map((t) => {
    const r = RAISE_TO[t.slug];
    return r ? { code: CLASS_CODE.get(r.cls)!, share: r.share } : null;
  });
  const clockByTopic = TOPICS.map((t) => TOPIC_CLOCK[t.slug] ?? null);
  const prepByTopic = TOPICS.map((t) => PREP_DAYS[t.slug] ?? null);
  const stallEnd = phases.p2End * 24;
  const channelCode = new Map<Channel, number>(CHANNELS.map((c, i) => [c, i]));

  const deadlineCache = new Map<string, number>();
  const deadlineDay = (day: number, len: ClockLength): number => {
    const key = `${len.unit}${len.n}:${day}`;
    let v = deadlineCache.get(key);
    if (v === undefined) {
      if (len.unit === 'weeks') v = calendar.addWeeks(day, len.n);
      else if (len.unit === 'workingDays') v = calendar.addWorkingDays(day, len.n);
      else v = calendar.addMonths(day, len.n);
      deadlineCache.set(key, v);
    }
    return v;
  };

  const totalRate = CHANNELS.reduce((s, c) => s + CHANNEL_RATE[c], 0);
  const estItems = Math.ceil(totalRate * perMille * (ticks / 24) * 1.2 + 1024);
  const cols = new Columns(estItems);
  const capacity = new Float64Array(ticks);
  const eligible = new Uint8Array(ticks);
  const noticesAllowed = new Uint8Array(ticks);
  const arrivedByTick = new Int32Array(ticks);
  const releaseTick: number[] = [];
  const seenTick: number[] = [];
  let crisisCallsAnswered = 0;

  const staffHours = params.staff * params.productiveShare;
  const dayEnd = params.workdayStartHour + params.hoursPerDay;
  const sigma = EFFORT_SIGMA;

  const addItem = (ch: Channel, topicIdx: number, hourStart: number): void => {
    if (cols.n === cols.cap) cols.grow();
    const i = cols.n++;
    const arrival = hourStart + rng.next();
    cols.arrival[i] = arrival;
    const hid = hidden[ch];
    const visible = hid !== undefined && arrival >= 0 && arrival < hid ? hid : arrival;
    cols.visibleAt[i] = visible;
    cols.channel[i] = channelCode.get(ch)!;
    cols.topic[i] = topicIdx;
    let code = defaultClassCode[topicIdx]!;
    const raise = raiseByTopic[topicIdx];
    if (raise && rng.next() < raise.share && raise.code < code) code = raise.code;
    cols.cls[i] = code;
    const est = estByTopic[topicIdx]!;
    cols.effort[i] = est * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    const clock = clockByTopic[topicIdx];
    let kind = 0;
    let deadline = Number.POSITIVE_INFINITY;
    // Urgent items get a provisional decision without waiting for documents or the MD.
    let prep = code >= 2 ? prepByTopic[topicIdx] : null;
    if (clock) {
      const day = Math.floor(arrival / 24);
      if (rng.next() < clock.share) {
        kind = DEADLINE_KINDS.indexOf(clock.kind);
        const long = clock.longLength !== undefined && rng.next() < (clock.longShare ?? 0);
        if (long && code >= 2) prep = MD_PREP_DAYS;
        deadline = (deadlineDay(day, long ? clock.longLength! : clock.length) + 1) * 24;
      } else if (clock.otherwise) {
        kind = DEADLINE_KINDS.indexOf(clock.otherwise.kind);
        deadline = (deadlineDay(day, clock.otherwise.length) + 1) * 24;
      }
    }
    cols.kind[i] = kind;
    cols.deadline[i] = deadline;
    let ready = visible;
    if (prep) {
      const hours = (prep[0] + (prep[1] - prep[0]) * rng.next()) * 24;
      // Preparation stands still while the core system and the data exchange are down.
      const stalled = Math.max(0, Math.min(visible + hours, stallEnd) - Math.max(visible, 0));
      ready = visible + hours + stalled;
    }
    cols.readyAt[i] = ready;
    const rt = Math.floor(ready) + 1 - t0;
    seenTick.push(prep ? Math.floor(visible) + 1 - t0 : -1);
    releaseTick.push(rt < ticks ? rt : -1);
  };

  for (let k = 0; k < ticks; k++) {
    const t = t0 + k;
    const day = Math.floor(t / 24);
    const hour = t - day * 24;
    const dayFrac = t / 24;
    const wd = calendar.isWorkingDay(day);
    const inOutage = t >= 0 && dayFrac < phases.p4End;
    const phase1 = t >= 0 && dayFrac < phases.p1End;
    const dist = inOutage ? surgeDist : normalDist;
    const volume = (perMille * dist.total) / baseTotal;

    for (const ch of CHANNELS) {
      let mean = 0;
      const rate = CHANNEL_RATE[ch] * volume;
      if (ch === 'post') mean = wd && hour === params.workdayStartHour - 1 ? rate : 0;
      else if (ch === 'fax') mean = wd && hour >= 7 && hour < 18 ? rate / 11 : 0;
      else if (ch === 'email' || ch === 'portal') mean = ((rate * 5) / 5.8 / 24) * (wd ? 1 : 0.4);
      else mean = wd && hour >= params.workdayStartHour && hour < dayEnd ? rate / params.hoursPerDay : 0;
      if (ch === 'phone' && phase1 && phoneDown) mean *= PHONE_DOWN_ANSWER_SHARE;
      const count = rng.poisson(mean);
      for (let j = 0; j < count; j++) addItem(ch, sampleIndex(dist.cum, dist.total, rng.next()), t);
    }

    let hotline = 0;
    if (inOutage && wd && hour >= params.workdayStartHour && hour < dayEnd) {
      const calls = rng.poisson((CRISIS_CALL_RATE * perMille) / params.hoursPerDay);
      const answered = phase1 && phoneDown ? Math.round(calls * PHONE_DOWN_ANSWER_SHARE) : calls;
      crisisCallsAnswered += answered;
      hotline = answered * CRISIS_CALL_HOURS;
      const notes = rng.poisson(answered * CRISIS_NOTE_SHARE);
      for (let j = 0; j < notes; j++)
        addItem('phone', sampleIndex(crisisDist.cum, crisisDist.total, rng.next()), t);
    }
    arrivedByTick[k] = cols.n;

    const working = wd && hour >= params.workdayStartHour && hour < dayEnd;
    let factor = 1;
    let mask = 0b1111;
    if (t >= 0 && dayFrac < phases.p1End) {
      factor = 0;
      mask = 0;
    } else if (t >= 0 && dayFrac < phases.p2End) {
      factor = params.emergencyFactor;
      mask = 0b0011;
    } else if (t >= 0 && dayFrac < phases.p3End) {
      factor = params.restartFactor;
    } else if (t >= 0 && dayFrac < phases.p5End) {
      factor = params.catchUpFactor;
    }
    capacity[k] = working ? Math.max(0, staffHours * factor - hotline) : 0;
    eligible[k] = mask;
    noticesAllowed[k] = t >= phases.p2End * 24 || t < 0 ? 1 : 0;
  }

  const n = cols.n;
  const rt = Int32Array.from(releaseTick);
  const [releaseOrder, releaseStart] = bucketByTick(rt, ticks);
  const [seenOrder, seenStart] = bucketByTick(Int32Array.from(seenTick), ticks);

  const cashSet = new Set(CASH_TOPICS);
  const cash = new Uint8Array(n);
  const estEffort = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ti = cols.topic[i]!;
    cash[i] = cashSet.has(topicSlugs[ti]!) ? 1 : 0;
    estEffort[i] = estByTopic[ti]!;
  }

  const cumCapacity = new Float64Array(ticks);
  let acc = 0;
  for (let k = 0; k < ticks; k++) {
    acc += capacity[k]!;
    cumCapacity[k] = acc;
  }

  const stream: ArrivalStream = {
    n,
    arrival: cols.arrival.slice(0, n),
    visibleAt: cols.visibleAt.slice(0, n),
    readyAt: cols.readyAt.slice(0, n),
    releaseTick: rt,
    cls: cols.cls.slice(0, n),
    topic: cols.topic.slice(0, n),
    channel: cols.channel.slice(0, n),
    effort: cols.effort.slice(0, n),
    estEffort,
    deadline: cols.deadline.slice(0, n),
    kind: cols.kind.slice(0, n),
    cash,
    releaseOrder,
    releaseStart,
    seenOrder,
    seenStart,
    arrivedByTick,
  };
  const timeline: Timeline = {
    t0,
    ticks,
    capacity,
    eligible,
    noticesAllowed,
    cumCapacity,
    normalPerHour: (staffHours * params.hoursPerDay * 5) / (7 * 24),
    crisisCallsAnswered,
  };
  return { params, phases, calendar, stream, timeline, zeroTick };
}

/** Worker-hours the timeline offers between two instants (hours), extrapolating past the horizon. */
export function capacityBetween(tl: Timeline, from: number, to: number): number {
  if (to <= from) return 0;
  const at = (t: number): number => {
    const k = t - tl.t0;
    if (k <= 0) return 0;
    if (k >= tl.ticks) return tl.cumCapacity[tl.ticks - 1]! + (k - tl.ticks) * tl.normalPerHour;
    const whole = Math.floor(k);
    const before = whole > 0 ? tl.cumCapacity[whole - 1]! : 0;
    return before + (k - whole) * tl.capacity[whole]!;
  };
  return at(to) - at(from);
}
