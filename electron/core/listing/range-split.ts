/**
 * Where to split a key range so parallel listers get similar shares.
 *
 * S3 cannot say how many keys lie between two strings, so Thaw guesses from
 * what it has already read:
 *
 * - Candidates. Everything after a lister's cursor `c` and up to its end `hi`
 *   decomposes into blocks that share a prefix with `c`: at the position where
 *   `c` and `hi` diverge, one block per character between them; one position
 *   deeper, one block per character after `c`'s; and so on. A block's first
 *   string (`c[0..j) + ch`) is a candidate split point. Characters come from
 *   the alphabet seen in keys so far (plus all digits), so blocks match how
 *   keys are actually spelled (`obj-0000000.bin`, hex hashes, dates).
 * - Sizes. Strings map to numbers in [0, 1) the way an arithmetic coder
 *   maps text: from the divergence position on, each character narrows the
 *   interval in proportion to how often that character has been seen. Keys
 *   spelled mostly with digits then spread evenly over their digits instead
 *   of leaving most of the space to letters that never occur there. The last
 *   page a lister read gives a density (keys per unit), so a block's size is
 *   its width times that density. Splits go at the quantiles of that estimate.
 *
 * The guesses only affect balance, never correctness: ranges always tile the
 * key space, and a lister that finishes early takes a share of the largest
 * remaining range (see parallel-list.ts), so a bad guess costs one round trip.
 */

/** Digits are always in the alphabet: numbered keys rarely show every digit in their first page. */
const DIGITS_0_9 = Array.from({ length: 10 }, (_, i) => 0x30 + i);

/** A character's share of the key space: where its interval starts and how wide it is. */
interface Symbol {
  cum: number;
  width: number;
}

/** How strongly the whole-key character frequencies pull each position's own counts. */
const BLEND = 5;
/** Stands for "the key ends here" in the model; sorts before every character. */
const END = -1;

interface PositionModel {
  /** Symbols in `chars` order, END first. */
  symbols: Symbol[];
  end: Symbol;
}

/**
 * Characters seen in keys below the listed prefix, by position: the model
 * that maps key strings to positions in [0, 1].
 *
 * Each position's distribution blends the counts seen at that position with
 * the frequencies over all positions (`BLEND` pseudo-counts), so a position
 * seen a thousand times follows its own counts and a position seen once
 * falls back to "characters like the ones in these keys".
 */
export class Alphabet {
  private readonly prefixLength: number;
  private readonly global = new Map<number, number>(DIGITS_0_9.map((d) => [d, 0]));
  private globalTotal = 0;
  private readonly positions = new Map<number, Map<number, number>>();
  private readonly positionTotals = new Map<number, number>();
  private sortedChars: number[] | undefined;
  private models = new Map<number, PositionModel>();

  /** A model for keys below `prefix`. */
  constructor(prefix = '') {
    this.prefixLength = cps(prefix).length;
  }

  /** Counts each character of `key` (after the prefix) at its position, `weight` times. */
  observe(key: string, weight = 1, upTo = Infinity): void {
    const a = cps(key);
    const ids = this.layout(a);
    const stop = Math.min(a.length + 1, this.prefixLength + upTo);
    for (let i = this.prefixLength; i < stop; i++) this.count(ids[i]!, i === a.length ? END : a[i]!, weight);
    this.models.clear();
  }

  /**
   * Counts a page of consecutive keys. A page is a contiguous slice of the
   * key space, so it says little about the positions where its keys agree
   * (counted once) or where they first differ (it covers only the characters
   * between its first and last key there: each counted once); positions
   * after that count per key.
   */
  observePage(keys: readonly string[]): void {
    if (keys.length === 0) return;
    const first = cps(keys[0]!);
    const last = cps(keys[keys.length - 1]!);
    const shared = commonLength(first, last);
    this.observe(keys[0]!, 1, Math.max(0, shared - this.prefixLength));
    const seenAtDivergence = new Set<number>();
    for (const k of keys) {
      const a = cps(k);
      const ids = this.layout(a);
      for (let i = Math.max(shared, this.prefixLength); i <= a.length; i++) {
        const cp = i === a.length ? END : a[i]!;
        if (i === shared) {
          if (seenAtDivergence.has(cp)) continue;
          seenAtDivergence.add(cp);
        }
        this.count(ids[i]!, cp);
      }
    }
    this.models.clear();
  }

