// Removes every "resolved" field from package-lock.json, so that no registry address is committed; npm ci then
// resolves each package by name and version from the configured registry and checks its "integrity".
// .npmrc (omit-lockfile-registry-resolved) keeps npm from writing them; this is for a lock made without it.
//   node scripts/strip-lock.mjs           strip in place
//   node scripts/strip-lock.mjs --check   exit 1 when a "resolved" field is there
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let found = 0;
for (const entry of Object.values(lock.packages ?? {})) {
  if ('resolved' in entry) {
    found++;
    delete entry.resolved;
  }
}
if (process.argv.includes('--check')) {
  if (found > 0) {
    console.error(`package-lock.json has ${found} "resolved" field(s): run node scripts/strip-lock.mjs`);
    process.exit(1);
  }
  console.log('package-lock.json: no "resolved" fields');
} else {
  writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
  console.log(`package-lock.json: ${found} "resolved" field(s) removed`);
}
