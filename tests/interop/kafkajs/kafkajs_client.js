#!/usr/bin/env node
// kafkajs 2.2.4 interop scenarios against a running gregor broker.
//
// Usage: node kafkajs_client.js BOOTSTRAP SCENARIO
//
// Scenarios:
//   admin-produce   admin createTopics (3 partitions) / fetchTopicMetadata / listTopics; producer
//                   send without compression and with gzip (the only codec kafkajs has built in),
//                   keys, headers, explicit timestamps, explicit partitions; checks every returned
//                   base offset; fetchTopicOffsets and fetchTopicOffsetsByTimestamp; deleteTopics.
//   consume-group   produces like admin-produce; a group member reads everything back with
//                   consumer.run() (all fields checked) without auto commit and commits half of each
//                   partition with commitOffsets(); fetchOffsets shows that; a second member resumes
//                   exactly there with auto commit, which then reaches the end offsets;
//                   describeGroups/listGroups, setOffsets, resetOffsets and deleteGroups.
//
// Exits 0 on success; on any mismatch prints "FAIL: ..." to stderr and exits 1.
'use strict'

const crypto = require('crypto')

let kafkajs
try {
  kafkajs = require('kafkajs')
} catch (e) {
  console.error(`FAIL: kafkajs is not installed (run 'bash tests/interop/setup.sh'): ${e.message}`)
  process.exit(2)
}
const { Kafka, logLevel, CompressionTypes } = kafkajs

const PARTITIONS = 3
const RECORDS_PER_CODEC = 200
const TS_BASE = 1600000000000
const CODECS = [
  ['none', CompressionTypes.None],
  ['gzip', CompressionTypes.GZIP],
]

class Mismatch extends Error {}

function check(cond, msg) {
  if (!cond) throw new Mismatch(msg)
}

function log(msg) {
  console.log(`[kafkajs] ${msg}`)
}

function client(bootstrap) {
  return new Kafka({
    clientId: 'gregor-interop-kafkajs',
    brokers: [bootstrap],
    logLevel: logLevel.ERROR,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  })
}

// Record i of a codec. Timestamps grow with codec and i, so within a partition they grow with offset.
function record(codecIndex, codecName, i) {
  return {
    key: `${codecName}-key-${i}`,
    value: `${codecName}-value-${i}-`.repeat(1 + (i % 7)),
    headers: { codec: codecName, index: String(i) },
    timestamp: TS_BASE + codecIndex * 100000 + i * 10,
    partition: i % PARTITIONS,
  }
}

async function createTopic(admin, topic) {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    waitForLeaders: true,
    timeout: 10000,
  })
  check(created === true, `createTopics(${topic}) returned ${created}, want true (topic must be new)`)
}

async function checkMetadata(admin, topic) {
  const md = await admin.fetchTopicMetadata({ topics: [topic] })
  check(md.topics.length === 1 && md.topics[0].name === topic, `fetchTopicMetadata: ${JSON.stringify(md)}`)
  const parts = md.topics[0].partitions.slice().sort((a, b) => a.partitionId - b.partitionId)
  check(parts.length === PARTITIONS, `fetchTopicMetadata: ${parts.length} partitions, want ${PARTITIONS}`)
  parts.forEach((p, i) => {
    check(
      p.partitionId === i && p.partitionErrorCode === 0 && p.leader === 0 &&
        JSON.stringify(p.replicas) === '[0]' && JSON.stringify(p.isr) === '[0]',
      `fetchTopicMetadata partition ${JSON.stringify(p)}: want id ${i}, no error, leader 0, replicas/isr [0]`
    )
  })
  const topics = await admin.listTopics()
  check(topics.includes(topic), `listTopics() lacks ${topic}: ${JSON.stringify(topics)}`)
}

// Sends every codec's records; returns them with the offsets implied by each partition's base offset.
async function produceAll(kafka, topic) {
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  const sent = []
  const next = new Map() // partition -> next expected offset
  for (const [ci, [name, codec]] of CODECS.entries()) {
    const records = []
    for (let i = 0; i < RECORDS_PER_CODEC; i++) records.push(record(ci, name, i))
    const result = await producer.send({
      topic,
      acks: -1,
      compression: codec,
      messages: records.map(r => ({ ...r, timestamp: String(r.timestamp) })),
    })
    check(result.length === PARTITIONS, `send(${name}) answered for ${result.length} partitions, want ${PARTITIONS}`)
    for (const r of result) {
      check(r.topicName === topic && r.errorCode === 0, `send(${name}) result ${JSON.stringify(r)}`)
      const want = next.get(r.partition) || 0
      check(String(r.baseOffset) === String(want),
        `send(${name}) partition ${r.partition}: baseOffset ${r.baseOffset}, want ${want}`)
      let offset = want
      for (const rec of records.filter(x => x.partition === r.partition)) {
        sent.push({ ...rec, offset: offset++ })
      }
      next.set(r.partition, offset)
    }
    log(`produced ${records.length} records with codec=${name}`)
  }
  await producer.disconnect()
  return { sent, ends: next }
}