  /**
   * The model position of each code point index of a key (and one past its
   * end): the '/'-separated segment and the offset in it, so the day in
   * `data/clicks/2025/02/09/…` and in `data/embeddings/2025/02/09/…` share a
   * position although the two keys differ in length before it.
   */
  layout(a: readonly number[]): number[] {
    const ids: number[] = new Array(a.length + 1).fill(0);
    let seg = 0;
    let off = 0;
    for (let i = this.prefixLength; i <= a.length; i++) {
      ids[i] = seg * 4096 + Math.min(off, 4095);
      if (a[i] === 0x2f) {
        seg++;
        off = 0;
      } else off++;
    }
    return ids;
  }

  private count(id: number, cp: number, weight = 1): void {
    let m = this.positions.get(id);
    if (!m) this.positions.set(id, (m = new Map()));
    m.set(cp, (m.get(cp) ?? 0) + weight);
    this.positionTotals.set(id, (this.positionTotals.get(id) ?? 0) + weight);
    if (cp !== END) {
      if (!this.global.has(cp)) this.sortedChars = undefined;
      this.global.set(cp, (this.global.get(cp) ?? 0) + weight);
      this.globalTotal += weight;
    }
  }

  /** Code points in S3 order. */
  get chars(): readonly number[] {
    this.sortedChars ??= [...this.global.keys()].sort((x, y) => x - y);
    return this.sortedChars;
  }

  /** The interval of a code point (undefined = end of key) at model position `id` (from `layout`). */
  symbol(cp: number | undefined, id: number): Symbol {
    const m = this.model(id);
    if (cp === undefined) return m.end;
    const chars = this.chars;
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chars[mid]! < cp) lo = mid + 1;
      else hi = mid;
    }
    if (chars[lo] === cp) return m.symbols[lo]!;
    // Between chars[lo-1] and chars[lo]: a sliver at the start of chars[lo]'s interval.
    const next = m.symbols[lo] ?? { cum: 1, width: 0 };
    return { cum: next.cum, width: next.width * 1e-3 };
  }

  private model(id: number): PositionModel {
    const cached = this.models.get(id);
    if (cached) return cached;
    const chars = this.chars;
    const counts = this.positions.get(id);
    const n = this.positionTotals.get(id) ?? 0;
    // Whole-key frequencies with +1 smoothing, so no known character has zero width.
    const gTotal = this.globalTotal + chars.length;
    const prob = (cp: number, g: number) => ((counts?.get(cp) ?? 0) + BLEND * g) / (n + BLEND);
    const endWeight = Math.max(counts?.get(END) ?? 0, 0.01);
    const endP = (endWeight + BLEND * 0.01) / (n + BLEND);
    const raw = chars.map((c) => prob(c, (this.global.get(c)! + 1) / gTotal));
    const sum = endP + raw.reduce((x, y) => x + y, 0);
    const end = { cum: 0, width: endP / sum };
    let cum = end.width;
    const symbols = raw.map((r) => {
      const sym = { cum, width: r / sum };
      cum += sym.width;
      return sym;
    });
    const model = { symbols, end };
    this.models.set(id, model);
    return model;
  }
}

/** A string as code points (S3's order is code point order). */
function cps(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    out.push(cp);
  }
  return out;
}

function commonLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Candidate split points with their positions in the (cursor, hi) key space. */
export interface Candidates {
  /** In key order, all strictly between cursor and hi. */
  keys: string[];
  /** Position of each key, of the cursor (`start`) and of hi (`end`), in [0, 1]. */
  positions: number[];
  start: number;
  end: number;
}

/**
 * Candidate split points strictly between `cursor` and `hi`, in key order.
 *
 * `hi` undefined means "to the end of `prefix`". Coarse blocks (near the
 * divergence position) are kept before fine ones when there are more than
 * `limit`.
 */
