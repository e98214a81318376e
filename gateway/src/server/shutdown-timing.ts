/**
 * How long a shutdown runs past its grace period, at most: a host that waits for the gateway to
 * close (the desktop app's main process) adds this to the grace it grants. No imports, so such a
 * host can read it without loading the gateway.
 */

/** How long the streams a shutdown cuts may take to write their error event. */
export const CUT_WRITE_MS = 500;

/** How long, once every connection is closed, the handlers of the calls cut may take to log them. */
export const CUT_HANDLERS_MS = 1000;

/** The most a shutdown takes past its grace period before the store closes. */
export const SHUTDOWN_AFTER_GRACE_MS = CUT_WRITE_MS + CUT_HANDLERS_MS;
