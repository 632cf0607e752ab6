// Keeps registry addresses out of the committed package-lock.json: deletes each package's "resolved" field
// (npm ci finds every package by name and version in the configured registry and checks it against "integrity").
// .npmrc (omit-lockfile-registry-resolved) already keeps npm from writing them; this repairs a lock made elsewhere.
//   node scripts/strip-lock.mjs            remove them in place
//   node scripts/strip-lock.mjs --check    fail when one is there
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const withAddress = Object.entries(lock.packages ?? {}).filter(([, entry]) => 'resolved' in entry);
if (process.argv.includes('--check')) {
  if (withAddress.length) {
    console.error(`package-lock.json: "resolved" in ${withAddress.map(([name]) => name).join(', ')}; run node scripts/strip-lock.mjs`);
    process.exit(1);
  }
  console.log('package-lock.json: no "resolved" fields');
} else {
  for (const [, entry] of withAddress) delete entry.resolved;
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: removed ${withAddress.length} "resolved" field(s)`);
}
