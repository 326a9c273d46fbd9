// The bare-ts side of the BAREWire interop tests (test/BAREWire/interop).
// Values are exchanged in clef-bare's JSON form (tools/clef-bare/bw_json.h),
// converted to and from bare-ts's own values by walking bare-ts's AST of
// the schema; the codec itself is the code @bare-ts/tools generates.
//
//   node peer.mjs SCHEMA check TYPE   < "HEX JSON" lines
//       bare-ts decodes HEX to JSON and encodes JSON to HEX; prints the
//       disagreements and "peer: N agreed, M disagreed"
//   node peer.mjs SCHEMA gen TYPE N SEED
//       random values encoded by bare-ts, as clef-bare vector lines
//   node peer.mjs SCHEMA decode TYPE  < hex lines: JSON or "error MSG"
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, dirname } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as tools from "@bare-ts/tools"
import * as bare from "@bare-ts/lib"

const [schemaPath, mode, typeName, ...rest] = process.argv.slice(2)
const here = dirname(fileURLToPath(import.meta.url))
const schema = readFileSync(schemaPath, "utf8")
const options = {
  useIntEnum: true,
  useIntTag: true,
  useGenericArray: true,
}
const ast = tools.parse(schema, tools.Config({ ...options }))
const defs = new Map(ast.defs.map((d) => [d.alias, d.type]))
const libUrl = pathToFileURL(join(here, "node_modules/@bare-ts/lib/dist/index.js")).href
const js = tools
  .transform(schema, { ...options, generator: "js", lib: true })
  .replaceAll('"@bare-ts/lib"', JSON.stringify(libUrl))
const dir = mkdtempSync(join(tmpdir(), "bare-ts-peer-"))
writeFileSync(join(dir, "codec.mjs"), js)
const codec = await import(pathToFileURL(join(dir, "codec.mjs")).href)
const read = codec[`read${typeName}`]
const write = codec[`write${typeName}`]
if (!read || !write) throw new Error(`no codec for ${typeName}`)
const config = bare.Config({})

function decode(bytes) {
  const bc = new bare.ByteCursor(bytes, config)
  const v = read(bc)
  if (bc.offset < bc.view.byteLength) throw new bare.BareError(bc.offset, "remaining bytes")
  return v
}
function encode(v) {
  const bc = new bare.ByteCursor(new Uint8Array(config.initialBufferLength), config)
  write(bc, v)
  return new Uint8Array(bc.view.buffer, bc.view.byteOffset, bc.offset)
}

const hex = (u8) => Buffer.from(u8).toString("hex") || "-"
const unhex = (s) => (s === "-" ? new Uint8Array(0) : new Uint8Array(Buffer.from(s, "hex")))
const resolve = (t) => (t.tag === "alias" ? resolve(defs.get(t.data)) : t)
const f32 = new DataView(new ArrayBuffer(8))

// bare-ts value -> the JSON form (as a JS value; stringified by the caller).
function toJson(t, v) {
  t = resolve(t)
  switch (t.tag) {
    case "uint": case "int": case "u64": case "i64": return String(v)
    case "u8": case "u16": case "u32": case "i8": case "i16": case "i32": return v
    case "f32": f32.setFloat32(0, v, true); return "0x" + f32.getUint32(0, true).toString(16).padStart(8, "0")
    case "f64": f32.setFloat64(0, v, true); return "0x" + f32.getBigUint64(0, true).toString(16).padStart(16, "0")
    case "bool": case "str": return v
    case "data": return Buffer.from(new Uint8Array(v)).toString("hex")
    case "void": return null
    case "enum": return v
    case "optional": return v === null || v === undefined ? null : [toJson(t.types[0], v)]
    case "list": return Array.from(v, (x) => toJson(t.types[0], x))
    case "map": return Array.from(v, ([k, x]) => [toJson(t.types[0], k), toJson(t.types[1], x)])
    case "union": {
      const i = t.data.findIndex((d) => d.val === v.tag)
      const m = t.types[i]
      return { tag: v.tag, val: resolve(m).tag === "void" ? null : toJson(m, v.val) }
    }
    case "struct": {
      const o = {}
      t.data.forEach((f, i) => { o[f.name] = toJson(t.types[i], v[f.name]) })
      return o
    }
  }
  throw new Error(`type ${t.tag}`)
}

