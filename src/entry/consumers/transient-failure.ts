/**
 * Which failures of a queue consumer's run are worth a redelivery (the flow facts consumer, the feedback reply
 * consumer): both hand a transient failure back to Forge with an `InvocationError`.
 */
import { JiraUnavailableError } from '../../application/errors';
import { StoreConflictError, StoreValueTooLargeError } from '../../application/ports/store-port';

/**
 * Whether a failed run may succeed when the same message is delivered again: Jira's "try again" failures and the
 * storage service's own errors are transient; a write conflict (another delivery won), a value too large to store
 * and errors of the code itself (type, range, reference, syntax) are not.
 */
export function isTransientJobFailure(error: unknown): boolean {
  if (error instanceof JiraUnavailableError) return true;
  if (error instanceof StoreConflictError || error instanceof StoreValueTooLargeError) return false;
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  )
    return false;
  return error instanceof Error;
}