async function checkOffsets(admin, topic, sent, ends) {
  const offsets = await admin.fetchTopicOffsets(topic)
  check(offsets.length === PARTITIONS, `fetchTopicOffsets: ${JSON.stringify(offsets)}`)
  for (const o of offsets) {
    const end = ends.get(o.partition) || 0
    check(o.low === '0' && o.high === String(end) && o.offset === String(end),
      `fetchTopicOffsets partition ${o.partition}: ${JSON.stringify(o)}, want low 0, high/offset ${end}`)
  }
  // In each partition, the earliest offset whose timestamp >= the target. Targets are taken at the
  // start of the gzip send and in the middle of both sends' batches (each send makes one batch per
  // partition), so answering with a batch's base offset instead of the record's is caught.
  for (const target of [record(1, 'gzip', 0).timestamp, record(1, 'gzip', 100).timestamp,
    record(0, 'none', 1).timestamp, record(0, 'none', 137).timestamp]) {
    const byTs = await admin.fetchTopicOffsetsByTimestamp(topic, target)
    check(byTs.length === PARTITIONS, `fetchTopicOffsetsByTimestamp: ${JSON.stringify(byTs)}`)
    for (const o of byTs) {
      const want = Math.min(...sent.filter(r => r.partition === o.partition && r.timestamp >= target).map(r => r.offset))
      check(o.offset === String(want),
        `fetchTopicOffsetsByTimestamp(${target}) partition ${o.partition}: ${o.offset}, want ${want}`)
    }
  }
  // After every record kafkajs substitutes the high watermark for the broker's -1.
  const late = await admin.fetchTopicOffsetsByTimestamp(topic, TS_BASE + 1e9)
  for (const o of late) {
    const end = ends.get(o.partition) || 0
    check(o.offset === String(end), `fetchTopicOffsetsByTimestamp(after last) partition ${o.partition}: ` +
      `${o.offset}, want the high watermark ${end}`)
  }
}

async function deleteTopic(admin, topic) {
  await admin.deleteTopics({ topics: [topic], timeout: 10000 })
  const deadline = Date.now() + 10000
  for (;;) {
    const topics = await admin.listTopics()
    if (!topics.includes(topic)) break
    check(Date.now() < deadline, `${topic} still listed 10s after deleteTopics`)
    await new Promise(r => setTimeout(r, 200))
  }
}

// Runs a group consumer until it has `count` messages (or 30s pass), then `settleMs` more to catch
// duplicates; returns them as { partition, message } in arrival order.
async function consumeWith(kafka, groupId, topic, count, options, settleMs = 1000) {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 200,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000, restartOnFailure: async () => false },
  })
  let crash = null
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const got = []
  let resolveDone
  const done = new Promise(r => { resolveDone = r })
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crash = payload.error
    resolveDone()
  })
  await consumer.run({
    autoCommit: options.autoCommit,
    eachMessage: async ({ partition, message }) => {
      got.push({ partition, message })
      if (got.length >= count) resolveDone()
    },
  })
  const timer = setTimeout(resolveDone, 30000)
  await done
  clearTimeout(timer)
  await new Promise(r => setTimeout(r, settleMs))
  check(crash === null, `the consumer crashed: ${crash && crash.name}: ${crash && crash.message}`)
  if (options.beforeDisconnect) await options.beforeDisconnect(consumer)
  await consumer.disconnect()
  return got
}

// Checks that `got` holds exactly the `want` records (each once), all fields equal.
function compareRecords(got, want, what) {
  const byKey = new Map(want.map(r => [`${r.partition}@${r.offset}`, r]))
  const seen = new Set()
  for (const { partition, message } of got) {
    const k = `${partition}@${message.offset}`
    check(!seen.has(k), `${what}: ${k} delivered twice`)
    seen.add(k)
    const w = byKey.get(k)
    check(w !== undefined, `${what}: unexpected record ${k}`)
    check(message.key.toString() === w.key && message.value.toString() === w.value,
      `${what}: ${k} key/value ${message.key}/${message.value}, want ${w.key}/${w.value}`)
    check(message.timestamp === String(w.timestamp), `${what}: ${k} timestamp ${message.timestamp}, want ${w.timestamp}`)
    const headers = Object.fromEntries(Object.entries(message.headers).map(([h, v]) => [h, v.toString()]))
    check(JSON.stringify(headers) === JSON.stringify(w.headers),
      `${what}: ${k} headers ${JSON.stringify(headers)}, want ${JSON.stringify(w.headers)}`)
  }
  check(seen.size === want.length, `${what}: consumed ${seen.size} of ${want.length} records within 30s`)
}

async function committedOffsets(admin, groupId, topic) {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] })
  check(entry && entry.topic === topic, `fetchOffsets answered ${JSON.stringify(entry)}`)
  return Object.fromEntries(entry.partitions.map(p => [p.partition, p.offset]))
}

