'use strict'
// The JS reference side of the Kappa.NET benchmarks: the same workloads as bench/Kappa.Bench,
// against kappa-core 6.0.0 / hypercore 8.14.0 / kappa-view 3.1.0 / memdb / level, printing one
// JSON line per run in the same shape. A run whose result check fails is reported, not timed.
// Usage: node bench.js WORKLOAD [--count N] [--size B] [--mode single|batch] [--feeds F] [--store memory|rocksdb] [--dir D]
const fs = require('fs')
const os = require('os')
const path = require('path')
const workloads = require('./workloads')

function arg (name, fallback) {
  const i = process.argv.indexOf('--' + name)
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}

const opts = {
  workload: process.argv[2],
  count: parseInt(arg('count', '100000'), 10),
  size: parseInt(arg('size', '32'), 10),
  mode: arg('mode', 'batch'),
  feeds: parseInt(arg('feeds', '1'), 10),
  store: arg('store', 'memory'),
  dir: arg('dir', fs.mkdtempSync(path.join(os.tmpdir(), 'kappa-bench-js-')))
}

const run = workloads[opts.workload === 'memory' ? 'index' : opts.workload]
if (!run) {
  console.error('unknown workload ' + opts.workload + ' (append, read, index, memory, replicate)')
  process.exit(2)
}

run(opts).then(r => {
  console.log(JSON.stringify({
    workload: opts.workload,
    params: r.params,
    side: 'js',
    count: r.count,
    seconds: +r.seconds.toFixed(6),
    rate: +(r.count / r.seconds).toFixed(1),
    mbps: +(r.bytes / r.seconds / 1e6).toFixed(2),
    peakRssMb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    check: r.check
  }))
  if (process.argv.indexOf('--dir') < 0) fs.rmSync(opts.dir, { recursive: true, force: true })
  process.exit(r.check === 'ok' ? 0 : 1)
}, err => {
  console.error(err && err.stack || err)
  process.exit(2)
})
