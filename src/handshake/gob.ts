/**
 * The subset of Go's encoding/gob that go-plugin's net/rpc needs: an encoder for the types the
 * host sends (bool, int, uint, string, nil interface, structs of those) and a decoder for any
 * well-formed stream that turns values into plain JS data. The decoder never trusts the peer:
 * every length is checked against what is left of its message, messages and nesting are capped,
 * and values it has no use for (interfaces with a concrete value, GobEncoder blobs) are skipped
 * over by their length instead of being interpreted.
 *
 * Wire format: https://pkg.go.dev/encoding/gob.
 */

/** Builtin type ids fixed by encoding/gob. */
export const GOB_TYPE_ID = {
  bool: 1,
  int: 2,
  uint: 3,
  float: 4,
  bytes: 5,
  string: 6,
  complex: 7,
  interface: 8,
  wireType: 16,
  arrayType: 17,
  commonType: 18,
  sliceType: 19,
  structType: 20,
  fieldType: 21,
  fieldTypeSlice: 22,
  mapType: 23,
} as const;

/** The first id gob gives to a user-defined type. */
const FIRST_USER_TYPE_ID = 65;
/** Larger messages are refused: go-plugin's own replies are a few hundred bytes. */
export const MAX_GOB_MESSAGE_BYTES = 1 << 20;
const MAX_NESTING = 32;
const MAX_TYPE_DEFINITIONS = 1024;
/** gob's gobEncoderType{CommonType} has no wire id of its own; this key only names its layout here. */
const GOB_ENCODER_TYPE = -1;

export class GobError extends Error {
  override name = 'GobError';
}

// ---------------------------------------------------------------------------------------------
// Encoder

/** A type the encoder can send. Struct fields are numbered in declaration order, like Go's. */
export type GobType =
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'uint' }
  | { kind: 'string' }
  | { kind: 'interface' }
  | { kind: 'struct'; name: string; fields: readonly { name: string; type: GobType }[] };

/** A value for a GobType: `null` is the nil interface; struct values are keyed by field name. */
export type GobEncodable = boolean | number | bigint | string | null | { readonly [field: string]: GobEncodable };

class ByteWriter {
  private chunks: number[] = [];

  uint(value: bigint | number): this {
    let n = BigInt(value);
    if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new GobError(`uint out of range: ${n}`);
    if (n < 128n) {
      this.chunks.push(Number(n));
      return this;
    }
    const bytes: number[] = [];
    while (n > 0n) {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    }
    this.chunks.push(256 - bytes.length, ...bytes);
    return this;
  }

  int(value: bigint | number): this {
    const n = BigInt(value);
    return this.uint(n < 0n ? (~n << 1n) | 1n : n << 1n);
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.uint(bytes.length);
    this.chunks.push(...bytes);
    return this;
  }

  raw(bytes: Iterable<number>): this {
    this.chunks.push(...bytes);
    return this;
  }

  get length(): number {
    return this.chunks.length;
  }

  bytes(): Buffer {
    return Buffer.from(this.chunks);
  }
}

function isZero(type: GobType, value: GobEncodable): boolean {
  switch (type.kind) {
    case 'bool':
      return value === false;
    case 'int':
    case 'uint':
      return BigInt(value as number | bigint) === 0n;
    case 'string':
      return value === '';
    case 'interface':
      return value === null;
    case 'struct':
      return false; // gob sends nested structs even when all their fields are zero
  }
}

/**
 * One encoder per connection, as in Go: a struct's type definition is sent once, before its
 * first value, and later messages refer to it by id.
 */
export class GobEncoder {
  private readonly sentTypes = new Map<string, number>();
  private nextTypeId = FIRST_USER_TYPE_ID;

  /** The bytes of one top-level value, preceded by any type definitions not yet sent. */
  encode(type: GobType, value: GobEncodable): Buffer {
    const out: Buffer[] = [];
    const typeId = this.typeIdFor(type, out);
    const body = new ByteWriter().int(typeId);
    if (type.kind === 'struct') {
      this.encodeStructFields(type, value, body);
    } else {
      body.uint(0); // a top-level non-struct is a singleton: field delta 0, then the value
      this.encodeValue(type, value, body);
    }
    out.push(frame(body));
    return Buffer.concat(out);
  }

