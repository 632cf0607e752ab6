import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NAV, ROUTES, activeNav, href, match, safeNext, topLevelSegments } from '../src/app/routes';

describe('match', () => {
  it.each([
    ['/', 'agents', {}],
    ['/agents', 'agents', {}],
    ['/agents/support-bot', 'agent', { slug: 'support-bot' }],
    ['/agents/support-bot/', 'agent', { slug: 'support-bot' }],
    ['/agents/support-bot/rollouts/42', 'rollout', { slug: 'support-bot', rolloutId: '42' }],
    ['/agents/support-bot/rules', 'rules', { slug: 'support-bot' }],
    ['/agents/support-bot/alerts', 'alerts', { slug: 'support-bot' }],
    ['/alerts', 'alerts', {}],
    ['/audit', 'audit', {}],
    ['/change-requests', 'changeRequests', {}],
    ['/change-requests/7', 'changeRequests', { id: '7' }],
    ['/freezes', 'freezes', {}],
    ['/login', 'login', {}],
    ['/agents/support-bot/nothing-here', 'notFound', {}],
    ['/agents/%E0%A4%A', 'notFound', {}],
  ])('%s is the %s page', (path, page, params) => {
    const location = match(path);
    expect(location.page).toBe(page);
    expect(location.params).toEqual(params);
  });

  it('keeps the query, e.g. the environment of Slack\'s "Open dashboard" link', () => {
    const location = match('/agents/support-bot', '?environment=production');
    expect(location.page).toBe('agent');
    expect(location.query.get('environment')).toBe('production');
  });

  it('marks only the login page as public', () => {
    expect(match('/login').public).toBe(true);
    expect(match('/agents').public).toBe(false);
  });
});

describe('href', () => {
  it('fills in and encodes parameters, adds the query', () => {
    expect(href('/agents/:slug/rollouts/:rolloutId', { slug: 'a b', rolloutId: 7 })).toBe('/agents/a%20b/rollouts/7');
    expect(href('/login', {}, { next: '/agents/x?environment=prod', unused: undefined }))
      .toBe('/login?next=%2Fagents%2Fx%3Fenvironment%3Dprod');
  });

  it('refuses a missing parameter', () => {
    expect(() => href('/agents/:slug')).toThrow(/slug/);
  });
});

describe('the server serves every page without a token', () => {
  const properties = readFileSync(new URL('../../src/main/resources/application.properties', import.meta.url), 'utf8');
  const line = properties.split('\n').find((l) => l.startsWith('quarkus.http.auth.permission.dashboard.paths='));
  const paths = (line ?? '').split('=')[1]?.split(',').map((p) => p.trim()) ?? [];

  it.each(topLevelSegments())('/%s and below are permitted', (segment) => {
    expect(paths).toContain(`/${segment}`);
    const deeper = ROUTES.some((r) => r.pattern.split('/').filter(Boolean).length > 1
      && r.pattern.split('/').filter(Boolean)[0] === segment);
    if (deeper) expect(paths).toContain(`/${segment}/*`);
  });

  it('the root, the index and the built assets are permitted', () => {
    expect(paths).toEqual(expect.arrayContaining(['/', '/index.html', '/assets/*']));
  });

  it('the API is not', () => {
    expect(paths.filter((p) => p.startsWith('/graphql') || p.startsWith('/api') || p === '/*')).toEqual([]);
  });
});

describe('activeNav', () => {
  it.each([
    ['/', '/agents'],
    ['/agents', '/agents'],
    ['/agents/support-bot', '/agents'],
    ['/agents/support-bot/rollouts/42', '/agents'],
    ['/agents/support-bot/rules', '/agents'],
    ['/agents/support-bot/alerts', '/alerts'],
    ['/alerts', '/alerts'],
    ['/audit', '/audit'],
    ['/login', null],
    ['/nothing', null],
  ])('%s highlights %s', (path, entry) => {
    expect(activeNav(match(path))).toBe(entry);
  });

  it('only ever highlights an entry of the navigation', () => {
    const entries = new Set(NAV.map((entry) => entry.href));
    for (const route of ROUTES) {
      const section = activeNav({ page: route.name });
      if (section !== null) expect(entries.has(section)).toBe(true);
    }
  });
});

describe('safeNext: where the login page goes', () => {
  it.each([
    ['/agents/support-bot?environment=staging', '/agents/support-bot?environment=staging'],
    ['/audit', '/audit'],
    ['/', '/'],
  ])('keeps the path of this site %s', (next, expected) => expect(safeNext(next)).toBe(expected));

  it.each([
    [null], [''], ['//evil.example'], ['/\\evil.example'], ['\\evil.example'], ['https://evil.example/'],
    ['agents'], ['/\t/evil.example'], ['/\n/evil.example'], ['javascript:alert(1)'],
  ])('sends %j to the agents list', (next) => expect(safeNext(next)).toBe('/agents'));
});
