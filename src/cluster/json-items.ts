/**
 * Splits a Kubernetes list answer (`{"kind":…,"metadata":…,"items":[{…},{…}]}`) as its bytes
 * arrive: each element of the top-level `items` array (an object, or whatever else a broken server
 * put there: null, a number, a string) is parsed alone and handed over, and the
 * rest of the object (kind, metadata with its continue token) is kept with `items` left empty.
 * A page of 500 big objects then costs one object at a time, not the page and its parse.
 * Scans bytes: the JSON structure characters are ASCII, so UTF-8 sequences never look like them.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** JSON's whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ITEMS_KEY = Buffer.from('items');

export interface ItemSplitter {
  /** Feeds the next bytes; throws SyntaxError when an item is not valid JSON. */
  push(chunk: Buffer): void;
  /** The object without its items (parsed); throws SyntaxError when the text is cut off or invalid. */
  finish(): unknown;
  /** Bytes seen so far. */
  readonly size: number;
}

export function splitListItems(onItem: (item: unknown) => void): ItemSplitter {
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Where the current string started at depth 1 (to know the key before `[`), in `outside`. */
  let keyStart = -1;
  let lastKey: Buffer | undefined;
  /** 0: not in items; 1: inside the items array (depth 2), between elements; 2: inside an object or array element; 3: inside a scalar element. */
  let itemsState = 0;
  let size = 0;
  const outside: Buffer[] = [];
  let outsideLength = 0;
  let item: Buffer[] = [];

  const keepOutside = (bytes: Buffer): void => {
    if (bytes.length === 0) return;
    outside.push(bytes);
    outsideLength += bytes.length;
  };

  const handOver = (): void => {
    onItem(JSON.parse(Buffer.concat(item).toString('utf8')));
    item = [];
    itemsState = 1;
  };

  return {
    get size() {
      return size;
    },
    push(chunk: Buffer): void {
      size += chunk.length;
      // Bytes of this chunk that belong to the part outside items start at `from`; an item's at `itemFrom`.
      let from = 0;
      let itemFrom = itemsState >= 2 ? 0 : -1;
      for (let i = 0; i < chunk.length; i++) {
        if (inString) {
          // Strings are most of the bytes: jump to the closing quote with a native search.
          const end = closingQuote(chunk, i, escaped);
          if (end < 0) {
            escaped = endsEscaped(chunk, i, escaped);
            break;
          }
          escaped = false;
          inString = false;
          i = end;
          if (keyStart >= 0) {
            const whole = Buffer.concat([...outside, chunk.subarray(from, i)]);
            lastKey = whole.subarray(keyStart);
            keyStart = -1;
          }
          continue;
        }
        const byte = chunk[i]!;
        if (itemsState === 3 && (byte === COMMA || byte === CLOSE_ARRAY || WHITESPACE.has(byte))) {
          // A scalar ends at the first byte that cannot be part of it.
          item.push(chunk.subarray(itemFrom, i));
          handOver();
          itemFrom = -1;
        } else if (itemsState === 1 && byte !== COMMA && byte !== OPEN_OBJECT && byte !== OPEN_ARRAY && byte !== CLOSE_ARRAY && !WHITESPACE.has(byte)) {
          itemsState = 3;
          itemFrom = i;
        }
        if (byte === QUOTE) {
          inString = true;
          if (depth === 1 && itemsState === 0) keyStart = outsideLength + (i - from) + 1;
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          depth++;
          if (depth === 2 && byte === OPEN_ARRAY && itemsState === 0 && lastKey?.equals(ITEMS_KEY)) {
            // Keep `[` outside, leave the elements out: the array stays empty there.
            keepOutside(chunk.subarray(from, i + 1));
            from = -1;
            itemsState = 1;
          } else if (depth === 3 && itemsState === 1) {
            itemsState = 2;
            itemFrom = i;
          }
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth--;
          if (itemsState === 2 && depth === 2) {
            item.push(chunk.subarray(itemFrom, i + 1));
            handOver();
            itemFrom = -1;
          } else if (itemsState === 1 && depth === 1) {
            itemsState = 0;
            from = i;
          }
        }
      }
      if (itemsState >= 2 && itemFrom >= 0) item.push(chunk.subarray(itemFrom));
      if (from >= 0 && itemsState === 0) keepOutside(chunk.subarray(from));
    },
    finish(): unknown {
      if (depth !== 0 || inString || itemsState !== 0) throw new SyntaxError(`the answer ends inside ${itemsState === 0 ? 'the list' : 'its items'} after ${size} bytes`);
      return JSON.parse(Buffer.concat(outside).toString('utf8'));
    },
  };
}

/** Index of the quote closing a string that continues at `from` (`escaped`: the byte at `from` is escaped), or -1. */
function closingQuote(chunk: Buffer, from: number, escaped: boolean): number {
  let search = from;
  for (;;) {
    const quote = chunk.indexOf(QUOTE, search);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k >= from && chunk[k] === BACKSLASH; k--) backslashes++;
    if (backslashes === quote - from && escaped) backslashes++;
    if (backslashes % 2 === 0) return quote;
    search = quote + 1;
  }
}

/** Whether a string running to the end of `chunk` leaves the next byte escaped (an odd run of backslashes). */
function endsEscaped(chunk: Buffer, from: number, escaped: boolean): boolean {
  let backslashes = 0;
  for (let k = chunk.length - 1; k >= from && chunk[k] === BACKSLASH; k--) backslashes++;
  if (backslashes === chunk.length - from && escaped) backslashes++;
  return backslashes % 2 === 1;
}
