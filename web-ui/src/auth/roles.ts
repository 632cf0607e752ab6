/** The roles of API tokens and what the dashboard offers each; the server decides (AccessPolicy), this only hides. */
export type Role = 'VIEWER' | 'OPERATOR' | 'ADMIN' | 'RUNTIME';

/** What a person can do from the dashboard, by the lowest role the API allows it to. */
export type Action = 'read' | 'changeTraffic' | 'readAuditLog' | 'editRules' | 'acknowledgeAlerts';

const LOWEST: Record<Action, Role> = {
  read: 'VIEWER',
  changeTraffic: 'OPERATOR',
  readAuditLog: 'OPERATOR',
  editRules: 'OPERATOR',
  acknowledgeAlerts: 'OPERATOR',
};

const RANK: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3, RUNTIME: 0 };

/** Whether the role may do the action: people's roles include the lower ones; RUNTIME tokens may do nothing here. */
export function can(role: Role | null | undefined, action: Action): boolean {
  if (!role || role === 'RUNTIME') return false;
  return RANK[role] >= RANK[LOWEST[action]];
}
