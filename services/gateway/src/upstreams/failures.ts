/**
 * Codes of a failure to reach a member or to keep its connection, as opposed to errors of a
 * member that answered: Node's socket errors (the proxy's) and undici's closed socket (fetch's).
 */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

export function isConnectionFailure(code: string | undefined): boolean {
  return code !== undefined && CONNECTION_FAILURES.has(code);
}

/** Why a fetch failed: the code of its cause (fetch wraps socket errors in a TypeError), else the error. */
export function fetchFailure(error: unknown): string {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
