/**
 * The presence path in process, CPU per message: a board of `peers` people whose every cursor
 * move comes back from each other client (a y-websocket 3.1 client re-sends every awareness
 * update it applies). Per move: one new state (parsed, stamped, stored), one coalesced
 * encoding, and `peers − 1` echoes at a clock the server has. Prints the CPU per move and per
 * echo. No network: the sockets' cost is not in it.
 *
 *   npx tsx test/bench/micro-presence.ts [peers=60] [moves=20000]
 */
import * as encoding from 'lib0/encoding'
import { resolveLimits } from '../../server/src/config'
import { ClientIds } from '../../server/src/rooms/clientIds'
import { Presence } from '../../server/src/rooms/presence'

const peers = Number(process.argv[2] ?? 60)
const moves = Number(process.argv[3] ?? 20_000)
const limits = resolveLimits({})
const presence = new Presence(limits)
const owners = Array.from({ length: peers }, (_, i) => ({
  ids: new ClientIds({ id: `p${i}`, name: `P${i}`, city: 'Braga', signed: true }),
  who: {
    person: { id: `p${i}`, name: `P${i}`, city: 'Braga', signed: true },
    role: 'participant' as const,
  },
}))
const clocks = new Array<number>(peers).fill(0)
const te = new TextEncoder()

function update(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const x of entries) {
    encoding.writeVarUint(e, x.id)
    encoding.writeVarUint(e, x.clock)
    encoding.writeVarUint8Array(e, te.encode(JSON.stringify(x.state)))
  }
  return encoding.toUint8Array(e)
}
const state = (i: number, x: number) => ({
  user: { id: `p${i}`, name: `P${i}`, color: '#e11d48' },
  cursor: { x, y: i },
})
const budget = () => true

// Join: everyone announces a state.
for (let i = 0; i < peers; i++) {
  clocks[i] = 1
  presence.apply(
    update([{ id: 1000 + i, clock: 1, state: state(i, 0) }]),
    owners[i]!.ids,
    0,
    budget,
    owners[i]!.who,
  )
}
presence.takeDirty()

// A move, then its echoes: the move's stamped state as the server sent it, from every other
// client. CPU is read around whole passes (process.cpuUsage is a system call); a second pass
// applies the same echoes again alone, and a move's cost is the first pass's less that.
function run(n: number): { moveUs: number; echoUs: number } {
  const sent: Uint8Array[] = []
  const moved = Array.from({ length: n }, (_, m) => {
    const i = m % peers
    return update([{ id: 1000 + i, clock: ++clocks[i]!, state: state(i, m) }])
  })
  let t = process.cpuUsage()
  for (let m = 0; m < n; m++) {
    const i = m % peers
    presence.apply(moved[m]!, owners[i]!.ids, m, budget, owners[i]!.who)
    const out = presence.takeDirty()!.update
    sent.push(out)
    for (let j = 0; j < peers; j++) {
      if (j !== i) presence.apply(out, owners[j]!.ids, m, budget, owners[j]!.who)
    }
  }
  let d = process.cpuUsage(t)
  const all = d.user + d.system
  t = process.cpuUsage()
  for (let m = 0; m < n; m++) {
    const i = m % peers
    for (let j = 0; j < peers; j++) {
      if (j !== i) presence.apply(sent[m]!, owners[j]!.ids, m, budget, owners[j]!.who)
    }
  }
  d = process.cpuUsage(t)
  const echoes = d.user + d.system
  return { moveUs: (all - echoes) / n, echoUs: echoes / (n * (peers - 1)) }
}

run(Math.min(2000, moves)) // warm-up
const r = run(moves)
console.log(
  `peers ${peers}, moves ${moves}: ${r.moveUs.toFixed(2)} µs CPU per move (parse, stamp, store, encode for the board), ` +
    `${r.echoUs.toFixed(3)} µs per echo`,
)
