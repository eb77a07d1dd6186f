#!/usr/bin/env node
// Drives peer detectors over the same JSON-lines texts as Custodia's SIT engine, for
// `java -jar target/custodia.jar bench classify`. Usage:
//   node peers.js --peer openredaction|secretlint --input texts.jsonl [--raw]
// Writes one line per input {"id","types":[<Custodia SIT ids>]} (raw peer types with --raw), then a last
// line {"peer","texts","chars","seconds","cpuSeconds"}: wall and CPU time of detection only (not start-up or
// output). CPU time is what `bench classify` compares, as it does for Custodia: on a shared machine wall
// time counts the time a process waits for a core.
'use strict';
const fs = require('fs');
const readline = require('readline');

// Peer type → Custodia SIT id, for the types both detect. Unmapped peer types are ignored.
const OPENREDACTION_TYPES = {
  CREDIT_CARD: 'credit-card-number', SSN: 'us-ssn', EMAIL: 'email-address', IBAN: 'iban',
  PHONE_US: 'phone-number', PHONE_UK: 'phone-number', PHONE_INTERNATIONAL: 'phone-number', PHONE: 'phone-number',
  PHONE_UK_MOBILE: 'phone-number', IPV4: 'ipv4-address', IP_ADDRESS: 'ipv4-address', IPV6: 'ipv6-address',
  AWS_ACCESS_KEY: 'aws-access-key', AWS_SECRET_KEY: 'aws-secret-key', GITHUB_TOKEN: 'github-token',
  OPENAI_API_KEY: 'openai-api-key', SLACK_TOKEN: 'slack-token', SLACK_WEBHOOK: 'slack-token',
  PRIVATE_KEY: 'private-key', SSH_PRIVATE_KEY: 'private-key', GENERIC_SECRET: 'general-password', JWT_TOKEN: 'jwt', JWT: 'jwt', PASSPORT_US: 'us-passport-number',
  PASSPORT_UK: 'us-passport-number', PASSPORT: 'us-passport-number', ROUTING_NUMBER_US: 'aba-routing-number',
  ROUTING_NUMBER: 'aba-routing-number', BANK_ACCOUNT_US: 'us-bank-account-number',
  DRIVING_LICENSE_US: 'us-drivers-license', DRIVERS_LICENSE_US: 'us-drivers-license',
  NATIONAL_INSURANCE_UK: 'uk-nino', UK_NATIONAL_INSURANCE: 'uk-nino', NINO: 'uk-nino', PASSWORD: 'general-password',
  AZURE_STORAGE_KEY: 'azure-storage-key',
};
const SECRETLINT_TYPES = {
  '@secretlint/secretlint-rule-github': 'github-token', '@secretlint/secretlint-rule-slack': 'slack-token',
  '@secretlint/secretlint-rule-privatekey': 'private-key', '@secretlint/secretlint-rule-openai': 'openai-api-key',
  'AWSAccessKeyID': 'aws-access-key', 'AWSSecretAccessKey': 'aws-secret-key', 'AWSAccountID': null,
  '@secretlint/secretlint-rule-azure': 'azure-storage-key', '@secretlint/secretlint-rule-basicauth': 'general-password',
  '@secretlint/secretlint-rule-database-connection-string': 'general-password',
};

function args() {
  const a = { peer: 'openredaction', raw: false };
  for (let i = 2; i < process.argv.length; i++) {
    const k = process.argv[i];
    if (k === '--peer') a.peer = process.argv[++i];
    else if (k === '--input') a.input = process.argv[++i];
    else if (k === '--raw') a.raw = true;
  }
  return a;
}

async function detectorFor(peer) {
  if (peer === 'openredaction') {
    const { OpenRedaction } = require('openredaction');
    const r = new OpenRedaction({});
    return async (text) => (await r.detect(text)).detections.map((d) => d.type);
  }
  if (peer === 'secretlint') {
    const { lintSource } = require('@secretlint/core');
    const { creator } = require('@secretlint/secretlint-rule-preset-recommend');
    const options = { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] } };
    return async (text) => (await lintSource({ source: { filePath: '/input.txt', content: text, contentType: 'text' }, options }))
      .messages.map((m) => (m.ruleId === '@secretlint/secretlint-rule-aws' ? m.messageId : m.ruleId));
  }
  throw new Error('unknown peer ' + peer);
}

async function main() {
  const a = args();
  const detect = await detectorFor(a.peer);
  const map = a.peer === 'openredaction' ? OPENREDACTION_TYPES : SECRETLINT_TYPES;
  const records = [];
  const rl = readline.createInterface({ input: fs.createReadStream(a.input, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim()) records.push(JSON.parse(line));
  }
  const found = new Array(records.length);
  let chars = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < records.length; i++) {
    found[i] = await detect(records[i].text);
    chars += records[i].text.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const out = [];
  for (let i = 0; i < records.length; i++) {
    const types = a.raw ? [...new Set(found[i])] : [...new Set(found[i].map((t) => map[t]).filter((t) => t))];
    out.push(JSON.stringify({ id: records[i].id, types }));
  }
  out.push(JSON.stringify({ peer: a.peer, texts: records.length, chars, seconds, cpuSeconds }));
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
