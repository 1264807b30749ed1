/**
 * Layout for jsdom, which lays nothing out: gives matching elements a size,
 * so virtualized lists (which render only what fits) render rows in tests.
 *
 * Only used by `*.test.ts(x)`.
 */

/** Makes `clientHeight`/`clientWidth` of elements matching `selector` report the given size; returns the undo. */
export function giveSize(selector: string, size: { height: number; width: number }): () => void {
  const proto = HTMLElement.prototype;
  const before = {
    height: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    width: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
  };
  const measure = (which: 'height' | 'width') =>
    function (this: HTMLElement) {
      if (this.matches(selector)) return size[which];
      return before[which]?.get?.call(this) ?? 0;
    };
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: measure('height') });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: measure('width') });
  return () => {
    if (before.height) Object.defineProperty(proto, 'clientHeight', before.height);
    if (before.width) Object.defineProperty(proto, 'clientWidth', before.width);
  };
}
