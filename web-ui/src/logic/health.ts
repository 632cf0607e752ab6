/** What an agent's or deployment's health badge says. */
export type Health =
  | { kind: 'checking'; label: '…' }
  | { kind: 'undeployed'; label: 'not deployed' }
  | { kind: 'healthy'; label: 'healthy' }
  | { kind: 'firing'; label: string };

/**
 * The badge of {@code count} firing alerts (null: not known yet). An agent deployed nowhere has nothing that could be
 * healthy or not: it is "not deployed", in a neutral colour, never a green "healthy".
 */
export function health(count: number | null, deployed = true): Health {
  if (!deployed) return { kind: 'undeployed', label: 'not deployed' };
  if (count === null) return { kind: 'checking', label: '…' };
  if (count === 0) return { kind: 'healthy', label: 'healthy' };
  return { kind: 'firing', label: `${count} firing` };
}
