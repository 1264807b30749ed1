/**
 * Deterministic file contents for the demo seed: JSONL training samples,
 * pickle-like cache files, mask metadata.
 */
import { createRandom } from '../prng';

type Random = () => number;

const WORDS = [
  'sample', 'patient', 'scan', 'model', 'label', 'image', 'report', 'batch', 'signal', 'vector', 'review', 'ticket', 'invoice',
  'summary', 'contrast', 'lesion', 'organ', 'shipment', 'delay', 'refund', 'positive', 'negative', 'neutral', 'urgent', 'normal',
];
const LABELS: Record<string, string[]> = {
  classification: ['positive', 'negative', 'neutral'],
  detection: ['car', 'person', 'bicycle', 'traffic_light'],
  segmentation: ['liver', 'kidney', 'spleen', 'background'],
  summarization: ['short', 'long'],
};

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const sentence = (r: Random, n: number) => Array.from({ length: n }, () => pick(r, WORDS)).join(' ');

/** The training tasks the demo has data for. */
export const TASKS = Object.keys(LABELS);

/** A JSONL file of `lines` samples for `task`; the same (task, seed) always gives the same text. */
export function trainingJsonl(task: string, seed: number, lines: number): Buffer {
  const r = createRandom(seed);
  const labels = LABELS[task] ?? ['unknown'];
  const rows: string[] = [];
  for (let i = 0; i < lines; i++) {
    const id = `${task.slice(0, 3)}-${seed.toString(16)}-${String(i).padStart(4, '0')}`;
    let row: Record<string, unknown>;
    if (task === 'detection') {
      const boxes = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
        label: pick(r, labels),
        bbox: [0, 0, 0, 0].map(() => Math.round(r() * 640)),
        score: Math.round(r() * 1000) / 1000,
      }));
      row = { id, image: `images/${id}.jpg`, boxes };
    } else if (task === 'summarization') {
      row = { id, document: sentence(r, 40), summary: sentence(r, 8), length: pick(r, labels) };
    } else {
      row = { id, text: sentence(r, 6 + Math.floor(r() * 14)), label: pick(r, labels), annotator: `a${1 + Math.floor(r() * 9)}` };
    }
    rows.push(JSON.stringify(row));
  }
  return Buffer.from(`${rows.join('\n')}\n`);
}

/**
 * A pickle-looking cache file: protocol 4 header, opaque payload, STOP opcode.
 *
 * Not a loadable pickle (the demo never unpickles); it only has to look and
 * size like one in a browser.
 */
export function cachePickle(seed: number, size: number): Buffer {
  const r = createRandom(seed);
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = Math.floor(r() * 256);
  body[0] = 0x80;
  body[1] = 0x04;
  body[size - 1] = 0x2e;
  return body;
}

/** `mask/<annotation>/metadata.json`. */
export function maskMetadata(annotation: string, organs: readonly string[], colors: Record<string, [number, number, number]>, groups: Record<string, number>): Buffer {
  const doc = {
    annotation,
    format: 'png',
    size: [64, 64],
    classes: organs.map((o, i) => ({ id: i + 1, name: o, color: colors[o] })),
    groups: Object.entries(groups).map(([name, slices]) => ({ name, slices })),
    created: '2026-09-14T08:30:00Z',
    tool: 'thaw-demo-annotator 1.4',
  };
  return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);
}
