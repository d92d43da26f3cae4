/**
 * The port through which every served redirect (GET) reports a click. Links
 * defines what a click is; an analytics module is to implement it. `record` must return
 * at once and never throw: the redirect does not wait on analytics.
 */
export interface Click {
  linkId: string;
  workspaceId: string;
  /** When the redirect was served, in epoch milliseconds (cheaper on the hot path than a Date). */
  at: number;
  referrer: string | undefined;
  userAgent: string | undefined;
  ip: string | undefined;
  /** From the configured CLICK_COUNTRY_HEADER (e.g. a CDN's geo header), if any. */
  country: string | undefined;
}

export interface ClickSink {
  record(click: Click): void;
}

/** Wired until an analytics module provides a real sink. */
export const noopClickSink: ClickSink = { record() {} };
