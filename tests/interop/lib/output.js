'use strict'
// Machine-readable output for kappa-js.js: one JSON object per line on stdout, human
// messages on stderr. Exit only after stdout has drained so a reader never loses the last line.

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

function exit (code) {
  process.exitCode = code
  // The empty write's callback runs once everything queued before it has been handed to the OS.
  process.stdout.write('', () => process.exit(code))
}

// A usage or runtime failure: message on stderr, exit code 1 (replicate uses 2, see there).
function fail (err, code) {
  const message = err && err.message ? err.message : String(err)
  process.stderr.write('kappa-js: ' + message + '\n')
  if (process.env.KAPPA_JS_DEBUG && err && err.stack) process.stderr.write(err.stack + '\n')
  exit(code || 1)
}

class UsageError extends Error {}

module.exports = { emit, exit, fail, UsageError }
