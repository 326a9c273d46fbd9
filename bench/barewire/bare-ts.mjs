// bare-ts (Node) on the benchmark messages (bench/barewire/run.sh): prints
// "bare-ts <message> <encode|decode> <bytes> <ns/message> <MB/s>" lines.
//   node bare-ts.mjs PEER_DIR SECONDS
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, dirname } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const [peer, secondsArg] = process.argv.slice(2)
const seconds = Number(secondsArg ?? 0.5)
const tools = await import(pathToFileURL(join(peer, "node_modules/@bare-ts/tools/dist/index.js")).href)
const libUrl = pathToFileURL(join(peer, "node_modules/@bare-ts/lib/dist/index.js")).href
const bare = await import(libUrl)
const here = dirname(fileURLToPath(import.meta.url))
const schema = readFileSync(join(here, "messages.bare"), "utf8")
const js = tools.transform(schema, { generator: "js", lib: true, useGenericArray: true })
  .replaceAll('"@bare-ts/lib"', JSON.stringify(libUrl))
const dir = mkdtempSync(join(tmpdir(), "bare-ts-bench-"))
writeFileSync(join(dir, "codec.mjs"), js)
const codec = await import(pathToFileURL(join(dir, "codec.mjs")).href)
const config = bare.Config({ initialBufferLength: 2 << 20, maxBufferLength: 64 << 20 })

let sink = 0
function timeit(f) {
  for (let k = 0; k < 10; k++) f()
  let n = 0, batch = 1
  const t0 = process.hrtime.bigint()
  let el = 0
  while (el < seconds) {
    for (let k = 0; k < batch; k++) f()
    n += batch
    el = Number(process.hrtime.bigint() - t0) / 1e9
    if (el < seconds / 20) batch *= 2
  }
  return (el * 1e9) / n
}
const report = (msg, op, bytes, ns) =>
  console.log(`bare-ts ${msg} ${op} ${bytes} ${ns.toFixed(1)} ${((bytes / ns) * 1e9 / 1048576).toFixed(1)}`)

const buf = new Uint8Array(2 << 20)
function encode(write, v) {
  const bc = new bare.ByteCursor(buf, config)
  write(bc, v)
  return bc.offset
}
function decode(read, bytes) {
  return read(new bare.ByteCursor(bytes, config))
}

const blob = new Uint8Array(1 << 20)
for (let k = 0; k < blob.length; k++) blob[k] = (k * 7 + 3) & 255
const scores = Array.from({ length: 32 }, (_, k) => k * 37 - 500)
const values = {
  Small: { id: 42, x: 1.5, y: -2.25, flag: true },
  Rich: { id: 0x1234567890n, name: "Ada Lovelace", email: "ada@analytical.engine",
          tags: ["math", "poetry", "engines", "notes", "bernoulli"], scores },
  Blob: { payload: blob.buffer },
}
const readers = {
  Small: (v) => v.id + v.x + v.y + (v.flag ? 1 : 0),
  Rich: (v) => Number(v.id & 255n) + v.name.length + v.email.length +
    v.tags.reduce((a, t) => a + t.length, 0) + v.scores.reduce((a, x) => a + x, 0),
  Blob: (v) => new Uint8Array(v.payload)[1 << 19],
}
for (const [name, label] of [["Small", "small"], ["Rich", "rich"], ["Blob", "blob"]]) {
  const write = codec[`write${name}`], read = codec[`read${name}`]
  let n = 0
  let ns = timeit(() => { n = encode(write, values[name]) })
  report(label, "encode", n, ns)
  const bytes = buf.slice(0, n)
  ns = timeit(() => { sink += readers[name](decode(read, bytes)) })
  report(label, "decode", n, ns)
}
if (sink === 0.5) console.log(sink)
