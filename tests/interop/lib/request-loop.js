'use strict'
// Serves one JS driver process to a whole C# test class: each stdin line is a JSON request
// {n, op, ...}, answered in order by one stdout line {n, ...result} or {n, error} (JsScriptHost).
const readline = require('readline')

module.exports = function serveRequests (ops) {
  const rl = readline.createInterface({ input: process.stdin })
  let queue = Promise.resolve()
  rl.on('line', line => {
    if (!line.trim()) return
    queue = queue.then(async () => {
      const req = JSON.parse(line)
      try {
        const res = await ops[req.op](req)
        process.stdout.write(JSON.stringify(Object.assign({ n: req.n }, res)) + '\n')
      } catch (e) {
        process.stdout.write(JSON.stringify({ n: req.n, error: e && e.stack ? e.stack : String(e) }) + '\n')
      }
    })
  })
  rl.on('close', () => { queue.then(() => process.exit(0)) })
}
