#!/usr/bin/env node
'use strict'
// Measures how often a non-live multifeed 5 session between a store with data and an EMPTY
// store ends before the data moved (both sides still report success).
//
//   node measure-early-end.js [--runs 30] [--empty listener|connector|none] [--transport tcp|pipe] [--entries 5]
//
// tcp: two kappa-js.js processes over 127.0.0.1 (what the interop tests do).
// pipe: both kappa-cores in this process, replication streams piped to each other.
// Prints one JSON line per run and a summary line {"runs","incomplete","failed",...}.
const { parseArgs } = require('util')
const { spawn } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const kappa = require('kappa-core')

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    empty: { type: 'string', default: 'listener' },
    transport: { type: 'string', default: 'tcp' },
    entries: { type: 'string', default: '5' }
  }
})
const CLI = path.join(__dirname, 'kappa-js.js')

async function main () {
  const runs = parseInt(args.runs, 10)
  const entries = parseInt(args.entries, 10)
  let incomplete = 0
  let failed = 0
  const started = Date.now()
  for (let i = 0; i < runs; i++) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kappa-early-end-'))
    const listener = path.join(root, 'listener')
    const connector = path.join(root, 'connector')
    const t0 = Date.now()
    try {
      if (args.empty !== 'listener') await cli(['append', '--store', listener, ...values(entries, 0)])
      if (args.empty !== 'connector') await cli(['append', '--store', connector, ...values(entries, 100)])
      const expected = args.empty === 'none' ? 2 * entries : entries
      const ok = args.transport === 'pipe' ? await pipeSession(listener, connector) : await tcpSession(listener, connector)
      if (!ok) failed++
      const counts = [await countEntries(listener), await countEntries(connector)]
      const complete = counts[0] === expected && counts[1] === expected
      if (!complete) incomplete++
      console.log(JSON.stringify({ run: i + 1, ok, entries: counts, expected, complete, ms: Date.now() - t0 }))
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  }
  console.log(JSON.stringify({ runs, empty: args.empty, transport: args.transport, incomplete, failed, ms: Date.now() - started }))
}

function values (n, from) {
  return Array.from({ length: n }, (_, i) => String(from + i))
}

function cli (argv, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines = []
    let buffered = ''
    child.stdout.on('data', d => {
      buffered += d
      let nl
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, nl))
        buffered = buffered.slice(nl + 1)
        lines.push(line)
        if (onLine) onLine(line)
      }
    })
    child.on('error', reject)
    child.on('close', code => resolve({ code, lines }))
  })
}

async function tcpSession (listenerDir, connectorDir) {
  let connectorDone
  const listening = new Promise(resolve => {
    const done = cli(['replicate', '--store', listenerDir, '--listen', '0'], line => {
      if (line.event === 'listening') resolve({ port: line.port, done })
    })
  })
  const { port, done } = await listening
  connectorDone = cli(['replicate', '--store', connectorDir, '--connect', '127.0.0.1:' + port])
  const [a, b] = await Promise.all([done, connectorDone])
  return a.code === 0 && b.code === 0
}

async function pipeSession (listenerDir, connectorDir) {
  const a = kappa(listenerDir, { valueEncoding: 'json' })
  const b = kappa(connectorDir, { valueEncoding: 'json' })
  await Promise.all([new Promise(resolve => a.ready(resolve)), new Promise(resolve => b.ready(resolve))])
  const sa = a.replicate(false, { live: false })
  const sb = b.replicate(true, { live: false })
  const ok = await new Promise(resolve => {
    let pending = 2
    let good = true
    for (const s of [sa, sb]) {
      s.on('error', () => { good = false })
      s.on('close', () => { if (!--pending) resolve(good) })
    }
    sa.pipe(sb).pipe(sa)
  })
  await Promise.all([a, b].map(core => new Promise(resolve => core._logs.close(resolve))))
  return ok
}

async function countEntries (dir) {
  if (!fs.existsSync(dir)) return 0
  const { lines } = await cli(['dump', '--store', dir])
  return lines.filter(l => l.type === 'entry').length
}

main().catch(err => { console.error(err); process.exit(1) })