// The JSON form -> a bare-ts value.
function fromJson(t, j) {
  t = resolve(t)
  switch (t.tag) {
    case "uint": case "int": case "u64": case "i64": return BigInt(j)
    case "u8": case "u16": case "u32": case "i8": case "i16": case "i32": return j
    case "f32": f32.setUint32(0, Number.parseInt(j.slice(2), 16), true); return f32.getFloat32(0, true)
    case "f64": f32.setBigUint64(0, BigInt(j), true); return f32.getFloat64(0, true)
    case "bool": case "str": return j
    case "data": return new Uint8Array(Buffer.from(j, "hex")).buffer
    case "void": return null
    case "enum": return j
    case "optional": return j === null ? null : fromJson(t.types[0], j[0])
    case "list": return j.map((x) => fromJson(t.types[0], x))
    case "map": return new Map(j.map(([k, x]) => [fromJson(t.types[0], k), fromJson(t.types[1], x)]))
    case "union": {
      const i = t.data.findIndex((d) => d.val === j.tag)
      const m = t.types[i]
      return resolve(m).tag === "void" ? { tag: j.tag, val: null } : { tag: j.tag, val: fromJson(m, j.val) }
    }
    case "struct": {
      const o = {}
      t.data.forEach((f, i) => { o[f.name] = fromJson(t.types[i], j[f.name]) })
      return o
    }
  }
  throw new Error(`type ${t.tag}`)
}

const type = { tag: "alias", data: typeName }
const lines = mode === "gen" ? [] : readFileSync(0, "utf8").split("\n").filter((l) => l.trim())

if (mode === "check") {
  let agreed = 0, disagreed = 0
  for (const line of lines) {
    const sp = line.indexOf(" ")
    const h = line.slice(0, sp), j = line.slice(sp + 1)
    let why = ""
    try {
      const got = JSON.stringify(toJson(type, decode(unhex(h))))
      if (got !== j) why = `bare-ts decoded ${got}`
      else {
        const back = hex(encode(fromJson(type, JSON.parse(j))))
        if (back !== h) why = `bare-ts encoded ${back}`
      }
    } catch (e) {
      why = `bare-ts failed: ${e.message}`
    }
    if (why) { disagreed++; console.log(`DISAGREE ${h} ${j}: ${why}`) } else agreed++
  }
  console.log(`peer: ${agreed} agreed, ${disagreed} disagreed`)
  process.exitCode = disagreed ? 1 : 0
} else if (mode === "gen") {
  // Random values the bare-ts way: built from the AST, encoded by bare-ts.
  let seed = BigInt(rest[1] ?? 1)
  const rnd = () => { seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return seed >> 11n }
  const below = (n) => Number(rnd() % BigInt(n))
  const gen = (t, depth) => {
    t = resolve(t)
    const small = depth > 4
    switch (t.tag) {
      case "uint": case "u64": return BigInt.asUintN(64, rnd() << 11n | rnd()) >> BigInt(below(64))
      case "int": case "i64": return BigInt.asIntN(64, rnd() << 11n | rnd()) >> BigInt(below(64))
      case "u8": return below(256)
      case "u16": return below(65536)
      case "u32": return below(2 ** 32)
      case "i8": return below(256) - 128
      case "i16": return below(65536) - 32768
      case "i32": return below(2 ** 32) - 2 ** 31
      case "f32": f32.setFloat32(0, (below(2 ** 20) - 2 ** 19) / 64, true); return f32.getFloat32(0, true)
      case "f64": return (below(2 ** 40) - 2 ** 39) / 1024 * (below(2) ? 1e-300 : 1e10)
      case "bool": return below(2) === 1
      case "str": return Array.from({ length: below(10) }, () => String.fromCodePoint([0x41 + below(26), 0xe9, 0x4e2d, 0x1f600][below(4)])).join("")
      case "data": return new Uint8Array(Array.from({ length: t.data ? t.data.val : below(9) }, () => below(256))).buffer
      case "void": return null
      case "enum": return t.data[below(t.data.length)].val
      case "optional": return small || below(2) ? null : gen(t.types[0], depth + 1)
      case "list": return Array.from({ length: t.data ? t.data.val : small ? 0 : below(4) }, () => gen(t.types[0], depth + 1))
      case "map": {
        const m = new Map()
        for (let k = small ? 0 : below(4); k > 0; k--) m.set(gen(t.types[0], depth + 1), gen(t.types[1], depth + 1))
        return m
      }
      case "union": {
        const i = below(t.types.length)
        return { tag: t.data[i].val, val: resolve(t.types[i]).tag === "void" ? null : gen(t.types[i], depth + 1) }
      }
      case "struct": {
        const o = {}
        t.data.forEach((f, i) => { o[f.name] = gen(t.types[i], depth + 1) })
        return o
      }
    }
    throw new Error(`type ${t.tag}`)
  }
  console.log(`schema ${schemaPath}`)
  for (let k = 0; k < Number(rest[0]); k++) {
    const v = gen(type, 0)
    console.log(`ok ${typeName} ${hex(encode(v))} ${JSON.stringify(toJson(type, v))}`)
  }
} else if (mode === "decode") {
  for (const h of lines) {
    try {
      console.log(JSON.stringify(toJson(type, decode(unhex(h.trim())))))
    } catch (e) {
      console.log(`error ${e instanceof bare.BareError ? e.message : "exception " + e.message}`)
    }
  }
} else {
  throw new Error(`mode ${mode}`)
}