  private typeIdFor(type: GobType, out: Buffer[]): number {
    if (type.kind !== 'struct') return GOB_TYPE_ID[type.kind];
    const known = this.sentTypes.get(type.name);
    if (known !== undefined) return known;
    const fieldIds = type.fields.map((field) => this.typeIdFor(field.type, out));
    const id = this.nextTypeId++;
    this.sentTypes.set(type.name, id);
    // wireType{StructT: &structType{CommonType{Name, Id}, Field: []fieldType{{Name, Id}}}}
    const definition = new ByteWriter().int(-id);
    definition.uint(3); // wireType field 3: StructT
    definition.uint(1).uint(1).string(type.name).uint(1).int(id).uint(0); // CommonType
    definition.uint(1).uint(type.fields.length); // Field
    type.fields.forEach((field, i) => {
      definition.uint(1).string(field.name).uint(1).int(fieldIds[i] ?? 0).uint(0);
    });
    definition.uint(0).uint(0); // end of structType, end of wireType
    out.push(frame(definition));
    return id;
  }

  private encodeStructFields(type: Extract<GobType, { kind: 'struct' }>, value: GobEncodable, out: ByteWriter): void {
    if (value === null || typeof value !== 'object') throw new GobError(`struct ${type.name} needs an object value`);
    let last = -1;
    type.fields.forEach((field, index) => {
      const fieldValue = value[field.name] ?? zeroOf(field.type);
      if (isZero(field.type, fieldValue)) return;
      out.uint(index - last);
      last = index;
      this.encodeValue(field.type, fieldValue, out);
    });
    out.uint(0);
  }

  private encodeValue(type: GobType, value: GobEncodable, out: ByteWriter): void {
    switch (type.kind) {
      case 'bool':
        out.uint(value ? 1 : 0);
        return;
      case 'int':
        out.int(value as number | bigint);
        return;
      case 'uint':
        out.uint(value as number | bigint);
        return;
      case 'string':
        out.string(String(value));
        return;
      case 'interface':
        if (value !== null) throw new GobError('only the nil interface can be encoded');
        out.uint(0); // empty concrete type name: nil
        return;
      case 'struct':
        this.encodeStructFields(type, value, out);
        return;
    }
  }
}

function zeroOf(type: GobType): GobEncodable {
  switch (type.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
      return 0;
    case 'string':
      return '';
    case 'interface':
      return null;
    case 'struct':
      return {};
  }
}

function frame(body: ByteWriter): Buffer {
  return Buffer.concat([new ByteWriter().uint(body.length).bytes(), body.bytes()]);
}

// ---------------------------------------------------------------------------------------------
// Decoder

/** A decoded value: structs become objects keyed by field name, maps become Map. */
export type GobValue =
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | null
  | GobValue[]
  | Map<GobValue, GobValue>
  | { [field: string]: GobValue }
  | GobSkipped;

/** A value the decoder stepped over without interpreting it (a non-nil interface, a GobEncoder blob). */
export interface GobSkipped {
  skipped: string;
  bytes: number;
}

type WireType =
  | { kind: 'struct'; name: string; fields: { name: string; id: number }[] }
  | { kind: 'slice'; name: string; elem: number }
  | { kind: 'array'; name: string; elem: number; len: number }
  | { kind: 'map'; name: string; key: number; elem: number }
  | { kind: 'opaque'; name: string; marshaler: string };

