/** The audit page's filter form and the {@code AuditLogFilter} it becomes: blank fields are left out. */
export interface AuditFilterForm {
  actor: string;
  operation: string;
  source: string;
  outcome: string;
  /** {@code datetime-local} values, read as UTC. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: AuditFilterForm = { actor: '', operation: '', source: '', outcome: '', from: '', to: '' };

export function auditFilter(form: AuditFilterForm): Record<string, string> | null {
  const filter: Record<string, string> = {};
  for (const key of ['actor', 'operation', 'source', 'outcome'] as const) {
    const value = form[key].trim();
    if (value) filter[key] = key === 'outcome' ? value.toUpperCase() : value;
  }
  for (const key of ['from', 'to'] as const) {
    const instant = utcInstant(form[key]);
    if (instant) filter[key] = instant;
  }
  return Object.keys(filter).length === 0 ? null : filter;
}

/** "2026-11-01T10:00" → "2026-11-01T10:00:00Z"; the API wants ISO-8601 with an offset. */
export function utcInstant(local: string): string | null {
  const value = local.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  return `${value.length === 16 ? `${value}:00` : value}Z`;
}
