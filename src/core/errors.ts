/**
 * Errors the core understands. UserFacingError is shown to the user as-is; anything else is logged
 * and the user gets a short apology. PlatformError kinds are what adapters map SDK errors to.
 */

/** Machine-readable reasons for a user-facing error. */
export type UserErrorCode =
  | 'unknown-command'
  | 'bad-argument'
  | 'missing-argument'
  | 'out-of-range'
  | 'not-found'
  | 'forbidden'
  | 'unavailable';

/** An error whose message is written for the person who typed the command. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** Close matches the user may have meant. */
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

/** What went wrong talking to a platform, independent of the SDK. */
export type PlatformErrorKind = 'rate-limited' | 'forbidden' | 'not-found' | 'migrated' | 'transient' | 'bad-request';

/** A platform API failure mapped by an adapter to a kind the delivery layer can act on. */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
    readonly details: { retryAfterMs?: number; newConversationId?: string; status?: number; code?: number | string } = {},
  ) {
    super(message);
  }

  /** True when sending again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'transient' || this.kind === 'migrated';
  }
}

/** Type guard usable across module copies (checks the name as well as the prototype). */
export function isUserFacingError(e: unknown): e is UserFacingError {
  return e instanceof UserFacingError || (e instanceof Error && e.name === 'UserFacingError');
}