// A group consumes everything without auto commit and commits half of each partition by hand; a
// second member of the group resumes exactly there (with auto commit); the admin client then sees
// the end offsets, the group's description and listing, moves its offsets and deletes it.
async function consumeGroup(kafka, admin, topic, sent, ends) {
  const groupId = `gregor-interop-${crypto.randomBytes(4).toString('hex')}`
  const half = Object.fromEntries([...ends].map(([p, end]) => [p, Math.floor(end / 2)]))
  const first = await consumeWith(kafka, groupId, topic, sent.length, {
    autoCommit: false,
    beforeDisconnect: consumer => consumer.commitOffsets(
      Object.entries(half).map(([p, offset]) => ({ topic, partition: Number(p), offset: String(offset) }))),
  })
  compareRecords(first, sent, 'first member')
  log(`consumed ${first.length} records through group ${groupId}; committed ${JSON.stringify(half)} by hand`)
  const afterFirst = await committedOffsets(admin, groupId, topic)
  check(JSON.stringify(afterFirst) === JSON.stringify(Object.fromEntries(
    Object.entries(half).map(([p, o]) => [p, String(o)]))), `fetchOffsets ${JSON.stringify(afterFirst)}, want ${JSON.stringify(half)}`)

  const rest = sent.filter(r => r.offset >= half[r.partition])
  const second = await consumeWith(kafka, groupId, topic, rest.length, { autoCommit: true })
  compareRecords(second, rest, 'second member (resume)')
  const afterSecond = await committedOffsets(admin, groupId, topic)
  for (const [p, end] of ends) {
    check(afterSecond[p] === String(end), `after the second member: partition ${p} committed ${afterSecond[p]}, want ${end}`)
  }
  log(`a new member resumed at the committed offsets: exactly ${rest.length} records; auto commit reached the end`)

  const { groups: described } = await admin.describeGroups([groupId])
  check(described.length === 1 && described[0].groupId === groupId && described[0].state === 'Empty' &&
    described[0].protocolType === 'consumer' && described[0].members.length === 0,
    `describeGroups after disconnect: ${JSON.stringify(described)}`)
  const { groups: listed } = await admin.listGroups()
  check(listed.some(g => g.groupId === groupId && g.protocolType === 'consumer'),
    `listGroups lacks ${groupId}: ${JSON.stringify(listed)}`)

  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '5' }] })
  const afterSet = await committedOffsets(admin, groupId, topic)
  check(afterSet[0] === '5' && afterSet[1] === String(ends.get(1)),
    `after setOffsets(partition 0 -> 5): ${JSON.stringify(afterSet)}`)
  await admin.resetOffsets({ groupId, topic, earliest: true })
  const afterReset = await committedOffsets(admin, groupId, topic)
  check(Object.values(afterReset).every(o => o === '-2'),
    `after resetOffsets(earliest): ${JSON.stringify(afterReset)}, want -2 (earliest) everywhere`)
  const deleted = await admin.deleteGroups([groupId])
  check(deleted.length === 1 && deleted[0].groupId === groupId && deleted[0].errorCode === 0,
    `deleteGroups: ${JSON.stringify(deleted)}`)
  const { groups: gone } = await admin.describeGroups([groupId])
  check(gone.length === 1 && gone[0].state === 'Dead', `describeGroups after deleteGroups: ${JSON.stringify(gone)}`)
  log('describeGroups/listGroups ok; setOffsets, resetOffsets and deleteGroups ok')
}

async function run(bootstrap, scenario) {
  const kafka = client(bootstrap)
  const admin = kafka.admin()
  await admin.connect()
  try {
    const topic = `kjs-${scenario}-${crypto.randomBytes(4).toString('hex')}`
    await createTopic(admin, topic)
    await checkMetadata(admin, topic)
    log(`created ${topic} with ${PARTITIONS} partitions; metadata ok`)
    const { sent, ends } = await produceAll(kafka, topic)
    await checkOffsets(admin, topic, sent, ends)
    log('fetchTopicOffsets and fetchTopicOffsetsByTimestamp ok')
    if (scenario === 'consume-group') await consumeGroup(kafka, admin, topic, sent, ends)
    await deleteTopic(admin, topic)
    log(`deleted ${topic}`)
  } finally {
    await admin.disconnect()
  }
}

async function main() {
  const [bootstrap, scenario] = process.argv.slice(2)
  if (!bootstrap || !['admin-produce', 'consume-group'].includes(scenario)) {
    console.error('usage: kafkajs_client.js BOOTSTRAP admin-produce|consume-group')
    return 2
  }
  try {
    await run(bootstrap, scenario)
  } catch (e) {
    if (e instanceof Mismatch) console.error(`FAIL: kafkajs ${scenario}: ${e.message}`)
    else console.error(`FAIL: kafkajs ${scenario} threw ${e.name}: ${e.message}\n${e.stack}`)
    return 1
  }
  log(`${scenario}: OK`)
  return 0
}

main().then(code => process.exit(code))
