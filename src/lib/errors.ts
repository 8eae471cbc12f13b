/**
 * Named errors that map to stable HTTP responses in `app.onError`. Anything else is an
 * internal error: logged, answered with a generic 500, never echoed.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  override readonly name = "BadRequestError";
  constructor(message: string, code = "bad_request") {
    super(message, 400, code);
  }
}

export class UnauthorizedError extends AppError {
  override readonly name = "UnauthorizedError";
  constructor(message = "unauthorized") {
    super(message, 401, "unauthorized");
  }
}

export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  constructor(message = "not found") {
    super(message, 404, "not_found");
  }
}

/** A draft status change that the lifecycle does not allow. */
export class InvalidTransitionError extends AppError {
  override readonly name = "InvalidTransitionError";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`draft cannot go from ${from} to ${to}`, 409, "invalid_transition");
  }
}