export function splitCandidates(cursor: string, hi: string | undefined, prefix: string, alphabet: Alphabet, limit = 128): Candidates {
  const c = cps(cursor);
  const ids = alphabet.layout(c);
  const h = hi === undefined ? undefined : cps(hi);
  const chars = alphabet.chars;
  const p = h === undefined ? cps(prefix).length : commonLength(c, h);
  const space = new KeySpace(cursor, hi, prefix, alphabet);
  // Code unit offset of each code point of the cursor, to slice prefixes without rebuilding them.
  const offsets: number[] = [];
  for (let i = 0, u = 0; i <= c.length; i++) {
    offsets.push(u);
    u += (c[i] ?? 0) > 0xffff ? 2 : 1;
  }
  // Interval of c[p..j) as j grows: candidates at level j sit inside it.
  const levels: Array<{ keys: string[]; positions: number[] }> = [];
  let total = 0;
  let headPos = 0;
  let headWidth = 1;
  const top = h === undefined ? Infinity : (h[p] ?? -1);
  for (let j = p; j < Math.max(c.length, p + 1) && total < limit; j++) {
    const lo = c[j];
    const head = cursor.slice(0, offsets[j]);
    const level = { keys: [] as string[], positions: [] as number[] };
    for (const ch of chars) {
      if (lo !== undefined && ch <= lo) continue;
      if (j === p && ch >= top) break;
      level.keys.push(head + String.fromCodePoint(ch));
      level.positions.push(headPos + alphabet.symbol(ch, ids[j]!).cum * headWidth);
    }
    levels.push(level);
    total += level.keys.length;
    if (lo === undefined) break;
    const sym = alphabet.symbol(lo, ids[j]!);
    headPos += sym.cum * headWidth;
    headWidth *= sym.width;
  }
  // Key order: deepest level first (closest to the cursor), each level ascending.
  const keys: string[] = [];
  const positions: number[] = [];
  for (let l = levels.length - 1; l >= 0; l--) {
    keys.push(...levels[l]!.keys);
    positions.push(...levels[l]!.positions);
  }
  const drop = Math.max(0, keys.length - limit);
  return { keys: keys.slice(drop), positions: positions.slice(drop), start: space.position(cursor), end: space.end };
}

/** Maps strings to [0, 1] consistently for one (cursor, hi) pair. */
export class KeySpace {
  private readonly from: number;

  /** Positions are read from where `a` and `hi` diverge (or from the end of `prefix` when `hi` is open). */
  constructor(
    a: string,
    private readonly hi: string | undefined,
    prefix: string,
    private readonly alphabet: Alphabet,
  ) {
    this.from = hi === undefined ? cps(prefix).length : commonLength(cps(a), cps(hi));
  }

  /** The position of `s`; an open `hi` is 1. */
  position(s: string | undefined): number {
    if (s === undefined) return 1;
    const a = cps(s);
    const ids = this.alphabet.layout(a);
    let v = 0;
    let width = 1;
    // Stop once the interval is below a double's resolution.
    for (let i = this.from; i < a.length && width > 1e-15; i++) {
      const sym = this.alphabet.symbol(a[i], ids[i]!);
      v += sym.cum * width;
      width *= sym.width;
    }
    return v;
  }

  /** Position of the range's end. */
  get end(): number {
    return this.position(this.hi);
  }
}

/** What a lister learnt from its last page: `count` keys from `first` to `last`. */
export interface Density {
  first: string;
  last: string;
  count: number;
}

/** Keys estimated left in (density.last, hi]; Infinity when the page is too dense to measure. */
export function estimateRemaining(density: Density, hi: string | undefined, prefix: string, alphabet: Alphabet): number {
  const space = new KeySpace(density.first, hi, prefix, alphabet);
  const a = space.position(density.first);
  const c = space.position(density.last);
  const end = space.end;
  if (end <= c) return 0;
  if (c <= a) return Infinity;
  return (density.count * (end - c)) / (c - a);
}

/**
 * Picks up to `parts - 1` split points between `cursor` and `hi`, in key order.
 *
 * When there are no more candidates than that, all of them: a guessed block
 * that turns out empty costs one small request, while a missed big block
 * costs a serial tail. Otherwise cuts go at the quantiles of the estimated
 * key space, and cuts lost to quantiles falling on the same candidate are
 * made up with the coarsest remaining blocks (the ones most likely to be big).
 */
export function chooseSplits(cursor: string, hi: string | undefined, prefix: string, alphabet: Alphabet, parts: number): string[] {
  if (parts < 2) return [];
  const { keys, positions, start, end } = splitCandidates(cursor, hi, prefix, alphabet);
  if (keys.length < parts) return keys;
  const chosen = new Set<number>();
  const width = end - start;
  if (width > 0) {
    let j = 0;
    for (let i = 1; i < parts; i++) {
      const target = start + (width * i) / parts;
      while (j < keys.length - 1 && Math.abs(positions[j + 1]! - target) <= Math.abs(positions[j]! - target)) j++;
      if (positions[j]! > start) chosen.add(j);
    }
  }
  // Coarse levels come last in key order.
  for (let j = keys.length - 1; j >= 0 && chosen.size < parts - 1; j--) chosen.add(j);
  return [...chosen].sort((x, y) => x - y).map((j) => keys[j]!);
}
