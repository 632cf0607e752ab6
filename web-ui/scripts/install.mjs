// Installs the dashboard's packages with `npm ci`, unless node_modules already holds exactly package-lock.json.
// The Maven build runs this before every build of the dashboard, so an unchanged checkout builds offline
// (mvn -o) and a changed lock file is never built against stale packages.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const STAMP = 'node_modules/.tightrope-lock-sha256';
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');

if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === lockHash) {
  console.log('web-ui: node_modules matches package-lock.json, nothing to install');
} else {
  console.log('web-ui: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  writeFileSync(STAMP, `${lockHash}\n`);
}
