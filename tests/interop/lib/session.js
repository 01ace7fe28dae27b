'use strict'
// One replication session: core.replicate(isInitiator, opts) piped both ways over a TCP socket.
const { emit } = require('./output')

let nextSession = 1

// `done` resolves when the session ends cleanly: the protocol stream ended its output and its input
// (both `end` and `finish`) and the socket closed without error. Rejects on the first error
// from either side, or when the stream or socket closes before that - so a session cut short
// never counts as done. The socket must allow half-open connections: multifeed ends each
// direction separately (replication-protocol.md §10, "End of stream").
function replicateOver (core, socket, initiator, opts) {
  const id = nextSession++
  emit({
    event: 'connected',
    session: id,
    initiator,
    local: socket.localAddress + ':' + socket.localPort,
    remote: socket.remoteAddress + ':' + socket.remotePort
  })
  const replicateOpts = { live: !!opts.live }
  if (opts.timeout !== undefined) replicateOpts.timeout = opts.timeout
  const startedAt = Date.now()
  const stream = core.replicate(initiator, replicateOpts)

  const done = new Promise((resolve, reject) => {
    let ended = false
    let finished = false
    let streamClosed = false
    let socketClosed = false
    let settled = false

    function fail (err) {
      if (settled) return
      settled = true
      stream.destroy()
      socket.destroy()
      reject(err)
    }
    function check () {
      if (settled || !streamClosed || !socketClosed) return
      settled = true
      resolve()
    }

    stream.on('error', fail)
    socket.on('error', fail)
    stream.on('end', () => { ended = true })
    stream.on('finish', () => { finished = true })
    stream.on('close', () => {
      if (!(ended && finished)) return fail(new Error('replication stream closed before it ended'))
      streamClosed = true
      check()
    })
    socket.on('close', hadError => {
      if (hadError) return fail(new Error('connection closed with an error'))
      socketClosed = true
      check()
    })
    socket.pipe(stream).pipe(socket)
  })
  return { id, stream, socket, done, startedAt }
}

module.exports = { replicateOver }