class ByteReader {
  constructor(
    private readonly buf: Uint8Array,
    public pos = 0,
    private readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  byte(): number {
    if (this.pos >= this.end) throw new GobError('unexpected end of message');
    return this.buf[this.pos++] as number;
  }

  uint(): bigint {
    const first = this.byte();
    if (first < 128) return BigInt(first);
    const count = 256 - first;
    if (count > 8) throw new GobError(`invalid uint length ${count}`);
    let n = 0n;
    for (let i = 0; i < count; i++) n = (n << 8n) | BigInt(this.byte());
    return n;
  }

  /** A uint that must fit what is left of the message (a length or count). */
  length(what: string, unit = 1): number {
    const n = this.uint();
    if (n > BigInt(Math.floor(this.remaining / unit))) throw new GobError(`${what} ${n} exceeds the ${this.remaining} bytes left`);
    return Number(n);
  }

  int(): bigint {
    const u = this.uint();
    return u & 1n ? ~(u >> 1n) : u >> 1n;
  }

  smallInt(what: string): number {
    const n = this.int();
    if (n < -0x7fff_ffffn || n > 0x7fff_ffffn) throw new GobError(`${what} out of range: ${n}`);
    return Number(n);
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw new GobError(`${n} bytes exceed the ${this.remaining} left`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    return Buffer.from(this.bytes(this.length('string length'))).toString('utf8');
  }
}

function toNumberIfSafe(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** A fully decoded top-level value and the name of its type (`bool`, `Response`...). */
export interface GobMessage {
  typeId: number;
  typeName: string;
  value: GobValue;
}

/**
 * One decoder per connection. Feed it bytes as they arrive; `next()` returns the next top-level
 * value once its message is complete, absorbing type definitions on the way.
 */
export class GobDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private readonly types = new Map<number, WireType>();

  constructor(private readonly maxMessageBytes = MAX_GOB_MESSAGE_BYTES) {}

  push(chunk: Uint8Array): void {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
  }

  /** Bytes received but not yet consumed (an incomplete message). */
  get buffered(): number {
    return this.pending.length;
  }

  /** The next value, or undefined when more bytes are needed. Throws GobError on a malformed stream. */
  next(): GobMessage | undefined {
    for (;;) {
      const body = this.takeMessage();
      if (!body) return undefined;
      const reader = new ByteReader(body);
      const typeId = reader.smallInt('type id');
      if (typeId < 0) {
        this.defineType(-typeId, reader);
        continue;
      }
      const value = this.decodeTopLevel(typeId, reader);
      if (reader.remaining !== 0) throw new GobError(`${reader.remaining} stray bytes after a value of type ${typeId}`);
      return { typeId, typeName: this.typeName(typeId), value };
    }
  }

  private takeMessage(): Uint8Array | undefined {
    if (this.pending.length === 0) return undefined;
    const header = new ByteReader(this.pending);
    let length: bigint;
    try {
      length = header.uint();
    } catch (error) {
      if (this.pending.length < 9) return undefined; // the length itself is still arriving
      throw error;
    }
    if (length === 0n) throw new GobError('empty message');
    if (length > BigInt(this.maxMessageBytes)) throw new GobError(`message of ${length} bytes exceeds the ${this.maxMessageBytes}-byte limit`);
    const end = header.pos + Number(length);
    if (this.pending.length < end) return undefined;
    const body = this.pending.subarray(header.pos, end);
    this.pending = this.pending.subarray(end);
    return body;
  }

  private typeName(id: number): string {
    const builtin = Object.entries(GOB_TYPE_ID).find(([, v]) => v === id);
    return builtin ? builtin[0] : (this.types.get(id)?.name ?? `type ${id}`);
  }

  private defineType(id: number, reader: ByteReader): void {
    if (id < FIRST_USER_TYPE_ID) throw new GobError(`type definition for reserved id ${id}`);
    if (this.types.has(id)) throw new GobError(`duplicate type definition for id ${id}`);
    if (this.types.size >= MAX_TYPE_DEFINITIONS) throw new GobError('too many type definitions');
    const wire = this.decodeBootstrap(GOB_TYPE_ID.wireType, reader, 0) as Record<string, GobValue>;
    if (reader.remaining !== 0) throw new GobError('stray bytes after a type definition');
    this.types.set(id, wireTypeFrom(wire, id));
  }

  /** The types that describe types are fixed by gob; decode them by their known layout. */
  private decodeBootstrap(id: number, reader: ByteReader, depth: number): GobValue {
    const layouts: Record<number, [string, number][]> = {
      [GOB_TYPE_ID.wireType]: [
        ['ArrayT', GOB_TYPE_ID.arrayType],
        ['SliceT', GOB_TYPE_ID.sliceType],
        ['StructT', GOB_TYPE_ID.structType],
        ['MapT', GOB_TYPE_ID.mapType],
        ['GobEncoderT', GOB_ENCODER_TYPE],
        ['BinaryMarshalerT', GOB_ENCODER_TYPE],
        ['TextMarshalerT', GOB_ENCODER_TYPE],
      ],
      [GOB_TYPE_ID.arrayType]: [['CommonType', GOB_TYPE_ID.commonType], ['Elem', GOB_TYPE_ID.int], ['Len', GOB_TYPE_ID.int]],
      [GOB_TYPE_ID.commonType]: [['Name', GOB_TYPE_ID.string], ['Id', GOB_TYPE_ID.int]],
      [GOB_TYPE_ID.sliceType]: [['CommonType', GOB_TYPE_ID.commonType], ['Elem', GOB_TYPE_ID.int]],
      [GOB_TYPE_ID.structType]: [['CommonType', GOB_TYPE_ID.commonType], ['Field', GOB_TYPE_ID.fieldTypeSlice]],
      [GOB_TYPE_ID.fieldType]: [['Name', GOB_TYPE_ID.string], ['Id', GOB_TYPE_ID.int]],
      [GOB_TYPE_ID.mapType]: [['CommonType', GOB_TYPE_ID.commonType], ['Key', GOB_TYPE_ID.int], ['Elem', GOB_TYPE_ID.int]],
      [GOB_ENCODER_TYPE]: [['CommonType', GOB_TYPE_ID.commonType]],
    };
    if (id === GOB_TYPE_ID.fieldTypeSlice) {
      const count = reader.length('field count');
      return Array.from({ length: count }, () => this.decodeBootstrap(GOB_TYPE_ID.fieldType, reader, depth + 1));
    }
    const layout = layouts[id];
    if (!layout) return this.decodeValue(id, reader, depth);
    if (depth > MAX_NESTING) throw new GobError('type definition nested too deeply');
    const out: Record<string, GobValue> = {};
    let field = -1;
    for (;;) {
      const delta = reader.uint();
      if (delta === 0n) return out;
      field += Number(delta);
      const entry = layout[field];
      if (delta > 64n || !entry) throw new GobError(`unknown field ${field} in a type definition`);
      out[entry[0]] = this.decodeBootstrap(entry[1], reader, depth + 1);
    }
  }

  private decodeTopLevel(id: number, reader: ByteReader): GobValue {
    const wire = this.types.get(id);
    if (wire?.kind === 'struct') return this.decodeValue(id, reader, 0);
    if (reader.uint() !== 0n) throw new GobError('a top-level non-struct value must start with field delta 0');
    return this.decodeValue(id, reader, 0);
  }

  private decodeValue(id: number, reader: ByteReader, depth: number): GobValue {
    if (depth > MAX_NESTING) throw new GobError('value nested too deeply');
    switch (id) {
      case GOB_TYPE_ID.bool: {
        const n = reader.uint();
        if (n > 1n) throw new GobError(`invalid bool ${n}`);
        return n === 1n;
      }
      case GOB_TYPE_ID.int:
        return toNumberIfSafe(reader.int());
      case GOB_TYPE_ID.uint:
        return toNumberIfSafe(reader.uint());
      case GOB_TYPE_ID.float:
        return floatFrom(reader.uint());
      case GOB_TYPE_ID.complex:
        return [floatFrom(reader.uint()), floatFrom(reader.uint())];
      case GOB_TYPE_ID.bytes:
        return Uint8Array.from(reader.bytes(reader.length('byte slice length')));
      case GOB_TYPE_ID.string:
        return reader.string();
      case GOB_TYPE_ID.interface:
        return this.skipInterface(reader);
    }
    const wire = this.types.get(id);
    if (!wire) throw new GobError(`value of undefined type id ${id}`);
    switch (wire.kind) {
      case 'struct': {
        const out: Record<string, GobValue> = {};
        let field = -1;
        for (;;) {
          const delta = reader.uint();
          if (delta === 0n) return out;
          if (delta > BigInt(wire.fields.length)) throw new GobError(`field delta ${delta} beyond the ${wire.fields.length} fields of ${wire.name}`);
          field += Number(delta);
          const def = wire.fields[field];
          if (!def) throw new GobError(`field ${field} beyond the fields of ${wire.name}`);
          out[def.name] = this.decodeValue(def.id, reader, depth + 1);
        }
      }
      case 'slice':
        return Array.from({ length: reader.length('slice length') }, () => this.decodeValue(wire.elem, reader, depth + 1));
      case 'array': {
        const count = reader.length('array length');
        if (count !== wire.len) throw new GobError(`array of ${count} elements, type says ${wire.len}`);
        return Array.from({ length: count }, () => this.decodeValue(wire.elem, reader, depth + 1));
      }
      case 'map': {
        const out = new Map<GobValue, GobValue>();
        const count = reader.length('map length', 2);
        for (let i = 0; i < count; i++) out.set(this.decodeValue(wire.key, reader, depth + 1), this.decodeValue(wire.elem, reader, depth + 1));
        return out;
      }
      case 'opaque': {
        const n = reader.length(`${wire.marshaler} length`);
        reader.bytes(n);
        return { skipped: `${wire.marshaler} ${wire.name}`, bytes: n };
      }
    }
  }

  /** nil decodes to null; a concrete value is stepped over by its length, never interpreted. */
  private skipInterface(reader: ByteReader): GobValue {
    const name = Buffer.from(reader.bytes(reader.length('interface type name length'))).toString('utf8');
    if (name === '') return null;
    reader.smallInt('interface type id');
    const n = reader.length('interface value length');
    reader.bytes(n);
    return { skipped: `interface value of type ${name}`, bytes: n };
  }
}

function floatFrom(bits: bigint): number {
  let reversed = 0n;
  for (let i = 0; i < 8; i++) reversed = (reversed << 8n) | ((bits >> BigInt(8 * i)) & 0xffn);
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, reversed);
  return view.getFloat64(0);
}

function wireTypeFrom(wire: Record<string, GobValue>, id: number): WireType {
  const common = (part: GobValue): { name: string } => {
    const c = (part as Record<string, GobValue> | undefined)?.CommonType as Record<string, GobValue> | undefined;
    return { name: typeof c?.Name === 'string' && c.Name !== '' ? c.Name : `type ${id}` };
  };
  const num = (v: GobValue | undefined): number => (typeof v === 'number' ? v : 0);
  const get = (key: string): Record<string, GobValue> | undefined => wire[key] as Record<string, GobValue> | undefined;
  const struct = get('StructT');
  if (struct) {
    const fields = ((struct.Field as Record<string, GobValue>[] | undefined) ?? []).map((f) => ({
      name: typeof f.Name === 'string' ? f.Name : '',
      id: num(f.Id),
    }));
    return { kind: 'struct', ...common(struct), fields };
  }
  const slice = get('SliceT');
  if (slice) return { kind: 'slice', ...common(slice), elem: num(slice.Elem) };
  const array = get('ArrayT');
  if (array) return { kind: 'array', ...common(array), elem: num(array.Elem), len: num(array.Len) };
  const map = get('MapT');
  if (map) return { kind: 'map', ...common(map), key: num(map.Key), elem: num(map.Elem) };
  for (const marshaler of ['GobEncoderT', 'BinaryMarshalerT', 'TextMarshalerT']) {
    const opaque = get(marshaler);
    if (opaque) return { kind: 'opaque', ...common(opaque), marshaler: marshaler.slice(0, -1) };
  }
  throw new GobError(`type definition ${id} describes no type`);
}
