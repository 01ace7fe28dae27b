#!/usr/bin/env node
'use strict'
// kappa-js: a command-line peer over the real JavaScript kappa-core 6 (multifeed 5.2.4,
// hypercore 8.14, hypercore-protocol 7.10), driven by Kappa.NET's interop tests.
// Output: one JSON object per line on stdout; messages on stderr; exit 0 on success,
// 1 on a usage or store error, 2 when replication fails. See README.md beside this file.
const { parseArgs } = require('util')
const { fail, exit, UsageError } = require('./lib/output')

const COMMANDS = {
  append: './lib/append',
  cabal: './lib/cabal-peer',
  dump: './lib/dump',
  feeds: './lib/feeds',
  mdns: './lib/swarm-mdns',
  replicate: './lib/replicate',
  sum: './lib/sum',
  swarm: './lib/swarm-peer'
}

const USAGE = `usage: kappa-js <command> [options]
  cabal     --store DIR [--key HEX] [--nick NAME]   (a cabal-core 13.2.0 peer; JSON commands on stdin, see lib/cabal-peer.js)
  append    --store DIR [--writer NAME] [--encoding json|utf-8|binary] [--batch N] (VALUE... | --stdin)
  dump      --store DIR [--encoding json|utf-8|binary] [--feeds-only] [--plain]
  feeds     --store DIR
  mdns      --encode [--topic HEX] [--port N] [--id HEX] [--querier IP] | --decode HEX
  replicate --store DIR (--listen PORT | --connect HOST:PORT) [--host H] [--live] [--key HEX]
            [--timeout MS] [--deadline MS] [--writer NAME] [--encoding E]
            [--append-every MS [--append-limit N]]
  sum       --store DIR [--view-db memory] [--as-readme] [--plain]
  swarm     --store DIR [--key HEX] [--port N] [--writer NAME] [--append N] [--bootstrap HOST:PORT,...]`

async function main (argv) {
  const name = argv[0]
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n')
    return exit(name ? 0 : 1)
  }
  if (!COMMANDS[name]) throw new UsageError('unknown command ' + name + '\n' + USAGE)
  const command = require(COMMANDS[name])
  let parsed
  try {
    parsed = parseArgs({ args: argv.slice(1), options: command.options, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(err.message)
  }
  await command.run(parsed.values, parsed.positionals)
}

process.on('uncaughtException', err => fail(err, 1))
process.on('unhandledRejection', err => fail(err, 1))
main(process.argv.slice(2)).then(
  () => { if (process.exitCode === undefined) process.exitCode = 0 },
  err => fail(err, 1))
