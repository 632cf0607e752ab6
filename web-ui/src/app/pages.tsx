import type { ComponentType } from 'preact';
import type { Location, PageName } from './routes';
import { AgentsPage } from '../pages/AgentsPage';
import { AgentPage } from '../pages/AgentPage';
import { RolloutPage } from '../pages/RolloutPage';
import { RulesPage } from '../pages/RulesPage';
import { AlertsPage } from '../pages/AlertsPage';
import { AuditPage } from '../pages/AuditPage';
import { lazyPage } from './lazyPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';

const ChangeRequestsPage = lazyPage(() => import('../pages/ChangeRequestsPage').then((m) => m.ChangeRequestsPage));
const FreezesPage = lazyPage(() => import('../pages/FreezesPage').then((m) => m.FreezesPage));

/** The component of every page in {@code routes.ts}. */
export const PAGES: Record<PageName, ComponentType<{ location: Location }>> = {
  agents: AgentsPage,
  agent: AgentPage,
  rollout: RolloutPage,
  rules: RulesPage,
  alerts: AlertsPage,
  audit: AuditPage,
  changeRequests: ChangeRequestsPage,
  freezes: FreezesPage,
  login: LoginPage,
  notFound: NotFoundPage,
};
