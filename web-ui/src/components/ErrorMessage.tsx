import { describe, type DescribeOptions } from '../api/errors';

/** An API error as a message for people (see api/errors.ts); {@code role="alert"} so it is announced. */
export function ErrorMessage({ error, ...options }: { error: unknown } & DescribeOptions) {
  if (!error) return null;
  const view = describe(error, options);
  return (
    <div class="error" role="alert">
      <strong>{view.title}</strong>
      {view.detail && <div class="error-detail">{view.detail}</div>}
    </div>
  );
}
