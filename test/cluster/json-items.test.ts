/** The list splitter hands over each item as its bytes arrive, wherever the chunks are cut. */
import { describe, expect, test } from 'vitest';
import { splitListItems } from '../../src/cluster/json-items.js';

const list = {
  kind: 'RolloutList',
  apiVersion: 'argoproj.io/v1alpha1',
  metadata: { resourceVersion: '1042', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ', remainingItemCount: 7 },
  items: [
    { metadata: { name: 'a', namespace: 'shop' }, spec: { items: [1, { '}': ']' }], note: 'quote " and backslash \\ and {[' } },
    { metadata: { name: 'b', namespace: 'shop' }, spec: { text: 'ünïcödé ✓ 🚀', empty: {}, list: [] } },
    { metadata: { name: 'c' } },
  ],
};
const text = Buffer.from(JSON.stringify(list, null, 1));

function split(chunks: Buffer[]): { items: unknown[]; rest: unknown } {
  const items: unknown[] = [];
  const splitter = splitListItems((item) => items.push(item));
  for (const chunk of chunks) splitter.push(chunk);
  return { items, rest: splitter.finish() };
}

describe('splitListItems', () => {
  test('every item parsed alone, the rest kept with items empty, whatever the chunk boundaries', () => {
    for (let cut = 1; cut < text.length; cut++) {
      const { items, rest } = split([text.subarray(0, cut), text.subarray(cut)]);
      expect(items).toEqual(list.items);
      expect(rest).toEqual({ ...list, items: [] });
    }
    const bytes = [...text].map((b) => Buffer.from([b]));
    expect(split(bytes).items).toEqual(list.items);
  });

  test('items anywhere in the object; an empty list; a Status without items', () => {
    const reordered = Buffer.from(`{"items":[{"a":1}],"metadata":{"continue":"x"},"kind":"PodList"}`);
    expect(split([reordered])).toEqual({ items: [{ a: 1 }], rest: { items: [], metadata: { continue: 'x' }, kind: 'PodList' } });
    expect(split([Buffer.from('{"kind":"PodList","items":[]}')])).toEqual({ items: [], rest: { kind: 'PodList', items: [] } });
    expect(split([Buffer.from('{"kind":"Status","code":200}')]).rest).toEqual({ kind: 'Status', code: 200 });
  });

  test('items that are no objects (null, numbers, strings, arrays) are handed over too, for the reader to count', () => {
    const odd = { kind: 'RolloutList', items: [null, 7, -1.5e3, 'x, ] "y"', true, { a: 1 }, [2, 3], false] };
    for (const spacing of [undefined, 1]) {
      const bytes = Buffer.from(JSON.stringify(odd, null, spacing));
      for (let cut = 1; cut < bytes.length; cut++) {
        const { items, rest } = split([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(items).toEqual(odd.items);
        expect(rest).toEqual({ kind: 'RolloutList', items: [] });
      }
    }
  });

  test('a cut-off answer or an invalid item is a SyntaxError', () => {
    const inSecondItem = text.indexOf('"b"');
    expect(() => split([text.subarray(0, inSecondItem)])).toThrow(`the answer ends inside its items after ${inSecondItem} bytes`);
    expect(() => split([text.subarray(0, 20)])).toThrow('the answer ends inside the list after 20 bytes');
    expect(() => split([Buffer.from('{"kind":"PodList","items":[{"metadata":')])).toThrow(SyntaxError);
    expect(() => split([Buffer.from('{"items":[{"a":tru}]}')])).toThrow(SyntaxError);
    expect(() => split([Buffer.from('{"items":[nul]}')])).toThrow(SyntaxError);
    expect(() => split([Buffer.from('{"items":[1,tru')])).toThrow('the answer ends inside its items after 15 bytes');
  });
});
